"""Personal links of registrations: salt, token and URL (no account needed)."""

from django.conf import settings
from django.urls import reverse

from digiscouts.tokens import make_token, read_token

from .models import Registration

TOKEN_SALT = "events.registration"


def registration_token(registration):
    """The signed token of a registration's personal link."""
    return make_token(TOKEN_SALT, registration.pk)


def registration_manage_url(registration):
    """The absolute personal link, for e-mails."""
    path = reverse("registrations:manage", kwargs={"token": registration_token(registration)})
    return f"{settings.SITE_URL}{path}"


def registration_for_token(token):
    """The registration a personal link points to, or None if tampered or unknown."""
    pk = read_token(TOKEN_SALT, token)
    if pk is None:
        return None
    return Registration.objects.select_related("event__round").filter(pk=pk).first()
