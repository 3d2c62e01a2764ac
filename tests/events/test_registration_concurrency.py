"""No overbooking under concurrent requests: threads race for the last seats (PostgreSQL)."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.urls import reverse

from events.choices import RegistrationStatus
from events.models import Event, Registration, Round
from events.services import RoundCopyError, event_capacity_update, round_copy
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import EventFactory, RegistrationFactory, RoundFactory, open_event

from .helpers import admin_change_form_data, form_data, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only("SQLite serialises all writers, so there is no race to test"),
]


def _race(event, emails):
    """Register every e-mail at the same moment; return the errors (there must be none)."""
    outcomes = run_concurrently([lambda email=email: register(event, email) for email in emails])
    return [repr(o) for o in outcomes if isinstance(o, Exception)]


def test_registration_create_30_racing_for_the_last_5_seats_confirms_exactly_5():
    event = open_event(capacity=40)
    RegistrationFactory.create_batch(35, event=event)

    errors = _race(event, [f"racer{n}@example.org" for n in range(30)])

    racers = Registration.objects.filter(event=event, email__startswith="racer")
    assert errors == []
    assert racers.filter(status=RegistrationStatus.CONFIRMED).count() == 5
    assert racers.filter(status=RegistrationStatus.WAITLISTED).count() == 25
    assert event.registrations.seats_taken() == 40
    positions = sorted(r.waitlist_position() for r in racers.filter(status="waitlisted"))
    assert positions == list(range(1, 26))


def test_registration_create_same_address_racing_gives_one_registration_and_no_error():
    event = open_event(capacity=40)

    errors = _race(event, ["same@example.org"] * 10 + ["SAME@example.org"] * 10)

    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1


@contextmanager
def event_locked_while(event, change):
    """Another connection holds the event's row lock for a moment, makes a change, commits."""
    locked = threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Event.objects.select_for_update().get(pk=event.pk)
                locked.set()
                time.sleep(0.5)  # the request under test arrives meanwhile
                change()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait()
    try:
        yield
    finally:
        thread.join()


def test_event_admin_capacity_refused_under_the_lock_saves_nothing(admin_client):
    event = open_event(capacity=3, title="Infoveranstaltung")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_change_form_data(admin_client, url, capacity="2", title="Neuer Titel")

    # The form checks without a lock and passes; the service then waits for the
    # lock and sees the seats confirmed meanwhile.
    with event_locked_while(event, lambda: register(event, "a@example.org", persons=3)):
        response = admin_client.post(url, data, follow=True)

    # The refusal stands next to the field, with everything typed still in the form.
    form = response.context["adminform"].form
    assert form.errors == {
        "capacity": [
            "Es sind bereits 3 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein."
        ]
    }
    assert (form["title"].value(), response.redirect_chain) == ("Neuer Titel", [])
    event.refresh_from_db()
    assert (event.capacity, event.title) == (3, "Infoveranstaltung")


def test_registration_form_refuses_persons_above_a_capacity_lowered_meanwhile(client):
    event = open_event(capacity=3)
    url = reverse("events:registration_form", kwargs={"slug": event.round.slug, "pk": event.pk})

    with event_locked_while(event, lambda: event_capacity_update(event=event, capacity=2)):
        response = client.post(url, form_data(persons="3"))

    assert response.context["form"].errors == {
        "persons": ["Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."]
    }
    assert Registration.objects.count() == 0


def test_round_admin_inline_capacity_refused_under_the_lock_stands_at_the_field(admin_client):
    event = open_event(capacity=3)
    url = reverse("admin:events_round_change", args=[event.round.pk])
    data = admin_change_form_data(admin_client, url, **{"events-0-capacity": "2"})
    data["events-0-location"] = "Kreishaus"

    with event_locked_while(event, lambda: register(event, "a@example.org", persons=3)):
        response = admin_client.post(url, data)

    (events, _phases, _milestones) = response.context["inline_admin_formsets"]
    assert events.formset.errors == [
        {
            "capacity": [
                "Es sind bereits 3 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein."
            ]
        }
    ]
    event.refresh_from_db()
    assert (event.capacity, event.location) == (3, "Online")


def test_registration_admin_phone_add_of_an_address_registered_meanwhile_is_refused(
    admin_client,
):
    event = open_event(capacity=10)
    data = {
        "event": str(event.pk),
        "persons": "1",
        "company": "Müller & Söhne GmbH",
        "first_name": "Jürgen",
        "last_name": "Müller",
        "function": "Geschäftsführer",
        "email": "j.mueller@example.org",
        "phone": "",
        "municipality": "Marl",
        "remark": "",
        "consent_by_phone": "on",
    }

    with event_locked_while(
        event, lambda: register(event, "J.Mueller@example.org", company="Web GmbH")
    ):
        response = admin_client.post(reverse("admin:events_registration_add"), data)

    assert response.context["adminform"].form.errors == {
        "email": [
            "Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet "
            "(Erika Mustermann, Web GmbH)."
        ]
    }
    assert list(Registration.objects.values_list("company", flat=True)) == ["Web GmbH"]


def test_registration_admin_correction_persons_refused_under_the_lock(admin_client):
    event = open_event(capacity=3)
    registration = register(event, "a@example.org").registration
    url = reverse("admin:events_registration_change", args=[registration.pk])
    data = admin_change_form_data(admin_client, url, persons="3")

    with event_locked_while(event, lambda: register(event, "b@example.org", persons=2)):
        response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors == {
        "persons": [
            "Für 2 weitere Personen sind nicht genug Plätze frei (frei: 0). Erhöhen Sie zuerst "
            "die Zahl der Plätze des Termins."
        ]
    }
    registration.refresh_from_db()
    assert registration.persons == 1


@pytest.mark.parametrize("copies", [2, 4])
def test_round_copy_in_parallel_gives_distinct_slugs_or_a_german_refusal(copies):
    source = RoundFactory(slug="kreis-recklinghausen-2021", year=2021)
    EventFactory(round=source)

    outcomes = run_concurrently(
        [lambda: round_copy(round_=source, weeks=52) for _ in range(copies)]
    )

    rounds = [o for o in outcomes if isinstance(o, Round)]
    refusals = [o for o in outcomes if isinstance(o, RoundCopyError)]
    assert len(rounds) + len(refusals) == copies
    assert [r.message for r in refusals] == [
        "Die Runde konnte nicht kopiert werden, weil gerade gleichzeitig weitere Kopien "
        "angelegt werden. Bitte versuchen Sie es noch einmal."
    ] * len(refusals)
    slugs = sorted(Round.objects.exclude(pk=source.pk).values_list("slug", flat=True))
    assert slugs == sorted(r.slug for r in rounds)
    assert len(set(slugs)) == len(rounds) >= 1
    assert Event.objects.count() == 1 + len(rounds)
