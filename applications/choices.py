"""The vocabulary of applications: statuses, their named groups and the transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingegangen")
    SHORTLISTED = "shortlisted", _("in engerer Auswahl")
    SELECTED = "selected", _("ausgewählt")
    RESERVE = "reserve", _("Nachrücker")
    REJECTED = "rejected", _("abgesagt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")

    @classmethod
    def open_statuses(cls):
        """Still in the round: not rejected and not withdrawn."""
        return frozenset({cls.SUBMITTED, cls.SHORTLISTED, cls.SELECTED, cls.RESERVE})

    @classmethod
    def decisions(cls):
        """The statuses a decision e-mail tells the company."""
        return frozenset({cls.SELECTED, cls.RESERVE, cls.REJECTED})

    @classmethod
    def transitions(cls):
        """Target status → the statuses it may be reached from (the one table)."""
        return {
            # "Wieder aufnehmen": a rejection or withdrawal is undone, back to the start.
            cls.SUBMITTED: frozenset({cls.REJECTED, cls.WITHDRAWN}),
            cls.SHORTLISTED: frozenset({cls.SUBMITTED}),
            cls.SELECTED: frozenset({cls.SUBMITTED, cls.SHORTLISTED, cls.RESERVE}),
            cls.RESERVE: frozenset({cls.SUBMITTED, cls.SHORTLISTED, cls.SELECTED}),
            cls.REJECTED: frozenset({cls.SUBMITTED, cls.SHORTLISTED, cls.RESERVE, cls.SELECTED}),
            cls.WITHDRAWN: frozenset({cls.SUBMITTED, cls.SHORTLISTED, cls.SELECTED, cls.RESERVE}),
        }

    @classmethod
    def allowed_from(cls, target):
        return cls.transitions()[target]


class ReserveMove(models.TextChoices):
    """The two ways a reserve moves on the list (Nachrückerliste)."""

    UP = "up", _("nach oben")
    DOWN = "down", _("nach unten")


class CompanyStatus(models.TextChoices):
    """The status a company sees on its personal page.

    A decision shows only once it has been mailed; until then it reads "in Prüfung".
    """

    SUBMITTED = "submitted", _("eingegangen")
    SHORTLISTED = "shortlisted", _("in engerer Auswahl")
    IN_REVIEW = "in_review", _("in Prüfung")
    SELECTED = "selected", _("ausgewählt")
    RESERVE = "reserve", _("Nachrücker")
    REJECTED = "rejected", _("abgesagt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class HeardAbout(models.TextChoices):
    INFO_EVENT = "info_event", _("Infoveranstaltung")
    DISTRICT = "district", _("Website oder Newsletter des Kreises")
    PRESS = "press", _("Presse")
    CHAMBER = "chamber", _("IHK oder Handwerkskammer")
    RKW = "rkw", _("RKW Kompetenzzentrum")
    RECOMMENDATION = "recommendation", _("Empfehlung")
    OTHER = "other", _("Sonstiges")


class MilestoneState(models.TextChoices):
    """Where a participant stands with one milestone, on a given Berlin day."""

    REACHED = "reached", _("erreicht")
    DUE = "due", _("offen")
    BEHIND = "behind", _("im Rückstand")


class ParticipationEnd(models.TextChoices):
    """Why a participation ended before the closing event."""

    DROPPED_OUT = "dropped_out", _("ausgestiegen")
    DESELECTED = "deselected", _("Auswahl geändert")


class ParticipationChangeKind(models.TextChoices):
    """What an entry of a participation's history records."""

    STARTED = "started", _("Teilnahme begonnen")
    RESUMED = "resumed", _("Teilnahme wieder aufgenommen")
    ENDED = "ended", _("Teilnahme beendet")
    DROPPED_OUT = "dropped_out", _("ausgestiegen")
    CORRECTED = "corrected", _("Angaben geändert")
    MILESTONE_REACHED = "milestone_reached", _("Meilenstein erreicht")
    MILESTONE_UNDONE = "milestone_undone", _("Meilenstein zurückgenommen")
    IDEA_SAVED = "idea_saved", _("Idee gespeichert")
