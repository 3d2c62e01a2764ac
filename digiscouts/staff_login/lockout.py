"""django-axes hooks: which client a login comes from, and the answer once locked out."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext

from digiscouts.abuse import client_key


def client_ip(request):
    """The client address, the same one the public forms' submission limit counts.

    ``digiscouts.abuse.client_key`` honours TRUST_X_FORWARDED_FOR (the proxy's own
    entry, never the forgeable ones); axes stores an IP address, so anything else
    (no REMOTE_ADDR) becomes None.
    """
    try:
        return str(ipaddress.ip_address(client_key(request)))
    except ValueError:
        return None


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message():
    return gettext(
        "Zu viele fehlgeschlagene Anmeldeversuche: Die Anmeldung mit diesem Benutzernamen "
        "ist von Ihrem Zugang aus für %(minutes)d Minuten gesperrt. Bitte versuchen Sie es "
        "danach erneut oder bitten Sie die Administration, die Sperre aufzuheben."
    ) % {"minutes": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """Keep the login page, which already shows the German lock-out message, as a 429.

    The login form (forms.StaffLoginForm) puts the message in place of "wrong password";
    any other path that trips the lock gets the message as plain text.
    """
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    return HttpResponse(
        lockout_message(),
        status=settings.AXES_HTTP_RESPONSE_CODE,
        content_type="text/plain; charset=utf-8",
    )
