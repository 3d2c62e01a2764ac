"""Date logic of rounds, events and phases at their boundaries, in Europe/Berlin."""

from datetime import UTC, date, datetime, timedelta

import pytest

from events.choices import ApplicationWindow, TimePosition
from events.models import Round
from tests.factories import EventFactory, PhaseFactory, RoundFactory, berlin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 4, 14, 23, 59, 59), ApplicationWindow.UPCOMING),
        (berlin(2021, 4, 15, 0, 0, 0), ApplicationWindow.OPEN),
        (berlin(2021, 5, 7, 23, 59, 59), ApplicationWindow.OPEN),
        (berlin(2021, 5, 8, 0, 0, 0), ApplicationWindow.CLOSED),
    ],
)
def test_round_application_window_at_berlin_day_boundaries(now, expected):
    round_ = RoundFactory(application_start=date(2021, 4, 15), application_end=date(2021, 5, 7))

    assert round_.application_window(now) == expected


def test_round_application_window_uses_berlin_not_utc():
    round_ = RoundFactory(application_start=date(2021, 4, 15), application_end=date(2021, 5, 7))
    # 22:30 UTC on 14 April is 00:30 on 15 April in Berlin (summer time, UTC+2).
    now = datetime(2021, 4, 14, 22, 30, tzinfo=UTC)

    assert round_.application_window(now) == ApplicationWindow.OPEN


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 5, 25, 23, 59, 59), TimePosition.FUTURE),
        (berlin(2021, 5, 26, 0, 0), TimePosition.CURRENT),
        (berlin(2021, 11, 24, 23, 59, 59), TimePosition.CURRENT),
        (berlin(2021, 11, 25, 0, 0), TimePosition.PAST),
    ],
)
def test_round_position_at_start_and_end(now, expected):
    round_ = RoundFactory(start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))

    assert round_.position(now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 4, 15, 9, 59, 59), TimePosition.FUTURE),
        (berlin(2021, 4, 15, 10, 0), TimePosition.CURRENT),
        (berlin(2021, 4, 15, 10, 59, 59), TimePosition.CURRENT),
        (berlin(2021, 4, 15, 11, 0), TimePosition.PAST),
    ],
)
def test_event_position_during_its_hour(now, expected):
    event = EventFactory(starts_at=berlin(2021, 4, 15, 10, 0), duration_minutes=60)

    assert event.position(now) == expected


def test_event_ends_at_adds_duration():
    event = EventFactory(starts_at=berlin(2021, 4, 15, 10, 0), duration_minutes=90)

    assert event.ends_at == berlin(2021, 4, 15, 11, 30)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(60, "eine Stunde"), (120, "2 Stunden"), (90, "90 Minuten"), (1, "1 Minute")],
)
def test_event_duration_display_in_german(minutes, expected):
    assert EventFactory.build(duration_minutes=minutes).duration_display == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 5, 26, 23, 59), TimePosition.FUTURE),
        (berlin(2021, 5, 27, 0, 0), TimePosition.CURRENT),
        (berlin(2021, 6, 23, 23, 59), TimePosition.CURRENT),
        (berlin(2021, 6, 24, 0, 0), TimePosition.PAST),
    ],
)
def test_phase_position_at_its_dates(now, expected):
    phase = PhaseFactory(start_date=date(2021, 5, 27), end_date=date(2021, 6, 23))

    assert phase.position(now) == expected


def test_round_queryset_published_excludes_drafts():
    published = RoundFactory(is_published=True)
    RoundFactory(is_published=False)

    assert list(Round.objects.published()) == [published]


def test_round_queryset_current_includes_round_ending_today():
    today = date(2021, 11, 24)
    ending_today = RoundFactory(start_date=date(2021, 5, 26), end_date=today)
    RoundFactory(start_date=date(2020, 5, 1), end_date=today - timedelta(days=1))
    later = RoundFactory(start_date=date(2022, 5, 1), end_date=date(2022, 11, 1))

    assert list(Round.objects.current(today)) == [ending_today, later]


def test_round_municipality_names_ignore_blank_lines():
    round_ = RoundFactory.build(municipalities="Marl\n\n  Herten  \n")

    assert round_.municipality_names() == ["Marl", "Herten"]


def test_round_default_municipalities_are_the_ten_of_the_district():
    round_ = RoundFactory()

    assert round_.municipality_names() == [
        "Castrop-Rauxel",
        "Datteln",
        "Dorsten",
        "Gladbeck",
        "Haltern am See",
        "Herten",
        "Marl",
        "Oer-Erkenschwick",
        "Recklinghausen",
        "Waltrop",
    ]
