"""The data-protection actions of the registration list, for a company that registered
for an event without applying: the Auskunft (Art. 15 DSGVO) as a JSON file, and the
deletion of the person's data on request (Art. 17). Both concern every registration
of the marked registration's address in its round.

The Auskunft needs the view permission (the staff group has it). Deleting needs the
same permission as deleting an applicant's data (digiscouts.admin_privacy), which the
staff group, which may delete nothing that holds personal data, does not have.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.admin_privacy import erase_allowed, erased_counts, json_download, one_marked
from digiscouts.errors import ServiceError
from digiscouts.outbox import emails_of

from ..privacy_export import registration_data_json
from ..services.privacy import address_erasure_plan, address_registrations_erase

TEMPLATE = "admin/events/registration/erase_confirm.html"


def _one(modeladmin, request, queryset):
    refusal = _("Bitte markieren Sie genau eine Anmeldung: Die Aktion betrifft eine Person.")
    return one_marked(modeladmin, request, queryset.select_related("event__round"), refusal=refusal)


@admin.action(description=gettext_lazy("Auskunft als JSON (Art. 15 DSGVO)"), permissions=["view"])
def export_person_data(modeladmin, request, queryset):
    registration = _one(modeladmin, request, queryset)
    if registration is None:
        return None
    filename = f"auskunft-anmeldung-{registration.pk}.json"
    return json_download(registration_data_json(registration), filename)


@admin.action(description=gettext_lazy("Daten der Person löschen (DSGVO)"), permissions=["change"])
def erase_person_data(modeladmin, request, queryset):
    registration = _one(modeladmin, request, queryset)
    if registration is None or not erase_allowed(modeladmin, request):
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
    modeladmin.message_user(
        request,
        _("Die personenbezogenen Daten sind gelöscht: %(registrations)s und %(emails)s.")
        % erased_counts(counts),
        messages.SUCCESS,
    )
    return None
