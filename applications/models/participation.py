"""The six months of a selected firm: its team, coach, milestones reached and its idea."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Milestone, Round

from ..choices import ParticipationChangeKind, ParticipationEnd
from .applications import Application

# What staff keep about a participant's team and coaching (participation_update).
TEAM_FIELDS = (
    "team_size",
    "team_first_names",
    "trainer_name",
    "trainer_email",
    "coach_name",
    "coach_email",
)
# What the firm enters through its personal link (participation_idea_save).
IDEA_FIELDS = ("idea_title", "idea_description", "idea_tools", "idea_publish_consent")


class ParticipationQuerySet(models.QuerySet):
    def active(self):
        """Taking part now: not dropped out, not deselected."""
        return self.filter(ended_on__isnull=True)

    def published_ideas(self):
        """The ideas the firms consented to publish after the closing event."""
        return self.active().filter(idea_publish_consent=True).exclude(idea_title="")


class Participation(models.Model):
    """Created when a firm is selected (applications.services.participation)."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="participation",
        verbose_name=_("Bewerbung"),
    )
    # The application's round, kept here so the overview reads one table per round.
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="participations", verbose_name=_("Runde")
    )
    team_size = models.PositiveSmallIntegerField(_("Auszubildende im Team"))
    team_first_names = models.CharField(
        _("Vornamen des Teams"),
        max_length=300,
        blank=True,
        help_text=_("Freiwillig, durch Kommas getrennt; erscheint auf der Bescheinigung."),
    )
    trainer_name = models.CharField(_("Ausbilder/in"), max_length=200)
    trainer_email = models.EmailField(_("E-Mail Ausbilder/in"), max_length=254, blank=True)
    coach_name = models.CharField(_("RKW-Coach"), max_length=120, blank=True)
    coach_email = models.EmailField(_("E-Mail RKW-Coach"), max_length=254, blank=True)
    started_at = models.DateTimeField(_("Teilnahme seit"))
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    end_kind = models.CharField(
        _("Art des Endes"), max_length=20, choices=ParticipationEnd.choices, blank=True
    )
    end_reason = models.TextField(_("Grund"), max_length=1000, blank=True)

    idea_title = models.CharField(_("Titel der Idee"), max_length=200, blank=True)
    idea_description = models.TextField(_("Kurzbeschreibung"), max_length=2000, blank=True)
    idea_tools = models.CharField(_("Eingesetzte digitale Werkzeuge"), max_length=300, blank=True)
    idea_publish_consent = models.BooleanField(
        _("Veröffentlichung nach der Abschlussveranstaltung erlaubt"), default=False
    )
    idea_consent_at = models.DateTimeField(_("Einwilligung erteilt am"), null=True, blank=True)
    idea_updated_at = models.DateTimeField(_("Idee zuletzt geändert am"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["round", "application__number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team_size__gte=1), name="participation_team_size_positive"
            ),
            # An end has its kind, and only an end has one.
            models.CheckConstraint(
                condition=(
                    models.Q(ended_on__isnull=True, end_kind="")
                    | (models.Q(ended_on__isnull=False) & ~models.Q(end_kind=""))
                ),
                name="participation_end_has_kind",
            ),
            # Consent to publish refers to an idea with a title.
            models.CheckConstraint(
                condition=models.Q(idea_publish_consent=False) | ~models.Q(idea_title=""),
                name="participation_consent_needs_idea",
            ),
        ]

    def __str__(self):
        return str(self.application)

    @property
    def is_active(self):
        return self.ended_on is None

    @property
    def has_idea(self):
        return bool(self.idea_title)

    def team_names(self):
        return [name.strip() for name in self.team_first_names.split(",") if name.strip()]


class MilestoneReached(models.Model):
    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="milestones_reached",
        verbose_name=_("Teilnahme"),
    )
    # PROTECT: a milestone somebody reached is not deleted with a slip in the round's form.
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="+", verbose_name=_("Meilenstein")
    )
    reached_on = models.DateField(_("erreicht am"))
    note = models.CharField(_("Notiz"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingetragen durch"),
    )
    recorded_at = models.DateTimeField(_("eingetragen am"))

    class Meta:
        verbose_name = _("erreichter Meilenstein")
        verbose_name_plural = _("erreichte Meilensteine")
        ordering = ["milestone__position", "milestone__due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "milestone"], name="milestone_reached_once"
            ),
        ]

    def __str__(self):
        return f"{self.milestone} ({self.reached_on:%d.%m.%Y})"


class ParticipationChange(models.Model):
    """The history of a participation: start, end, corrections, milestones, the idea."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("Teilnahme"),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=ParticipationChangeKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    at = models.DateTimeField(_("am"))
    note = models.CharField(_("Notiz"), max_length=1000, blank=True)
    # A correction: {field: [old, new]}.
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Änderung der Teilnahme")
        verbose_name_plural = _("Änderungen der Teilnahme")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()
