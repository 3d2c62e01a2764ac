"""/healthz for a load balancer or a monitor: database, cache and the outbox's backlog.

200 while the database answers, 503 when it does not. A cache that does not answer is
reported ("degraded") but keeps the 200: every server shares the one Redis, so a 503
would take all of them out of rotation at once, while the forms still work (the
submission limit then lets them through uncounted, see digiscouts.abuse). The backlog
(e-mails due and how long the longest-waiting one has waited for the worker) is
reported too and never takes a server out: a stalled worker is for the monitor.
No session, no CSRF, no personal data; one database query and three cache calls.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from post_office.models import Email

from .outbox import SENDABLE

logger = logging.getLogger(__name__)

OK, ERROR, DEGRADED = "ok", "error", "degraded"


def outbox_backlog(now):
    """E-mails due now and the seconds the longest-waiting one has been due (one query)."""
    due = Email.objects.filter(
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now), status__in=SENDABLE
    ).aggregate(count=Count("pk"), since=Min(Coalesce("scheduled_time", "created")))
    waited = (now - due["since"]).total_seconds() if due["since"] is not None else 0
    return {"due": due["count"], "oldest_due_seconds": max(0, int(waited))}


def _cache_answers():
    # A key of its own per call: checks of several servers never read each other's value.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception:  # any backend's "cannot reach" (redis.ConnectionError, OSError, ...)
        return False
    return answered


@never_cache
@require_safe
def healthz(request):
    # The backlog query doubles as the database check.
    try:
        backlog = outbox_backlog(timezone.now())
    except DatabaseError:
        backlog = None
    checks = {
        "database": OK if backlog is not None else ERROR,
        "cache": OK if _cache_answers() else ERROR,
    }
    serving = checks["database"] == OK
    healthy = serving and checks["cache"] == OK
    status = OK if healthy else DEGRADED if serving else ERROR
    response = JsonResponse(
        {"status": status, **checks, "outbox": backlog}, status=200 if serving else 503
    )
    if not healthy:
        # One warning naming the failed check, instead of Django's ERROR line per probe.
        logger.warning("Health check failed: %s", ", ".join(f"{k} {v}" for k, v in checks.items()))
        response._has_been_logged = True
    return response
