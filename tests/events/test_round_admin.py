"""Staff build a round with its timeline entirely in the admin."""

from datetime import date

import pytest
from django.urls import reverse

from events.choices import EventKind
from events.models import Registration, Round
from tests.factories import RoundFactory, berlin, open_event
from tests.helpers import messages_of

from .helpers import admin_change_form_data, register

pytestmark = pytest.mark.django_db


def _inline_management(prefix, total=1):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_round_admin_add_form_has_german_labels(admin_client):
    html = admin_client.get("/verwaltung/events/round/add/").content.decode()

    for label in (
        "Partnerregion",
        "Plätze (Unternehmen)",
        "Höchstzahl Beschäftigte",
        "Bewerbungsschluss",
        "Offizieller Projektstart",
        "Ansprechperson",
    ):
        assert label in html


def test_round_admin_creates_round_with_event_and_phase(admin_client):
    data = {
        "title": "Digiscouts 2022 im Kreis Recklinghausen",
        "slug": "kreis-recklinghausen-2022",
        "partner_region": "Kreis Recklinghausen",
        "year": "2022",
        "summary": "",
        "is_published": "on",
        "places": "7",
        "max_employees": "499",
        "min_apprentices": "2",
        "municipalities": "Marl\nHerten",
        "application_start": "01.04.2022",
        "application_end": "30.04.2022",
        "start_date": "25.05.2022",
        "end_date": "23.11.2022",
        "contact_name": "Dr. Julia aus der Wiesche",
        "contact_unit": "Fachdienst Wirtschaft",
        "contact_phone": "02361 / 53-2129",
        "contact_email": "j.ausderwiesche@kreis-re.de",
        **_inline_management("events"),
        "events-0-kind": EventKind.INFO,
        "events-0-title": "Infoveranstaltung",
        "events-0-starts_at_0": "14.03.2022",
        "events-0-starts_at_1": "10:00",
        "events-0-duration_minutes": "60",
        "events-0-location": "Online",
        "events-0-online_url": "",
        "events-0-description": "",
        **_inline_management("phases"),
        **_inline_management("milestones", 0),
        "phases-0-title": "Analysephase",
        "phases-0-start_date": "26.05.2022",
        "phases-0-end_date": "22.06.2022",
        "phases-0-description": "",
    }

    response = admin_client.post("/verwaltung/events/round/add/", data)

    assert response.status_code == 302
    round_ = Round.objects.get(slug="kreis-recklinghausen-2022")
    assert round_.municipality_names() == ["Marl", "Herten"]
    assert list(round_.events.values_list("title", "starts_at")) == [
        ("Infoveranstaltung", berlin(2022, 3, 14, 10, 0))
    ]
    assert list(round_.phases.values_list("title", "start_date")) == [
        ("Analysephase", date(2022, 5, 26))
    ]


def test_round_admin_refuses_end_before_start_in_german(admin_client):
    round_ = RoundFactory()
    data = {
        field: getattr(round_, field)
        for field in (
            "title",
            "slug",
            "partner_region",
            "year",
            "places",
            "max_employees",
            "min_apprentices",
            "municipalities",
            "contact_name",
            "contact_unit",
            "contact_phone",
            "contact_email",
        )
    }
    data.update(
        application_start="15.04.2021",
        application_end="07.05.2021",
        start_date="26.05.2021",
        end_date="01.05.2021",
        **_inline_management("events", 0),
        **_inline_management("phases", 0),
        **_inline_management("milestones", 0),
    )

    response = admin_client.post(f"/verwaltung/events/round/{round_.pk}/change/", data)

    assert response.status_code == 200
    assert "Das Projektende darf nicht vor dem Projektstart liegen." in response.content.decode()
    round_.refresh_from_db()
    assert round_.end_date == date(2021, 11, 24)


def test_round_admin_event_inline_has_capacity_and_registration_window(staff_client):
    event = open_event(capacity=3)

    response = staff_client.get(reverse("admin:events_round_change", args=[event.round.pk]))

    (events, _phases, _milestones) = response.context["inline_admin_formsets"]
    assert list(events.formset.forms[0].fields)[:11] == [
        "kind",
        "title",
        "starts_at",
        "duration_minutes",
        "location",
        "online_url",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "participants_only",
        "description",
    ]


def test_round_admin_inline_capacity_raised_moves_the_waiting_list_up(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    mailoutbox.clear()
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(
        staff_client, url, **{"events-0-capacity": "2", "events-0-location": "Kreishaus"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data, follow=True)

    assert "1 Anmeldung ist von der Warteliste nachgerückt." in messages_of(response)
    event.refresh_from_db()
    assert (event.capacity, event.location) == (2, "Kreishaus")
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
    ]
    assert [m.to for m in mailoutbox] == [["b@example.org"]]


def test_round_admin_inline_capacity_below_the_seats_taken_is_refused_at_the_field(
    staff_client,
):
    event = open_event(capacity=3, title="Infoveranstaltung")
    register(event, "a@example.org", persons=3)
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(
        staff_client, url, title="Neuer Titel", **{"events-0-capacity": "2"}
    )

    response = staff_client.post(url, data)

    (events, _phases, _milestones) = response.context["inline_admin_formsets"]
    assert events.formset.errors == [
        {
            "capacity": [
                "Es sind bereits 3 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein."
            ]
        }
    ]
    title = event.round.title
    event.refresh_from_db()
    event.round.refresh_from_db()
    assert (event.capacity, event.round.title) == (3, title)


def test_round_admin_event_inline_with_registrations_cannot_be_deleted(staff_client):
    event = open_event(capacity=3)
    register(event, "a@example.org")
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(staff_client, url, **{"events-0-DELETE": "on"})

    response = staff_client.post(url, data)

    (events, _phases, _milestones) = response.context["inline_admin_formsets"]
    assert events.formset.non_form_errors() == [
        f"Das Löschen des Termin-Objekts „{event}“ würde ein Löschen der folgenden geschützten "
        "verwandten Objekte erfordern: Anmeldung Muster GmbH – Erika Mustermann"
    ]
    assert Registration.objects.filter(event=event).count() == 1
