"""The reminder a day before an event: the right registrations, once, even run twice at once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from events.choices import RegistrationStatus
from events.models import Registration
from events.services import event_reminders_send, registrations_due_for_reminder
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import EventFactory, RegistrationFactory, berlin

from .helpers import personal_link

NOW = berlin(2099, 4, 14, 12, 0)
VIDEO = "https://video.example.de/digiscouts-info"


def _event(starts_in, **kwargs):
    return EventFactory(
        capacity=40,
        title=kwargs.pop("title", "Infoveranstaltung Digiscouts"),
        starts_at=NOW + starts_in,
        registration_opens_at=berlin(2099, 3, 1, 9, 0),
        **kwargs,
    )


def _registration(event, email, *, registered=timedelta(days=3), **kwargs):
    """A registration made ``registered`` before NOW."""
    registration = RegistrationFactory(event=event, email=email, **kwargs)
    Registration.objects.filter(pk=registration.pk).update(created_at=NOW - registered)
    return registration


@pytest.mark.django_db
def test_event_reminders_go_to_exactly_the_due_registrations():
    tomorrow = _event(timedelta(hours=22), location="Kreishaus")
    _registration(tomorrow, "due@example.org")
    _registration(tomorrow, "waiting@example.org", status=RegistrationStatus.WAITLISTED)
    _registration(tomorrow, "cancelled@example.org", status=RegistrationStatus.CANCELLED)
    _registration(tomorrow, "reminded@example.org", reminded_at=NOW - timedelta(hours=1))
    _registration(tomorrow, "late@example.org", registered=timedelta(hours=1))
    _registration(_event(timedelta(hours=24)), "edge@example.org")
    _registration(_event(timedelta(hours=25)), "too-far@example.org")
    _registration(_event(-timedelta(minutes=1)), "started@example.org")
    _registration(
        _event(timedelta(hours=5), cancelled_at=NOW - timedelta(days=1)), "called-off@example.org"
    )

    count = event_reminders_send(now=NOW)

    reminded = Registration.objects.filter(reminded_at=NOW).order_by("email")
    assert count == 2
    assert [r.email for r in reminded] == ["due@example.org", "edge@example.org"]
    assert sorted(e.to[0] for e in Email.objects.filter(context__mail="event_reminder")) == [
        "due@example.org",
        "edge@example.org",
    ]


@pytest.mark.django_db
def test_event_reminders_second_run_sends_nothing():
    event = _event(timedelta(hours=20))
    _registration(event, "a@example.org")
    _registration(event, "b@example.org")

    first = event_reminders_send(now=NOW)
    second = event_reminders_send(now=NOW + timedelta(hours=1))

    assert (first, second) == (2, 0)
    assert Email.objects.filter(context__mail="event_reminder").count() == 2
    assert list(registrations_due_for_reminder(NOW + timedelta(hours=1))) == []


@pytest.mark.django_db
def test_event_reminder_mail_has_time_online_link_personal_link_and_calendar(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_DOMAIN = "digiscouts.example.de"
    event = _event(timedelta(hours=22), location="", online_url=VIDEO)
    registration = _registration(event, "erika@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        event_reminders_send(now=NOW)

    (message,) = mailoutbox
    _link, linked = personal_link(message)
    ((filename, content, _mimetype),) = message.attachments
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert (
        message.subject == "Erinnerung: Infoveranstaltung Digiscouts am 15. April 2099 um 10:00 Uhr"
    )
    assert message.body.startswith(
        "Guten Tag Erika Mustermann,\n\nwir erinnern Sie an „Infoveranstaltung Digiscouts“ am "
        "Mittwoch, 15. April 2099, 10:00 Uhr."
    )
    assert "Uhrzeit: 10:00 Uhr (eine Stunde)\n" in message.body
    assert f"Online-Link: {VIDEO}\n" in message.body
    assert message.message()["Reply-To"] == "j.ausderwiesche@kreis-re.de"
    assert linked == registration
    assert filename == f"digiscouts-termin-{event.pk}.ics"
    assert str(vevent["uid"]) == f"digiscouts-event-{event.pk}@digiscouts.example.de"
    assert str(vevent["url"]) == VIDEO
    assert Email.objects.get().context == {
        "mail": "event_reminder",
        "record": f"events.registration:{registration.pk}",
    }


@pytest.mark.django_db
def test_event_reminder_mail_of_an_event_on_site_names_the_place(
    mailoutbox, django_capture_on_commit_callbacks
):
    _registration(_event(timedelta(hours=22), location="Kreishaus, Raum 1"), "a@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        event_reminders_send(now=NOW)

    (message,) = mailoutbox
    assert "Ort: Kreishaus, Raum 1\n" in message.body
    assert "Zeit und Ort finden Sie unten und in der Kalenderdatei im Anhang." in message.body


def _due_now(count):
    """An event 20 hours after the real now (the command's clock), ``count`` registrations."""
    now = timezone.now()
    event = EventFactory(capacity=40, starts_at=now + timedelta(hours=20))
    for n in range(count):
        registration = RegistrationFactory(event=event, email=f"p{n}@example.org")
        Registration.objects.filter(pk=registration.pk).update(created_at=now - timedelta(days=2))
    return event


@pytest.mark.django_db
def test_send_event_reminders_command_reports_the_count():
    _due_now(3)
    first, second = StringIO(), StringIO()

    call_command("send_event_reminders", stdout=first)
    call_command("send_event_reminders", stdout=second)

    assert (first.getvalue(), second.getvalue()) == (
        "3 reminder(s) queued.\n",
        "0 reminder(s) queued.\n",
    )


@pytest.mark.django_db(transaction=True)
@postgres_only("SQLite serialises all writers, so there is no race to test")
def test_event_reminders_two_runs_at_the_same_moment_remind_each_registration_once(settings):
    settings.OUTBOX_SEND_AT_ONCE = False
    event = _event(timedelta(hours=20))
    registrations = [_registration(event, f"person{n}@example.org") for n in range(30)]

    outcomes = run_concurrently([lambda: event_reminders_send(now=NOW)] * 4)

    mails = Email.objects.filter(context__mail="event_reminder")
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sum(outcomes) == 30
    assert sorted(e.to[0] for e in mails) == sorted(r.email for r in registrations)
    assert Registration.objects.filter(reminded_at=NOW).count() == 30


@pytest.mark.django_db(transaction=True)
@postgres_only("SQLite serialises all writers, so there is no race to test")
def test_send_event_reminders_command_twice_at_once_reminds_each_once(settings):
    settings.OUTBOX_SEND_AT_ONCE = False
    _due_now(20)

    run_concurrently([lambda: call_command("send_event_reminders", stdout=StringIO())] * 2)

    mails = Email.objects.filter(context__mail="event_reminder")
    assert sorted(e.to[0] for e in mails) == sorted(f"p{n}@example.org" for n in range(20))
