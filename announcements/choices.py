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

    @classmethod
    def of_an_event(cls):
        return frozenset({cls.EVENT_CONFIRMED, cls.EVENT_WAITLISTED})

    @classmethod
    def of_a_milestone(cls):
        return frozenset({cls.PARTICIPANTS_OPEN, cls.PARTICIPANTS_BEHIND})
