"""Sending an announcement: one outbox row per recipient, and the record of the sending."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.errors import ServiceError

from .mails import send_announcement
from .models import Announcement
from .reminders import is_proposal
from .selectors import announcement_recipients


class NoRecipients(ServiceError):
    code = "no_recipients"


def announcement_send(
    *,
    round_,
    audience,
    subject,
    body,
    by,
    event=None,
    application_status="",
    milestone=None,
    reminder_kind="",
    now=None,
):
    """Write the announcement to every recipient of the audience, in one transaction.

    ``milestone`` chooses the participants of a milestone's audience (still open, or
    behind with it on the Berlin day of ``now``) and is kept with the announcement.
    ``reminder_kind`` (a ReminderKind) is kept only when ``subject`` and ``body`` are that
    reminder's unchanged German proposal: each recipient then gets the proposal in their
    company's language; any other text goes as written to everybody.
    """
    now = now or timezone.now()
    if not is_proposal(
        kind=reminder_kind,
        audience=audience,
        milestone=milestone,
        event=event,
        subject=subject,
        body=body,
    ):
        reminder_kind = ""
    with transaction.atomic():
        recipients = announcement_recipients(
            round_=round_,
            audience=audience,
            event=event,
            application_status=application_status,
            milestone=milestone,
            now=now,
        )
        if not recipients:
            raise NoRecipients(_("Diese Auswahl erreicht niemanden. Es wurde nichts gesendet."))
        announcement = Announcement.objects.create(
            round=round_,
            audience=audience,
            event=event,
            application_status=application_status,
            milestone=milestone,
            reminder_kind=reminder_kind,
            subject=subject,
            body=body,
            sent_by=by,
            sent_at=now,
            recipient_count=len(recipients),
        )
        for recipient in recipients:
            send_announcement(announcement, recipient)
    return announcement
