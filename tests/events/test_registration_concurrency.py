"""No overbooking under concurrent requests: threads race for the last seats (PostgreSQL)."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.urls import reverse

from events.choices import RegistrationStatus
from events.models import Event, Registration
from events.services import event_capacity_update
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import RegistrationFactory, open_event
from tests.helpers import messages_of

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

    assert messages_of(response) == [
        "Es wurde nichts gespeichert. Es sind bereits 3 Plätze vergeben. "
        "Die Zahl der Plätze darf nicht kleiner sein."
    ]
    assert response.redirect_chain == [(url, 302)]
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
