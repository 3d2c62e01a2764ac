"""Every write of the events app: registrations, the waiting list and attendance.

Each service runs in a transaction and locks the event row (select_for_update)
before it counts seats, so two requests never hand out the same seat. Mail is
sent with transaction.on_commit: a failed send never rolls back the change.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.abuse import link_resend_allowed

from .mails import (
    send_registration_cancelled,
    send_registration_confirmed,
    send_registration_link,
    send_registration_promoted,
    send_registration_waitlisted,
)
from .models import Event, Registration, RegistrationState, RegistrationStatus


class RegistrationClosedError(Exception):
    """The event does not take registrations at this moment."""


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


def _promote_waitlisted(event):
    """Confirm waiting registrations strictly in the order they came, as far as seats go.

    The head of the queue is never skipped: if it does not fit, nobody behind it
    moves up either. The caller holds the lock on the event row.
    """
    if event.capacity is None:
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
    now=None,
):
    """Register a person for an event: confirmed if the seats allow, else waitlisted.

    Nobody jumps the queue: while anyone is waiting, a new registration waits too.
    An address already registered (not cancelled) changes nothing and gets its
    personal link again; a cancelled one is registered anew (a new place in the
    queue). Raises RegistrationClosedError outside the registration window and
    ValidationError for more persons than the event holds at all.
    """
    data = {
        "company": company,
        "first_name": first_name,
        "last_name": last_name,
        "function": function,
        "email": email.strip(),
        "phone": phone,
        "municipality": municipality,
        "persons": persons,
        "remark": remark,
    }
    try:
        with transaction.atomic():
            locked = _locked_event(event)
            # Read under the lock: the queue order is the order in which requests got it.
            queued_at = timezone.now()
            now = now or queued_at
            if locked.registration_state(now) != RegistrationState.OPEN:
                raise RegistrationClosedError
            existing = locked.registrations.with_email(email).first()
            if existing is not None and not existing.is_cancelled:
                registration_link_resend(registration=existing)
                return RegistrationResult(existing, duplicate=True)
            locked.validate_persons(persons)
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
        # The unique constraint refused the address. Unreachable while every insert
        # holds the event lock (the check above sees the committed row); kept so a
        # writer without the lock never turns it into a server error.
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


def registration_cancel(*, registration, now=None):
    """Cancel a registration and move the waiting list up in order.

    The queue moves after every cancel, a waiting one's too: the head of the
    queue may be the one that did not fit. Cancelling a cancelled registration
    changes nothing. Returns the registrations that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked_event = _locked_event(registration.event)
        current = Registration.objects.get(pk=registration.pk)
        if current.is_cancelled:
            return []
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        send_registration_cancelled(current)
        return _promote_waitlisted(locked_event)


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


def event_capacity_check(*, event, capacity):
    """Refuse (ValidationError) a capacity below the seats already confirmed: no overbooking.

    Locks the event row. Inside the admin's transaction the lock holds until the
    save, so no seat can be confirmed between this check and the update.
    """
    with transaction.atomic():
        locked = _locked_event(event)
        if capacity is None:
            return locked
        taken = locked.registrations.seats_taken()
        if capacity < taken:
            raise ValidationError(
                _(
                    "Es sind bereits %(taken)d Plätze vergeben. Die Zahl der Plätze "
                    "darf nicht kleiner sein."
                )
                % {"taken": taken},
                code="capacity_below_taken",
            )
        # A waiting registration larger than the event would block the queue for good.
        largest_waiting = locked.registrations.waitlisted().aggregate(n=Max("persons"))["n"]
        if largest_waiting is not None and capacity < largest_waiting:
            raise ValidationError(
                _(
                    "Auf der Warteliste steht eine Anmeldung für %(persons)d Personen. "
                    "Die Zahl der Plätze darf nicht kleiner sein."
                )
                % {"persons": largest_waiting},
                code="capacity_below_waiting",
            )
        return locked


def event_capacity_update(*, event, capacity):
    """Set the capacity; raising it moves waitlisted registrations up.

    Refuses a capacity below the seats already confirmed (event_capacity_check).
    Returns the registrations that moved up.
    """
    with transaction.atomic():
        locked = event_capacity_check(event=event, capacity=capacity)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        event.capacity = capacity
        return _promote_waitlisted(locked)


def event_waitlist_promote(*, event):
    """Move waitlisted registrations up as far as the free seats go (e.g. after an edit)."""
    with transaction.atomic():
        return _promote_waitlisted(_locked_event(event))
