"""The reminder a day before an event (manage.py send_event_reminders, hourly by cron).

Due: a confirmed registration, not reminded yet, of an event that is not cancelled and
starts within the next 24 hours (and has not started), made before those 24 hours
began: whoever registers later has the confirmation with everything fresh in the inbox.
Run hourly, the reminder reaches people 23 to 24 hours ahead; a missed run is caught up
by the next one until the event starts.

Each registration is claimed by a conditional UPDATE … WHERE reminded_at IS NULL in the
transaction that writes its e-mail: of two runs at the same moment (two cron hosts, a
run that overlaps the next) exactly one gets the row, the other's UPDATE changes
nothing. A cancel or an event change waits for that row or wins it before the claim.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..choices import RegistrationStatus
from ..mails import send_event_reminder
from ..models import Registration

REMINDER_LEAD = timedelta(hours=24)


def registrations_due_for_reminder(now):
    """The confirmed registrations whose reminder is due at ``now`` (see the module)."""
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__cancelled_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_LEAD,
        created_at__lte=F("event__starts_at") - REMINDER_LEAD,
    )


def _due(registration, now):
    event = registration.event
    return (
        registration.holds_seat
        and not event.is_cancelled
        and now < event.starts_at <= now + REMINDER_LEAD
        and registration.created_at <= event.starts_at - REMINDER_LEAD
    )


def event_reminders_send(*, now=None):
    """Write the due reminders to the outbox, each registration once. Returns how many."""
    now = now or timezone.now()
    candidates = list(
        registrations_due_for_reminder(now)
        .order_by("event__starts_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=pk, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED
            ).update(reminded_at=now)
            if not claimed:
                continue  # another run got it, or it was cancelled meanwhile
            registration = Registration.objects.select_related("event__round").get(pk=pk)
            if not _due(registration, now):  # the event moved or was called off meanwhile
                transaction.set_rollback(True)
                continue
            send_event_reminder(registration)
            sent += 1
    return sent
