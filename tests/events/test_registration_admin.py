"""Staff's view of registrations: list, filters, actions through services, CSV export."""

import re

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import Registration, RegistrationChange
from events.services import registration_cancel
from tests.factories import EventFactory, RegistrationFactory, berlin, open_event
from tests.helpers import messages_of, run_action, text_of

from .helpers import admin_change_form_data, register

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:events_registration_changelist"


def change_url(registration):
    return reverse("admin:events_registration_change", args=[registration.pk])


@pytest.mark.parametrize("count", [1, 50])
def test_registration_changelist_query_count_is_fixed(
    admin_client, django_assert_num_queries, count
):
    event = EventFactory(capacity=100)
    other = EventFactory(capacity=5)
    for n in range(count):
        status = RegistrationStatus.WAITLISTED if n % 2 else RegistrationStatus.CONFIRMED
        RegistrationFactory(event=other if n % 3 else event, status=status)

    # Status with the queue place and the event's seats come with the rows: no query per row.
    with django_assert_num_queries(9):
        response = admin_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_registration_changelist_shows_seven_columns_in_german(admin_client):
    RegistrationFactory(company="Müller & Söhne", municipality="Dorsten", persons=2)

    response = admin_client.get(reverse(CHANGELIST))

    html = response.content.decode()
    headers = [
        "Unternehmen",
        "Name",
        "Termin",
        "Status",
        "Anzahl Personen",
        "Plätze des Termins",
        "teilgenommen",
    ]
    assert [header["text"] for header in result_headers(response.context["cl"])][1:] == headers
    assert "Müller &amp; Söhne" in html


def test_registration_changelist_shows_status_with_queue_place_and_the_events_seats(
    admin_client,
):
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=2)
    register(event, "b@example.org", persons=2)
    register(event, "c@example.org", persons=1)
    cancelled = register(event, "d@example.org").registration
    registration_cancel(registration=cancelled)

    response = admin_client.get(reverse(CHANGELIST))

    html = response.content.decode()
    statuses = [
        text_of(cell)
        for cell in re.findall(r'<td class="field-status_display">.*?</td>', html, re.S)
    ]
    seats = [
        text_of(cell)
        for cell in re.findall(r'<td class="field-seats_display">.*?</td>', html, re.S)
    ]
    assert statuses == ["bestätigt", "Warteliste, Platz 1", "Warteliste, Platz 2", "storniert"]
    assert seats == ["2 von 3 belegt, 1 frei, 2 warten"] * 4
    # The one badge style of the admin, as in the application list (static/css/admin.css).
    assert '<span class="status-badge status-waitlisted">' in html
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html


def test_registration_changelist_search_and_status_filter(admin_client):
    event = EventFactory(capacity=10)
    RegistrationFactory(event=event, company="Alpha GmbH")
    RegistrationFactory(event=event, company="Beta AG", status=RegistrationStatus.WAITLISTED)

    found = admin_client.get(reverse(CHANGELIST), {"q": "beta"}).context["cl"].result_list
    waiting = (
        admin_client.get(reverse(CHANGELIST), {"status__exact": "waitlisted"})
        .context["cl"]
        .result_list
    )

    assert [r.company for r in found] == ["Beta AG"]
    assert [r.company for r in waiting] == ["Beta AG"]


def history():
    """The registrations' history: (registration pk, who, what changed)."""
    return list(
        RegistrationChange.objects.order_by("pk").values_list(
            "registration_id", "by__username", "changes"
        )
    )


@pytest.mark.parametrize(
    ("action", "expected"), [("mark_attended", True), ("mark_not_attended", False)]
)
def test_registration_admin_attendance_actions(admin_client, action, expected):
    event = open_event(capacity=1)
    confirmed = register(event, "a@example.org").registration
    waiting = register(event, "b@example.org").registration

    response = run_action(admin_client, CHANGELIST, action, [confirmed, waiting])

    assert "1 bestätigte Anmeldung geändert." in response.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("attended", flat=True)) == [
        expected,
        None,
    ]
    assert history() == [(confirmed.pk, "admin", {"attended": [None, expected]})]


def test_registration_admin_cancel_action_asks_first_and_changes_nothing(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1, title="Infoveranstaltung")
    confirmed = register(event, "a@example.org", company="Alpha GmbH").registration
    cancelled = register(event, "b@example.org", company="Beta AG").registration
    registration_cancel(registration=cancelled)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            admin_client, CHANGELIST, "cancel_registrations", [confirmed, cancelled]
        )

    html = response.content.decode()
    assert response.templates[0].name == "admin/events/registration/cancel_confirm.html"
    assert [r.pk for r in response.context["to_cancel"]] == [confirmed.pk]
    assert [r.pk for r in response.context["already_cancelled"]] == [cancelled.pk]
    assert f"<li>Alpha GmbH – Erika Mustermann (a@example.org) – {event}, bestätigt</li>" in html
    assert "Jede Person erhält eine E-Mail über die Stornierung." in html
    assert '<input type="hidden" name="post" value="yes">' in html
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "cancelled",
    ]
    assert mailoutbox == []


def test_registration_admin_cancel_action_confirmed_moves_the_waiting_list(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    confirmed = register(event, "a@example.org").registration
    register(event, "b@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            admin_client, CHANGELIST, "cancel_registrations", [confirmed], post="yes"
        )

    assert "1 storniert, 1 von der Warteliste nachgerückt." in response.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]
    assert history() == [(confirmed.pk, "admin", {"status": ["confirmed", "cancelled"]})]
    assert [m.to for m in mailoutbox] == [["a@example.org"], ["b@example.org"]]


def test_registration_admin_has_no_delete_even_for_a_superuser(admin_client):
    registration = RegistrationFactory()

    delete = admin_client.get(reverse("admin:events_registration_delete", args=[registration.pk]))
    changelist = admin_client.get(reverse(CHANGELIST))

    actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert delete.status_code == 403
    assert actions == [
        "",
        "mark_attended",
        "mark_not_attended",
        "cancel_registrations",
        "export_csv",
        "export_person_data",
        "erase_person_data",
    ]
    assert Registration.objects.count() == 1


def test_registration_csv_export_exact_bytes(admin_client, django_assert_num_queries):
    event = EventFactory(
        title="Infoveranstaltung Digiscouts", starts_at=berlin(2021, 4, 15, 10, 0), capacity=40
    )
    first = RegistrationFactory(
        event=event,
        company="Müller & Söhne GmbH",
        first_name="Jürgen",
        last_name="Größe",
        function="Geschäftsführer",
        email="j.groesse@example.org",
        phone="02361 / 123",
        municipality="Oer-Erkenschwick",
        persons=2,
        attended=True,
        remark='Wir bringen "zwei" Azubis mit; danke',
    )
    second = RegistrationFactory(
        event=event,
        company='=HYPERLINK("http://evil.example","klick")',
        first_name="Eva",
        last_name="@Bösewicht",
        function="-Leitung",
        email="eva@example.org",
        municipality="andere",
        status=RegistrationStatus.WAITLISTED,
    )
    created = timezone.localdate().strftime("%d.%m.%Y")

    with django_assert_num_queries(7):
        response = run_action(admin_client, CHANGELIST, "export_csv", [first, second], follow=False)
        body = b"".join(response.streaming_content)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="anmeldungen.csv"'
    expected = (
        "\ufeffTermin;Datum;Status;Unternehmen;Vorname;Nachname;Funktion;E-Mail;Telefon;"
        "Kommune;Personen;Teilgenommen;Anmerkung;Angemeldet am\r\n"
        "Infoveranstaltung Digiscouts;15.04.2021;bestätigt;Müller & Söhne GmbH;Jürgen;Größe;"
        "Geschäftsführer;j.groesse@example.org;02361 / 123;Oer-Erkenschwick;2;ja;"
        f'"Wir bringen ""zwei"" Azubis mit; danke";{created}\r\n'
        "Infoveranstaltung Digiscouts;15.04.2021;Warteliste;"
        '"\'=HYPERLINK(""http://evil.example"",""klick"")";Eva;\'@Bösewicht;\'-Leitung;'
        f"eva@example.org;;andere Kommune;1;;;{created}\r\n"
    )
    assert body == expected.encode("utf-8")


def test_event_changelist_shows_seats_taken_and_waiting_list(
    admin_client, django_assert_num_queries
):
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=2)
    register(event, "b@example.org", persons=2)
    register(event, "c@example.org", persons=1)
    EventFactory(round=event.round, kind="closing", capacity=None)

    with django_assert_num_queries(8):
        response = admin_client.get(reverse("admin:events_event_changelist"))

    rows = {e.pk: (e.seats_taken, e.waitlist_count) for e in response.context["cl"].result_list}
    html = response.content.decode()
    assert rows[event.pk] == (2, 2)
    assert f'?event__id__exact={event.pk}">2 von 3</a>' in html


@pytest.mark.parametrize("count", [1, 30])
def test_event_changelist_query_count_is_fixed(admin_client, django_assert_num_queries, count):
    for event in EventFactory.create_batch(count, capacity=5):
        RegistrationFactory.create_batch(2, event=event)

    with django_assert_num_queries(8):
        response = admin_client.get(reverse("admin:events_event_changelist"))

    assert len(response.context["cl"].result_list) == count


def test_event_admin_raising_capacity_promotes_the_waiting_list(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(
        starts_at=berlin(2099, 4, 15, 10, 0),
        capacity=1,
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
    )
    register(event, "a@example.org")
    register(event, "b@example.org")
    mailoutbox.clear()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_change_form_data(admin_client, url, capacity="2", title="Neuer Titel")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)

    assert messages_of(response) == [
        f'Termin „<a href="{url}">Neuer Titel (15.04.2099)</a>“ wurde erfolgreich geändert.',
        "1 Anmeldung ist von der Warteliste nachgerückt.",
    ]
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
    ]
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Neuer Titel", 2)
    assert [m.subject for m in mailoutbox] == [
        "Sie sind nachgerückt: Neuer Titel am 15. April 2099"
    ]


def test_event_admin_capacity_below_confirmed_seats_refuses_the_whole_save(admin_client):
    event = open_event(capacity=3, title="Infoveranstaltung")
    register(event, "a@example.org", persons=3)
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_change_form_data(admin_client, url, capacity="2", title="Neuer Titel")

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors == {
        "capacity": [
            "Es sind bereits 3 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein."
        ]
    }
    event.refresh_from_db()
    assert (event.capacity, event.title) == (3, "Infoveranstaltung")


def test_round_admin_event_inline_start_before_the_registration_opens_is_refused(admin_client):
    event = open_event(capacity=3)
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(admin_client, url, **{"events-0-starts_at_0": "01.01.2020"})

    response = admin_client.post(url, data)

    (inline, _phases, _milestones) = response.context["inline_admin_formsets"]
    assert inline.formset.errors == [
        {
            "registration_opens_at": [
                "Die Anmeldung muss vor dem Beginn der Veranstaltung freigeschaltet werden."
            ]
        }
    ]
    old_start = event.starts_at
    event.refresh_from_db()
    assert event.starts_at == old_start


def test_event_admin_registration_without_capacity_is_refused(admin_client):
    event = open_event(capacity=3)
    url = reverse("admin:events_event_change", args=[event.pk])

    response = admin_client.post(url, admin_change_form_data(admin_client, url, capacity=""))

    assert response.context["adminform"].form.errors == {
        "capacity": ["Für eine Anmeldung braucht der Termin eine Zahl von Plätzen."]
    }
    event.refresh_from_db()
    assert event.capacity == 3
