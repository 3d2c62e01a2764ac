"""Protection of public forms: a honeypot field and a per-client submission limit."""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS

from .outbox import emails_for

HONEYPOT_FIELD = "website_url"

logger = logging.getLogger(__name__)


class HoneypotFormMixin(forms.Form):
    """A field people never see; bots that fill it are refused without a hint."""

    over_limit = False  # set by public_form_valid

    website_url = forms.CharField(
        required=False,
        label=_("Bitte leer lassen"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def honeypot_filled(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))

    def refuse_as_bot(self):
        """Show the form again with a neutral error; keep what was typed, empty the trap.

        A person whose browser filled the hidden field by autofill can simply send again.
        """
        self.data = self.data.copy()
        self.data[self.add_prefix(HONEYPOT_FIELD)] = ""
        self.add_error(
            None,
            _("Ihre Angaben konnten nicht verarbeitet werden. Bitte versuchen Sie es erneut."),
        )


LINK_RESEND_INTERVAL = 60 * 60


def link_resend_allowed(record, mail):
    """True unless ``mail`` went to this record within the hour: no flooding a contact.

    Asked of the outbox, so every app server gives the same answer, and an e-mail that
    could not be delivered (failed) does not count: the next attempt sends the link.
    A queued one counts: it goes out as soon as the mail server answers.
    """
    since = timezone.now() - timedelta(seconds=LINK_RESEND_INTERVAL)
    recent = emails_for(record).filter(context__mail=mail, created__gte=since)
    return not recent.exclude(status=STATUS.failed).exists()


def client_key(request):
    # Behind our proxy, REMOTE_ADDR is the proxy. Its X-Forwarded-For entry is the
    # last one; earlier entries come from the client and can be forged.
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _count_submission(key):
    """Add one to the count under ``key`` and return the new count, in one step.

    Never read-then-write: ``add`` creates the key only when it is missing (Redis
    SET NX) and ``incr`` adds on the cache server (django-redis: INCRBY on an existing
    key), so concurrent requests on any worker or server each get a count of their own.
    The window starts with the first submission. When the key expires between a failed
    ``add`` and the ``incr``, the next ``add`` starts a new window.
    """
    for _attempt in range(3):
        if cache.add(key, 1, timeout=settings.SUBMISSION_LIMIT_WINDOW):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: start the window again
            continue
    return 1  # the key kept vanishing: count this one as the first


def submission_limit_exceeded(request, scope):
    """Count one submission of this client in scope; True once over the limit.

    A cache that cannot be reached lets the submission through (and says so in the
    log): the limit only fends off floods, and a company must be able to register
    while Redis restarts. /healthz reports the cache to the load balancer.
    """
    key = f"submissions:{scope}:{client_key(request)}"
    try:
        count = _count_submission(key)
    except Exception:  # each cache backend raises its own connection errors
        logger.warning("Submission limit not counted: the cache does not answer.", exc_info=True)
        return False
    return count > settings.SUBMISSION_LIMIT


def submission_over_limit(request, form, scope):
    """Count a posted form against the client's limit; True once over it.

    Only forms that would be stored count, and honeypot hits: a person correcting
    mistakes is never refused.
    """
    counts = form.honeypot_filled() or form.is_valid()
    return counts and submission_limit_exceeded(request, scope)


def public_form_valid(request, form, scope):
    """The one POST sequence of every public form: limit, honeypot, validation.

    Over the client's limit, the form is marked (form.over_limit) and not stored:
    the view shows it again, everything typed kept, with status 429 (form_status)
    and the round's contact. A filled honeypot shows the form again with the
    input kept. True when the form may be stored.
    """
    if submission_over_limit(request, form, scope):
        form.over_limit = True
        return False
    if form.honeypot_filled():
        form.refuse_as_bot()
        return False
    return form.is_valid()


def form_status(form):
    """The HTTP status of a page showing ``form``: 429 once the client is over its limit."""
    return 429 if getattr(form, "over_limit", False) else 200
