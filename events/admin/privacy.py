"""The data-protection actions of the registration list, for a company that registered
for an event without applying: the Auskunft (Art. 15 DSGVO) as a JSON file, and the
deletion of the person's data on request (Art. 17). Both concern every registration
of the marked registration's address in its round.

The Auskunft needs the view permission (the staff group has it). Deleting needs the
same permission as deleting an applicant's data, "applications.erase_personal_data"
(a permission name, not an import: events never imports applications): whoever
answers data-protection requests is given one right for both, and the staff group,
which may delete nothing that holds personal data, has neither.
"""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.errors import ServiceError
from digiscouts.outbox import emails_of

from ..privacy_export import registration_data_json
from ..services.privacy import address_erasure_plan, address_registrations_erase

ERASE_PERMISSION = "applications.erase_personal_data"
TEMPLATE = "admin/events/registration/erase_confirm.html"


def _one(modeladmin, request, queryset):
    """The one marked registration, or None after telling staff to mark exactly one."""
    registrations = list(queryset.select_related("event__round")[:2])
    if len(registrations) != 1:
        modeladmin.message_user(
            request,
            _("Bitte markieren Sie genau eine Anmeldung: Die Aktion betrifft eine Person."),
            messages.ERROR,
        )
        return None
    return registrations[0]


@admin.action(description=gettext_lazy("Auskunft als JSON (Art. 15 DSGVO)"), permissions=["view"])
def export_person_data(modeladmin, request, queryset):
    registration = _one(modeladmin, request, queryset)
    if registration is None:
        return None
    response = HttpResponse(
        registration_data_json(registration), content_type="application/json; charset=utf-8"
    )
    filename = f"auskunft-anmeldung-{registration.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description=gettext_lazy("Daten der Person löschen (DSGVO)"), permissions=["change"])
def erase_person_data(modeladmin, request, queryset):
    registration = _one(modeladmin, request, queryset)
    if registration is None:
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
        registrations, problems = address_erasure_plan(registration)
        return confirmation_page(
            modeladmin,
            request,
            template=TEMPLATE,
            title=_("Daten der Person löschen"),
            action="erase_person_data",
            objects=[registration],
            submit_label=None if problems else _("Ja, Daten unwiderruflich löschen"),
            registration=registration,
            registrations=registrations,
            email_count=emails_of(registrations).count(),
            problems=problems,
        )
    try:
        counts = address_registrations_erase(registration=registration, by=request.user)
    except ServiceError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return None
    registrations, emails = counts.get("registrations", 0), counts.get("e-mails", 0)
    modeladmin.message_user(
        request,
        _("Die personenbezogenen Daten sind gelöscht: %(registrations)s und %(emails)s.")
        % {
            "registrations": ngettext("%(count)d Anmeldung", "%(count)d Anmeldungen", registrations)
            % {"count": registrations},
            "emails": ngettext("%(count)d E-Mail", "%(count)d E-Mails", emails) % {"count": emails},
        },
        messages.SUCCESS,
    )
    return None
