"""Protection of public forms: a honeypot field and a per-client submission limit."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website_url"


class HoneypotFormMixin(forms.Form):
    """A field people never see; bots that fill it are refused without a hint."""

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


def link_resend_allowed(kind, pk):
    """True at most once an hour per object: repeated attempts cannot flood a contact."""
    return cache.add(f"link-resent:{kind}:{pk}", True, timeout=LINK_RESEND_INTERVAL)


def client_key(request):
    # Behind our proxy, REMOTE_ADDR is the proxy. Its X-Forwarded-For entry is the
    # last one; earlier entries come from the client and can be forged.
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def submission_limit_exceeded(request, scope):
    """Count one submission of this client in scope; True once over the limit."""
    key = f"submissions:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=settings.SUBMISSION_LIMIT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SUBMISSION_LIMIT_WINDOW)
        count = 1
    return count > settings.SUBMISSION_LIMIT


def submission_over_limit(request, form, scope):
    """Count a posted form against the client's limit; True once over it.

    Only forms that would be stored count, and honeypot hits: a person correcting
    mistakes is never refused.
    """
    counts = form.honeypot_filled() or form.is_valid()
    return counts and submission_limit_exceeded(request, scope)


class TooManySubmissions(Exception):
    """The client is over its submission limit; answered with the 429 page."""


def public_form_valid(request, form, scope):
    """The one POST sequence of every public form: limit, honeypot, validation.

    Raises TooManySubmissions once the client is over its limit (the middleware
    below shows the 429 page). A filled honeypot shows the form again with the
    input kept. True when the form may be stored.
    """
    if submission_over_limit(request, form, scope):
        raise TooManySubmissions
    if form.honeypot_filled():
        form.refuse_as_bot()
        return False
    return form.is_valid()


class TooManySubmissionsMiddleware:
    """Turns TooManySubmissions from any view into the German 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManySubmissions):
            return render(request, "429.html", status=429)
        return None
