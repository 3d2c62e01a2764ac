"""The online link is private: registrants with a seat get it, the public pages never show it."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.links import registration_manage_url
from tests.factories import EventFactory, berlin
from tests.helpers import main_content, registration_form_url, text_of

from .helpers import form_data, register

pytestmark = pytest.mark.django_db

VIDEO = "https://video.example.de/geheim-123"


@pytest.fixture
def event():
    return EventFactory(
        capacity=1,
        title="Infoveranstaltung Digiscouts",
        location="",
        online_url=VIDEO,
        description="Eine Stunde über das Programm.",
        starts_at=berlin(2099, 4, 15, 10, 0),
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
    )


def test_online_link_absent_from_the_public_timeline(client, event):
    html = client.get(event.round.get_absolute_url()).content.decode()

    assert VIDEO not in html
    assert (
        "Online-Veranstaltung: Den Zugangslink erhalten angemeldete Teilnehmende per E-Mail."
        in text_of(html)
    )


def test_online_link_absent_from_the_public_round_calendar(client, event):
    ics = client.get(reverse("events:calendar", kwargs={"slug": event.round.slug})).content

    (vevent,) = [
        component
        for component in Calendar.from_ical(ics).walk("VEVENT")
        if str(component["uid"]).startswith("digiscouts-event-")
    ]
    assert VIDEO.encode() not in ics
    assert "url" not in vevent
    assert str(vevent["description"]) == (
        "Eine Stunde über das Programm.\n\nOnline-Veranstaltung: Den Zugangslink erhalten "
        "angemeldete Teilnehmende per E-Mail."
    )


def test_online_link_absent_from_the_registration_form_and_the_thank_you_page(client, event):
    form_page = client.get(registration_form_url(event))
    done_page = client.post(registration_form_url(event), form_data(), follow=True)

    assert done_page.redirect_chain[-1][0].endswith("/danke/")
    for page in (form_page, done_page):
        html = page.content.decode()
        assert VIDEO not in html
        assert (
            "Online-Link Den Zugangslink erhalten Sie mit der Bestätigung Ihres Platzes per "
            "E-Mail." in text_of(main_content(page))
        )


def test_online_link_in_the_confirmation_mail_and_its_calendar(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "erika@example.org")

    (message,) = mailoutbox
    ((_filename, content, _mimetype),) = message.attachments
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert f"Online-Link: {VIDEO}\n" in message.body
    assert f'<a href="{VIDEO}">' in message.alternatives[0][0]
    assert str(vevent["url"]) == VIDEO


def test_online_link_not_in_the_waitlist_mail(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    register(event, "first@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "erika@example.org")

    (message,) = mailoutbox
    assert message.subject.startswith("Warteliste")
    assert VIDEO not in message.body
    assert VIDEO not in message.alternatives[0][0]


def test_online_link_on_the_personal_page_of_a_confirmed_registration(client, event):
    registration = register(event, "erika@example.org").registration

    response = client.get(registration_manage_url(registration))

    assert f'<a href="{VIDEO}">{VIDEO}</a>' in main_content(response)


def test_online_link_not_on_the_personal_page_of_a_waiting_registration(client, event):
    register(event, "first@example.org")
    waiting = register(event, "erika@example.org").registration

    response = client.get(registration_manage_url(waiting))

    assert waiting.status == "waitlisted"
    assert VIDEO not in response.content.decode()
