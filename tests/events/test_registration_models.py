"""Registration window, waiting-list position, uniqueness and personal-link tokens."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from digiscouts.tokens import make_token
from events.choices import RegistrationStatus, RegistrationWindow
from events.links import registration_for_token, registration_token
from events.models import Registration
from tests.factories import EventFactory, RegistrationFactory, berlin

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    defaults = {
        "starts_at": berlin(2021, 4, 15, 10, 0),
        "capacity": 40,
        "registration_opens_at": berlin(2021, 3, 15, 9, 0),
    }
    return EventFactory(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"capacity": None},
            {"capacity": ["Für eine Anmeldung braucht der Termin eine Zahl von Plätzen."]},
        ),
        (
            {"registration_opens_at": berlin(2021, 4, 15, 10, 0)},
            {
                "registration_opens_at": [
                    "Die Anmeldung muss vor dem Beginn der Veranstaltung freigeschaltet werden."
                ]
            },
        ),
        (
            {"registration_closes_at": berlin(2021, 3, 15, 9, 0)},
            {
                "registration_closes_at": [
                    "Der Anmeldeschluss muss nach der Freischaltung der Anmeldung liegen."
                ]
            },
        ),
        (
            {"registration_closes_at": berlin(2021, 4, 15, 10, 1)},
            {
                "registration_closes_at": [
                    "Der Anmeldeschluss darf nicht nach dem Beginn der Veranstaltung liegen."
                ]
            },
        ),
    ],
    ids=["no-capacity", "opens-at-start", "closes-at-opening", "closes-after-start"],
)
def test_event_full_clean_refuses_registration_dates_out_of_order(change, errors):
    event = _event(**change)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.message_dict == errors


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"registration_closes_at": berlin(2021, 4, 15, 10, 0)},
        {"capacity": None, "registration_opens_at": None, "registration_closes_at": None},
    ],
    ids=["default-deadline", "closes-at-start", "no-registration"],
)
def test_event_full_clean_accepts_registration_dates_in_order(change):
    event = _event(**change)

    assert event.full_clean() is None  # raises ValidationError on a refusal


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 3, 15, 8, 59, 59), RegistrationWindow.NOT_OPEN),
        (berlin(2021, 3, 15, 9, 0), RegistrationWindow.OPEN),
        (berlin(2021, 4, 15, 9, 59, 59), RegistrationWindow.OPEN),
        (berlin(2021, 4, 15, 10, 0), RegistrationWindow.CLOSED),
    ],
)
def test_event_registration_window_defaults_to_the_start_as_deadline(now, expected):
    assert _event().registration_window(now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 4, 12, 23, 59, 59), RegistrationWindow.OPEN),
        (berlin(2021, 4, 13, 0, 0), RegistrationWindow.CLOSED),
    ],
)
def test_event_registration_window_honours_an_explicit_deadline(now, expected):
    event = _event(registration_closes_at=berlin(2021, 4, 13, 0, 0))

    assert event.registration_window(now) == expected


@pytest.mark.parametrize(
    "unpublished",
    [{"registration_opens_at": None}, {"capacity": None}],
    ids=["no-date", "no-seats"],
)
def test_event_registration_window_is_not_open_until_staff_publish_it(unpublished):
    event = _event(**unpublished)

    assert event.takes_registrations is False
    assert event.registration_window(berlin(2021, 4, 1, 12, 0)) == RegistrationWindow.NOT_OPEN


@pytest.mark.parametrize(
    "variant", ["INFO@example.ORG", "\u0130nfo@example.org"], ids=["case", "dotted-capital-i"]
)
def test_registration_unique_email_per_event_compares_the_normal_form(variant):
    first = RegistrationFactory(email="Info@Example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, email=variant)


def test_registration_same_email_for_two_events_is_allowed():
    first = RegistrationFactory(email="erika@example.org")

    RegistrationFactory(event=_event(round=first.event.round), email="erika@example.org")

    assert Registration.objects.filter(email="erika@example.org").count() == 2


def test_registration_persons_outside_1_to_3_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(persons=4)


def test_registration_unknown_status_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(status="maybe")


def test_registration_waitlist_position_follows_creation_order():
    event = _event()
    first = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    Registration.objects.filter(pk=second.pk).update(created_at=first.created_at)
    second.refresh_from_db()

    assert (first.waitlist_position(), second.waitlist_position()) == (1, 2)


def test_registration_token_reads_back_to_the_registration():
    registration = RegistrationFactory()

    assert registration_for_token(registration_token(registration)) == registration


def test_registration_token_of_another_kind_of_link_reads_as_none():
    # Tampered and malformed tokens: tests/site/test_shared.py (digiscouts.tokens).
    registration = RegistrationFactory()

    assert (
        registration_for_token(
            make_token("applications.application", registration.pk, registration.link_secret)
        )
        is None
    )


def test_registration_token_of_a_deleted_registration_reads_as_none():
    registration = RegistrationFactory()
    token = registration_token(registration)
    registration.delete()

    assert registration_for_token(token) is None
