"""The data-protection actions of the application list: the Auskunft (Art. 15 DSGVO) as a
JSON file, and the deletion of one company's data on request (Art. 17).

Both act on exactly one marked application: a request concerns one company. The
Auskunft needs the view permission (the staff group has it). Deleting needs the
permission "erase_personal_data", which the staff group does not have: the group may
delete nothing that holds personal data, and an erasure cannot be undone; the
administrator grants it to whoever answers data-protection requests (superusers
have it). The action is listed with the change permission and tells a user without
the erasure permission whom to ask.
"""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.errors import ServiceError
from digiscouts.outbox import emails_of

from ..privacy_export import company_data_json
from ..services.privacy import application_erase, application_erasure_plan

ERASE_PERMISSION = "applications.erase_personal_data"
TEMPLATE = "admin/applications/application/erase_confirm.html"


def _one(modeladmin, request, queryset):
    """The one marked application, or None after telling staff to mark exactly one."""
    applications = list(queryset.select_related("round")[:2])
    if len(applications) != 1:
        modeladmin.message_user(
            request,
            _("Bitte markieren Sie genau eine Bewerbung: Die Aktion betrifft ein Unternehmen."),
            messages.ERROR,
        )
        return None
    return applications[0]


@admin.action(description=gettext_lazy("Auskunft als JSON (Art. 15 DSGVO)"), permissions=["view"])
def export_company_data(modeladmin, request, queryset):
    application = _one(modeladmin, request, queryset)
    if application is None:
        return None
    response = HttpResponse(
        company_data_json(application), content_type="application/json; charset=utf-8"
    )
    filename = f"auskunft-{application.reference}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _erase_page(modeladmin, request, application):
    registrations, problems = application_erasure_plan(application)
    return confirmation_page(
        modeladmin,
        request,
        template=TEMPLATE,
        title=_("Daten des Unternehmens löschen"),
        action="erase_company_data",
        objects=[application],
        submit_label=None if problems else _("Ja, Daten unwiderruflich löschen"),
        application=application,
        registrations=registrations,
        email_count=emails_of([application, *registrations]).count(),
        problems=problems,
    )


@admin.action(
    description=gettext_lazy("Daten des Unternehmens löschen (DSGVO)"), permissions=["change"]
)
def erase_company_data(modeladmin, request, queryset):
    application = _one(modeladmin, request, queryset)
    if application is None:
        return None
    if not request.user.has_perm(ERASE_PERMISSION):
        modeladmin.message_user(
            request,
            _(
                "Personenbezogene Daten löschen darf nur, wer dafür berechtigt ist "
                "(Berechtigung „Kann die Daten eines Unternehmens auf Verlangen löschen“). "
                "Bitte wenden Sie sich an die Administration."
            ),
            messages.ERROR,
        )
        return None
    if not action_confirmed(request):
        return _erase_page(modeladmin, request, application)
    try:
        counts = application_erase(application=application, by=request.user)
    except ServiceError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return None
    registrations, emails = counts.get("registrations", 0), counts.get("e-mails", 0)
    modeladmin.message_user(
        request,
        _(
            "Die personenbezogenen Daten von %(reference)s sind gelöscht: die Bewerbung, "
            "%(registrations)s und %(emails)s."
        )
        % {
            "reference": application.reference,
            "registrations": ngettext("%(count)d Anmeldung", "%(count)d Anmeldungen", registrations)
            % {"count": registrations},
            "emails": ngettext("%(count)d E-Mail", "%(count)d E-Mails", emails) % {"count": emails},
        },
        messages.SUCCESS,
    )
    return None
