"""A person of a company registered for an event (usually the info event)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiscouts.admin_history import history_changes
from digiscouts.languages import language_field
from digiscouts.tokens import new_link_secret

from ..choices import RegistrationStatus
from ..querysets import RegistrationQuerySet
from .events import Event


class Registration(models.Model):
    """A person of a company registered for an event (usually the info event)."""

    OTHER_MUNICIPALITY = "andere"

    # PROTECT: a round or event that holds registrations (personal data) cannot be
    # deleted by mistake; the admin shows Django's "protected objects" page instead.
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("Termin")
    )
    company = models.CharField(_("Unternehmen"), max_length=200)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    function = models.CharField(_("Funktion im Unternehmen"), max_length=120)
    email = models.EmailField(_("E-Mail"), max_length=254)
    # The address as duplicates are compared (digiscouts.normalise), for the constraint.
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    municipality = models.CharField(_("Kommune"), max_length=100)
    persons = models.PositiveSmallIntegerField(_("Anzahl Personen"), default=1)
    remark = models.TextField(_("Anmerkung"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    attended = models.BooleanField(_("teilgenommen"), null=True, blank=True)
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    # Set in the transaction that writes the reminder (events.services.event_reminders_send):
    # claimed by a conditional UPDATE, so two runs at once remind each registration once.
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True, editable=False)
    language = language_field()
    # Part of the personal link (digiscouts.tokens): a new value makes every link
    # issued before stop working (re-issue by staff, deletion of the personal data).
    link_secret = models.CharField(
        _("Geheimnis des persönlichen Links"),
        max_length=32,
        default=new_link_secret,
        editable=False,
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_key"], name="registration_unique_email_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(persons__gte=1) & models.Q(persons__lte=3),
                name="registration_persons_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue_idx"),
        ]

    def __str__(self):
        return f"{self.company} – {self.first_name} {self.last_name}"

    @property
    def is_cancelled(self):
        return self.status == RegistrationStatus.CANCELLED

    @property
    def holds_seat(self):
        """Confirmed: cancelling it frees a seat for the waiting list."""
        return self.status == RegistrationStatus.CONFIRMED

    def is_cancellable(self, now=None):
        """The company may cancel until the event starts; after that the seats are settled."""
        return not self.is_cancelled and not self.event.has_started(now)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def municipality_display(self):
        if self.municipality == self.OTHER_MUNICIPALITY:
            return _("andere Kommune")
        return self.municipality

    def persons_problem(self, persons):
        """Why this registration cannot change to ``persons``, or None (no lock).

        Never more than the event holds; a confirmed registration grows only into
        free seats (no overbooking, staff raise the capacity first).
        """
        problem = self.event.persons_problem(persons)
        if problem or self.event.capacity is None or not self.holds_seat:
            return problem
        if persons <= self.persons:
            return problem
        extra = persons - self.persons
        free = self.event.capacity - self.event.registrations.seats_taken()
        if extra <= free:
            return None
        return ngettext(
            "Für %(extra)d weitere Person ist kein Platz frei (frei: %(free)d). Erhöhen Sie "
            "zuerst die Zahl der Plätze des Termins.",
            "Für %(extra)d weitere Personen sind nicht genug Plätze frei (frei: %(free)d). "
            "Erhöhen Sie zuerst die Zahl der Plätze des Termins.",
            extra,
        ) % {"extra": extra, "free": max(free, 0)}

    def waitlist_position(self):
        """1 + the waitlisted registrations of the event that came before; None if not waiting."""
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        earlier = Registration.objects.filter(
            event_id=self.event_id, status=RegistrationStatus.WAITLISTED
        ).filter(
            models.Q(created_at__lt=self.created_at)
            | models.Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return 1 + earlier.count()


class RegistrationChange(models.Model):
    """What staff changed in a registration: {field: [old, new]}, who, when, why."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("Anmeldung"),
    )
    at = models.DateTimeField(_("am"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    note = models.CharField(_("Notiz"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Änderung der Anmeldung")
        verbose_name_plural = _("Verlauf")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.registration} – {timezone.localtime(self.at):%d.%m.%Y %H:%M}"

    def changes_display(self):
        """ "E-Mail: alt@… → neu@…; Status: bestätigt → storniert" in German, in the
        order of the model's fields: their names, choices by their label, yes and no."""
        changes = history_changes(Registration, self.changes)
        return "; ".join(f"{label}: {old} → {new}" for label, old, new in changes)
