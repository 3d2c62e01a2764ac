"""Sending an announcement: one outbox row per recipient, and the record of the sending."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.errors import ServiceError

from .mails import send_announcement
from .models import Announcement
from .selectors import announcement_recipients


class NoRecipients(ServiceError):
    code = "no_recipients"


def announcement_send(
    *, round_, audience, subject, body, by, event=None, application_status="", now=None
):
    """Write the announcement to every recipient of the audience, in one transaction."""
    with transaction.atomic():
        recipients = announcement_recipients(
            round_=round_, audience=audience, event=event, application_status=application_status
        )
        if not recipients:
            raise NoRecipients(_("Diese Auswahl erreicht niemanden. Es wurde nichts gesendet."))
        announcement = Announcement.objects.create(
            round=round_,
            audience=audience,
            event=event,
            application_status=application_status,
            subject=subject,
            body=body,
            sent_by=by,
            sent_at=now or timezone.now(),
            recipient_count=len(recipients),
        )
        for recipient in recipients:
            send_announcement(announcement, recipient)
    return announcement
