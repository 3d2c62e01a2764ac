"""The CSV export of firms for Excel, through the shared writer (digiscouts.csv_export)."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from digiscouts.csv_export import csv_response

from .selectors import applications_for_export


def export_header():
    return [
        _("Bewerbungsnummer"),
        _("Unternehmen"),
        _("Rechtsform"),
        _("Straße und Hausnummer"),
        _("PLZ"),
        _("Kommune"),
        _("Website"),
        _("Branche"),
        _("Beschäftigte"),
        _("Auszubildende im Team"),
        _("Ausbildungsberufe"),
        _("Ansprechperson"),
        _("Funktion"),
        _("E-Mail"),
        _("Telefon"),
        _("Ausbilder/in"),
        _("E-Mail Ausbilder/in"),
        _("Status"),
        _("Infoveranstaltung besucht"),
        _("Eingegangen am"),
        _("Entscheidung versandt am"),
    ]


def _attended(application):
    registration = application.info_registration
    if registration is None:
        return _("nicht angemeldet")
    if registration.attended is None:
        return _("angemeldet")
    return registration.attended


def export_row(application):
    sent = application.decision_sent_at
    return [
        application.reference,
        application.company_name,
        application.legal_form,
        application.street,
        application.postcode,
        application.municipality,
        application.website,
        application.sector,
        application.employees,
        application.apprentices,
        application.training_occupations,
        application.contact_name,
        application.contact_function,
        application.contact_email,
        application.contact_phone,
        application.trainer_name,
        application.trainer_email,
        application.status_display,
        _attended(application),
        timezone.localtime(application.submitted_at).date(),
        timezone.localtime(sent).date() if sent else None,
    ]


def export_filename(round_=None, *, selected=True, today=None):
    """digiscouts-<round>-ausgewaehlt-<yyyy-mm-dd>.csv, named after the round and the day."""
    today = today or timezone.localdate()
    parts = ["digiscouts", round_.slug if round_ else "bewerbungen"]
    if selected:
        parts.append("ausgewaehlt")
    return f"{slugify('-'.join(parts))}-{today:%Y-%m-%d}.csv"


def export_response(*, round_=None, queryset=None):
    """Stream a round's selected firms, or the given applications when a queryset is passed.

    Rows are read with .iterator(), so a long list never sits in memory.
    """
    applications = applications_for_export(queryset, round_=round_)
    rows = (export_row(application) for application in applications.iterator(chunk_size=500))
    filename = export_filename(round_, selected=queryset is None)
    return csv_response(filename, export_header(), rows)
