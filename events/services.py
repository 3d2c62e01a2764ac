"""Every write of the events app: registrations, the waiting list and attendance.

Each service runs in a transaction and locks the event row (select_for_update)
before it counts seats, so two requests never hand out the same seat. Mail is
sent with transaction.on_commit: a failed send never rolls back the change.
Once an event has started (Event.has_started) its seats are settled: nobody
moves up from the waiting list and the company can no longer cancel.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.abuse import link_resend_allowed
from digiscouts.errors import ServiceError
from digiscouts.languages import current_language
from digiscouts.normalise import normalise_email

from .choices import RegistrationStatus
from .mails import (
    send_registration_cancelled,
    send_registration_confirmed,
    send_registration_link,
    send_registration_promoted,
    send_registration_waitlisted,
)
from .models import Event, Registration


class RegistrationClosedError(ServiceError):
    """The event does not take registrations at this moment."""

    code = "registration_closed"

    def __init__(self, message=None, code=None):
        super().__init__(message or _("Die Anmeldung ist nicht geöffnet."), code)


class EventStartedError(ServiceError):
    """The event has begun: its registrations are settled."""

    code = "event_started"


class CapacityError(ServiceError):
    """A capacity that would overbook the event or block its waiting list."""

    code = "capacity"


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    # True when the e-mail address was already registered for the event: nothing
    # was changed, the personal link was sent again.
    duplicate: bool = False


def _locked_event(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_free(event):
    return event.capacity - event.registrations.seats_taken()


def _promote_waitlisted(event, now):
    """Confirm waiting registrations strictly in the order they came, as far as seats go.

    The head of the queue is never skipped: if it does not fit, nobody behind it
    moves up either. Nobody moves up once the event has started. The caller holds
    the lock on the event row.
    """
    if event.capacity is None or event.has_started(now):
        return []
    free = _seats_free(event)
    promoted = []
    for registration in event.registrations.waitlisted():
        if registration.persons > free:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        free -= registration.persons
        promoted.append(registration)
        send_registration_promoted(registration)
    return promoted


def registration_create(
    *,
    event,
    company,
    first_name,
    last_name,
    function,
    email,
    municipality,
    persons,
    phone="",
    remark="",
    language=None,
    now=None,
):
    """Register a person for an event: confirmed if the seats allow, else waitlisted.

    Nobody jumps the queue: while anyone is waiting, a new registration waits too.
    An address already registered (not cancelled) changes nothing and gets its
    personal link again; a cancelled one is registered anew (a new place in the
    queue). Raises RegistrationClosedError outside the registration window and
    CapacityError for more persons than the event holds at all.
    """
    data = {
        "company": company,
        "first_name": first_name,
        "last_name": last_name,
        "function": function,
        "email": email.strip(),
        "email_key": normalise_email(email),
        "phone": phone,
        "municipality": municipality,
        "persons": persons,
        "remark": remark,
        "language": language or current_language(),
    }
    try:
        with transaction.atomic():
            locked = _locked_event(event)
            # Read under the lock: the queue order is the order in which requests got it.
            queued_at = timezone.now()
            now = now or queued_at
            if not locked.accepts_registrations(now):
                raise RegistrationClosedError
            existing = locked.registrations.with_email(email).first()
            if existing is not None and not existing.is_cancelled:
                registration_link_resend(registration=existing)
                return RegistrationResult(existing, duplicate=True)
            problem = locked.persons_problem(persons)
            if problem:
                raise CapacityError(problem, code="persons_above_capacity")
            queue_empty = not locked.registrations.waitlisted().exists()
            fits = queue_empty and persons <= _seats_free(locked)
            status = RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED
            fields = {
                **data,
                "status": status,
                "consent_at": now,
                "attended": None,
                "cancelled_at": None,
            }
            if existing is None:
                registration = Registration.objects.create(event=locked, **fields)
            else:
                registration = existing
                for name, value in fields.items():
                    setattr(registration, name, value)
                registration.created_at = queued_at  # a new place at the end of the queue
                registration.save(update_fields=[*fields, "created_at"])
            if fits:
                send_registration_confirmed(registration)
            else:
                send_registration_waitlisted(registration)
            return RegistrationResult(registration)
    except IntegrityError:
        # The unique constraint refused the address: the duplicate it is. The check
        # above sees committed rows under the event lock and compares the same
        # normal form, so this is a guard for writers without the lock.
        existing = Registration.objects.filter(event=event).with_email(email).first()
        if existing is None:
            raise
        registration_link_resend(registration=existing)
        return RegistrationResult(existing, duplicate=True)


def registration_link_resend(*, registration):
    """Send the personal link again (after a second registration attempt), once an hour."""
    if link_resend_allowed("registration", registration.pk):
        with transaction.atomic():
            send_registration_link(registration)


def registration_cancel(*, registration, by=None, now=None):
    """Cancel a registration and move the waiting list up in order.

    The company (by=None) may cancel only until the event starts
    (Registration.is_cancellable); staff (by=the user) may cancel later too, but
    then nobody moves up. The queue moves after every cancel, a waiting one's
    too: the head of the queue may be the one that did not fit. Cancelling a
    cancelled registration changes nothing. Returns the registrations that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked_event = _locked_event(registration.event)
        current = Registration.objects.select_related("event").get(pk=registration.pk)
        if current.is_cancelled:
            return []
        if by is None and not current.is_cancellable(now):
            raise EventStartedError(
                _(
                    "Die Veranstaltung hat bereits begonnen. Die Anmeldung kann nicht mehr "
                    "storniert werden."
                )
            )
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        send_registration_cancelled(current)
        return _promote_waitlisted(locked_event, now)


def registration_attendance_set(*, registrations, attended):
    """Mark confirmed registrations as attended (True), not attended (False) or unknown (None).

    Waitlisted and cancelled registrations are left alone. Returns how many changed.
    """
    changed = 0
    with transaction.atomic():
        pks = [registration.pk for registration in registrations]
        locked = Registration.objects.select_for_update().filter(
            pk__in=pks, status=RegistrationStatus.CONFIRMED
        )
        for registration in locked:
            if registration.attended is attended:
                continue
            registration.attended = attended
            registration.save(update_fields=["attended"])
            changed += 1
    return changed


def event_capacity_update(*, event, capacity, now=None):
    """Set the capacity; raising it moves waitlisted registrations up (until the start).

    Refuses (CapacityError) a capacity below the seats already confirmed or below
    the largest waiting registration (Event.capacity_problem), checked under the
    event's lock. Returns the registrations that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_event(event)
        problem = locked.capacity_problem(capacity)
        if problem:
            message, code = problem
            raise CapacityError(message, code=code)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        event.capacity = capacity
        return _promote_waitlisted(locked, now)


def event_waitlist_promote(*, event, now=None):
    """Move waitlisted registrations up as far as the free seats go (e.g. after an edit)."""
    with transaction.atomic():
        return _promote_waitlisted(_locked_event(event), now or timezone.now())
