"""The e-mails of a registration, written to the outbox through the one e-mail helper.

Templates: templates/emails/registration_<kind>_subject.txt, .txt and .html.
Confirmations carry the event as an .ics file; every mail the personal link.
"""

from django.utils import translation

from digiscouts.emails import queue_mail

from .ics import event_ics
from .links import registration_manage_url

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


def _send(kind, registration, *, with_calendar=False):
    attachments = []
    if with_calendar:
        event = registration.event
        with translation.override(registration.language):  # the file's texts too
            ics = event_ics(event)
        attachments.append((f"digiscouts-termin-{event.pk}.ics", ics, ICS_MIMETYPE))
    queue_mail(
        f"registration_{kind}",
        _context(registration),
        to=[registration.email],
        language=registration.language,
        attachments=attachments,
        reply_to=[registration.event.round.contact_email],
        record=registration,
    )


def send_registration_confirmed(registration):
    _send("confirmed", registration, with_calendar=True)


def send_registration_waitlisted(registration):
    _send("waitlisted", registration)


def send_registration_promoted(registration):
    _send("promoted", registration, with_calendar=True)


def send_registration_cancelled(registration):
    _send("cancelled", registration)


def send_registration_link(registration):
    _send("link", registration)
