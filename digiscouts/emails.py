"""The one e-mail helper: renders templates/emails/<name>_subject.txt, .txt and .html.

Every mail is rendered in the recipient's language (stored with the registration
or application), never in the language of whoever caused it. A failed send is
logged and never rolls back the business change: services call
send_mail_on_commit(), which sends only after the transaction has committed.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render_mail(name, context, *, to, language, attachments=()):
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
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_mail(name, context, *, to, language, attachments=()):
    """Send now; return True on success. Errors are logged, not raised."""
    try:
        render_mail(name, context, to=to, language=language, attachments=attachments).send()
    except Exception:
        logger.exception("Sending e-mail %r to %s failed", name, to)
        return False
    return True


def send_mail_on_commit(name, context, *, to, language, attachments=()):
    transaction.on_commit(
        partial(send_mail, name, context, to=to, language=language, attachments=attachments)
    )
