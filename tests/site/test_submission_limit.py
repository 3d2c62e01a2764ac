"""The submission limit counts atomically in a shared Redis: exact under concurrency."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from digiscouts.abuse import submission_limit_exceeded
from events.models import Registration
from tests.concurrency import postgres_only, run_concurrently
from tests.events.helpers import form_data
from tests.factories import open_event
from tests.helpers import registration_form_url
from tests.smtp import free_port

from .servers import redis_cache_settings, redis_url_or_skip


@pytest.fixture
def redis_cache(settings):
    """The limit counts in the test Redis database, emptied before and after."""
    settings.CACHES = redis_cache_settings(redis_url_or_skip())
    settings.SUBMISSION_LIMIT = 10
    cache.clear()
    yield
    cache.clear()


def _submission_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_submission_limit_30_at_once_with_redis_lets_exactly_10_through(redis_cache):
    over = run_concurrently(
        [lambda: submission_limit_exceeded(_submission_from("192.0.2.1"), "test")] * 30
    )

    assert over.count(False) == 10
    assert over.count(True) == 20


def test_submission_limit_counts_each_client_and_scope_apart_with_redis(redis_cache, settings):
    settings.SUBMISSION_LIMIT = 1
    first = _submission_from("192.0.2.1")

    outcomes = [
        submission_limit_exceeded(first, "registration"),
        submission_limit_exceeded(first, "registration"),
        submission_limit_exceeded(first, "application"),
        submission_limit_exceeded(_submission_from("192.0.2.2"), "registration"),
    ]

    assert outcomes == [False, True, False, False]


def test_submission_limit_starts_again_after_the_window_with_redis(redis_cache, settings):
    settings.SUBMISSION_LIMIT = 1
    settings.SUBMISSION_LIMIT_WINDOW = 1
    request = _submission_from("192.0.2.1")
    before = [submission_limit_exceeded(request, "test") for _ in range(2)]

    time.sleep(1.1)

    assert before == [False, True]
    assert submission_limit_exceeded(request, "test") is False


@pytest.mark.django_db
def test_public_form_while_the_cache_does_not_answer_is_stored_and_logged(client, settings, caplog):
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")
    event = open_event()

    with caplog.at_level(logging.WARNING, logger="digiscouts.abuse"):
        response = client.post(registration_form_url(event), form_data())

    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
    assert [r.getMessage() for r in caplog.records] == [
        "Submission limit not counted: the cache does not answer."
    ]


@pytest.mark.django_db(transaction=True)
@postgres_only("SQLite serialises all writers, so there is no race to test")
def test_public_form_30_concurrent_posts_with_redis_store_exactly_10(redis_cache):
    url = registration_form_url(open_event(capacity=100))

    def post(n):
        return Client().post(url, form_data(email=f"firma{n}@example.org")).status_code

    statuses = run_concurrently([lambda n=n: post(n) for n in range(30)])

    assert sorted(statuses) == [302] * 10 + [429] * 20
    assert Registration.objects.count() == 10
