"""Personal links of applications: salt, token and URL (no account needed)."""

from django.conf import settings
from django.urls import reverse

from digiscouts.tokens import make_token, read_token

from .models import Application

TOKEN_SALT = "applications.application.status"


def application_token(application):
    """The signed token of an application's personal link."""
    return make_token(TOKEN_SALT, application.pk)


def application_status_url(application):
    """The absolute personal link to the status page, for e-mails."""
    path = reverse("applications:status", kwargs={"token": application_token(application)})
    return f"{settings.SITE_URL}{path}"


def application_for_token(token):
    """The application a personal link points to, or None for a foreign or broken link."""
    pk = read_token(TOKEN_SALT, token)
    if pk is None:
        return None
    return Application.objects.select_related("round", "info_registration").filter(pk=pk).first()
