from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVENT_CONFIRMED = "event_confirmed", _("Bestätigte Anmeldungen eines Termins")
    EVENT_WAITLISTED = "event_waitlisted", _("Warteliste eines Termins")
    APPLICANTS = "applicants", _("Bewerbungen mit einem bestimmten Status")
    SELECTED = "selected", _("Ausgewählte Unternehmen")
    # The six months: the participating firms (not those that dropped out), reached at
    # their application's contact address. applications.admin.overview links here with
    # these values.
    PARTICIPANTS = "participants", _("Teilnehmende Unternehmen (alle)")
    PARTICIPANTS_OPEN = (
        "participants_open",
        _("Teilnehmende, die einen Meilenstein noch nicht erreicht haben"),
    )
    PARTICIPANTS_BEHIND = (
        "participants_behind",
        _("Teilnehmende im Rückstand mit einem Meilenstein"),
    )
    # Behind with any of the round's milestones (no milestone chosen): the reminder of an
    # upcoming event to those who most need it.
    PARTICIPANTS_BEHIND_ANY = (
        "participants_behind_any",
        _("Teilnehmende im Rückstand mit irgendeinem Meilenstein"),
    )

    @classmethod
    def of_an_event(cls):
        return frozenset({cls.EVENT_CONFIRMED, cls.EVENT_WAITLISTED})

    @classmethod
    def of_a_milestone(cls):
        return frozenset({cls.PARTICIPANTS_OPEN, cls.PARTICIPANTS_BEHIND})

    @classmethod
    def of_participants(cls):
        return frozenset(
            {
                cls.PARTICIPANTS,
                cls.PARTICIPANTS_OPEN,
                cls.PARTICIPANTS_BEHIND,
                cls.PARTICIPANTS_BEHIND_ANY,
            }
        )

    @classmethod
    def of_an_event_reminder(cls):
        return frozenset({cls.PARTICIPANTS, cls.PARTICIPANTS_BEHIND_ANY})


class ReminderKind(models.TextChoices):
    """What a reminder opened from the round overview is about. Kept with an announcement
    only when the proposed text went out unchanged: then each recipient got it in the
    language of their company (announcements.reminders)."""

    MILESTONE = "milestone", _("Erinnerung an einen Meilenstein")
    EVENT = "event", _("Erinnerung an einen Termin")
