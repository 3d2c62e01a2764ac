"""No overbooking under concurrent requests: threads race for the last seats (PostgreSQL)."""

import pytest

from events.models import Registration, RegistrationStatus
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import RegistrationFactory, open_event

from .helpers import register

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
