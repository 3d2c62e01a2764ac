"""Every write of a registration: create (public form or staff), correct, cancel, attendance.

Each service runs in a transaction and locks the event row (seats.locked_event)
before it counts seats or compares addresses. Mail is written to the outbox in
the same transaction and sent after commit: a failed send never rolls back the
change. Every change staff make is recorded as a RegistrationChange.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from digiscouts.abuse import link_resend_allowed
from digiscouts.languages import current_language
from digiscouts.normalise import normalise_email

from ..choices import RegistrationStatus
from ..links import registration_link_invalidate
from ..mails import (
    send_registration_cancelled,
    send_registration_confirmed,
    send_registration_link,
    send_registration_waitlisted,
)
from ..models import Registration, RegistrationChange
from .errors import (
    CapacityError,
    EmailTakenError,
    EventStartedError,
    RegistrationClosedError,
)
from .seats import locked_event, promote_waitlisted, seats_free

# What staff may correct in a registration; status and attendance have their own services.
CORRECTABLE_FIELDS = (
    "company",
    "first_name",
    "last_name",
    "function",
    "email",
    "phone",
    "municipality",
    "persons",
    "remark",
)


_EMAIL_TAKEN = gettext_noop("Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet.")
_PARTICIPANTS_ONLY = gettext_noop(
    "Die Anmeldung ist den teilnehmenden Unternehmen vorbehalten; sie erhalten eine "
    "Einladung per E-Mail."
)


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    # True when the e-mail address was already registered for the event: nothing
    # was changed, the personal link was sent again.
    duplicate: bool = False


@dataclass(frozen=True)
class CorrectionResult:
    registration: Registration
    # {field: [old, new]} as recorded; empty when nothing differed.
    changes: dict = field(default_factory=dict)
    # Waiting registrations that moved up because fewer persons need a seat.
    promoted: list = field(default_factory=list)


def _record(registration, *, by, now, changes=None, note=""):
    return RegistrationChange.objects.create(
        registration=registration, at=now, by=by, changes=changes or {}, note=note
    )


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
    by=None,
    note="",
    now=None,
    invited=False,
):
    """Register a person for an event: confirmed if the seats allow, else waitlisted.

    Nobody jumps the queue: while anyone is waiting, a new registration waits too.
    A cancelled address is registered anew (a new place in the queue).

    From the public form (by=None): only inside the registration window
    (RegistrationClosedError); an address already registered changes nothing and
    gets its personal link again (result.duplicate).

    By staff (by=the user, e.g. a registration taken by phone): from the moment the
    event has a capacity until it starts, whatever the public window says; an
    address already registered is refused (EmailTakenError). The same mails go
    out; the history records who took it and ``note``.

    An event for participants only (Event.participants_only) takes no registration
    from the public form (RegistrationClosedError, code "participants_only"); a
    participating firm's invitation link passes ``invited=True`` (the caller checks
    the firm takes part in the event's round). Staff register anybody as before.

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
            locked = locked_event(event)
            # Read under the lock: the queue order is the order in which requests got it.
            queued_at = timezone.now()
            now = now or queued_at
            if by is None:
                if locked.participants_only and not invited:
                    raise RegistrationClosedError(_(_PARTICIPANTS_ONLY), code="participants_only")
                if not locked.accepts_registrations(now):
                    raise RegistrationClosedError
            else:
                problem = locked.staff_registration_problem(now)
                if problem:
                    raise RegistrationClosedError(problem)
            existing = locked.registrations.with_email(email).first()
            if existing is not None and not existing.is_cancelled:
                if by is not None:
                    raise EmailTakenError(locked.email_problem(email))
                registration_link_resend(registration=existing)
                return RegistrationResult(existing, duplicate=True)
            problem = locked.persons_problem(persons)
            if problem:
                raise CapacityError(problem, code="persons_above_capacity", field="persons")
            queue_empty = not locked.registrations.waitlisted().exists()
            fits = queue_empty and persons <= seats_free(locked)
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
            if by is not None:
                _record(registration, by=by, now=now, note=note)
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
        if by is not None:
            raise EmailTakenError(event.email_problem(email) or _(_EMAIL_TAKEN)) from None
        registration_link_resend(registration=existing)
        return RegistrationResult(existing, duplicate=True)


def registration_correct(*, registration, by, note="", now=None, **changes):
    """Staff correct a registration's data (CORRECTABLE_FIELDS) and the history records it.

    Under the event's lock: an address of another registration of the event is
    refused (EmailTakenError, a cancelled one too: the address is unique per
    event); more persons than the event holds, or, for a confirmed registration,
    more than the free seats, are refused (CapacityError). Fewer persons move the
    waiting list up. Values equal to the stored ones are no change; with no change
    nothing is written. The caller's instance gets the new values.
    """
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise TypeError(f"registration_correct cannot change {unknown}")
    if "email" in changes:
        changes["email"] = changes["email"].strip()
    now = now or timezone.now()
    with transaction.atomic():
        event = locked_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.event = event
        diff = {
            name: [getattr(current, name), value]
            for name, value in changes.items()
            if getattr(current, name) != value
        }
        if not diff:
            return CorrectionResult(current)
        if "email" in diff:
            problem = event.email_problem(changes["email"], current)
            if problem:
                raise EmailTakenError(problem)
        if "persons" in diff:
            problem = current.persons_problem(changes["persons"])
            if problem:
                raise CapacityError(problem, code="persons", field="persons")
        for name, (_old, new) in diff.items():
            setattr(current, name, new)
        fields = list(diff)
        if "email" in diff:
            current.email_key = normalise_email(current.email)
            fields.append("email_key")
        try:
            with transaction.atomic():
                current.save(update_fields=fields)
        except IntegrityError:  # a writer without the event lock took the address
            raise EmailTakenError(_(_EMAIL_TAKEN)) from None
        _record(current, by=by, now=now, changes=diff, note=note)
        promoted = promote_waitlisted(event, now) if "persons" in diff else []
        for name in fields:
            setattr(registration, name, getattr(current, name))
        return CorrectionResult(current, diff, promoted)


def registration_link_resend(*, registration):
    """Send the personal link again (after a second registration attempt), once an hour."""
    if link_resend_allowed(registration, "registration_link"):
        with transaction.atomic():
            send_registration_link(registration)


def registration_link_send(*, registration, by, now=None):
    """Staff send the personal link to the registration's current address, recorded.

    No hourly limit: that one stops strangers from flooding an address through the
    public form; staff confirm each sending and it stands in the history.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = Registration.objects.select_related("event__round").get(pk=registration.pk)
        send_registration_link(current, reason="sent")
        note = _("Persönlichen Link an %(email)s gesendet.") % {"email": current.email}
        _record(current, by=by, now=now, note=note)
        return current


def registration_link_reissue(*, registration, by, now=None):
    """Staff give the registration a new personal link: every link sent before stops
    working (a forwarded or lost e-mail). The new one goes to the current address; the
    history records who did it (the secret itself is never recorded).
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update()
            .select_related("event__round")
            .get(pk=registration.pk)
        )
        registration_link_invalidate(current)
        current.save(update_fields=["link_secret"])
        send_registration_link(current, reason="reissued")
        note = _(
            "Neuen persönlichen Link an %(email)s gesendet; der bisherige Link gilt nicht mehr."
        ) % {"email": current.email}
        _record(current, by=by, now=now, note=note)
        registration.link_secret = current.link_secret
        return current


def registration_cancel(*, registration, by=None, now=None):
    """Cancel a registration and move the waiting list up in order.

    The company (by=None) may cancel only until the event starts
    (Registration.is_cancellable); staff (by=the user) may cancel later too, but
    then nobody moves up, and the history records who cancelled. The queue moves
    after every cancel, a waiting one's too: the head of the queue may be the one
    that did not fit. Cancelling a cancelled registration changes nothing. Returns
    the registrations that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = locked_event(registration.event)
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
        before = current.status
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        if by is not None:
            _record(current, by=by, now=now, changes={"status": [before, current.status]})
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        send_registration_cancelled(current)
        return promote_waitlisted(event, now)


def registration_attendance_set(*, registrations, attended, by, now=None):
    """Staff mark confirmed registrations as attended (True), not attended (False) or
    unknown (None); the history records each change and who made it.

    Waitlisted and cancelled registrations are left alone. Returns how many changed.
    """
    now = now or timezone.now()
    changed = 0
    with transaction.atomic():
        pks = [registration.pk for registration in registrations]
        locked = Registration.objects.select_for_update().filter(
            pk__in=pks, status=RegistrationStatus.CONFIRMED
        )
        for registration in locked:
            before = registration.attended
            if before is attended:
                continue
            registration.attended = attended
            registration.save(update_fields=["attended"])
            _record(registration, by=by, now=now, changes={"attended": [before, attended]})
            changed += 1
    return changed
