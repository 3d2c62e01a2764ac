"""The outbox: every e-mail is a row, written in the transaction of the change that causes it.

The rows are django-post-office's Email (with its Log of attempts and its
attachments, kept in the database by digiscouts.outbox_storage). Sending is ours,
because post-office's own sender guards against a second worker only with a lock
file on one machine: here a worker claims one row at a time with SELECT … FOR
UPDATE SKIP LOCKED and keeps the lock while it talks to the mail server, so two
workers (on any number of machines, one PostgreSQL) never hold the same row.

What SMTP itself cannot rule out: a worker killed after the server accepted the
message but before its commit leaves the row queued, and the next worker sends it
again. Nothing else sends an e-mail twice.

Retries: a refused message is tried again with a doubling delay, up to
OUTBOX_MAX_ATTEMPTS; an unreachable mail server is not the message's fault: the
batch stops, the message stays queued without using up an attempt, and everything
goes out once the server answers.
"""

import logging
import smtplib
from collections import Counter
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import STATUS, Attachment, Email, Log

logger = logging.getLogger(__name__)

SENDABLE = (STATUS.queued, STATUS.requeued)
SENT, REQUEUED, FAILED, SERVER_DOWN = "sent", "requeued", "failed", "server_down"


def record_label(obj):
    """How an outbox row names the record it belongs to: "events.registration:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def emails_for(obj):
    """The outbox rows of one record (a registration, an application), newest first."""
    return Email.objects.filter(context__record=record_label(obj)).order_by("-created", "-pk")


def _context(name, record):
    return {"mail": name, "record": record_label(record) if record is not None else ""}


def _html_of(message):
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            return content
    return ""


def enqueue(message, *, name, record=None):
    """Write a rendered message to the outbox inside the caller's transaction.

    ``name`` says which e-mail it is (the template name), ``record`` the registration or
    application it belongs to. The worker sends it after the commit; with
    OUTBOX_SEND_AT_ONCE (the demo and most tests) it is sent right after the commit.
    """
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers["Reply-To"] = ", ".join(message.reply_to)
    email = Email(
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        bcc=message.bcc,
        subject=message.subject,
        message=message.body,
        html_message=_html_of(message),
        headers=headers or None,
        status=STATUS.queued,
        number_of_retries=0,
        context=_context(name, record),
    )
    email.save()  # post-office validates the addresses here
    for filename, content, mimetype in message.attachments:
        if isinstance(content, str):
            content = content.encode()
        attachment = Attachment(name=filename, mimetype=mimetype or "")
        attachment.file.save(filename, ContentFile(content), save=True)
        attachment.emails.add(email)
    if settings.OUTBOX_SEND_AT_ONCE:
        transaction.on_commit(partial(deliver_due, pks=[email.pk]))
    return email


def record_failure(*, name, to, record=None, reason, exception_type=""):
    """Keep an e-mail that could not even be written (template or address broken) as failed.

    Staff see it in the outbox with the reason; the change that caused it goes on.
    """
    email = Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        subject=name,
        status=STATUS.failed,
        number_of_retries=0,
        context=_context(name, record),
    )
    # bulk_create skips post-office's full_clean(), which would refuse a broken address.
    (email,) = Email.objects.bulk_create([email])
    Log.objects.create(
        email=email, status=STATUS.failed, message=reason, exception_type=exception_type
    )
    return email


def _server_unavailable(exc):
    """True when the mail server could not be reached, not when it refused this message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code in (421,)  # "service not available, closing channel"
    return isinstance(exc, OSError)  # refused, timed out, disconnected, DNS


def retry_delay(attempt):
    """Seconds before attempt + 1: doubling from OUTBOX_RETRY_SECONDS, at most a day."""
    return min(settings.OUTBOX_RETRY_SECONDS * 2 ** (attempt - 1), 24 * 60 * 60)


def _claim(pks, now):
    rows = Email.objects.select_for_update(skip_locked=True).filter(
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now), status__in=SENDABLE
    )
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.order_by("scheduled_time", "pk").first()


def _note(email, status, exc=None):
    Log.objects.create(
        email=email,
        status=status,
        message=str(exc) if exc is not None else "",
        exception_type=type(exc).__name__ if exc is not None else "",
    )


def _send(email, connection, now):
    try:
        connection.send_messages([email.prepare_email_message()])
    except Exception as exc:
        _note(email, STATUS.failed, exc)
        if _server_unavailable(exc):
            # Not the message's fault: try again soon, without using up an attempt.
            delay, outcome = settings.OUTBOX_SERVER_RETRY_SECONDS, SERVER_DOWN
            status, attempts = STATUS.requeued, email.number_of_retries or 0
        else:
            attempts = (email.number_of_retries or 0) + 1
            outcome = REQUEUED if attempts < settings.OUTBOX_MAX_ATTEMPTS else FAILED
            status = STATUS.requeued if outcome == REQUEUED else STATUS.failed
            delay = retry_delay(attempts)
        # The reason is in the row's Log for staff; a refusal's text names the address.
        logger.warning("E-mail %s not sent (%s): %s", email.pk, outcome, type(exc).__name__)
        Email.objects.filter(pk=email.pk).update(
            status=status,
            number_of_retries=attempts,
            scheduled_time=now + timedelta(seconds=delay) if status != STATUS.failed else None,
            last_updated=now,
        )
        return outcome
    Email.objects.filter(pk=email.pk).update(status=STATUS.sent, last_updated=timezone.now())
    _note(email, STATUS.sent)
    return SENT


def deliver_due(*, pks=None, limit=None, now=None):
    """Send the due e-mails (or only ``pks``), one claimed row per transaction.

    Returns a Counter of outcomes. Stops early when the mail server is unreachable.
    """
    results = Counter()
    connection = get_connection()
    try:
        while limit is None or sum(results.values()) < limit:
            with transaction.atomic():
                email = _claim(pks, now or timezone.now())
                if email is None:
                    break
                outcome = _send(email, connection, now or timezone.now())
            results[outcome] += 1
            if outcome == SERVER_DOWN:
                break
    finally:
        connection.close()
    return results


def requeue(emails):
    """Staff send again: failed or waiting e-mails go back to the queue, attempts reset."""
    return (
        Email.objects.filter(pk__in=[email.pk for email in emails])
        .exclude(status=STATUS.sent)
        .update(
            status=STATUS.queued,
            scheduled_time=None,
            number_of_retries=0,
            last_updated=timezone.now(),
        )
    )


# --- Data protection: the e-mails of records whose personal data is deleted -------------

# What an erased e-mail's subject reads in the admin (the row itself stays, see below).
ERASED_SUBJECT = "(anonymisiert)"
# Records per query: well below the bound variables any database allows.
_BATCH = 500


def emails_of(records):
    """The outbox rows of several records (registrations, applications)."""
    return Email.objects.filter(context__record__in=[record_label(obj) for obj in records])


def emails_erase(records):
    """Delete what the e-mails of ``records`` said and to whom; returns how many there were.

    Recipients, subject, texts, headers, the reasons of failed attempts and the
    attachments go. The rows stay with which mail it was, when and its state, so that
    the outbox still counts them; a mail not sent yet is marked failed, so that no
    worker sends an empty message. Runs in the caller's transaction.
    """
    records = list(records)
    erased = 0
    for start in range(0, len(records), _BATCH):
        pks = list(emails_of(records[start : start + _BATCH]).values_list("pk", flat=True))
        if not pks:
            continue
        for attachment in Attachment.objects.filter(emails__pk__in=pks).distinct():
            attachment.file.delete(save=False)
            attachment.delete()
        Log.objects.filter(email_id__in=pks).update(message="")
        Email.objects.filter(pk__in=pks, status__in=SENDABLE).update(
            status=STATUS.failed, scheduled_time=None
        )
        erased += Email.objects.filter(pk__in=pks).update(
            to="",
            cc="",
            bcc="",
            subject=ERASED_SUBJECT,
            message="",
            html_message="",
            headers=None,
            last_updated=timezone.now(),
        )
    return erased
