"""No overbooking under concurrent requests: threads race for the last seats (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from events.models import Registration, RegistrationStatus
from tests.factories import RegistrationFactory, open_event

from .helpers import register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
    ),
]


def _race(event, emails):
    """Call the service once per e-mail, all threads released at the same moment."""
    barrier = threading.Barrier(len(emails))
    errors = []

    def attempt(email):
        try:
            barrier.wait()
            register(event, email)
        except Exception as error:  # collected and asserted below: no request may fail
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


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
