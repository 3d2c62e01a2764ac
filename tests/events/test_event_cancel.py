"""Staff call an event off: registration closed, everyone registered told with METHOD:CANCEL."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from icalendar import Calendar
from post_office.models import Email

from events.choices import EventChangeKind, RegistrationStatus
from events.links import registration_manage_url
from events.models import EventChange, Registration
from events.services import (
    EventCancelledError,
    EventStartedError,
    RegistrationClosedError,
    event_cancel,
    registration_create,
)
from tests.factories import EventFactory, RegistrationFactory, berlin, staff_member
from tests.helpers import main_content, messages_of, registration_form_url, run_action, text_of

from .helpers import form_data, person, register

pytestmark = pytest.mark.django_db

VIDEO = "https://video.example.de/digiscouts-info"
BEFORE = berlin(2099, 4, 1, 12, 0)


@pytest.fixture
def event(settings):
    settings.SITE_DOMAIN = "digiscouts.example.de"
    return EventFactory(
        capacity=1,
        title="Infoveranstaltung Digiscouts",
        online_url=VIDEO,
        starts_at=berlin(2099, 4, 15, 10, 0),
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
    )


@pytest.fixture
def staff(db):
    return staff_member("kollegin")


def _registered(event):
    """Erika holds the one seat, Jana waits, Max cancelled long ago."""
    erika = register(event, "erika@example.org").registration
    jana = register(event, "jana@example.org").registration
    RegistrationFactory(event=event, email="max@example.org", status=RegistrationStatus.CANCELLED)
    return erika, jana


def test_event_cancel_cancels_everyone_registered_and_nobody_moves_up(event, staff):
    erika, _jana = _registered(event)

    cancelled = event_cancel(event=event, by=staff, now=BEFORE)

    event.refresh_from_db()
    assert [r.email for r in cancelled] == ["erika@example.org", "jana@example.org"]
    assert (event.cancelled_at, event.ics_sequence, event.is_cancelled) == (BEFORE, 1, True)
    assert sorted(Registration.objects.values_list("email", "status", "cancelled_at")) == [
        ("erika@example.org", "cancelled", BEFORE),
        ("jana@example.org", "cancelled", BEFORE),
        ("max@example.org", "cancelled", None),
    ]
    record = EventChange.objects.get()
    assert (record.kind, record.by, record.recipients, record.sequence) == (
        EventChangeKind.CANCELLED,
        staff,
        2,
        1,
    )
    assert [(c.by, c.note) for c in erika.changes.all()] == [
        (staff, "Termin abgesagt; Anmeldung storniert.")
    ]


def test_event_cancel_mails_a_cancelling_calendar_with_same_uid_and_higher_sequence(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _registered(event)
    (confirmation, _waitlisted) = mailoutbox
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=staff, now=BEFORE)

    assert sorted(m.to[0] for m in mailoutbox) == ["erika@example.org", "jana@example.org"]
    ((_name, content, _mimetype),) = confirmation.attachments
    (invitation,) = Calendar.from_ical(content).walk("VEVENT")
    for message in mailoutbox:
        assert message.subject == "Abgesagt: Infoveranstaltung Digiscouts am 15. April 2099"
        ((filename, content, mimetype),) = message.attachments
        calendar = Calendar.from_ical(content)
        (vevent,) = calendar.walk("VEVENT")
        assert (filename, mimetype) == (f"digiscouts-termin-{event.pk}.ics", "text/calendar")
        assert str(calendar["method"]) == "CANCEL"
        assert str(vevent["status"]) == "CANCELLED"
        assert str(vevent["uid"]) == str(invitation["uid"])
        assert (invitation["sequence"], vevent["sequence"]) == (0, 1)
        assert str(vevent["organizer"]) == "mailto:j.ausderwiesche@kreis-re.de"
        assert VIDEO not in message.body
        assert VIDEO not in content


def test_event_cancel_mail_text_says_nothing_more_to_do(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    register(event, "erika@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=staff, now=BEFORE)

    (message,) = mailoutbox
    assert message.body.startswith(
        "Guten Tag Erika Mustermann,\n\nleider müssen wir „Infoveranstaltung Digiscouts“ am "
        "Mittwoch, 15. April 2099, 10:00 Uhr absagen. Ihre Anmeldung ist damit storniert; Sie "
        "müssen nichts weiter tun."
    )


def test_event_cancel_twice_is_refused(event, staff):
    event_cancel(event=event, by=staff, now=BEFORE)

    with pytest.raises(EventCancelledError) as refused:
        event_cancel(event=event, by=staff, now=BEFORE)

    assert refused.value.message == f"Der Termin „{event}“ ist bereits abgesagt."


def test_event_cancel_after_the_start_is_refused(event, staff):
    register(event, "erika@example.org")

    with pytest.raises(EventStartedError):
        event_cancel(event=event, by=staff, now=berlin(2099, 4, 15, 10, 0))

    event.refresh_from_db()
    assert (event.cancelled_at, Registration.objects.get().status) == (None, "confirmed")


def test_event_cancelled_takes_no_registration_from_the_public_nor_from_staff(event, staff):
    event_cancel(event=event, by=staff, now=BEFORE)
    event.refresh_from_db()

    with pytest.raises(RegistrationClosedError):
        registration_create(event=event, **person("neu@example.org"), now=BEFORE)
    with pytest.raises(RegistrationClosedError) as by_staff:
        registration_create(event=event, **person("neu@example.org"), by=staff, now=BEFORE)

    assert by_staff.value.message == (
        "Der Termin ist abgesagt. Es kann niemand mehr angemeldet werden."
    )
    assert Registration.objects.count() == 0


def test_event_cancelled_registration_page_says_abgesagt_and_has_no_form(client, event, staff):
    event_cancel(event=event, by=staff)

    get = client.get(registration_form_url(event))
    post = client.post(registration_form_url(event), form_data())

    text = text_of(main_content(get))
    assert "Dieser Termin ist abgesagt. Eine Anmeldung ist nicht mehr möglich." in text
    assert get.context["form"] is None
    assert (post.status_code, Registration.objects.count()) == (200, 0)


def test_event_cancelled_timeline_and_calendar_say_so(client, event, staff):
    event_cancel(event=event, by=staff)

    timeline = text_of(main_content(client.get(event.round.get_absolute_url())))
    ics = client.get(reverse("events:calendar", kwargs={"slug": event.round.slug})).content
    (vevent,) = [
        component
        for component in Calendar.from_ical(ics).walk("VEVENT")
        if str(component["uid"]).startswith("digiscouts-event-")
    ]

    assert "Infoveranstaltung Digiscouts abgesagt" in timeline
    assert "Dieser Termin ist abgesagt." in timeline
    assert "Zur Anmeldung" not in timeline
    assert (str(vevent["status"]), vevent["sequence"]) == ("CANCELLED", 1)


def test_event_cancelled_personal_page_says_the_event_was_cancelled(client, event, staff):
    erika, _jana = _registered(event)
    event_cancel(event=event, by=staff, now=BEFORE)

    response = client.get(registration_manage_url(erika))

    text = text_of(main_content(response))
    assert (
        "Status: Der Termin wurde am 1. April 2099, 12:00 Uhr abgesagt. Ihre Anmeldung ist damit "
        "storniert."
    ) in text
    assert VIDEO not in text
    assert "Anmeldung stornieren" not in text


# -- the admin action -------------------------------------------------------------------


def test_event_admin_cancel_asks_first_and_names_who_is_told(event, staff_client):
    _registered(event)

    page = run_action(staff_client, "admin:events_event_changelist", "cancel_events", [event])

    text = text_of(page.content.decode())
    assert page.template_name == "admin/events/event/cancel_confirm.html"
    assert (
        f"Dieser Termin wird abgesagt: {event} – {event.round}: 2 Anmeldungen (bestätigt oder "
        "auf der Warteliste)"
    ) in text
    assert 'value="Ja, absagen und E-Mails senden"' in page.content.decode()
    event.refresh_from_db()
    assert (event.cancelled_at, Email.objects.count()) == (None, 2)  # the registration mails


def test_event_admin_cancel_confirmed_cancels_and_mails(
    event, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    _registered(event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            staff_client, "admin:events_event_changelist", "cancel_events", [event], post="yes"
        )

    event.refresh_from_db()
    assert messages_of(response) == [
        "1 Termin abgesagt. 2 Anmeldungen storniert, die E-Mails sind unterwegs."
    ]
    assert event.is_cancelled is True
    assert EventChange.objects.get().by.username == "sachbearbeitung"
    assert len(mailoutbox) == 2


def test_event_admin_cancel_of_a_cancelled_event_offers_nothing(event, staff, staff_client):
    event_cancel(event=event, by=staff)

    page = run_action(staff_client, "admin:events_event_changelist", "cancel_events", [event])
    confirmed = run_action(
        staff_client, "admin:events_event_changelist", "cancel_events", [event], post="yes"
    )

    assert "Keiner der markierten Termine kann abgesagt werden." in text_of(page.content.decode())
    assert "Ja, absagen" not in page.content.decode()
    assert messages_of(confirmed) == []
    assert EventChange.objects.count() == 1


def test_event_admin_cancel_needs_the_change_permission(event, client):
    _registered(event)
    reader = staff_member("lesend", in_group=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(reader)

    response = run_action(
        client, "admin:events_event_changelist", "cancel_events", [event], post="yes"
    )

    event.refresh_from_db()
    assert response.status_code == 200
    assert event.cancelled_at is None
