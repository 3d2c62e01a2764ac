"""Failures the visitor sees politely: a database that cannot be reached (503), and
text garbled on its way (invalid UTF-8), refused next to the field."""

import logging
import socket
import time
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.handlers.exception import convert_exception_to_response
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse

from applications.models import Application
from digiscouts.failures import DatabaseUnavailableMiddleware, service_unavailable_response
from digiscouts.forms import EmailField
from events.models import Registration
from tests.concurrency import postgres_only
from tests.events.helpers import form_data as registration_form_data
from tests.factories import application_form_data, open_event, open_round
from tests.factories.applications import staff_member
from tests.helpers import (
    application_form_url,
    field_errors,
    main_content,
    registration_form_url,
    text_of,
)

from .database_down import database_unreachable

pytestmark = pytest.mark.django_db

UNAVAILABLE_PAGE = (
    "Vorübergehend nicht erreichbar "
    "Das Digiscouts-Portal ist wegen einer technischen Störung für kurze Zeit nicht "
    "erreichbar. "
    "Bitte versuchen Sie es in ein paar Minuten erneut. Haben Sie gerade ein Formular "
    "abgeschickt, senden Sie es bitte dann noch einmal – es sei denn, Sie haben schon eine "
    "Bestätigung per E-Mail erhalten. "
    "Wenn die Störung länger anhält, wenden Sie sich bitte an den Fachdienst Wirtschaft des "
    "Kreises Recklinghausen."
)
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
INVALID_CHARACTERS = (
    "Die Eingabe enthält ungültige Zeichen (\ufffd). "
    "Bitte prüfen Sie sie und tippen Sie die betroffenen Stellen neu ein."
)


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == NEVER_CACHE
    assert text_of(main_content(response)) == UNAVAILABLE_PAGE
    assert "Traceback" not in response.content.decode()


# --- Database unreachable ---------------------------------------------------------------


def test_failures_home_page_without_database_answers_german_503(client):
    with database_unreachable():
        response = client.get("/")

    assert_unavailable_page(response)


def test_failures_admin_without_database_answers_503_for_logged_in_staff(caplog):
    # The staff session check reads the session in a middleware, before the view: Django
    # reports that error (the test client would raise it) before it becomes the 503.
    client = Client(raise_request_exception=False)
    client.force_login(staff_member())

    with caplog.at_level(logging.CRITICAL, logger="django.request"), database_unreachable():
        response = client.get(reverse("admin:index"))

    assert_unavailable_page(response)


def test_failures_admin_login_without_database_answers_503(client):
    with database_unreachable():
        response = client.post(
            reverse("admin:login"), {"username": "sachbearbeitung", "password": "falsch"}
        )

    assert_unavailable_page(response)


def test_failures_form_post_without_database_answers_503(client):
    event = open_event()

    with database_unreachable():
        response = client.post(registration_form_url(event), registration_form_data())

    assert_unavailable_page(response)
    assert Registration.objects.count() == 0


@postgres_only("a database host that accepts the connection and then stays silent")
def test_failures_silent_database_host_answers_503_after_the_connect_timeout(client):
    with (
        socket.create_server(("127.0.0.1", 0)) as silent,
        database_unreachable(port=silent.getsockname()[1], connect_timeout=1),
    ):
        started = time.monotonic()
        response = client.get("/")
        waited = time.monotonic() - started

    assert_unavailable_page(response)
    assert 1 <= waited < 3


def test_failures_pages_answer_again_once_the_database_is_back(client):
    with database_unreachable():
        assert client.get("/").status_code == 503

    response = client.get("/")

    assert response.status_code == 200


def test_failures_without_database_log_one_warning_without_traceback(client, caplog):
    with caplog.at_level(logging.WARNING), database_unreachable():
        client.get("/impressum/")

    (record,) = caplog.records
    assert (record.name, record.levelname, record.exc_info) == (
        "digiscouts.failures",
        "WARNING",
        None,
    )
    assert record.getMessage().startswith(
        "Database unavailable, answered 503 for GET /impressum/: OperationalError: "
    )


def test_failures_database_error_inside_another_middleware_answers_503(rf, caplog):
    # A session saved on the way out fails in SessionMiddleware, below ours: Django
    # has turned it into a 500 at that layer already.
    def inner_middleware(request):
        return Session.objects.exists()

    handler = DatabaseUnavailableMiddleware(convert_exception_to_response(inner_middleware))

    with caplog.at_level(logging.CRITICAL, logger="django.request"), database_unreachable():
        response = handler(rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_failures_other_errors_stay_500(rf, caplog):
    def broken_view(request):
        raise ValueError("a bug, not a database")

    handler = DatabaseUnavailableMiddleware(convert_exception_to_response(broken_view))

    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = handler(rf.get("/"))

    assert response.status_code == 500


def test_failures_unavailable_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = service_unavailable_response()

    assert response.status_code == 503
    assert "<h1>Vorübergehend nicht erreichbar</h1>" in response.content.decode()


# --- Invalid UTF-8 and replacement characters ---------------------------------------------
# A browser percent-encodes every byte of a urlencoded form; bytes that are no UTF-8
# ("%FF%FE") reach the form as U+FFFD. A multipart body carries them raw.

INVALID_UTF8 = b"Firma \xff\xfe M\xfcller"


def urlencoded_with_invalid_bytes(data, field):
    body = urlencode({key: value for key, value in data.items() if key != field})
    return f"{body}&{field}=Firma%20%FF%FE%20M%FCller".encode("ascii")


FORMS = {
    "registration": lambda: (
        registration_form_url(open_event()),
        registration_form_data(),
        Registration,
    ),
    "application": lambda: (
        application_form_url(open_round()),
        application_form_data(),
        Application,
    ),
}


def multipart_with_invalid_bytes(data, field):
    body = encode_multipart(BOUNDARY, {key: value for key, value in data.items() if key != field})
    closing = f"--{BOUNDARY}--\r\n".encode()
    part = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'.encode()
    return body.removesuffix(closing) + part + INVALID_UTF8 + b"\r\n" + closing


@pytest.fixture(params=FORMS)
def public_form(request):
    return FORMS[request.param]()


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("registration", "company"),
        ("registration", "last_name"),
        ("application", "company_name"),
        ("application", "contact_last_name"),
    ],
)
def test_failures_invalid_utf8_in_a_text_field_is_refused_next_to_the_field(client, form, field):
    url, data, model = FORMS[form]()

    response = client.post(
        url,
        urlencoded_with_invalid_bytes(data, field),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert field_errors(response) == {field: [INVALID_CHARACTERS]}
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert model.objects.count() == 0


def test_failures_invalid_utf8_in_a_multipart_post_is_refused(client, public_form):
    url, data, model = public_form
    field = "company" if model is Registration else "company_name"

    response = client.post(
        url,
        multipart_with_invalid_bytes(data, field),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.status_code == 200
    assert field_errors(response) == {field: [INVALID_CHARACTERS]}
    assert model.objects.count() == 0


def test_failures_replacement_character_in_a_text_area_is_refused(client):
    response = client.post(
        application_form_url(open_round()), application_form_data(motivation="Wir \ufffd wollen")
    )

    assert field_errors(response) == {"motivation": [INVALID_CHARACTERS]}
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "value", ["erika@fi\ufffdrma.de", "erika@firma.d\ufffd", "e\ufffd@firma.de"]
)
def test_failures_email_field_refuses_replacement_characters_anywhere(value):
    field = EmailField()

    with pytest.raises(ValidationError) as error:
        field.clean(value)

    assert error.value.messages == [INVALID_CHARACTERS]


def test_failures_replacement_character_in_an_email_domain_is_refused(client, public_form):
    url, data, model = public_form
    field = "email" if model is Registration else "contact_email"

    response = client.post(url, {**data, field: "erika@fi\ufffdrma.de"})

    assert field_errors(response) == {field: [INVALID_CHARACTERS]}
    assert model.objects.count() == 0
