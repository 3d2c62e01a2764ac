"""The export of firms for Excel: the same rows as CSV or XLSX, through the shared writers."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.csv_export import csv_response
from digiscouts.xlsx_export import xlsx_response
from events.models import Round

from .choices import ApplicationStatus
from .selectors import EXPORT_COLUMNS, applications_for_export

CSV, XLSX = "csv", "xlsx"
# What an export holds, named in its file name and sheet title: a round's selected
# firms, all its applications (for the selection meeting) or the rows ticked in the list.
SELECTED, ALL, MARKED = "ausgewaehlt", "alle", "markiert"
SHEET_TITLES = {
    SELECTED: gettext_lazy("Ausgewählte Unternehmen"),
    ALL: gettext_lazy("Alle Bewerbungen"),
    MARKED: gettext_lazy("Markierte Bewerbungen"),
}


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
        _("Motivation"),
        _("Erste Ideen"),
    ]


def _attended(registration_id, attended):
    if registration_id is None:
        return _("nicht angemeldet")
    if attended is None:
        return _("angemeldet")
    return attended


def _status_labels():
    """The statuses' labels in the active language, translated once per export (the
    same texts as Application.status_display)."""
    return {status: str(status.label) for status in ApplicationStatus}


def export_row(values, status_labels=None):
    """One exported row from a tuple of selectors.EXPORT_COLUMNS."""
    row = dict(zip(EXPORT_COLUMNS, values, strict=True))
    status, position = row["status"], row["reserve_position"]
    if status == ApplicationStatus.RESERVE and position:
        status_text = _("Nachrücker %(position)d") % {"position": position}
    else:
        status_text = (status_labels or _status_labels())[status]
    sent = row["decision_sent_at"]
    return [
        *(row[name] for name in EXPORT_COLUMNS[:11]),  # reference … training_occupations
        f"{row['contact_first_name']} {row['contact_last_name']}",  # Application.contact_name
        *(row[name] for name in ("contact_function", "contact_email", "contact_phone")),
        row["trainer_name"],
        row["trainer_email"],
        status_text,
        _attended(row["info_registration_id"], row["info_registration__attended"]),
        timezone.localtime(row["submitted_at"]).date(),
        timezone.localtime(sent).date() if sent else None,
        row["motivation"],
        row["first_ideas"],
    ]


def export_filename(round_=None, *, scope=SELECTED, file_format=CSV, today=None):
    """digiscouts-<round>-<scope>-<yyyy-mm-dd>.csv, e.g. …-ausgewaehlt-… for a round's
    selected firms; …-bewerbungen-markiert-… for ticked rows of several rounds.
    """
    today = today or timezone.localdate()
    parts = ["digiscouts", round_.slug if round_ else "bewerbungen", scope]
    return f"{slugify('-'.join(parts))}-{today:%Y-%m-%d}.{file_format}"


def export_response(*, round_=None, queryset=None, scope=SELECTED, file_format=CSV):
    """A round's selected firms (SELECTED) or all its applications (ALL), or the given
    (ticked) applications when a queryset is passed.

    Rows are read with .iterator(), so a long list never sits in memory.
    """
    if queryset is not None:
        scope = MARKED
    applications = applications_for_export(queryset, round_=round_, selected_only=scope == SELECTED)
    labels = _status_labels()
    rows = (export_row(values, labels) for values in applications.iterator(chunk_size=2000))
    filename = export_filename(round_, scope=scope, file_format=file_format)
    if file_format == XLSX:
        return xlsx_response(filename, export_header(), rows, title=str(SHEET_TITLES[scope]))
    return csv_response(filename, export_header(), rows)


def round_of(queryset):
    """The one round of the given applications, or None when they span several rounds.

    Read from the distinct round ids, without loading the applications.
    """
    round_ids = queryset.order_by().values_list("round_id", flat=True).distinct()
    rounds = list(Round.objects.filter(pk__in=round_ids)[:2])
    return rounds[0] if len(rounds) == 1 else None
