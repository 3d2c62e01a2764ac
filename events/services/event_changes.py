"""Staff change an event's time or place, tell the registrants, or call the event off.

Each service locks the event row first (seats.locked_event), as every registration
service does, so a change, a notification, a cancellation and a registration never
interleave. Every step is an EventChange in the event's history; every step that
touches the calendar entry raises Event.ics_sequence.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import EventChangeKind, RegistrationStatus
from ..mails import send_event_cancelled, send_event_changed
from ..models import SCHEDULE_FIELDS, Event, EventChange, RegistrationChange
from ..models.event_changes import schedule_json, unnotified_changes
from .errors import EventCancelledError, EventStartedError, NothingToNotifyError
from .reminders import REMINDER_LEAD
from .seats import locked_event


@dataclass(frozen=True)
class EventChangeResult:
    event: Event
    # {field: [old, new]} as recorded (JSON values); empty when nothing differed.
    changes: dict = field(default_factory=dict)
    # Confirmed registrations that hold the old facts and may be notified.
    confirmed: int = 0


def event_change(*, event, by, now=None, **values):
    """Save a change of start, duration, place or online link (SCHEDULE_FIELDS), recorded.

    Raises the event's calendar SEQUENCE, so the next .ics updates the entry. Sends
    nothing: staff see the recipients and the text first (event_change_notify). A
    start moved further than a day ahead lets the reminder go out again before the
    new date. Values equal to the stored ones are no change; the caller's instance
    gets the new values.
    """
    unknown = sorted(set(values) - set(SCHEDULE_FIELDS))
    if unknown:
        raise TypeError(f"event_change cannot change {unknown}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_event(event)
        diff = {
            name: [getattr(locked, name), value]
            for name, value in values.items()
            if getattr(locked, name) != value
        }
        if not diff:
            return EventChangeResult(locked)
        for name, (_old, new) in diff.items():
            setattr(locked, name, new)
        locked.ics_sequence += 1
        locked.save(update_fields=[*diff, "ics_sequence"])
        recorded = {
            name: [schedule_json(name, old), schedule_json(name, new)]
            for name, (old, new) in diff.items()
        }
        EventChange.objects.create(
            event=locked,
            kind=EventChangeKind.CHANGED,
            at=now,
            by=by,
            changes=recorded,
            sequence=locked.ics_sequence,
        )
        if "starts_at" in diff and locked.starts_at - REMINDER_LEAD > now:
            locked.registrations.filter(reminded_at__isnull=False).update(reminded_at=None)
        for name in [*diff, "ics_sequence"]:
            setattr(event, name, getattr(locked, name))
        return EventChangeResult(locked, recorded, locked.registrations.confirmed().count())


def event_change_recipients(event):
    """Who gets the change notification: the confirmed registrations, in the order they came.

    Waiting ones do not: they hold no seat and no calendar entry of ours, and the
    e-mail that gives them a seat carries the facts and the calendar file of then.
    """
    return list(event.registrations.confirmed().order_by("created_at", "pk"))


def event_change_notify(*, event, by, now=None):
    """E-mail every confirmed registration the changes since the last notification.

    One e-mail per registration, in its language, with the .ics (same UID, the
    raised SEQUENCE) and the online link. Refused for a cancelled event
    (EventCancelledError) and when nothing changed since the last notification or
    nobody is confirmed (NothingToNotifyError): a second click sends nothing twice.
    Returns the number of e-mails.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_event(event)
        if locked.is_cancelled:
            raise EventCancelledError
        changes = unnotified_changes(locked)
        if not changes:
            raise NothingToNotifyError(
                _(
                    "Seit der letzten Benachrichtigung haben sich Zeit und Ort dieses Termins "
                    "nicht geändert. Es wurde nichts gesendet."
                )
            )
        recipients = event_change_recipients(locked)
        if not recipients:
            raise NothingToNotifyError(
                _(
                    "Für diesen Termin gibt es keine bestätigten Anmeldungen. Es wurde nichts "
                    "gesendet."
                )
            )
        for registration in recipients:
            registration.event = locked
            send_event_changed(registration, changes)
        EventChange.objects.create(
            event=locked,
            kind=EventChangeKind.NOTIFIED,
            at=now,
            by=by,
            changes=changes,
            sequence=locked.ics_sequence,
            recipients=len(recipients),
        )
        return len(recipients)


def event_cancel(*, event, by, now=None):
    """Call the event off: registration closed, every registration cancelled and told.

    Confirmed and waiting registrations alike are cancelled (nobody moves up) and get
    an e-mail with a cancelling .ics (METHOD:CANCEL, same UID, raised SEQUENCE); each
    registration's history and the event's record who did it. Refused once the event
    has started (EventStartedError) or when it is cancelled already
    (EventCancelledError). Returns the registrations that were cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_event(event)
        if locked.is_cancelled:
            raise EventCancelledError(
                _("Der Termin „%(event)s“ ist bereits abgesagt.") % {"event": locked}
            )
        if locked.has_started(now):
            raise EventStartedError(
                _(
                    "Der Termin „%(event)s“ hat bereits begonnen und kann nicht mehr abgesagt "
                    "werden."
                )
                % {"event": locked}
            )
        locked.cancelled_at = now
        locked.ics_sequence += 1
        locked.save(update_fields=["cancelled_at", "ics_sequence"])
        cancelled = list(locked.registrations.active().order_by("created_at", "pk"))
        note = _("Termin abgesagt; Anmeldung storniert.")
        for registration in cancelled:
            registration.event = locked
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            RegistrationChange.objects.create(registration=registration, at=now, by=by, note=note)
            send_event_cancelled(registration)
        EventChange.objects.create(
            event=locked,
            kind=EventChangeKind.CANCELLED,
            at=now,
            by=by,
            sequence=locked.ics_sequence,
            recipients=len(cancelled),
        )
        event.cancelled_at, event.ics_sequence = locked.cancelled_at, locked.ics_sequence
        return cancelled
