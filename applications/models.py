"""Company applications to a round, and the record of every change of their status."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from digiscouts.normalise import NORMALISED_NAME_LENGTH, normalise_company_name  # noqa: F401
from events.models import Registration, Round

from .choices import ApplicationStatus, HeardAbout

# The wording of the Datenschutzerklärung the consent refers to; bump when the text changes.
PRIVACY_NOTICE_VERSION = "2021-04"

# Groups of states, named once on the enum.
OPEN_STATUSES = ApplicationStatus.open_statuses()
DECISION_STATUSES = ApplicationStatus.decisions()


class Application(models.Model):
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("Programmrunde"),
    )
    number = models.PositiveIntegerField(_("laufende Nummer"), editable=False)
    reference = models.CharField(_("Bewerbungsnummer"), max_length=20, editable=False)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    reserve_position = models.PositiveSmallIntegerField(
        _("Nachrücker-Platz"), null=True, blank=True, editable=False
    )

    company_name = models.CharField(_("Unternehmen"), max_length=200)
    normalised_company_name = models.CharField(max_length=NORMALISED_NAME_LENGTH, editable=False)
    legal_form = models.CharField(_("Rechtsform"), max_length=60)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("PLZ"), max_length=5)
    municipality = models.CharField(_("Kommune"), max_length=100)
    website = models.URLField(_("Website"), max_length=200, blank=True)
    sector = models.CharField(_("Branche"), max_length=120)
    employees = models.PositiveIntegerField(_("Beschäftigte"))
    apprentices = models.PositiveSmallIntegerField(_("Auszubildende im Team"))
    training_occupations = models.TextField(_("Ausbildungsberufe"), max_length=500)

    contact_first_name = models.CharField(_("Vorname"), max_length=100)
    contact_last_name = models.CharField(_("Nachname"), max_length=100)
    contact_function = models.CharField(_("Funktion im Unternehmen"), max_length=120)
    contact_email = models.EmailField(_("E-Mail"), max_length=254)
    contact_phone = models.CharField(_("Telefon"), max_length=40)

    trainer_name = models.CharField(_("Ausbilder/in"), max_length=200)
    trainer_email = models.EmailField(_("E-Mail Ausbilder/in"), max_length=254)

    management_support = models.BooleanField(_("Geschäftsführung unterstützt das Projekt"))
    team_time = models.BooleanField(_("Team erhält etwa 1–3 Stunden pro Woche"))
    motivation = models.TextField(_("Motivation"), max_length=2000)
    first_ideas = models.TextField(_("Erste Ideen"), max_length=2000, blank=True)
    heard_about = models.CharField(
        _("Aufmerksam geworden durch"), max_length=20, choices=HeardAbout.choices
    )

    consent_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    consent_version = models.CharField(_("Fassung der Datenschutzerklärung"), max_length=20)

    info_registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("Anmeldung zur Infoveranstaltung"),
    )
    staff_notes = models.TextField(_("Notizen des Fachdienstes"), blank=True)
    submitted_at = models.DateTimeField(_("eingegangen am"))
    updated_at = models.DateTimeField(_("zuletzt geändert am"), auto_now=True)
    decision_sent_at = models.DateTimeField(_("Entscheidung versandt am"), null=True, blank=True)
    decision_sent_status = models.CharField(
        _("versandte Entscheidung"),
        max_length=20,
        choices=ApplicationStatus.choices,
        blank=True,
    )
    decision_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entscheidung versandt durch"),
    )

    class Meta:
        verbose_name = _("Bewerbung")
        verbose_name_plural = _("Bewerbungen")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="application_unique_number"),
            models.UniqueConstraint(
                fields=["round", "reference"], name="application_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["round", "normalised_company_name", "municipality"],
                name="application_unique_company_per_round",
            ),
            models.UniqueConstraint(
                "round", Lower("contact_email"), name="application_unique_email_per_round"
            ),
            # A name without letters or digits would collide with every other such name.
            models.CheckConstraint(
                condition=~models.Q(normalised_company_name=""),
                name="application_company_name_has_letters",
            ),
            models.CheckConstraint(
                condition=models.Q(employees__gte=1), name="application_employees_positive"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ApplicationStatus.RESERVE, reserve_position__isnull=False)
                    | (
                        ~models.Q(status=ApplicationStatus.RESERVE)
                        & models.Q(reserve_position__isnull=True)
                    )
                ),
                name="application_reserve_position_iff_reserve",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.company_name}"

    @property
    def contact_name(self):
        return f"{self.contact_first_name} {self.contact_last_name}"

    @property
    def status_display(self):
        """The status for staff, with the place on the reserve list."""
        if self.status == ApplicationStatus.RESERVE and self.reserve_position:
            return _("Nachrücker %(position)d") % {"position": self.reserve_position}
        return self.get_status_display()

    @property
    def decision_published(self):
        """Whether the company has been told the current decision by e-mail.

        The one rule for "already sent": the decision e-mail goes out once per decision.
        """
        return self.status in DECISION_STATUSES and self.decision_sent_status == self.status


class ApplicationStatusChange(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("Bewerbung"),
    )
    from_status = models.CharField(
        _("von"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("nach"), max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    at = models.DateTimeField(_("am"))
    note = models.CharField(_("Notiz"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
