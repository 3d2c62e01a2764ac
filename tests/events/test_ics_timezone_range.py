"""The calendar files carry Europe/Berlin's VTIMEZONE only around their entries."""

import pytest
from icalendar import Calendar

from events.ics import event_cancel_ics, event_ics, round_ics
from tests.factories import EventFactory, RoundFactory, berlin

pytestmark = pytest.mark.django_db


def transitions(ics):
    timezone = Calendar.from_ical(ics).walk("VTIMEZONE")[0]
    return sorted(
        (component.name, component["dtstart"].dt.date().isoformat())
        for component in timezone.subcomponents
    )


def test_event_ics_timezone_starts_a_year_before_the_event():
    event = EventFactory(starts_at=berlin(2021, 5, 26, 17))

    # 366 days before 26 May 2021, not icalendar's default 1970; the later changes
    # repeat by RRULE.
    expected = [
        ("DAYLIGHT", "2020-05-25"),
        ("DAYLIGHT", "2021-03-28"),
        ("STANDARD", "2020-10-25"),
    ]
    assert transitions(event_ics(event)) == expected
    assert transitions(event_cancel_ics(event)) == expected


def test_round_ics_timezone_starts_a_year_before_its_first_entry():
    round_ = RoundFactory()  # application from 15 April 2021
    EventFactory(round=round_, starts_at=berlin(2021, 5, 26, 17))
    EventFactory(round=round_, starts_at=berlin(2022, 9, 1, 17))

    assert transitions(round_ics(round_)) == [
        ("DAYLIGHT", "2020-04-14"),
        ("DAYLIGHT", "2021-03-28"),
        ("STANDARD", "2020-10-25"),
    ]
