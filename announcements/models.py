"""A message staff wrote to an audience of a round: who sent it, when, to whom, how many."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.choices import ApplicationStatus
from events.models import Event, Milestone, Round

from .choices import Audience, ReminderKind


class Announcement(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("Programmrunde")
    )
    audience = models.CharField(_("Empfängerkreis"), max_length=30, choices=Audience.choices)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Termin"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Meilenstein"),
    )
    application_status = models.CharField(
        _("Status der Bewerbungen"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    # Set when the proposed reminder went out unchanged: each recipient got it in the
    # language of their company (announcements.reminders.announcement_text); subject and
    # body keep the German version.
    reminder_kind = models.CharField(
        _("Vorgeschlagene Erinnerung"),
        max_length=20,
        choices=ReminderKind.choices,
        blank=True,
        help_text=_("Ging in der Sprache jedes Unternehmens an die Empfänger."),
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Nachricht"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gesendet durch"),
    )
    sent_at = models.DateTimeField(_("gesendet am"))
    recipient_count = models.PositiveIntegerField(_("Empfänger"))

    class Meta:
        verbose_name = _("Mitteilung")
        verbose_name_plural = _("Mitteilungen")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
