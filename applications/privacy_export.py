"""Everything stored about one company, as JSON: the Auskunft of Art. 15 DSGVO.

The application with every field the company gave and staff added, its history,
the registrations of its contact and trainer in the round with their histories,
and every e-mail written about them (to the company and to the Fachdienst), with
what the e-mail said and its state. Keys are the labels of the form the company
filled in, in its language; values as stored (yes/no as true/false, times in
Berlin time, ISO 8601).

Left out: the normal forms the portal derives for comparing (they repeat the
given values), the secret of the personal link (a key, not information), and which
staff member acted (data about the staff member, not about the company).
"""

import json

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from digiscouts.admin_history import history_changes
from digiscouts.normalise import normalise_email
from digiscouts.outbox import emails_of
from events.models import Registration, RegistrationChange
from events.privacy_export import email_entry, json_value, record_fields, registration_entry

from .models import Application, Participation, ParticipationChange

# Fields not given out (see the module's docstring) or given differently (the round
# and the event by name).
APPLICATION_LEFT_OUT = frozenset(
    {
        "id",
        "round",
        "number",
        "normalised_company_name",
        "contact_email_key",
        "name_key",
        "address_key",
        "phone_key",
        "website_host",
        "link_secret",
        "info_registration",
        "decision_sent_by",
    }
)


def company_registrations(application):
    """The registrations of the round that belong to the company: its info-event
    registration and any registration under the contact's or the trainer's address."""
    keys = {application.contact_email_key, normalise_email(application.trainer_email)} - {""}
    return Registration.objects.filter(event__round_id=application.round_id).filter(
        Q(pk=application.info_registration_id) | Q(email_key__in=keys)
    )


def _changes(model, changes):
    return {str(label): [old, new] for label, old, new in history_changes(model, changes)}


def _application_history(application):
    return [
        {
            _("Am"): json_value(entry.at),
            _("Status vorher"): entry.get_from_status_display() or None,
            _("Status nachher"): entry.get_to_status_display(),
            _("Notiz"): entry.note,
            _("Änderungen"): _changes(Application, entry.changes),
        }
        for entry in application.status_changes.order_by("at", "pk")
    ]


PARTICIPATION_LEFT_OUT = frozenset({"id", "application", "round"})


def _participation(application):
    """The six months, if the company took part: team, coach, idea, milestones, history."""
    participation = Participation.objects.filter(application=application).first()
    if participation is None:
        return None
    return {
        **record_fields(participation, PARTICIPATION_LEFT_OUT),
        _("Erreichte Meilensteine"): [
            {
                _("Meilenstein"): reached.milestone.title,
                _("erreicht am"): json_value(reached.reached_on),
                _("Notiz"): reached.note,
            }
            for reached in participation.milestones_reached.select_related("milestone")
        ],
        _("Verlauf der Teilnahme"): [
            {
                _("Am"): json_value(entry.at),
                _("Art"): entry.get_kind_display(),
                _("Notiz"): entry.note,
                _("Änderungen"): _changes(Participation, entry.changes),
            }
            for entry in ParticipationChange.objects.filter(participation=participation)
        ],
    }


def company_data(application, now=None):
    """Everything stored about the company of ``application``, as a dict for JSON."""
    round_ = application.round
    registrations = list(
        company_registrations(application)
        .select_related("event")
        .prefetch_related(
            Prefetch("changes", queryset=RegistrationChange.objects.order_by("at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    emails = (
        emails_of([application, *registrations])
        .prefetch_related("attachments")
        .order_by("created", "pk")
    )
    deletion = round_.personal_data_deletion_date
    with translation.override(application.language):
        return {
            _("Auskunft nach Art. 15 DSGVO"): {
                _("Erstellt am"): json_value(now or timezone.now()),
                _("Verantwortliche Stelle"): _(
                    "Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft"
                ),
                _("Programmrunde"): round_.title,
                _("Zweck"): _(
                    "Auswahl der teilnehmenden Unternehmen und Durchführung des Projekts "
                    "Digiscouts mit dem RKW Kompetenzzentrum."
                ),
                _("Speicherdauer"): _(
                    "Bis %(date)s; danach werden die personenbezogenen Daten gelöscht."
                )
                % {"date": date_format(deletion, "DATE_FORMAT")},
            },
            _("Bewerbung"): record_fields(application, APPLICATION_LEFT_OUT),
            _("Verlauf der Bewerbung"): _application_history(application),
            _("Teilnahme"): _participation(application),
            _("Anmeldungen"): [registration_entry(registration) for registration in registrations],
            _("E-Mails"): [email_entry(email) for email in emails],
        }


def company_data_json(application, now=None):
    """The Auskunft as a UTF-8 JSON file's content, readable (indented, umlauts as they are)."""
    data = company_data(application, now=now)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
