"""Everything stored about one e-mail address's registrations in a round, as JSON: the
Auskunft of Art. 15 DSGVO for a company that registered for an event but did not
apply (for an applicant, applications.privacy_export covers its registrations too).

The registrations of the address (compared as duplicates are: email_key) in the
round, with every field, their histories, and every e-mail written about them with
what it said and its state. Keys are the form's labels in the language of the latest
registration; values as stored (yes/no as true/false, times in Berlin time, ISO 8601).

Left out, as in the applications' Auskunft: the derived address key, the secret of the
personal link (a key, not information), and which staff member acted.
"""

import json

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from post_office.models import STATUS

from digiscouts.admin_history import history_changes
from digiscouts.outbox import emails_of

from .models import Registration, RegistrationChange
from .services.privacy import address_registrations

REGISTRATION_LEFT_OUT = frozenset({"id", "event", "email_key", "link_secret"})
# An e-mail's state as the outbox in the admin names it.
EMAIL_STATES = {
    STATUS.queued: gettext_lazy("wartet auf Versand"),
    STATUS.requeued: gettext_lazy("neuer Versuch geplant"),
    STATUS.sent: gettext_lazy("versandt"),
    STATUS.failed: gettext_lazy("fehlgeschlagen"),
}


def json_value(value):
    if hasattr(value, "isoformat"):
        if getattr(value, "tzinfo", None) is not None:
            value = timezone.localtime(value)
        return value.isoformat()
    return value


def record_fields(obj, left_out):
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in left_out:
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in ("", None):
            value = str(dict(field.flatchoices).get(value, value))
        data[str(capfirst(field.verbose_name))] = json_value(value)
    return data


def registration_entry(registration):
    return {
        _("Termin"): str(registration.event),
        **record_fields(registration, REGISTRATION_LEFT_OUT),
        _("Verlauf"): [
            {
                _("Am"): json_value(entry.at),
                _("Notiz"): entry.note,
                _("Änderungen"): {
                    str(label): [old, new]
                    for label, old, new in history_changes(Registration, entry.changes)
                },
            }
            for entry in registration.changes.all()
        ],
    }


def email_entry(email):
    return {
        _("Angelegt am"): json_value(email.created),
        _("An"): list(email.to),
        _("Betreff"): email.subject,
        _("Text"): email.message,
        _("Anhänge"): [attachment.name for attachment in email.attachments.all()],
        _("Status"): str(EMAIL_STATES.get(email.status, "–")),
        _("Zuletzt geändert am"): json_value(email.last_updated),
    }


def registration_data(registration, now=None):
    """Everything stored about ``registration``'s address in its round, as a dict."""
    round_ = registration.event.round
    registrations = list(
        address_registrations(registration)
        .select_related("event")
        .prefetch_related(
            Prefetch("changes", queryset=RegistrationChange.objects.order_by("at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    emails = emails_of(registrations).prefetch_related("attachments").order_by("created", "pk")
    with translation.override(registrations[-1].language):
        return {
            _("Auskunft nach Art. 15 DSGVO"): {
                _("Erstellt am"): json_value(now or timezone.now()),
                _("Verantwortliche Stelle"): _(
                    "Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft"
                ),
                _("Programmrunde"): round_.title,
                _("Zweck"): _(
                    "Durchführung der Veranstaltungen des Projekts Digiscouts und "
                    "Information der angemeldeten Personen."
                ),
                _("Speicherdauer"): _(
                    "Bis %(date)s; danach werden die personenbezogenen Daten gelöscht."
                )
                % {"date": date_format(round_.personal_data_deletion_date, "DATE_FORMAT")},
            },
            _("Anmeldungen"): [registration_entry(registration) for registration in registrations],
            _("E-Mails"): [email_entry(email) for email in emails],
        }


def registration_data_json(registration, now=None):
    """The Auskunft as a UTF-8 JSON file's content, readable (indented, umlauts as they are)."""
    data = registration_data(registration, now=now)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
