"""Staff change an event's time or place; the confirmed registrants are told, with an .ics
that keeps the UID and raises SEQUENCE."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from icalendar import Calendar
from post_office.models import Email

from events.choices import EventChangeKind, RegistrationStatus
from events.models import EventChange
from events.services import (
    NothingToNotifyError,
    event_cancel,
    event_change,
    event_change_notify,
)
from tests.factories import EventFactory, RegistrationFactory, berlin, staff_member
from tests.helpers import messages_of, text_of

from .helpers import admin_change_form_data, register

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
VIDEO = "https://video.example.de/digiscouts-info"


@pytest.fixture
def event(settings):
    settings.SITE_URL = "https://digiscouts.example.de"
    settings.SITE_DOMAIN = "digiscouts.example.de"
    return EventFactory(
        capacity=2,
        title="Infoveranstaltung Digiscouts",
        location="",
        online_url=VIDEO,
        starts_at=berlin(2099, 4, 15, 10, 0),
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
    )


@pytest.fixture
def staff(db):
    return staff_member("kollegin")


def _registrations(event):
    """Two confirmed (Erika, Jana), one waiting, one cancelled registration."""
    return {
        "erika": RegistrationFactory(event=event, email="erika@example.org", first_name="Erika"),
        "jana": RegistrationFactory(event=event, email="jana@example.org", first_name="Jana"),
        "waiting": RegistrationFactory(
            event=event, email="wait@example.org", status=RegistrationStatus.WAITLISTED
        ),
        "cancelled": RegistrationFactory(
            event=event, email="gone@example.org", status=RegistrationStatus.CANCELLED
        ),
    }


def _calendar(message):
    ((filename, content, mimetype),) = message.attachments
    return filename, Calendar.from_ical(content), mimetype


def _vevent(message):
    _filename, calendar, _mimetype = _calendar(message)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


def test_event_change_records_who_what_and_raises_the_sequence(event, staff):
    result = event_change(
        event=event, by=staff, starts_at=berlin(2099, 4, 15, 11, 0), location="Kreishaus"
    )

    (change,) = EventChange.objects.all()
    assert result.changes == {
        "starts_at": ["2099-04-15T10:00:00+02:00", "2099-04-15T11:00:00+02:00"],
        "location": ["", "Kreishaus"],
    }
    assert (change.kind, change.by, change.changes, change.sequence) == (
        EventChangeKind.CHANGED,
        staff,
        result.changes,
        1,
    )
    assert change.changes_display() == (
        "Beginn: Mittwoch, 15. April 2099, 10:00 Uhr → Mittwoch, 15. April 2099, 11:00 Uhr; "
        "Ort: keine Angabe → Kreishaus"
    )
    event.refresh_from_db()
    assert (event.starts_at, event.location, event.ics_sequence) == (
        berlin(2099, 4, 15, 11, 0),
        "Kreishaus",
        1,
    )


def test_event_change_with_the_stored_values_records_nothing(event, staff):
    result = event_change(event=event, by=staff, starts_at=event.starts_at, online_url=VIDEO)

    event.refresh_from_db()
    assert (result.changes, EventChange.objects.count(), event.ics_sequence) == ({}, 0, 0)


def test_event_change_counts_the_confirmed_registrations_to_notify(event, staff):
    _registrations(event)

    result = event_change(event=event, by=staff, duration_minutes=90)

    assert result.confirmed == 2


def test_event_change_notify_mails_each_confirmed_registration_with_same_uid_higher_sequence(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    people = _registrations(event)
    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 15, 11, 0))

    with django_capture_on_commit_callbacks(execute=True):
        count = event_change_notify(event=event, by=staff)

    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["erika@example.org", "jana@example.org"]
    for message in mailoutbox:
        calendar, vevent = _vevent(message)
        assert str(vevent["uid"]) == f"digiscouts-event-{event.pk}@digiscouts.example.de"
        assert vevent["sequence"] == 1
        assert vevent.decoded("dtstart") == datetime(2099, 4, 15, 11, 0, tzinfo=BERLIN)
        assert str(vevent["url"]) == VIDEO
        assert "method" not in calendar
    notified = EventChange.objects.get(kind=EventChangeKind.NOTIFIED)
    assert (notified.by, notified.recipients, notified.sequence) == (staff, 2, 1)
    records = {e.context["record"] for e in Email.objects.all()}
    assert records == {f"events.registration:{people[n].pk}" for n in ("erika", "jana")}


def test_event_change_notify_calendar_sequence_is_higher_than_the_confirmations(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "erika@example.org")
    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 15, 11, 0))
    with django_capture_on_commit_callbacks(execute=True):
        event_change_notify(event=event, by=staff)

    confirmation, notification = mailoutbox
    _calendar_a, first = _vevent(confirmation)
    _calendar_b, second = _vevent(notification)
    assert str(first["uid"]) == str(second["uid"])
    assert (first["sequence"], second["sequence"]) == (0, 1)


def test_event_change_notify_mail_names_the_new_and_the_old_time(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(event=event, email="erika@example.org", first_name="Erika")
    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 15, 11, 0))
    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 15, 12, 0))

    with django_capture_on_commit_callbacks(execute=True):
        event_change_notify(event=event, by=staff)

    (message,) = mailoutbox
    assert message.subject == "Geänderter Termin: Infoveranstaltung Digiscouts am 15. April 2099"
    assert message.message()["Reply-To"] == "j.ausderwiesche@kreis-re.de"
    assert (
        "Beginn: Mittwoch, 15. April 2099, 12:00 Uhr "
        "(bisher: Mittwoch, 15. April 2099, 10:00 Uhr)\n"
    ) in message.body
    assert "Uhrzeit: 12:00 Uhr (eine Stunde)\n" in message.body
    assert f"Online-Link: {VIDEO}\n" in message.body
    html, _mimetype = message.alternatives[0]
    assert "<li><strong>Beginn: Mittwoch, 15. April 2099, 12:00 Uhr</strong>" in html


def test_event_change_notify_a_second_time_sends_nothing(
    event, staff, mailoutbox, django_capture_on_commit_callbacks
):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90)
    event_change_notify(event=event, by=staff)

    with pytest.raises(NothingToNotifyError) as refused:
        event_change_notify(event=event, by=staff)

    assert refused.value.message == (
        "Seit der letzten Benachrichtigung haben sich Zeit und Ort dieses Termins nicht "
        "geändert. Es wurde nichts gesendet."
    )
    assert Email.objects.count() == 2


def test_event_change_notify_a_change_changed_back_is_nothing_to_tell(event, staff):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90)
    event_change(event=event, by=staff, duration_minutes=60)

    with pytest.raises(NothingToNotifyError):
        event_change_notify(event=event, by=staff)

    event.refresh_from_db()
    assert event.ics_sequence == 2


def test_event_change_notify_without_confirmed_registrations_is_refused(event, staff):
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    event_change(event=event, by=staff, duration_minutes=90)

    with pytest.raises(NothingToNotifyError) as refused:
        event_change_notify(event=event, by=staff)

    assert refused.value.message == (
        "Für diesen Termin gibt es keine bestätigten Anmeldungen. Es wurde nichts gesendet."
    )


def test_event_change_moving_the_start_more_than_a_day_ahead_allows_a_new_reminder(event, staff):
    reminded = RegistrationFactory(event=event, reminded_at=berlin(2099, 4, 14, 10, 0))

    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 22, 10, 0))

    reminded.refresh_from_db()
    assert reminded.reminded_at is None


def test_event_change_of_the_place_keeps_the_reminder(event, staff):
    reminded = RegistrationFactory(event=event, reminded_at=berlin(2099, 4, 14, 10, 0))

    event_change(event=event, by=staff, location="Kreishaus")

    reminded.refresh_from_db()
    assert reminded.reminded_at == berlin(2099, 4, 14, 10, 0)


# -- the admin ------------------------------------------------------------------------


def _change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def _notify_url(event):
    return reverse("admin:events_event_notify", args=[event.pk])


def test_event_admin_time_change_is_recorded_and_offers_the_notification(event, staff_client):
    _registrations(event)
    url = _change_url(event)
    data = admin_change_form_data(staff_client, url, starts_at_1="11:00", title="Neuer Titel")

    response = staff_client.post(url, data, follow=True)

    event.refresh_from_db()
    (change,) = EventChange.objects.all()
    assert (event.title, event.starts_at, event.ics_sequence) == (
        "Neuer Titel",
        berlin(2099, 4, 15, 11, 0),
        1,
    )
    assert (change.kind, change.by.username) == (EventChangeKind.CHANGED, "sachbearbeitung")
    # Django's "changed successfully" first, then what the change means for the registrants.
    assert messages_of(response) == [
        f'Termin „<a href="{url}">Neuer Titel (15.04.2099)</a>“ wurde erfolgreich geändert.',
        f"Zeit oder Ort von „{event}“ haben sich geändert. 2 bestätigte Anmeldungen kennen "
        f'noch die bisherigen Angaben: <a href="{_notify_url(event)}">Angemeldete '
        "benachrichtigen</a>",
    ]
    assert Email.objects.count() == 0


def test_event_admin_change_of_the_title_only_is_no_schedule_change(event, staff_client):
    _registrations(event)
    url = _change_url(event)

    response = staff_client.post(
        url, admin_change_form_data(staff_client, url, title="Neuer Titel"), follow=True
    )

    event.refresh_from_db()
    assert (event.title, event.ics_sequence, EventChange.objects.count()) == ("Neuer Titel", 0, 0)
    assert len(messages_of(response)) == 1  # Django's "changed successfully"


def test_event_admin_change_form_shows_the_pending_notification_and_the_history(
    event, staff_client, staff
):
    _registrations(event)
    event_change(event=event, by=staff, location="Kreishaus")

    html = staff_client.get(_change_url(event)).content.decode()

    assert f'<a href="{_notify_url(event)}">Angemeldete benachrichtigen</a>' in html
    assert "Ort: keine Angabe → Kreishaus" in html


def test_event_admin_notify_page_shows_recipients_and_mail_before_sending(
    event, staff_client, staff
):
    _registrations(event)
    event_change(event=event, by=staff, starts_at=berlin(2099, 4, 15, 11, 0))

    response = staff_client.get(_notify_url(event))

    html = response.content.decode()
    text = text_of(html)
    assert response.template_name == "admin/events/event/notify_confirm.html"
    assert [r.email for r in response.context["recipients"]] == [
        "erika@example.org",
        "jana@example.org",
    ]
    assert response.context["preview"].to == ["erika@example.org"]
    assert "Geänderter Termin: Infoveranstaltung Digiscouts am 15. April 2099" in text
    assert (
        "Beginn: Mittwoch, 15. April 2099, 10:00 Uhr → Mittwoch, 15. April 2099, 11:00 Uhr" in text
    )
    assert "1 Anmeldung auf der Warteliste erhält keine E-Mail" in text
    assert 'value="Jetzt an 2 Personen senden"' in html
    assert Email.objects.count() == 0


def test_event_admin_notify_post_sends_once_and_says_so(
    event, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    _registrations(event)
    event_change(event=event, by=None, starts_at=berlin(2099, 4, 15, 11, 0))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_notify_url(event), follow=True)
    again = staff_client.post(_notify_url(event), follow=True)

    assert response.redirect_chain == [(_change_url(event), 302)]
    assert messages_of(response) == ["2 E-Mails mit dem geänderten Termin sind unterwegs."]
    assert messages_of(again) == [
        "Seit der letzten Benachrichtigung haben sich Zeit und Ort dieses Termins nicht "
        "geändert. Es wurde nichts gesendet."
    ]
    assert len(mailoutbox) == 2
    assert EventChange.objects.get(kind=EventChangeKind.NOTIFIED).by.username == ("sachbearbeitung")


def test_event_admin_notify_page_without_changes_offers_no_sending(event, staff_client):
    _registrations(event)

    response = staff_client.get(_notify_url(event))

    assert response.context["ready"] is False
    assert "Jetzt an" not in response.content.decode()


def test_event_admin_notify_needs_the_change_permission(event, client, staff):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90)
    reader = staff_member("lesend", in_group=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(reader)

    get = client.get(_notify_url(event))
    post = client.post(_notify_url(event))

    assert (get.status_code, post.status_code) == (403, 403)
    assert Email.objects.count() == 0


def test_event_admin_notify_post_needs_the_csrf_token(event, staff, client):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90)
    client.handler.enforce_csrf_checks = True
    client.force_login(staff)

    response = client.post(_notify_url(event))

    assert (response.status_code, Email.objects.count()) == (403, 0)


def test_event_admin_notify_of_a_cancelled_event_is_refused(
    event, staff, staff_client, django_capture_on_commit_callbacks
):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90)
    event_cancel(event=event, by=staff, now=berlin(2099, 4, 1))
    sent = Email.objects.count()

    response = staff_client.post(_notify_url(event), follow=True)

    assert messages_of(response) == ["Der Termin ist abgesagt."]
    assert Email.objects.count() == sent


def test_round_admin_event_inline_time_change_goes_through_the_service(event, staff_client):
    _registrations(event)
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(
        staff_client, url, **{"events-0-starts_at_0": "16.04.2099", "events-0-capacity": "3"}
    )

    response = staff_client.post(url, data, follow=True)

    event.refresh_from_db()
    (change,) = EventChange.objects.all()
    assert (event.starts_at, event.capacity, event.ics_sequence) == (
        berlin(2099, 4, 16, 10, 0),
        3,
        1,
    )
    assert change.changes == {
        "starts_at": ["2099-04-15T10:00:00+02:00", "2099-04-16T10:00:00+02:00"]
    }
    assert messages_of(response)[0] == (
        f'Programmrunde „<a href="{url}">{event.round}</a>“ wurde erfolgreich geändert.'
    )
    assert messages_of(response)[1].startswith(
        f"Zeit oder Ort von „{event}“ haben sich geändert. 2 bestätigte Anmeldungen"
    )
    # The waiting registration moved up into the raised capacity.
    assert messages_of(response)[2] == "1 Anmeldung ist von der Warteliste nachgerückt."


def test_event_admin_time_change_of_a_refused_capacity_records_nothing(event, staff_client):
    _registrations(event)
    url = _change_url(event)
    data = admin_change_form_data(staff_client, url, starts_at_1="11:00", capacity="1")

    response = staff_client.post(url, data)

    event.refresh_from_db()
    assert response.context["adminform"].form.errors == {
        "capacity": [
            "Es sind bereits 2 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein."
        ]
    }
    assert (event.starts_at, event.ics_sequence, EventChange.objects.count()) == (
        berlin(2099, 4, 15, 10, 0),
        0,
        0,
    )


def test_event_admin_history_lists_change_notification_and_who(event, staff, staff_client):
    _registrations(event)
    event_change(event=event, by=staff, duration_minutes=90, now=berlin(2099, 4, 1, 9, 0))
    event_change_notify(event=event, by=staff, now=berlin(2099, 4, 1, 9, 5))

    response = staff_client.get(_change_url(event))

    ((history),) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is EventChange
    ]
    rows = [
        (form.instance.kind, form.instance.recipients, form.instance.changes_display())
        for form in history.formset.initial_forms
    ]
    assert rows == [
        ("changed", 0, "Dauer: eine Stunde → 90 Minuten"),
        ("notified", 2, "Dauer: eine Stunde → 90 Minuten"),
    ]
