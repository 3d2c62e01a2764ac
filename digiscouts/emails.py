"""The one e-mail helper: renders templates/emails/<name>_subject.txt, .txt and .html.

Every mail is rendered in the recipient's language (stored with the registration
or application), never in the language of whoever caused it, and written to the
outbox (digiscouts.outbox) inside the caller's transaction: it exists exactly when
the change that caused it was committed, and a worker sends it. No request waits
for the mail server.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from . import outbox

logger = logging.getLogger(__name__)


def render_mail(name, context, *, to, language, attachments=(), reply_to=()):
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        body = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=[address for address in reply_to if address],
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def queue_mail(name, context, *, to, language, attachments=(), reply_to=(), record=None):
    """Render the mail and put it into the outbox, in the caller's transaction.

    ``record`` is the registration or application the mail belongs to (listed with it
    in the admin). A template or address that fails is kept as a failed row with
    the reason; it never undoes the change that caused it.
    """
    try:
        message = render_mail(
            name, context, to=to, language=language, attachments=attachments, reply_to=reply_to
        )
        with transaction.atomic():  # a refused row leaves the caller's transaction intact
            return outbox.enqueue(message, name=name, record=record)
    except Exception as exc:
        # The record, never the address: log lines carry no personal data.
        logger.exception(
            "E-mail %r for %s could not be written to the outbox",
            name,
            outbox.record_label(record) if record is not None else "no record",
        )
        return outbox.record_failure(
            name=name, to=to, record=record, reason=str(exc), exception_type=type(exc).__name__
        )


# Transitional names, until every caller says queue_mail.
send_mail_on_commit = queue_mail


def send_mail(name, context, *, to, language, attachments=()):
    queue_mail(name, context, to=to, language=language, attachments=attachments)
    return True
