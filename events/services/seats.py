"""Seats and the waiting list of an event: the lock, the count, the promotion, the capacity.

Every service that counts seats first locks the event row (select_for_update), so
two requests never hand out the same seat. Once an event has started
(Event.has_started) its seats are settled: nobody moves up from the waiting list.
"""

from django.db import transaction
from django.utils import timezone

from ..choices import RegistrationStatus
from ..mails import send_registration_promoted
from ..models import Event
from .errors import CapacityError


def locked_event(event):
    """The event, its row locked until the transaction ends, with its round (the mails
    read it; of=("self",) locks only the event's row, not the round's)."""
    return Event.objects.select_related("round").select_for_update(of=("self",)).get(pk=event.pk)


def seats_free(event):
    return event.capacity - event.registrations.seats_taken()


def promote_waitlisted(event, now):
    """Confirm waiting registrations strictly in the order they came, as far as seats go.

    The head of the queue is never skipped: if it does not fit, nobody behind it
    moves up either. Nobody moves up once the event has started. The caller holds
    the lock on the event row.
    """
    if event.capacity is None or event.has_started(now):
        return []
    free = seats_free(event)
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


def event_capacity_update(*, event, capacity, now=None):
    """Set the capacity; raising it moves waitlisted registrations up (until the start).

    Refuses (CapacityError) a capacity below the seats already confirmed or below
    the largest waiting registration (Event.capacity_problem), checked under the
    event's lock. Returns the registrations that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_event(event)
        problem = locked.capacity_problem(capacity)
        if problem:
            message, code = problem
            raise CapacityError(message, code=code, field="capacity")
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        event.capacity = capacity
        return promote_waitlisted(locked, now)


def event_waitlist_promote(*, event, now=None):
    """Move waitlisted registrations up as far as the free seats go (e.g. after an edit)."""
    with transaction.atomic():
        return promote_waitlisted(locked_event(event), now or timezone.now())
