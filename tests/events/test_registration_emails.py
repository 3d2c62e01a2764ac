"""The e-mails of registrations: German text, date and link, the .ics attachment."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.choices import RegistrationStatus
from events.services import registration_cancel
from tests.factories import EventFactory, RoundFactory, berlin

from .helpers import personal_link, register

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
IN_WINDOW = berlin(2021, 4, 1, 12, 0)  # registration is open from 15 March to the start


@pytest.fixture
def info_event(settings):
    settings.SITE_URL = "https://digiscouts.example.de"
    settings.SITE_DOMAIN = "digiscouts.example.de"
    round_ = RoundFactory(slug="kreis-recklinghausen-2021")
    return EventFactory(
        round=round_,
        title="Infoveranstaltung Digiscouts",
        starts_at=berlin(2021, 4, 15, 10, 0),
        duration_minutes=60,
        location="",
        online_url="https://video.example.de/digiscouts-info",
        capacity=1,
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
    )


def _ics(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    return filename, Calendar.from_ical(content), mimetype


def test_confirmation_email_has_date_link_contact_and_calendar(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(info_event, "erika@example.org", now=IN_WINDOW).registration

    (message,) = mailoutbox
    link, linked = personal_link(message)
    assert link.startswith("https://digiscouts.example.de/anmeldung/")
    assert linked == registration
    assert message.to == ["erika@example.org"]
    assert message.subject == "Anmeldung bestätigt: Infoveranstaltung Digiscouts am 15. April 2021"
    assert "Datum: Donnerstag, 15. April 2021\n" in message.body
    assert "Uhrzeit: 10:00 Uhr (eine Stunde)\n" in message.body
    assert "Online-Link: https://video.example.de/digiscouts-info\n" in message.body
    assert f"\n{link}\n" in message.body
    assert "Dr. Julia aus der Wiesche" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">' in html
    assert "Donnerstag, 15. April 2021" in html


def test_confirmation_email_calendar_file_parses_with_berlin_start(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(info_event, "erika@example.org", now=IN_WINDOW)

    filename, calendar, mimetype = _ics(mailoutbox[0])
    (vevent,) = calendar.walk("VEVENT")
    assert (filename, mimetype) == (f"digiscouts-termin-{info_event.pk}.ics", "text/calendar")
    assert vevent.decoded("dtstart") == datetime(2021, 4, 15, 10, 0, tzinfo=BERLIN)
    assert vevent.decoded("dtstart").tzinfo.key == "Europe/Berlin"
    assert vevent.decoded("dtend") == datetime(2021, 4, 15, 11, 0, tzinfo=BERLIN)
    assert str(vevent["uid"]) == f"digiscouts-event-{info_event.pk}@digiscouts.example.de"
    assert str(vevent["summary"]) == "Infoveranstaltung Digiscouts"
    assert (
        str(vevent["description"]) == "Online-Teilnahme: https://video.example.de/digiscouts-info"
    )
    assert str(vevent["url"]) == "https://video.example.de/digiscouts-info"
    assert "location" not in vevent
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_confirmation_email_of_an_event_on_site_names_the_place(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    info_event.location = "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1"
    info_event.online_url = ""
    info_event.save()

    with django_capture_on_commit_callbacks(execute=True):
        register(info_event, "erika@example.org", now=IN_WINDOW)

    (message,) = mailoutbox
    html, _ = message.alternatives[0]
    _, calendar, _ = _ics(message)
    (vevent,) = calendar.walk("VEVENT")
    assert "Ort: Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1\n" in message.body
    assert "Online-Link" not in message.body
    assert (
        '<th scope="row" align="left">Ort</th>'
        "<td>Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1</td>"
    ) in html
    assert "Online-Link" not in html
    assert str(vevent["location"]) == "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1"
    assert ("description" in vevent, "url" in vevent) == (False, False)


def test_waitlist_email_names_the_position_and_has_no_calendar(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    register(info_event, "first@example.org", now=IN_WINDOW)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(info_event, "erika@example.org", now=IN_WINDOW).registration

    (message,) = mailoutbox
    assert registration.status == RegistrationStatus.WAITLISTED
    assert message.subject == "Warteliste: Infoveranstaltung Digiscouts"
    assert "Sie stehen auf der Warteliste auf Platz 1." in message.body
    assert personal_link(message)[1] == registration
    assert message.attachments == []


def test_promotion_email_goes_to_the_next_in_line_with_calendar(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    first = register(info_event, "first@example.org", now=IN_WINDOW).registration
    register(info_event, "erika@example.org", now=IN_WINDOW)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, now=IN_WINDOW)

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["first@example.org"], "Anmeldung storniert: Infoveranstaltung Digiscouts"),
        (
            ["erika@example.org"],
            "Sie sind nachgerückt: Infoveranstaltung Digiscouts am 15. April 2021",
        ),
    ]
    _, calendar, _ = _ics(mailoutbox[1])
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2021, 4, 15, 10, 0, tzinfo=BERLIN)


def test_second_registration_resends_the_link_only(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(info_event, "erika@example.org", now=IN_WINDOW).registration

    with django_capture_on_commit_callbacks(execute=True):
        register(info_event, "ERIKA@example.org", company="Andere AG", now=IN_WINDOW)

    (message,) = mailoutbox
    assert message.to == ["erika@example.org"]
    assert message.subject == "Ihr persönlicher Link: Infoveranstaltung Digiscouts"
    assert personal_link(message)[1] == registration
    assert "Andere AG" not in message.body


def test_email_text_part_does_not_html_escape_the_company(
    info_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(info_event, "erika@example.org", company="Müller & Söhne", now=IN_WINDOW)

    message = mailoutbox[0]
    assert "Unternehmen: Müller & Söhne\n" in message.body
    assert "Müller &amp; Söhne" in message.alternatives[0][0]
