"""Personal links of applications: salt, token and URL (no account needed)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from digiscouts.tokens import make_token, new_link_secret, read_token, secret_matches

from .models import Application

TOKEN_SALT = "applications.application.status"


def application_token(application):
    """The signed token of an application's personal link."""
    return make_token(TOKEN_SALT, application.pk, application.link_secret)


def application_status_url(application):
    """The absolute personal link to the status page, for e-mails: in the company's
    language, whoever sends the mail (staff's admin is German)."""
    with translation.override(application.language):
        path = reverse("applications:status", kwargs={"token": application_token(application)})
    return f"{settings.SITE_URL}{path}"


def application_invitation_url(application, event):
    """The absolute personal link with which a participating firm registers for ``event``."""
    with translation.override(application.language):
        path = reverse(
            "applications:invitation",
            kwargs={"token": application_token(application), "event_pk": event.pk},
        )
    return f"{settings.SITE_URL}{path}"


def application_for_token(token):
    """The application a personal link points to, or None for a foreign, broken or outdated
    link (its secret changed: re-issued by staff, or the personal data deleted)."""
    read = read_token(TOKEN_SALT, token)
    if read is None:
        return None
    pk, secret = read
    found = Application.objects.select_related("round", "info_registration").filter(pk=pk).first()
    if found is None or not secret_matches(found.link_secret, secret):
        return None
    return found


def application_link_invalidate(application):
    """Give the application a new link secret: every personal link sent before stops working.

    Sets the field only; the caller saves it (``update_fields=["link_secret"]``) in its
    transaction. A bulk change of many rows may instead set each row's ``link_secret``
    to ``new_link_secret()`` (or to "", which never opens: no token matches it).
    """
    application.link_secret = new_link_secret()
