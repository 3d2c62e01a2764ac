"""An event's history: changes of time or place, notifications sent, the cancellation."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digiscouts.templatetags.dates import weekday_datetime

from ..choices import EventChangeKind
from .events import SCHEDULE_FIELDS, duration_text

# How a changed fact is named to registrants and staff.
SCHEDULE_LABELS = {
    "starts_at": _("Beginn"),
    "duration_minutes": _("Dauer"),
    "location": _("Ort"),
    "online_url": _("Online-Link"),
}


class EventChange(models.Model):
    """One step in an event's history: {field: [old, new]}, who, when, how many e-mails."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="history", verbose_name=_("Termin")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=EventChangeKind.choices)
    at = models.DateTimeField(_("am"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    # Values as JSON: the start as an ISO string (schedule_value reads it back).
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    sequence = models.PositiveIntegerField(_("Version im Kalender"), default=0)
    recipients = models.PositiveIntegerField(_("E-Mails"), default=0)

    class Meta:
        verbose_name = _("Änderung des Termins")
        verbose_name_plural = _("Verlauf")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.event} – {self.get_kind_display()}"

    def changes_display(self):
        """ "Beginn: Do., … 10:00 Uhr → … 11:00 Uhr; Ort: – → Kreishaus" in German."""
        return "; ".join(
            f"{label}: {old} → {new}" for label, old, new in change_lines(self.changes)
        )


def schedule_json(field, value):
    """A schedule value as stored in EventChange.changes."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value


def schedule_value(field, value):
    """A stored schedule value as a person reads it, in the active language."""
    if value in ("", None):
        return gettext("keine Angabe")
    if field == "starts_at":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return gettext("%(when)s Uhr") % {"when": weekday_datetime(timezone.localtime(moment))}
    if field == "duration_minutes":
        return duration_text(value)
    return str(value)


def change_lines(changes):
    """(label, old, new) of each changed schedule field, in the active language."""
    return [
        (
            str(SCHEDULE_LABELS.get(field, field)),
            schedule_value(field, old),
            schedule_value(field, new),
        )
        for field, (old, new) in sorted(changes.items(), key=lambda item: _order(item[0]))
    ]


def _order(field):
    return SCHEDULE_FIELDS.index(field) if field in SCHEDULE_FIELDS else len(SCHEDULE_FIELDS)


def unnotified_changes(event):
    """The schedule changes since the registrants last heard of the event: {field: [old, new]}.

    Merged over the CHANGED entries after the last notification or cancellation: the
    oldest old value and the newest new value; a field changed and changed back is no
    change.
    """
    since = (
        event.history.filter(kind__in=[EventChangeKind.NOTIFIED, EventChangeKind.CANCELLED])
        .order_by("-at", "-pk")
        .first()
    )
    entries = event.history.filter(kind=EventChangeKind.CHANGED).order_by("at", "pk")
    if since is not None:
        entries = entries.filter(models.Q(at__gt=since.at) | models.Q(at=since.at, pk__gt=since.pk))
    merged = {}
    for entry in entries:
        for field, (old, new) in entry.changes.items():
            merged.setdefault(field, [old, new])[1] = new
    return {field: values for field, values in merged.items() if values[0] != values[1]}
