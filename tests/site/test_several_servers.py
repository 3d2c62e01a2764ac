"""Two gunicorn servers on one PostgreSQL and one Redis, as behind a load balancer."""

import json
import runpy
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config

from events.choices import RegistrationStatus
from events.models import Registration
from tests.concurrency import postgres_only
from tests.events.helpers import form_data
from tests.factories import open_event

from .servers import (
    ROOT,
    Browser,
    csrf_token,
    database_url,
    gunicorn_servers,
    manage,
    production_environment,
    redis_url_or_skip,
)

REGISTRATIONS = 200
SEATS = 50


def _register(n, form_url, done_url, bases):
    """One company: form from one server, post to the other, thank-you page from the first.

    The CSRF cookie and the session cross servers, as behind a load balancer.
    """
    first, second = bases[n % 2], bases[(n + 1) % 2]
    browser = Browser()
    status, html = browser.get(first + form_url)
    assert status == 200, html
    data = form_data(
        company=f"Firma {n}",
        email=f"firma{n}@example.org",
        csrfmiddlewaretoken=csrf_token(html),
    )
    posted = browser.post(second + form_url, data)
    shown = browser.get(first + done_url)
    return posted, shown


@pytest.mark.django_db(transaction=True)
@postgres_only("several app servers share one PostgreSQL database")
def test_two_gunicorn_servers_200_registrations_for_50_seats_confirm_exactly_50(tmp_path):
    redis_url = redis_url_or_skip()
    event = open_event(capacity=SEATS)
    kwargs = {"slug": event.round.slug, "pk": event.pk}
    form_url = reverse("events:registration_form", kwargs=kwargs)
    done_url = reverse("events:registration_done", kwargs=kwargs)
    env = production_environment(
        database_url=database_url(), cache_url=redis_url, static_root=tmp_path / "static"
    )
    manage(env, "collectstatic", "--noinput")

    with gunicorn_servers(env, count=2, workers=3, log_dir=tmp_path) as bases:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=24) as pool:
            outcomes = list(
                pool.map(
                    lambda n: _register(n, form_url, done_url, bases),
                    range(REGISTRATIONS),
                )
            )
        elapsed = time.perf_counter() - started

    posts = [posted for posted, _ in outcomes]
    pages = [page for _, (_, page) in outcomes]
    registrations = Registration.objects.filter(event=event)
    waitlisted = registrations.filter(status=RegistrationStatus.WAITLISTED)
    print(f"{REGISTRATIONS} registrations across two servers in {elapsed:.1f} s")
    assert posts == [(302, done_url)] * REGISTRATIONS
    assert [status for _, (status, _) in outcomes] == [200] * REGISTRATIONS
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == SEATS
    assert waitlisted.count() == REGISTRATIONS - SEATS
    assert event.registrations.seats_taken() == SEATS
    assert sorted(r.waitlist_position() for r in waitlisted) == list(range(1, 151))
    # The thank-you page reads the same for everyone (the status goes by e-mail); it
    # names the address typed, remembered in the session across both servers.
    assert [
        f"Link ist an firma{n}@example.org unterwegs." in page for n, page in enumerate(pages)
    ] == [True] * REGISTRATIONS


def test_gunicorn_access_log_is_one_json_line_without_token_address_or_query(monkeypatch, capsys):
    monkeypatch.setenv("LOG_FORMAT", "text")  # gunicorn's own handlers, not the process's
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for name, value in conf.items():
        if name in config.settings:
            config.set(name, value)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/anmeldung/12:Xy3-abcdefghijklmnopqrstuvwxyz0/stornieren/",
        "QUERY_STRING": "email=erika@example.org",
        "REMOTE_ADDR": "192.0.2.7",
    }
    response = SimpleNamespace(status="200 OK", sent=1234)

    conf["JsonAccessLog"](config).access(response, None, environ, timedelta(milliseconds=42))

    line = json.loads(capsys.readouterr().out.strip())
    assert {key: line[key] for key in ("logger", "method", "path", "status", "bytes")} == {
        "logger": "gunicorn.access",
        "method": "GET",
        "path": "/anmeldung/[token]/stornieren/",
        "status": 200,
        "bytes": 1234,
    }
    assert line["duration_ms"] == 42.0
    assert "192.0.2.7" not in json.dumps(line)
