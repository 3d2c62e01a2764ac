"""The vocabulary of the events app: states, kinds and their named groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationWindow(models.TextChoices):
    """Whether a round's application period is ahead, running or over.

    Not to be confused with an application's own status (applications.choices).
    """

    UPCOMING = "upcoming", _("noch nicht geöffnet")
    OPEN = "open", _("geöffnet")
    CLOSED = "closed", _("abgeschlossen")


class TimePosition(models.TextChoices):
    """Where something lies relative to now, for the timeline."""

    PAST = "past", _("vergangen")
    CURRENT = "current", _("läuft")
    FUTURE = "future", _("bevorstehend")


class RegistrationWindow(models.TextChoices):
    """Whether an event takes registrations right now."""

    NOT_OPEN = "not_open", _("noch nicht freigeschaltet")
    OPEN = "open", _("geöffnet")
    CLOSED = "closed", _("geschlossen")
    CANCELLED = "cancelled", _("Termin abgesagt")


class EventKind(models.TextChoices):
    INFO = "info", _("Infoveranstaltung")
    KICKOFF = "kickoff", _("Auftaktveranstaltung (Kick-off)")
    WORKSHOP = "workshop", _("Workshop")
    CLOSING = "closing", _("Abschlussveranstaltung")
    OTHER = "other", _("Sonstiger Termin")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("bestätigt")
    WAITLISTED = "waitlisted", _("Warteliste")
    CANCELLED = "cancelled", _("storniert")

    @classmethod
    def active(cls):
        """The states that hold a seat or a place in the queue."""
        return [cls.CONFIRMED, cls.WAITLISTED]


class EventChangeKind(models.TextChoices):
    """What an entry of an event's history records."""

    CHANGED = "changed", _("Zeit oder Ort geändert")
    NOTIFIED = "notified", _("Angemeldete benachrichtigt")
    CANCELLED = "cancelled", _("Termin abgesagt")
