"""A dated event on a round's timeline, some of them with registration."""

from datetime import timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..choices import EventKind, RegistrationWindow
from ..dates import position_between
from ..querysets import EventQuerySet
from .rounds import Round

# The facts a registrant plans with: a change of one of them raises the calendar's
# SEQUENCE and is offered to be sent to the confirmed registrations.
SCHEDULE_FIELDS = ("starts_at", "duration_minutes", "location", "online_url")


def duration_text(minutes):
    """ "eine Stunde", "2 Stunden", "90 Minuten"."""
    hours, rest = divmod(minutes, 60)
    if rest:
        return ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}
    return ngettext("eine Stunde", "%(count)d Stunden", hours) % {"count": hours}


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
    participants_only = models.BooleanField(
        _("nur für teilnehmende Unternehmen"),
        default=False,
        help_text=_(
            "Anmeldung nur über die Einladung an die ausgewählten Unternehmen (z. B. zur "
            "Abschlussveranstaltung); das öffentliche Formular nimmt keine Anmeldung an."
        ),
    )
    # SEQUENCE of the event's calendar entry (the UID stays): raised with every change of
    # time or place and with the cancellation, so calendars update the entry they hold.
    ics_sequence = models.PositiveIntegerField(_("Version im Kalender"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True, editable=False)

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

    def staff_registration_problem(self, now=None):
        """Why staff cannot register anybody for this event now, or None.

        Staff take registrations (e.g. by phone) regardless of the public window,
        until the event starts: then its seats are settled.
        """
        if self.is_cancelled:
            return _("Der Termin ist abgesagt. Es kann niemand mehr angemeldet werden.")
        if self.capacity is None:
            return _(
                "Für diesen Termin ist keine Anmeldung vorgesehen. Tragen Sie zuerst eine "
                "Zahl von Plätzen ein."
            )
        if self.has_started(now):
            return _(
                "Die Veranstaltung hat bereits begonnen. Es kann niemand mehr angemeldet werden."
            )
        return None

    def email_problem(self, email, registration=None):
        """Why this address cannot go to a registration of this event, or None.

        New (registration None): refused only if registered and not cancelled (a
        cancelled one is registered anew). A correction of ``registration``: any
        other registration of the event with the address refuses it, a cancelled
        one too, as the address is unique per event.
        """
        same_address = self.registrations.with_email(email)
        if registration is None:
            other = same_address.active().first()
        else:
            other = same_address.exclude(pk=registration.pk).first()
        if other is None:
            return None
        if other.is_cancelled:
            message = _(
                "Für diesen Termin gibt es bereits eine stornierte Anmeldung mit dieser "
                "E-Mail-Adresse (%(name)s, %(company)s). Eine Adresse kann je Termin nur "
                "einmal vorkommen."
            )
        else:
            message = _(
                "Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet (%(name)s, "
                "%(company)s)."
            )
        return message % {"name": other.full_name, "company": other.company}

    @property
    def duration_display(self):
        return duration_text(self.duration_minutes)

    @property
    def is_cancelled(self):
        """Staff called the event off (events.services.event_cancel): nobody registers."""
        return self.cancelled_at is not None

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
        """Open from the moment staff publish it until the deadline (default: the start);
        never once the event is cancelled."""
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationWindow.CANCELLED
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
