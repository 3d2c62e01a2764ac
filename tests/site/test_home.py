"""The home page: the round's facts, its call to action, its contact and its assets."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import EventFactory, RoundFactory, berlin, open_round

pytestmark = pytest.mark.django_db

MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def _german(day: date):
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _text(response):
    return " ".join(response.content.decode().split())


def test_home_shows_limit_places_dates_and_contact_of_the_round(client):
    round_ = RoundFactory(title="Digiscouts 2021 im Kreis Recklinghausen")
    EventFactory(round=round_, starts_at=berlin(2021, 4, 15, 10, 0), duration_minutes=60)

    text = _text(client.get("/"))

    assert "höchstens 499 Beschäftigten" in text
    assert "Bis zu 7 Unternehmen werden ausgewählt" in text
    assert "<dd>Donnerstag, 15. April 2021, 10:00 Uhr (eine Stunde)</dd>" in text
    assert "<dd>vom 15. April 2021 bis 7. Mai 2021</dd>" in text
    assert "Offizieller Projektstart</dt> <dd>26. Mai 2021</dd>" in text
    assert (
        "also in einer dieser Kommunen: Castrop-Rauxel, Datteln, Dorsten, Gladbeck, "
        "Haltern am See, Herten, Marl, Oer-Erkenschwick, Recklinghausen, Waltrop.</li>"
    ) in text


def test_home_contact_card_shows_the_one_contact_line(client):
    RoundFactory()

    text = _text(client.get("/"))

    assert (
        '<h3 class="h5">Ihre Ansprechperson</h3> <p class="mb-0">Dr. Julia aus der Wiesche, '
        "Fachdienst Wirtschaft, Kreis Recklinghausen, "
        'Telefon <a href="tel:0236153-2129">02361 / 53-2129</a>, '
        'E-Mail <a href="mailto:j.ausderwiesche@kreis-re.de">j.ausderwiesche@kreis-re.de</a></p>'
    ) in text


def test_home_call_to_action_before_the_window_says_when_it_opens(client):
    start = timezone.localdate() + timedelta(days=1)
    open_round(application_start=start)

    text = _text(client.get("/"))

    assert f'<p class="mb-2">Die Bewerbung ist ab dem {_german(start)} möglich.</p>' in text


def test_home_call_to_action_inside_the_window_says_open(client):
    round_ = open_round()

    text = _text(client.get("/"))

    end = _german(round_.application_end)
    assert f'<p class="mb-2">Die Bewerbung ist geöffnet – bis zum {end}.</p>' in text


def test_home_call_to_action_after_the_window_says_closed(client):
    RoundFactory()  # the 2021 round, long closed

    text = _text(client.get("/"))

    assert '<p class="mb-2">Die Bewerbungsphase dieser Runde ist abgeschlossen.</p>' in text


def test_home_without_published_round_says_so(client):
    RoundFactory(is_published=False)

    text = _text(client.get("/"))

    assert (
        '<p class="lead">Derzeit ist keine Programmrunde veröffentlicht. Schauen Sie bald wieder '
        "vorbei oder wenden Sie sich an den Fachdienst Wirtschaft des Kreises Recklinghausen.</p>"
    ) in text


def test_home_loads_only_local_assets(client):
    RoundFactory()

    html = client.get("/").content.decode()

    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "<script>" not in html
    assert 'style="' not in html


def test_home_reads_its_round_once(client, django_assert_num_queries):
    round_ = open_round()
    EventFactory(round=round_, starts_at=berlin(2021, 4, 15, 10, 0))
    client.get("/")  # the session and the language are settled

    with django_assert_num_queries(2) as captured:
        response = client.get("/")

    round_reads = [q["sql"] for q in captured.captured_queries if 'FROM "events_round"' in q["sql"]]
    assert (response.status_code, len(round_reads)) == (200, 1)


def test_nav_round_is_read_once_per_request(rf, django_assert_num_queries):
    from digiscouts.context_processors import nav_round

    round_ = open_round()
    request = rf.get("/")

    with django_assert_num_queries(1):
        first, second = nav_round(request), nav_round(request)

    assert (first.pk, second.pk) == (round_.pk, round_.pk)
