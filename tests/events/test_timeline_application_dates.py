"""The whole timeline: the application period, its deadline and the day by which the
decisions are sent, on the round's public timeline and in its .ics, with the events and
phases in date order; what the timeline and the home page offer per event."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from events.choices import EventKind
from events.selectors import timeline_entries
from events.services import event_cancel
from tests.factories import (
    EventFactory,
    PhaseFactory,
    RoundFactory,
    berlin,
    future_event,
    open_event,
    open_round,
    staff_member,
)
from tests.helpers import main_content, registration_form_url, text_of

pytestmark = pytest.mark.django_db


def _german(day):
    """E.g. "15. April 2021", as the pages write a date."""
    return date_format(day, "DATE_FORMAT")


def _round_2021(**kwargs):
    """The press article's round: applications 15 April to 7 May 2021, decisions by 14
    May, kick-off 26 May, an analysis phase from 27 May."""
    round_ = RoundFactory(
        slug="kreis-recklinghausen-2021",
        application_start=date(2021, 4, 15),
        application_end=date(2021, 5, 7),
        decisions_by=date(2021, 5, 14),
        start_date=date(2021, 5, 26),
        end_date=date(2021, 11, 24),
        **kwargs,
    )
    EventFactory(round=round_, title="Info", starts_at=berlin(2021, 4, 15, 10, 0))
    EventFactory(
        round=round_, title="Kick-off", kind=EventKind.KICKOFF, starts_at=berlin(2021, 5, 26, 10)
    )
    PhaseFactory(
        round=round_, title="Analyse", start_date=date(2021, 5, 27), end_date=date(2021, 6, 23)
    )
    return round_


def _describe(entries):
    described = []
    for entry in entries:
        if entry.is_today_marker:
            described.append("TODAY")
        else:
            item = entry.event or entry.phase or entry.round_date
            described.append(f"{item.title}:{entry.position}")
    return described


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            berlin(2021, 4, 14, 23, 59, 59),  # the last second before the window
            [
                "TODAY",
                "Bewerbungsphase:future",
                "Info:future",
                "Bewerbungsschluss:future",
                "Versand der Entscheidungen:future",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            # Midnight in Berlin is 22:00 UTC the day before (summer time).
            datetime(2021, 4, 14, 22, 0, tzinfo=UTC),
            [
                "Bewerbungsphase:current",
                "TODAY",
                "Info:future",
                "Bewerbungsschluss:future",
                "Versand der Entscheidungen:future",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            berlin(2021, 5, 7, 0, 0),  # the deadline's day begins
            [
                "Bewerbungsphase:current",
                "Info:past",
                "Bewerbungsschluss:current",
                "TODAY",
                "Versand der Entscheidungen:future",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            berlin(2021, 5, 7, 23, 59, 59),  # the deadline's last second
            [
                "Bewerbungsphase:current",
                "Info:past",
                "Bewerbungsschluss:current",
                "TODAY",
                "Versand der Entscheidungen:future",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            berlin(2021, 5, 8, 0, 0),  # the day after the deadline
            [
                "Bewerbungsphase:past",
                "Info:past",
                "Bewerbungsschluss:past",
                "TODAY",
                "Versand der Entscheidungen:future",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            berlin(2021, 5, 14, 12, 0),
            [
                "Bewerbungsphase:past",
                "Info:past",
                "Bewerbungsschluss:past",
                "Versand der Entscheidungen:current",
                "TODAY",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
        (
            berlin(2021, 5, 15, 0, 0),
            [
                "Bewerbungsphase:past",
                "Info:past",
                "Bewerbungsschluss:past",
                "Versand der Entscheidungen:past",
                "TODAY",
                "Kick-off:future",
                "Analyse:future",
            ],
        ),
    ],
)
def test_timeline_entries_hold_the_application_dates_in_order_at_berlin_day_boundaries(
    now, expected
):
    round_ = _round_2021()

    entries = timeline_entries(round_, now=now, with_round_dates=True)

    assert _describe(entries) == expected


def test_timeline_entries_without_decision_date_leave_it_out():
    round_ = _round_2021()
    round_.decisions_by = None
    round_.save()

    entries = timeline_entries(round_, now=berlin(2021, 6, 1), with_round_dates=True)

    assert _describe(entries) == [
        "Bewerbungsphase:past",
        "Info:past",
        "Bewerbungsschluss:past",
        "Kick-off:past",
        "Analyse:current",
        "TODAY",
    ]


def test_timeline_entries_without_round_dates_are_events_and_phases_only():
    round_ = _round_2021()

    entries = timeline_entries(round_, now=berlin(2021, 6, 1))

    assert _describe(entries) == ["Info:past", "Kick-off:past", "Analyse:current", "TODAY"]


def test_timeline_entries_decisions_on_the_kickoff_day_come_before_it():
    round_ = _round_2021()
    round_.decisions_by = date(2021, 5, 26)
    round_.save()

    entries = timeline_entries(round_, now=berlin(2021, 5, 26, 9, 0), with_round_dates=True)

    assert _describe(entries)[3:6] == [
        "Versand der Entscheidungen:current",
        "TODAY",
        "Kick-off:future",
    ]


def test_timeline_page_shows_the_application_dates_between_the_events(client):
    round_ = _round_2021()

    html = main_content(client.get(round_.get_absolute_url()))

    text = text_of(html)
    assert (
        "Bewerbungsphase abgeschlossen Bewerbung · 15. April 2021 bis 7. Mai 2021 Info vergangen"
    ) in text
    assert (
        "Bewerbungsschluss vergangen Freitag, 7. Mai 2021 – der letzte Tag, an dem "
        "Bewerbungen möglich sind. Versand der Entscheidungen vergangen Bis zum 14. Mai 2021 "
        "erfahren alle Unternehmen, die sich beworben haben, per E-Mail, ob sie ausgewählt "
        "sind. Kick-off vergangen"
    ) in text
    assert html.count('class="is-round-date is-past"') == 3
    # The window is closed: neither the pre-check nor the form is offered.
    assert f"/bewerbung/{round_.slug}/" not in html


def test_timeline_page_while_the_window_is_open_links_precheck_and_form(client):
    today = timezone.localdate()
    round_ = open_round(decisions_by=today + timedelta(days=15))

    html = main_content(client.get(round_.get_absolute_url()))

    assert '<li class="is-round-date is-current">' in html
    assert "Bewerbungsphase läuft gerade" in text_of(html)
    assert f'href="/bewerbung/{round_.slug}/vorab-check/"' in html
    assert f'href="/bewerbung/{round_.slug}/formular/"' in html


def test_timeline_page_before_the_window_links_only_the_precheck(client):
    today = timezone.localdate()
    start = today + timedelta(days=5)
    round_ = open_round(application_start=start, application_end=today + timedelta(days=20))

    html = main_content(client.get(round_.get_absolute_url()))

    assert (
        f"Die Bewerbung ist ab dem {_german(start)} möglich. Ob Ihr Unternehmen teilnehmen "
        "kann, sehen Sie schon vorher im Vorab-Check."
    ) in text_of(html)
    assert f'href="/bewerbung/{round_.slug}/vorab-check/"' in html
    assert f'href="/bewerbung/{round_.slug}/formular/"' not in html
    assert html.count('class="is-round-date is-future"') == 2  # no decision date set


def test_round_calendar_holds_the_three_all_day_application_dates(client, settings):
    settings.SITE_URL = "https://digiscouts.example.de"
    settings.SITE_DOMAIN = "digiscouts.example.de"
    round_ = _round_2021(title="Digiscouts 2021 im Kreis Recklinghausen")

    response = client.get(f"/runden/{round_.slug}/termine.ics")

    raw = response.content.decode()
    components = {
        str(component["uid"]): component
        for component in Calendar.from_ical(response.content).walk("VEVENT")
    }
    prefix = f"digiscouts-round-{round_.pk}"
    dates = {
        uid: (
            str(component["summary"]),
            component.decoded("dtstart"),
            component.decoded("dtend"),
            str(component["transp"]),
        )
        for uid, component in components.items()
        if uid.startswith(prefix)
    }
    assert dates == {
        f"{prefix}-application@digiscouts.example.de": (
            "Digiscouts: Bewerbungsphase",
            date(2021, 4, 15),
            date(2021, 5, 8),
            "TRANSPARENT",
        ),
        f"{prefix}-deadline@digiscouts.example.de": (
            "Digiscouts: Bewerbungsschluss",
            date(2021, 5, 7),
            date(2021, 5, 8),
            "TRANSPARENT",
        ),
        f"{prefix}-decisions@digiscouts.example.de": (
            "Digiscouts: Versand der Entscheidungen",
            date(2021, 5, 14),
            date(2021, 5, 15),
            "TRANSPARENT",
        ),
    }
    for line in (
        "DTSTART;VALUE=DATE:20210415",
        "DTSTART;VALUE=DATE:20210507",
        "DTSTART;VALUE=DATE:20210514",
    ):
        assert line in raw.splitlines()
    assert str(components[f"{prefix}-deadline@digiscouts.example.de"]["description"]) == (
        "Letzter Tag für Bewerbungen für „Digiscouts 2021 im Kreis Recklinghausen“.\n\n"
        "Zeitplan und Bewerbung: https://digiscouts.example.de/runden/kreis-recklinghausen-2021/"
    )
    assert str(components[f"{prefix}-application@digiscouts.example.de"]["description"]) == (
        "Bewerbungen für „Digiscouts 2021 im Kreis Recklinghausen“ sind vom 15. April 2021 bis "
        "zum 7. Mai 2021 möglich.\n\nZeitplan und Bewerbung: "
        "https://digiscouts.example.de/runden/kreis-recklinghausen-2021/"
    )
    assert len(components) == 6  # 2 events, 1 phase, 3 dates of the round


def test_round_calendar_without_decision_date_has_two_round_dates(client):
    round_ = _round_2021()
    round_.decisions_by = None
    round_.save()

    response = client.get(f"/runden/{round_.slug}/termine.ics")

    uids = sorted(
        str(component["uid"]).split("@")[0]
        for component in Calendar.from_ical(response.content).walk("VEVENT")
        if str(component["uid"]).startswith("digiscouts-round-")
    )
    assert uids == [
        f"digiscouts-round-{round_.pk}-application",
        f"digiscouts-round-{round_.pk}-deadline",
    ]


# -- what the timeline offers per event ---------------------------------------------------


def test_timeline_participants_only_event_says_invitation_instead_of_registration(client):
    event = open_event(kind=EventKind.CLOSING, title="Abschlussveranstaltung")
    event.participants_only = True
    event.save()

    html = main_content(client.get(event.round.get_absolute_url()))

    assert "Anmeldung nur für teilnehmende Unternehmen (Einladung per E-Mail)" in html
    assert ">Zur Anmeldung<" not in html
    assert registration_form_url(event) not in html


def test_timeline_public_event_offers_the_registration(client):
    event = open_event()

    html = main_content(client.get(event.round.get_absolute_url()))

    assert "Anmeldung nur für teilnehmende Unternehmen" not in html
    assert f'href="{registration_form_url(event)}"' in html


def test_timeline_after_the_closing_event_links_the_ideas(client):
    round_ = RoundFactory()
    EventFactory(
        round=round_,
        kind=EventKind.CLOSING,
        title="Abschlussveranstaltung",
        starts_at=timezone.now() - timedelta(days=1),
    )

    html = main_content(client.get(round_.get_absolute_url()))

    assert f'<a href="/runden/{round_.slug}/ideen/">Die Ideen der Digiscouts ansehen</a>' in html


def test_timeline_before_the_closing_event_does_not_link_the_ideas(client):
    event = future_event(kind=EventKind.CLOSING, title="Abschlussveranstaltung")

    html = main_content(client.get(event.round.get_absolute_url()))

    assert "Die Ideen der Digiscouts ansehen" not in html
    assert f"/runden/{event.round.slug}/ideen/" not in html


def test_timeline_cancelled_closing_event_does_not_link_the_ideas(client):
    event = EventFactory(
        kind=EventKind.CLOSING,
        title="Abschlussveranstaltung",
        starts_at=timezone.now() - timedelta(days=1),
        cancelled_at=timezone.now() - timedelta(days=3),
    )

    html = main_content(client.get(event.round.get_absolute_url()))

    assert "Die Ideen der Digiscouts ansehen" not in html


# -- the home page -------------------------------------------------------------------------


def test_home_does_not_list_a_cancelled_info_event_as_upcoming(client):
    event = open_event(days=14)
    event_cancel(event=event, by=staff_member())

    html = main_content(client.get("/"))

    when = timezone.localtime(event.starts_at)
    assert "Zur Infoveranstaltung anmelden" not in html
    assert registration_form_url(event) not in html
    assert "Uhr – abgesagt</dd>" in html
    assert f"{when:%H:%M} Uhr (eine Stunde)" not in html


def test_home_prefers_the_info_event_that_takes_place_over_a_cancelled_one(client):
    cancelled = open_event(days=10, title="Infoveranstaltung (alt)")
    event_cancel(event=cancelled, by=staff_member())
    replacement = open_event(days=20, round=cancelled.round, title="Infoveranstaltung (neu)")

    html = main_content(client.get("/"))

    assert "<dt>Infoveranstaltung (neu)</dt>" in html
    assert "Infoveranstaltung (alt)" not in html
    assert f'href="{registration_form_url(replacement)}"' in html
    assert "abgesagt" not in html


def test_home_names_the_decision_date_and_links_the_precheck_before_the_window(client):
    today = timezone.localdate()
    round_ = open_round(
        application_start=today + timedelta(days=5),
        application_end=today + timedelta(days=20),
        decisions_by=today + timedelta(days=25),
    )

    html = main_content(client.get("/"))

    assert (
        "<dt>Entscheidung über die Teilnahme</dt>\n"
        f"          <dd>bis zum {_german(round_.decisions_by)} per E-Mail</dd>"
    ) in html
    assert f'href="/bewerbung/{round_.slug}/vorab-check/"' in html
    assert f'href="/bewerbung/{round_.slug}/formular/"' not in html
