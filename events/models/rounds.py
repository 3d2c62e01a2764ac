"""A round of the programme and the phases of its timeline."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ApplicationWindow, TimePosition
from ..dates import end_of_day, position_between, start_of_day
from ..querysets import RoundQuerySet

KREIS_RECKLINGHAUSEN_MUNICIPALITIES = (
    "Castrop-Rauxel",
    "Datteln",
    "Dorsten",
    "Gladbeck",
    "Haltern am See",
    "Herten",
    "Marl",
    "Oer-Erkenschwick",
    "Recklinghausen",
    "Waltrop",
)


def default_municipalities():
    return "\n".join(KREIS_RECKLINGHAUSEN_MUNICIPALITIES)


class Round(models.Model):
    partner_region = models.CharField(_("Partnerregion"), max_length=120)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=80,
        unique=True,
        help_text=_("Erscheint in der Adresse der Seite, z. B. kreis-recklinghausen-2021."),
    )
    summary = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        help_text=_("Ein, zwei Sätze für die Startseite. Leer lassen für den Standardtext."),
    )
    places = models.PositiveSmallIntegerField(_("Plätze (Unternehmen)"), default=7)
    max_employees = models.PositiveIntegerField(_("Höchstzahl Beschäftigte"), default=499)
    min_apprentices = models.PositiveSmallIntegerField(
        _("Mindestzahl Auszubildende im Team"), default=2
    )
    municipalities = models.TextField(
        _("Kommunen der Partnerregion"),
        default=default_municipalities,
        help_text=_("Eine Kommune pro Zeile. Nur Unternehmen aus diesen Kommunen sind zugelassen."),
    )
    application_start = models.DateField(_("Bewerbung möglich ab"))
    application_end = models.DateField(
        _("Bewerbungsschluss"), help_text=_("Letzter Tag, an dem Bewerbungen möglich sind.")
    )
    start_date = models.DateField(_("Offizieller Projektstart"))
    end_date = models.DateField(_("Projektende"))
    contact_name = models.CharField(_("Ansprechperson"), max_length=120)
    contact_unit = models.CharField(_("Organisationseinheit"), max_length=200)
    contact_phone = models.CharField(_("Telefon"), max_length=40)
    contact_email = models.EmailField(_("E-Mail"))
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Runden sind auf der Website zu sehen."),
    )
    # Set by events.services.privacy when the round's personal data was anonymised
    # (`manage.py anonymise_rounds`); from then on it holds statistics only.
    personal_data_deleted_at = models.DateTimeField(
        _("personenbezogene Daten gelöscht am"), null=True, blank=True, editable=False
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("Programmrunde")
        verbose_name_plural = _("Programmrunden")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places__gte=1),
                name="round_places_positive",
                violation_error_message=_("Es muss mindestens einen Platz geben."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_employees__gte=1),
                name="round_max_employees_positive",
                violation_error_message=_(
                    "Die Höchstzahl der Beschäftigten muss mindestens 1 sein."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(min_apprentices__gte=1),
                name="round_min_apprentices_positive",
                violation_error_message=_(
                    "Die Mindestzahl der Auszubildenden muss mindestens 1 sein."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="round_end_after_start",
                violation_error_message=_(
                    "Das Projektende darf nicht vor dem Projektstart liegen."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(application_end__gte=models.F("application_start")),
                name="round_application_end_after_start",
                violation_error_message=_(
                    "Der Bewerbungsschluss darf nicht vor dem Beginn der Bewerbungsphase liegen."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:timeline", kwargs={"slug": self.slug})

    def municipality_names(self):
        return [line.strip() for line in self.municipalities.splitlines() if line.strip()]

    def application_window(self, now=None):
        """Open from the first to the end of the last application day, Berlin time."""
        position = position_between(
            now or timezone.now(),
            start_of_day(self.application_start),
            end_of_day(self.application_end),
        )
        return {
            TimePosition.FUTURE: ApplicationWindow.UPCOMING,
            TimePosition.CURRENT: ApplicationWindow.OPEN,
            TimePosition.PAST: ApplicationWindow.CLOSED,
        }[position]

    def accepts_applications(self, now=None):
        return self.application_window(now) == ApplicationWindow.OPEN

    def position(self, now=None):
        """Whether the project itself (start to end date) is past, running or ahead."""
        return position_between(
            now or timezone.now(), start_of_day(self.start_date), end_of_day(self.end_date)
        )

    @property
    def personal_data_deletion_date(self):
        """The day from which `anonymise_rounds` deletes the round's personal data:
        PERSONAL_DATA_RETENTION_DAYS after the end date."""
        return self.end_date + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


class Phase(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="phases", verbose_name=_("Programmrunde")
    )
    title = models.CharField(_("Titel"), max_length=200)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"))
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="phase_end_after_start",
                violation_error_message=_("Das Ende der Phase darf nicht vor ihrem Beginn liegen."),
            ),
        ]

    def __str__(self):
        return self.title

    def position(self, now=None):
        return position_between(
            now or timezone.now(), start_of_day(self.start_date), end_of_day(self.end_date)
        )
