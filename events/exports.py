"""The CSV export of registrations, through the shared writer (digiscouts.csv_export)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.csv_export import csv_response


def registration_header():
    return [
        _("Termin"),
        _("Datum"),
        _("Status"),
        _("Unternehmen"),
        _("Vorname"),
        _("Nachname"),
        _("Funktion"),
        _("E-Mail"),
        _("Telefon"),
        _("Kommune"),
        _("Personen"),
        _("Teilgenommen"),
        _("Anmerkung"),
        _("Angemeldet am"),
    ]


def registration_row(registration):
    event = registration.event
    return [
        event.title,
        timezone.localdate(event.starts_at),
        registration.get_status_display(),
        registration.company,
        registration.first_name,
        registration.last_name,
        registration.function,
        registration.email,
        registration.phone,
        registration.municipality_display,
        registration.persons,
        registration.attended,
        registration.remark,
        timezone.localdate(registration.created_at),
    ]


def registrations_csv_response(queryset):
    """Stream the registrations, by event date and then in the order they came."""
    registrations = queryset.select_related("event").order_by("event__starts_at", "created_at")
    rows = (registration_row(registration) for registration in registrations.iterator())
    return csv_response("anmeldungen.csv", registration_header(), rows)
