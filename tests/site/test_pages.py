"""Home, legal and error pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from digiscouts.views import server_error
from tests.factories import EventFactory, RoundFactory, berlin, open_round

pytestmark = pytest.mark.django_db


def _text(response):
    return " ".join(response.content.decode().split())


def test_home_shows_limit_places_dates_and_contact_of_the_round(client):
    round_ = RoundFactory(title="Digiscouts 2021 im Kreis Recklinghausen")
    EventFactory(round=round_, starts_at=berlin(2021, 4, 15, 10, 0), duration_minutes=60)

    text = _text(client.get("/"))

    assert "höchstens 499 Beschäftigten" in text
    assert "Bis zu 7 Unternehmen werden ausgewählt" in text
    assert "Donnerstag, 15. April 2021, 10:00 Uhr (eine Stunde)" in text
    assert "Offizieller Projektstart</dt> <dd>26. Mai 2021" in text
    assert "Dr. Julia aus der Wiesche" in text
    assert "02361 / 53-2129" in text
    assert "Oer-Erkenschwick" in text


def test_home_call_to_action_before_the_window_says_when_it_opens(client):
    today = timezone.localdate()
    open_round(application_start=today + timedelta(days=1))

    text = _text(client.get("/"))

    assert "Die Bewerbung ist ab dem" in text


def test_home_call_to_action_inside_the_window_says_open(client):
    round_ = open_round()

    text = _text(client.get("/"))

    assert f"Die Bewerbung ist geöffnet – bis zum {round_.application_end.day}." in text


def test_home_call_to_action_after_the_window_says_closed(client):
    RoundFactory()  # the 2021 round, long closed

    text = _text(client.get("/"))

    assert "Die Bewerbungsphase dieser Runde ist abgeschlossen." in text


def test_home_without_published_round_says_so(client):
    RoundFactory(is_published=False)

    text = _text(client.get("/"))

    assert "Derzeit ist keine Programmrunde veröffentlicht." in text


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "<h1>Impressum</h1>"),
        ("/datenschutz/", "<h1>Datenschutzerklärung</h1>"),
        ("/barrierefreiheit/", "<h1>Erklärung zur Barrierefreiheit</h1>"),
    ],
)
def test_legal_page_has_heading_and_marked_placeholder(client, path, heading):
    text = _text(client.get(path))

    assert heading in text
    assert '<p class="placeholder-legal"><strong>Platzhalter:</strong>' in text


def test_unknown_address_gives_german_404(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in _text(response)


def test_server_error_page_is_german_and_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "<h1>Technischer Fehler</h1>" in _text(response)


def test_pages_set_german_language_and_load_only_local_assets(client):
    RoundFactory()

    html = client.get("/").content.decode()

    assert '<html lang="de">' in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "<script>" not in html
    assert 'style="' not in html


def test_csrf_is_enforced_on_post(db):
    client = Client(enforce_csrf_checks=True)

    assert client.post("/verwaltung/login/", {"username": "x", "password": "y"}).status_code == 403
