from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVENT_CONFIRMED = "event_confirmed", _("Bestätigte Anmeldungen eines Termins")
    EVENT_WAITLISTED = "event_waitlisted", _("Warteliste eines Termins")
    APPLICANTS = "applicants", _("Bewerbungen mit einem bestimmten Status")
    SELECTED = "selected", _("Ausgewählte Unternehmen")

    @classmethod
    def of_an_event(cls):
        return frozenset({cls.EVENT_CONFIRMED, cls.EVENT_WAITLISTED})
