"""/healthz: what a load balancer and a monitor read."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.utils import timezone
from post_office.models import STATUS, Email

from digiscouts import outbox
from digiscouts.health import outbox_backlog
from tests.smtp import free_port

from .database_down import database_unreachable

pytestmark = pytest.mark.django_db


def queued_mail(settings, *, status=STATUS.queued, created=None, scheduled_time=None):
    """An outbox row written as the portal writes it, then moved to the given state."""
    settings.OUTBOX_SEND_AT_ONCE = False
    email = outbox.enqueue(
        EmailMessage("Betreff", "Text", "portal@example.org", ["firma@example.org"]), name="test"
    )
    Email.objects.filter(pk=email.pk).update(
        status=status, created=created or timezone.now(), scheduled_time=scheduled_time
    )
    return email


def test_health_all_ok_answers_200_with_the_outbox_backlog(client, settings):
    now = timezone.now()
    queued_mail(settings, created=now - timedelta(hours=1))
    queued_mail(settings, status=STATUS.requeued, scheduled_time=now - timedelta(minutes=5))
    queued_mail(settings, status=STATUS.requeued, scheduled_time=now + timedelta(minutes=5))
    queued_mail(settings, status=STATUS.sent, created=now - timedelta(days=2))
    queued_mail(settings, status=STATUS.failed, created=now - timedelta(days=2))

    response = client.get("/healthz")

    body = json.loads(response.content)
    waited = body["outbox"].pop("oldest_due_seconds")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body == {"status": "ok", "database": "ok", "cache": "ok", "outbox": {"due": 2}}
    assert 3600 <= waited < 3660  # the clock moved on while the test ran


def test_health_backlog_counts_due_mails_and_the_longest_wait(settings):
    now = timezone.now()
    queued_mail(settings, created=now - timedelta(minutes=10))
    queued_mail(
        settings,
        status=STATUS.requeued,
        created=now - timedelta(days=1),
        scheduled_time=now - timedelta(minutes=30),
    )
    queued_mail(settings, scheduled_time=now + timedelta(seconds=1))

    assert outbox_backlog(now) == {"due": 2, "oldest_due_seconds": 1800}


def test_health_empty_outbox_has_no_backlog():
    assert outbox_backlog(timezone.now()) == {"due": 0, "oldest_due_seconds": 0}


def test_health_costs_one_query(client, settings, django_assert_num_queries):
    for _ in range(5):
        queued_mail(settings)

    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200


def test_health_needs_no_session_csrf_or_login_and_sets_no_cookie():
    response = Client(enforce_csrf_checks=True).get("/healthz")

    assert response.status_code == 200
    assert list(response.cookies) == []
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_health_refuses_post():
    assert Client().post("/healthz").status_code == 405


def test_health_without_database_answers_503(client, caplog):
    with caplog.at_level(logging.INFO), database_unreachable():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "error",
        "cache": "ok",
        "outbox": None,
    }
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("digiscouts.health", "WARNING", "Health check failed: database error, cache ok")
    ]


def test_health_without_cache_stays_in_rotation_as_degraded(client, settings):
    # A Redis that does not answer: a closed port on this machine. Put back before the
    # end of the test, when tests/conftest.py clears the cache.
    answering = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }

    try:
        response = client.get("/healthz")
    finally:
        settings.CACHES = answering

    body = json.loads(response.content)
    assert response.status_code == 200
    assert (body["status"], body["database"], body["cache"]) == ("degraded", "ok", "error")
