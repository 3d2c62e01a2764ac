"""The e-mails of a registration, written to the outbox through the one e-mail helper.

Templates: templates/emails/registration_<kind>_* and event_<kind>_* (.txt, .html and
_subject.txt). Mails to a confirmed registration carry the event as an .ics file with
the online link (the cancellation a cancelling one); every mail the personal link.
"""

from django.utils import translation

from digiscouts.emails import queue_mail, render_mail

from .ics import event_cancel_ics, event_ics
from .links import registration_manage_url
from .models.event_changes import change_lines

ICS_MIMETYPE = "text/calendar"


def _context(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "round": event.round,
        "manage_url": registration_manage_url(registration),
        "waitlist_position": registration.waitlist_position(),
    }


def _mail(name, registration, *, calendar=None, context=None):
    """queue_mail's arguments; ``calendar`` makes the .ics (event_ics, event_cancel_ics)."""
    attachments = []
    event = registration.event
    if calendar is not None:
        with translation.override(registration.language):  # the file's texts too
            ics = calendar(event)
        attachments.append((f"digiscouts-termin-{event.pk}.ics", ics, ICS_MIMETYPE))
    return {
        "name": name,
        "context": {**_context(registration), **(context or {})},
        "to": [registration.email],
        "language": registration.language,
        "attachments": attachments,
        "reply_to": [event.round.contact_email],
    }


def _send(name, registration, **kwargs):
    queue_mail(**_mail(name, registration, **kwargs), record=registration)


def send_registration_confirmed(registration):
    _send("registration_confirmed", registration, calendar=event_ics)


def send_registration_waitlisted(registration):
    _send("registration_waitlisted", registration)


def send_registration_promoted(registration):
    _send("registration_promoted", registration, calendar=event_ics)


def send_registration_cancelled(registration):
    _send("registration_cancelled", registration)


def send_registration_link(registration, *, reason="duplicate"):
    """The personal link again: ``reason`` is "duplicate" (the address registered once
    more on the public form), "sent" (by staff) or "reissued" (a new link by staff)."""
    _send("registration_link", registration, context={"reason": reason})


def _changed(registration, changes):
    with translation.override(registration.language):
        lines = change_lines(changes)
    return _mail("event_changed", registration, calendar=event_ics, context={"changes": lines})


def send_event_changed(registration, changes):
    """Time or place changed ({field: [old, new]}); the .ics updates the calendar entry."""
    queue_mail(**_changed(registration, changes), record=registration)


def preview_event_changed(registration, changes):
    """The change notification as ``registration`` would get it, for staff to read first."""
    return render_mail(**_changed(registration, changes))


def send_event_cancelled(registration):
    _send("event_cancelled", registration, calendar=event_cancel_ics)


def send_event_reminder(registration):
    _send("event_reminder", registration, calendar=event_ics)
