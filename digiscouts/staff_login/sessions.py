"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

Only logged-in sessions are touched: a public visitor's session holds nothing but what
its form needs and is left alone. The last activity is written at most once a minute,
so a page does not cost a session write per request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext

LAST_ACTIVITY = "staff_last_activity"
RESOLUTION_SECONDS = 60


def idle_seconds():
    return settings.STAFF_SESSION_IDLE_MINUTES * 60


def _mark_active(session, now):
    session[LAST_ACTIVITY] = now
    # The session itself lives twice as long, so the middleware can still see it and
    # tell the user why they were logged out; `clearsessions` removes it afterwards.
    session.set_expiry(2 * idle_seconds())


def start_activity_clock(sender, request, user, **kwargs):
    """user_logged_in receiver: the idle time counts from the login."""
    if request is not None and hasattr(request, "session"):
        _mark_active(request.session, int(time.time()))


class StaffSessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        if SESSION_KEY not in session:  # not logged in
            return
        now = int(time.time())
        last = session.get(LAST_ACTIVITY)
        if last is not None and now - last > idle_seconds():
            logout(request)
            messages.info(
                request,
                gettext(
                    "Sie wurden nach %(minutes)d Minuten ohne Aktivität abgemeldet. "
                    "Bitte melden Sie sich erneut an."
                )
                % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES},
            )
        elif last is None or now - last >= RESOLUTION_SECONDS:
            _mark_active(session, now)
