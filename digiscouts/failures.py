"""A database that cannot be reached answers 503 with a German page, never a 500.

Where the error surfaces decides how it is caught:

- in a view or while its template renders (almost every request: the session and
  the user are read lazily, on first use in the view): ``process_exception``
  answers before Django logs a 500;
- in another middleware (the staff session check reads the session before the
  view; a session saved on the way out): Django has already turned it into a 500
  at that layer and logged it with its traceback; the ``got_request_exception``
  receiver marks the request and ``__call__`` replaces the response.

The middleware sits just below SecurityMiddleware and the CSP middleware, so the
503 page gets the security headers, and above SessionMiddleware, the first layer
that can touch the database. The page itself is rendered without a request: no
context processor runs, nothing reads the session, the user or a round.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Seconds a client (or a proxy) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 60


def _driver_errors():
    # Errors raised by the drivers themselves, outside Django's wrapper.
    errors = []
    try:
        import psycopg
    except ImportError:
        pass
    else:
        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    import sqlite3

    errors += [sqlite3.OperationalError, sqlite3.InterfaceError]
    return tuple(errors)


UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, *_driver_errors())


def is_database_unavailable(exc):
    """True for errors that mean "the database cannot answer now" (gone, locked, timed out)."""
    return isinstance(exc, UNAVAILABLE_ERRORS)


def service_unavailable_response():
    html = render_to_string("503.html", {"nav_round": None, "messages": ()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # _log() has said why; Django's handler would add an ERROR line for every 503.
    response._has_been_logged = True
    return response


def _log(request, exc):
    # The class and the driver's message (host and port, never a query or its values).
    logger.warning(
        "Database unavailable, answered 503 for %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        " ".join(str(exc).split()),
    )


@receiver(got_request_exception, dispatch_uid="digiscouts.failures.mark_database_failure")
def _mark_database_failure(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and is_database_unavailable(exc):
        request.database_unavailable = exc


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exc = getattr(request, "database_unavailable", None)
        if exc is not None and response.status_code >= 500:
            _log(request, exc)
            return service_unavailable_response()
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            _log(request, exception)
            return service_unavailable_response()
        return None
