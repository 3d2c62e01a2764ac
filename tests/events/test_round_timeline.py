"""The round's timeline, the seed data and the public round pages."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from icalendar import Calendar

from events.choices import EventKind, TimePosition
from events.models import Event, Phase, Round
from events.seed import DEMO_SLUG, SEED_SLUG, demo_round_upsert, seed_round_upsert
from events.selectors import round_for_home, timeline_entries
from tests.factories import EventFactory, PhaseFactory, RoundFactory, berlin, open_event
from tests.helpers import registration_form_url as form_url

pytestmark = pytest.mark.django_db


def _describe(entries):
    return [
        "TODAY"
        if entry.is_today_marker
        else f"{(entry.event or entry.phase).title}:{entry.position}"
        for entry in entries
    ]


def test_timeline_orders_events_and_phases_and_marks_today():
    round_ = RoundFactory()
    EventFactory(
        round=round_,
        title="Abschluss",
        kind=EventKind.CLOSING,
        starts_at=berlin(2021, 11, 24, 14, 0),
    )
    EventFactory(round=round_, title="Info", starts_at=berlin(2021, 4, 15, 10, 0))
    EventFactory(
        round=round_, title="Kick-off", kind=EventKind.KICKOFF, starts_at=berlin(2021, 5, 26, 10, 0)
    )
    PhaseFactory(
        round=round_, title="Analyse", start_date=date(2021, 5, 27), end_date=date(2021, 6, 23)
    )
    PhaseFactory(
        round=round_, title="Umsetzung", start_date=date(2021, 7, 15), end_date=date(2021, 11, 23)
    )

    entries = timeline_entries(round_, now=berlin(2021, 6, 1, 12, 0))

    assert _describe(entries) == [
        "Info:past",
        "Kick-off:past",
        "Analyse:current",
        "TODAY",
        "Umsetzung:future",
        "Abschluss:future",
    ]


def test_timeline_puts_today_last_when_everything_is_past():
    round_ = RoundFactory()
    EventFactory(round=round_, title="Info", starts_at=berlin(2021, 4, 15, 10, 0))

    entries = timeline_entries(round_, now=berlin(2026, 1, 1))

    assert _describe(entries) == ["Info:past", "TODAY"]


def test_timeline_of_round_without_dates_holds_only_today():
    entries = timeline_entries(RoundFactory(), now=berlin(2021, 1, 1))

    assert [entry.position for entry in entries] == [TimePosition.CURRENT]
    assert entries[0].is_today_marker


def test_round_for_home_prefers_the_next_round_over_a_past_one():
    RoundFactory(slug="alt", start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))
    upcoming = RoundFactory(slug="neu", start_date=date(2027, 1, 19), end_date=date(2027, 7, 20))
    RoundFactory(
        slug="entwurf", is_published=False, start_date=date(2026, 12, 1), end_date=date(2027, 1, 1)
    )

    assert round_for_home(today=date(2026, 11, 25)) == upcoming


def test_round_for_home_falls_back_to_the_latest_past_round():
    RoundFactory(slug="a", start_date=date(2019, 5, 1), end_date=date(2019, 11, 1))
    latest = RoundFactory(slug="b", start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))

    assert round_for_home(today=date(2026, 11, 25)) == latest


def test_seed_round_matches_the_press_article():
    round_ = seed_round_upsert()

    events = {event.kind: event for event in round_.events.all()}
    assert (round_.partner_region, round_.year, round_.places, round_.max_employees) == (
        "Kreis Recklinghausen",
        2021,
        7,
        499,
    )
    assert (round_.start_date, round_.end_date) == (date(2021, 5, 26), date(2021, 11, 24))
    assert events[EventKind.INFO].starts_at == berlin(2021, 4, 15, 10, 0)
    assert events[EventKind.INFO].duration_minutes == 60
    assert events[EventKind.KICKOFF].starts_at.date() == date(2021, 5, 26)
    assert events[EventKind.CLOSING].starts_at == berlin(2021, 11, 24, 14, 0)
    assert (round_.contact_name, round_.contact_phone, round_.contact_email) == (
        "Dr. Julia aus der Wiesche",
        "02361 / 53-2129",
        "j.ausderwiesche@kreis-re.de",
    )


def test_seed_command_is_idempotent():
    call_command("seed_rounds")
    call_command("seed_rounds")

    assert list(Round.objects.values_list("slug", flat=True)) == [SEED_SLUG]
    assert Event.objects.count() == 3
    assert Phase.objects.count() == 3


def test_seed_command_demo_refused_without_debug(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refused when DEBUG is off"):
        call_command("seed_rounds", "--demo")

    assert Round.objects.count() == 0
    assert django_user_model.objects.count() == 0


def test_seed_command_demo_creates_staff_login_in_debug(settings, django_user_model, capsys):
    settings.DEBUG = True

    call_command("seed_rounds", "--demo")
    call_command("seed_rounds", "--demo")

    user = django_user_model.objects.get()
    password = capsys.readouterr().out.rsplit("password '", 1)[1].split("'", 1)[0]
    assert (user.username, user.is_staff) == ("demo-admin", True)
    assert user.check_password(password)
    assert sorted(Round.objects.values_list("slug", flat=True)) == [DEMO_SLUG, SEED_SLUG]


def test_demo_round_shifts_the_seed_schedule_into_the_future():
    demo = demo_round_upsert(today=date(2026, 11, 25))

    info = demo.events.get(kind=EventKind.INFO)
    assert info.starts_at == berlin(2026, 12, 9, 10, 0)
    assert (demo.start_date, demo.end_date) == (date(2027, 1, 19), date(2027, 7, 20))
    assert demo.application_start == date(2026, 11, 25)
    assert demo.application_window(berlin(2026, 11, 25, 12, 0)) == "open"


def test_timeline_page_lists_events_in_order(client):
    round_ = seed_round_upsert()

    html = client.get(f"/runden/{round_.slug}/").content.decode()

    positions = [
        html.index(title)
        for title in (
            "Infoveranstaltung Digiscouts",
            "Offizieller Projektstart (Kick-off)",
            "Analysephase",
            "Umsetzung",
            "Abschlussveranstaltung: Die Digiscouts stellen ihre Ideen vor",
        )
    ]
    assert positions == sorted(positions)
    assert "Donnerstag, 15. April 2021, 10:00 Uhr" in html


def test_timeline_page_of_unknown_round_is_german_404(client):
    response = client.get("/runden/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_timeline_page_of_unpublished_round_is_404(client):
    round_ = RoundFactory(is_published=False)

    response = client.get(f"/runden/{round_.slug}/")

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in response.content.decode()


def test_round_calendar_holds_every_date_in_berlin_time(client):
    round_ = seed_round_upsert()

    response = client.get(f"/runden/{round_.slug}/termine.ics")

    calendar = Calendar.from_ical(response.content)
    starts = {
        str(component["summary"]): component.decoded("dtstart")
        for component in calendar.walk("VEVENT")
    }
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert starts["Infoveranstaltung Digiscouts"] == berlin(2021, 4, 15, 10, 0)
    assert str(starts["Infoveranstaltung Digiscouts"].tzinfo) == "Europe/Berlin"
    assert starts["Analysephase"] == date(2021, 5, 27)
    assert starts["Digiscouts: Bewerbungsschluss"] == date(2021, 5, 7)
    assert len(starts) == 9  # 3 events, 3 phases, application period, deadline, decisions


def test_timeline_event_shows_the_registration_button(client):
    event = open_event()

    response = client.get(event.round.get_absolute_url())

    assert f'href="{form_url(event)}"' in response.content.decode()


def test_home_shows_the_info_event_registration_button(client):
    event = open_event()

    response = client.get("/")

    html = response.content.decode()
    assert "Zur Infoveranstaltung anmelden" in html
    assert f'href="{form_url(event)}"' in html


@pytest.mark.parametrize("count", [1, 5])
def test_timeline_with_registration_buttons_has_a_fixed_query_count(
    client, django_assert_num_queries, count
):
    first = open_event()
    for _ in range(count - 1):
        open_event(round=first.round, kind="workshop")

    with django_assert_num_queries(5):
        response = client.get(first.round.get_absolute_url())

    assert response.content.decode().count(">Zur Anmeldung<") == count
