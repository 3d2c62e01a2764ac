"""Logs: one JSON object a line on stdout, nothing personal in them; the error reporter."""

import io
import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from digiscouts.error_reporting import scrub_event
from digiscouts.logging import (
    JsonFormatter,
    PersonalDataFilter,
    TextFormatter,
    gunicorn_logconfig_dict,
    scrub,
)
from events.links import registration_manage_url, registration_token
from tests.factories import RegistrationFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Mail an erika.muster+info@firma-x.de ging raus", "Mail an [email] ging raus"),
        ("to=['a@b.de', 'c.d@e.co.uk']", "to=['[email]', '[email]']"),
        ("GET /suche?mail=erika%40firma.de", "GET /suche?mail=[email]"),
        ("Rückruf unter 02361 / 53-2129 erbeten", "Rückruf unter [phone] erbeten"),
        ("Tel. +49 2361 532129, mobil 0171 1234567", "Tel. [phone], mobil [phone]"),
        ("Tel.: (02361) 98765", "Tel.: ([phone]"),
        (
            "Not Found: /anmeldung/12:kV2JKyE5fbpqzvN3rD7HxWg8TY4sLmAcQ0uNeFiOj1Z/",
            "Not Found: /anmeldung/12:[signature]/",
        ),
        (
            "DETAIL:  Key (round_id, normalised_company_name, municipality)="
            "(3, müller (söhne) gmbh, Marl) already exists.",
            "DETAIL:  Key (round_id, normalised_company_name, municipality)=[values] "
            "already exists.",
        ),
        (
            'Key (event_id)=(7) is not present in table "events_event".',
            'Key (event_id)=[values] is not present in table "events_event".',
        ),
        ("Key (contact_email_key)=(a) b@c.de)", "Key (contact_email_key)=[values]"),
    ],
)
def test_logging_scrub_replaces_personal_data(text, scrubbed):
    assert scrub(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "E-mail 12345 not sent (requeued): SMTPRecipientsRefused",
        "took 0.123456 s",
        "round 2025-04-15 to 15.04.2025, 10:05",
        "connection to server at 127.0.0.1, port 5432 failed",
        "Postleitzahl 01067",
        "ValueError: invalid literal for int() with base 10: 'x'",
        "events.registration:17",
    ],
)
def test_logging_scrub_keeps_what_is_not_personal(text):
    assert scrub(text) == text


@pytest.mark.django_db
def test_logging_personal_link_loses_its_signature():
    registration = RegistrationFactory()
    url = registration_manage_url(registration)
    signature = registration_token(registration).rsplit(":", 1)[1]

    line = scrub(f"Not Found: {url}")

    assert line == f"Not Found: {url.replace(signature, '[signature]')}"


def log_line(formatter, *args, exc=None, **extra):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.logging")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        if exc is None:
            logger.warning(*args, extra=extra)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(*args, extra=extra)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


def test_logging_json_is_one_object_a_line_without_personal_data():
    output = log_line(
        JsonFormatter(),
        "Anmeldung von %s (%s)",
        "erika@example.org",
        "0171 1234567",
        status_code=400,
        contact="erika@example.org",
    )

    (line,) = output.splitlines()
    record = json.loads(line)
    assert record.pop("time").endswith("+00:00")
    assert record == {
        "level": "WARNING",
        "logger": "tests.logging",
        "message": "Anmeldung von [email] ([phone])",
        "status_code": 400,
        "contact": "[email]",
    }


def test_logging_json_traceback_is_scrubbed_and_on_the_same_line():
    output = log_line(
        JsonFormatter(), "Mail failed", exc=ValueError("bad address erika@example.org")
    )

    (line,) = output.splitlines()
    record = json.loads(line)
    assert record["message"] == "Mail failed"
    assert record["exc_info"].endswith("ValueError: bad address [email]")


def test_logging_json_leaves_out_django_request_object(rf):
    output = log_line(JsonFormatter(), "Not Found: /x/", request=rf.get("/x/"), status_code=404)

    assert set(json.loads(output)) == {"time", "level", "logger", "message", "status_code"}


def test_logging_text_format_is_readable_and_scrubbed():
    output = log_line(
        TextFormatter("%(levelname)s %(name)s: %(message)s"), "An %s", "erika@example.org"
    )

    assert output == "WARNING tests.logging: An [email]\n"


def settings_under(monkeypatch, **variables):
    for name in ("DEBUG", "LOG_FORMAT", "SENTRY_DSN", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "digiscouts" / "settings.py"))


@pytest.mark.parametrize(
    ("variables", "log_format"),
    [
        ({}, "json"),
        ({"DEBUG": "true"}, "text"),
        ({"DEBUG": "true", "LOG_FORMAT": "json"}, "json"),
        ({"LOG_FORMAT": "text"}, "text"),
    ],
)
def test_logging_format_is_json_unless_debug_or_chosen(monkeypatch, variables, log_format):
    settings = settings_under(monkeypatch, **variables)

    handler = settings["LOGGING"]["handlers"]["stdout"]
    assert (settings["LOG_FORMAT"], handler["formatter"], handler["stream"]) == (
        log_format,
        log_format,
        "ext://sys.stdout",
    )


def test_logging_unknown_format_stops_start_up(monkeypatch):
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of"):
        settings_under(monkeypatch, LOG_FORMAT="xml")


def run_python(code, **variables):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "LOG_FORMAT", "SENTRY_DSN")},
        "SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "digiscouts.settings",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_logging_portal_writes_json_lines_to_stdout_django_loggers_included():
    result = run_python(
        "from django.conf import settings\n"
        "from django.utils.log import configure_logging\n"
        "configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)\n"
        "import logging\n"
        "logging.getLogger('digiscouts.emails').warning('Mail an %s', 'erika@example.org')\n"
        "logging.getLogger('django.request').error('Internal Server Error: /x/')\n"
    )

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["level"], r["logger"], r["message"]) for r in lines] == [
        ("WARNING", "digiscouts.emails", "Mail an [email]"),
        ("ERROR", "django.request", "Internal Server Error: /x/"),
    ]
    assert result.stderr == ""


def test_logging_gunicorn_config_writes_its_messages_as_json_and_access_lines_as_they_are():
    config = gunicorn_logconfig_dict(level="INFO")

    assert config["loggers"] == {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    }
    assert config["handlers"]["access"]["formatter"] == "raw"
    assert config["handlers"]["access"]["filters"] == ["personal_data"]


def test_error_reporting_event_is_scrubbed_everywhere():
    event = {
        "message": "Mail an erika@example.org",
        "exception": {"values": [{"type": "ValueError", "value": "Tel. 0171 1234567"}]},
        "breadcrumbs": {"values": [{"message": "GET /anmeldung/3:" + "a" * 43 + "/"}]},
        "level": "error",
        "timestamp": 1700000000,
    }

    assert scrub_event(event) == {
        "message": "Mail an [email]",
        "exception": {"values": [{"type": "ValueError", "value": "Tel. [phone]"}]},
        "breadcrumbs": {"values": [{"message": "GET /anmeldung/3:[signature]/"}]},
        "level": "error",
        "timestamp": 1700000000,
    }


def test_error_reporting_is_off_without_a_dsn_and_keeps_personal_data_at_home_with_one():
    code = (
        "from django.conf import settings\n"
        "settings.SENTRY_DSN  # loads the settings, which start the reporter\n"
        "import sentry_sdk\n"
        "client = sentry_sdk.get_client()\n"
        "options = client.options if client.is_active() else {}\n"
        "print(client.is_active(), options.get('send_default_pii'), "
        "options.get('max_request_body_size'), options.get('include_local_variables'), "
        "options.get('environment'), options.get('release'))\n"
    )

    without = run_python(code)
    with_dsn = run_python(
        code,
        SENTRY_DSN="https://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="digiscouts@1.2.3",
    )

    assert without.stdout == "False None None None None None\n"
    assert with_dsn.stdout == "True False never False staging digiscouts@1.2.3\n"
