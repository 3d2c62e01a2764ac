"""The data-protection actions of the application list: the Auskunft (Art. 15 DSGVO) as a
JSON file, and the deletion of one company's data on request (Art. 17).

Both act on exactly one marked application: a request concerns one company. The
Auskunft needs the view permission (the staff group has it). Deleting needs the
permission "erase_personal_data", which the staff group does not have: the group may
delete nothing that holds personal data, and an erasure cannot be undone; the
administrator grants it to whoever answers data-protection requests (superusers
have it). The shared pieces are in digiscouts.admin_privacy.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.admin_privacy import erase_allowed, erased_counts, json_download, one_marked
from digiscouts.errors import ServiceError
from digiscouts.outbox import emails_of

from ..privacy_export import company_data_json
from ..services.privacy import application_erase, application_erasure_plan

TEMPLATE = "admin/applications/application/erase_confirm.html"


def _one(modeladmin, request, queryset):
    refusal = _("Bitte markieren Sie genau eine Bewerbung: Die Aktion betrifft ein Unternehmen.")
    return one_marked(modeladmin, request, queryset.select_related("round"), refusal=refusal)


@admin.action(description=gettext_lazy("Auskunft als JSON (Art. 15 DSGVO)"), permissions=["view"])
def export_company_data(modeladmin, request, queryset):
    application = _one(modeladmin, request, queryset)
    if application is None:
        return None
    return json_download(company_data_json(application), f"auskunft-{application.reference}.json")


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
    if application is None or not erase_allowed(modeladmin, request):
        return None
    if not action_confirmed(request):
        return _erase_page(modeladmin, request, application)
    try:
        counts = application_erase(application=application, by=request.user)
    except ServiceError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        _(
            "Die personenbezogenen Daten von %(reference)s sind gelöscht: die Bewerbung, "
            "%(registrations)s und %(emails)s."
        )
        % {"reference": application.reference, **erased_counts(counts)},
        messages.SUCCESS,
    )
    return None
