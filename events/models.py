"""Rounds of the programme, their timeline (events and phases) and registrations."""

from datetime import datetime, time, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiscouts.languages import language_field

from .choices import (
    ApplicationWindow,
    EventKind,
    RegistrationStatus,
    RegistrationWindow,
    TimePosition,
)
from .querysets import EventQuerySet, RegistrationQuerySet, RoundQuerySet

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


def start_of_day(day):
    """The first moment of a calendar day in Europe/Berlin, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of_day(day):
    """The first moment after a calendar day in Europe/Berlin (exclusive end)."""
    return start_of_day(day + timedelta(days=1))


def position_between(now, start, end):
    """Past, current or future for the half-open span [start, end)."""
    if now < start:
        return TimePosition.FUTURE
    if now < end:
        return TimePosition.CURRENT
    return TimePosition.PAST


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


class Event(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="events", verbose_name=_("Programmrunde")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    duration_minutes = models.PositiveIntegerField(_("Dauer in Minuten"), default=60)
    location = models.CharField(_("Ort"), max_length=300, blank=True)
    online_url = models.URLField(_("Online-Link"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    capacity = models.PositiveIntegerField(
        _("Plätze (Personen)"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn keine Anmeldung nötig ist."),
    )
    registration_opens_at = models.DateTimeField(
        _("Anmeldung freigeschaltet ab"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, solange keine Anmeldung möglich sein soll."),
    )
    registration_closes_at = models.DateTimeField(
        _("Anmeldeschluss"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: Anmeldung bis zum Beginn der Veranstaltung."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1),
                name="event_duration_positive",
                violation_error_message=_("Die Dauer muss mindestens eine Minute betragen."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_(
                    "Die Zahl der Plätze muss mindestens 1 sein oder leer bleiben."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def clean_fields(self, exclude=None):
        """Registration dates in order, and a capacity for a registration.

        Checked here rather than in clean(), as Django's documentation advises: a
        form without the field (the round's inline of events) gets the message as
        a non-field error instead of failing with a ValueError.
        """
        super().clean_fields(exclude=exclude)
        errors = {}
        for field, message in self._registration_errors():
            key = NON_FIELD_ERRORS if exclude and field in exclude else field
            errors.setdefault(key, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _registration_errors(self):
        opens, closes, starts = (
            self.registration_opens_at,
            self.registration_closes_at,
            self.starts_at,
        )
        if opens and self.capacity is None:
            yield "capacity", _("Für eine Anmeldung braucht der Termin eine Zahl von Plätzen.")
        if opens and starts and opens >= starts:
            yield (
                "registration_opens_at",
                _("Die Anmeldung muss vor dem Beginn der Veranstaltung freigeschaltet werden."),
            )
        if closes and opens and closes <= opens:
            yield (
                "registration_closes_at",
                _("Der Anmeldeschluss muss nach der Freischaltung der Anmeldung liegen."),
            )
        elif closes and starts and closes > starts:
            yield (
                "registration_closes_at",
                _("Der Anmeldeschluss darf nicht nach dem Beginn der Veranstaltung liegen."),
            )

    def persons_problem(self, persons):
        """Why this many persons can never get a seat (more than the event holds), or None."""
        if self.capacity is None or persons <= self.capacity:
            return None
        return ngettext(
            "Für diese Veranstaltung kann höchstens %(count)d Person angemeldet werden.",
            "Für diese Veranstaltung können höchstens %(count)d Personen angemeldet werden.",
            self.capacity,
        ) % {"count": self.capacity}

    def capacity_problem(self, capacity):
        """(message, code) if the capacity would overbook or block the queue, else None.

        A read without a lock: the form asks it for a message next to the field;
        the service asks it again under the event's lock.
        """
        if capacity is None or self.pk is None:
            return None
        taken = self.registrations.seats_taken()
        if capacity < taken:
            message = _(
                "Es sind bereits %(taken)d Plätze vergeben. Die Zahl der Plätze darf nicht "
                "kleiner sein."
            )
            return message % {"taken": taken}, "capacity_below_taken"
        # A waiting registration larger than the event would block the queue for good.
        largest = self.registrations.waitlisted().aggregate(n=models.Max("persons"))["n"]
        if largest is not None and capacity < largest:
            message = _(
                "Auf der Warteliste steht eine Anmeldung für %(persons)d Personen. Die Zahl der "
                "Plätze darf nicht kleiner sein."
            )
            return message % {"persons": largest}, "capacity_below_waiting"
        return None

    @property
    def duration_display(self):
        hours, minutes = divmod(self.duration_minutes, 60)
        if minutes:
            return ngettext("%(count)d Minute", "%(count)d Minuten", self.duration_minutes) % {
                "count": self.duration_minutes
            }
        return ngettext("eine Stunde", "%(count)d Stunden", hours) % {"count": hours}

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def takes_registrations(self):
        """Staff published this event for registration (capacity and opening time set)."""
        return self.capacity is not None and self.registration_opens_at is not None

    @property
    def seats_free(self):
        """Seats not yet confirmed; needs Event.objects.with_registration_counts()."""
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_booked_up(self):
        """A new registration waits: no seat is free, or others wait already (no jumping
        the queue). Needs Event.objects.with_registration_counts()."""
        return self.waitlist_count > 0 or self.seats_free == 0

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_window(self, now=None):
        """Open from the moment staff publish it until the deadline (default: the start)."""
        now = now or timezone.now()
        if not self.takes_registrations or now < self.registration_opens_at:
            return RegistrationWindow.NOT_OPEN
        if now < self.registration_deadline:
            return RegistrationWindow.OPEN
        return RegistrationWindow.CLOSED

    def accepts_registrations(self, now=None):
        return self.registration_window(now) == RegistrationWindow.OPEN

    def has_started(self, now=None):
        """From its start on, the seats are settled: nobody moves up, nobody cancels."""
        return (now or timezone.now()) >= self.starts_at

    def position(self, now=None):
        return position_between(now or timezone.now(), self.starts_at, self.ends_at)


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


class Registration(models.Model):
    """A person of a company registered for an event (usually the info event)."""

    OTHER_MUNICIPALITY = "andere"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("Termin")
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
    language = language_field()

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
