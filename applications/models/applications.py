"""Company applications to a round, and the record of every change of their status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digiscouts.languages import language_field
from digiscouts.normalise import EMAIL_KEY_LENGTH, NORMALISED_NAME_LENGTH
from digiscouts.tokens import new_link_secret
from events.models import Registration, Round

from ..choices import ApplicationStatus, CompanyStatus, HeardAbout

# The wording of the Datenschutzerklärung the consent refers to; bump when the text changes.
PRIVACY_NOTICE_VERSION = "2021-04"


# The fields a company fills in (and may edit while the application is unreviewed).
APPLICANT_FIELDS = (
    "company_name",
    "legal_form",
    "street",
    "postcode",
    "municipality",
    "website",
    "sector",
    "employees",
    "apprentices",
    "training_occupations",
    "contact_first_name",
    "contact_last_name",
    "contact_function",
    "contact_email",
    "contact_phone",
    "trainer_name",
    "trainer_email",
    "management_support",
    "team_time",
    "motivation",
    "first_ideas",
    "heard_about",
)


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
    contact_email_key = models.CharField(max_length=EMAIL_KEY_LENGTH, editable=False)
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
    language = language_field()
    # Part of the personal link (digiscouts.tokens): a new value makes every link
    # issued before stop working (re-issue by staff, deletion of the personal data).
    link_secret = models.CharField(
        _("Geheimnis des persönlichen Links"),
        max_length=32,
        default=new_link_secret,
        editable=False,
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

    # The normal forms under which two applications look like one company (see
    # applications.duplicates); empty when the answer gives nothing to compare.
    name_key = models.CharField(max_length=NORMALISED_NAME_LENGTH, blank=True, editable=False)
    address_key = models.CharField(max_length=220, blank=True, editable=False)
    phone_key = models.CharField(max_length=40, blank=True, editable=False)
    website_host = models.CharField(max_length=200, blank=True, editable=False)
    # Flagged for staff, never refused: two firms may share a name or an address.
    likely_duplicates = models.ManyToManyField(
        "self", symmetrical=True, blank=True, verbose_name=_("mögliche Dubletten")
    )

    class Meta:
        verbose_name = _("Bewerbung")
        verbose_name_plural = _("Bewerbungen")
        ordering = ["round", "number"]
        # Deleting a company's personal data on request (applications.services.privacy):
        # not the staff group's by default; an administrator grants it to whoever answers
        # data-protection requests.
        permissions = [
            ("erase_personal_data", _("Kann die Daten eines Unternehmens auf Verlangen löschen"))
        ]
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
                fields=["round", "contact_email_key"], name="application_unique_email_per_round"
            ),
            # A name without letters or digits would collide with every other such name.
            models.CheckConstraint(
                condition=~models.Q(normalised_company_name=""),
                name="application_company_name_has_letters",
            ),
            models.CheckConstraint(
                condition=models.Q(employees__gte=1), name="application_employees_positive"
            ),
            # One application per place of the reserve list (no NULL equals another:
            # the others have no place). Checked at the commit: a move renumbers the
            # list row by row and closing a gap shifts it, through passing duplicates.
            # SQLite has no deferred unique constraint; there the services alone hold it.
            models.UniqueConstraint(
                fields=["round", "reserve_position"],
                name="application_unique_reserve_position",
                deferrable=models.Deferrable.DEFERRED,
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
        # Not get_status_display(): in Django 5.2 it hashes every choice's lazy label on
        # each call (six gettext calls), a third of a 10,000-row export's time.
        return ApplicationStatus(self.status).label

    @property
    def decision_published(self):
        """Whether the company has been told the current decision by e-mail.

        The one rule for "already sent": the decision e-mail goes out once per decision.
        """
        return (
            self.status in ApplicationStatus.decisions()
            and self.decision_sent_status == self.status
        )

    @property
    def has_decision_to_send(self):
        """A decision has been taken and the company has not been told it yet."""
        return self.status in ApplicationStatus.decisions() and not self.decision_published

    def is_editable(self, now=None):
        """The company may change its data: unreviewed and within the application window."""
        return self.status == ApplicationStatus.SUBMITTED and self.round.accepts_applications(now)

    def is_withdrawable(self):
        """The company (or staff on its behalf) may still withdraw."""
        return self.status in ApplicationStatus.allowed_from(ApplicationStatus.WITHDRAWN)

    @property
    def status_for_company(self):
        """The status the company sees: a decision only once the e-mail has told it."""
        if self.has_decision_to_send:
            return CompanyStatus.IN_REVIEW
        return CompanyStatus(self.status)


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
    # A staff correction: {field: [old, new]}; its from_status and to_status are equal.
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
