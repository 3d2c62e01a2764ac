"""Personal links of registrations: salt, token and URL (no account needed)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from digiscouts.tokens import make_token, new_link_secret, read_token, secret_matches

from .models import Registration

TOKEN_SALT = "events.registration"


def registration_token(registration):
    """The signed token of a registration's personal link."""
    return make_token(TOKEN_SALT, registration.pk, registration.link_secret)


def registration_manage_url(registration):
    """The absolute personal link, for e-mails, in the registrant's language."""
    with translation.override(registration.language):
        path = reverse("registrations:manage", kwargs={"token": registration_token(registration)})
    return f"{settings.SITE_URL}{path}"


def registration_for_token(token):
    """The registration a personal link points to, or None if tampered, unknown or outdated
    (its secret changed: re-issued by staff, or the personal data deleted)."""
    read = read_token(TOKEN_SALT, token)
    if read is None:
        return None
    pk, secret = read
    found = Registration.objects.select_related("event__round").filter(pk=pk).first()
    if found is None or not secret_matches(found.link_secret, secret):
        return None
    return found


def registration_link_invalidate(registration):
    """Give the registration a new link secret: every personal link sent before stops working.

    Sets the field only; the caller saves it (``update_fields=["link_secret"]``) in its
    transaction. A bulk change of many rows may instead set each row's ``link_secret``
    to ``new_link_secret()`` (or to "", which never opens: no token matches it).
    """
    registration.link_secret = new_link_secret()
