"""Seats, waiting list, promotion, duplicates and attendance, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import Registration, RegistrationChange
from events.services import (
    CapacityError,
    RegistrationClosedError,
    event_capacity_update,
    event_waitlist_promote,
    registration_attendance_set,
    registration_cancel,
)
from tests.factories import open_event, staff_member

from .helpers import register

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("email", "status")
    )


def test_registration_create_confirms_while_seats_last():
    event = open_event(capacity=3)

    first = register(event, "a@example.org", persons=2).registration
    second = register(event, "b@example.org", persons=1).registration

    assert (first.status, second.status) == (CONFIRMED, CONFIRMED)
    assert event.registrations.seats_taken() == 3


def test_registration_create_waitlists_when_persons_do_not_fit():
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=2)

    result = register(event, "b@example.org", persons=2)

    assert result.registration.status == WAITLISTED
    assert result.registration.waitlist_position() == 1
    assert event.registrations.seats_taken() == 2


def test_registration_create_waits_behind_the_queue_even_if_it_would_fit():
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=2)
    register(event, "b@example.org", persons=2)  # waitlisted: 1 seat free

    result = register(event, "c@example.org", persons=1)

    assert result.registration.status == WAITLISTED
    assert result.registration.waitlist_position() == 2


def test_waitlist_position_counts_earlier_waiting_registrations_only():
    event = open_event(capacity=1)
    register(event, "a@example.org")
    b = register(event, "b@example.org").registration
    c = register(event, "c@example.org").registration
    d = register(event, "d@example.org").registration

    registration_cancel(registration=c)

    assert [b.waitlist_position(), d.waitlist_position()] == [1, 2]
    assert Registration.objects.get(pk=c.pk).waitlist_position() is None


def test_registration_cancel_promotes_the_waiting_list_in_order():
    event = open_event(capacity=2)
    a = register(event, "a@example.org", persons=2).registration
    register(event, "b@example.org")
    register(event, "c@example.org")
    register(event, "d@example.org")

    promoted = registration_cancel(registration=a)

    assert [r.email for r in promoted] == ["b@example.org", "c@example.org"]
    assert statuses(event) == [
        ("a@example.org", CANCELLED),
        ("b@example.org", CONFIRMED),
        ("c@example.org", CONFIRMED),
        ("d@example.org", WAITLISTED),
    ]


def test_registration_cancel_never_skips_the_head_of_the_queue():
    event = open_event(capacity=3)
    a = register(event, "a@example.org", persons=1).registration
    register(event, "b@example.org", persons=2)
    register(event, "c@example.org", persons=3)  # waiting, needs 3
    register(event, "d@example.org", persons=1)  # waiting behind c

    promoted = registration_cancel(registration=a)

    assert promoted == []
    assert statuses(event)[2:] == [("c@example.org", WAITLISTED), ("d@example.org", WAITLISTED)]


def test_registration_cancel_of_the_waiting_head_promotes_the_next_that_fits(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=1)
    b = register(event, "b@example.org", persons=3).registration  # waiting, needs 3
    register(event, "c@example.org", persons=1)  # waiting behind b, 2 seats free

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=b)

    assert [r.email for r in promoted] == ["c@example.org"]
    assert statuses(event) == [
        ("a@example.org", CONFIRMED),
        ("b@example.org", CANCELLED),
        ("c@example.org", CONFIRMED),
    ]
    assert [(m.to, m.subject[:20]) for m in mailoutbox] == [
        (["b@example.org"], "Anmeldung storniert:"),
        (["c@example.org"], "Sie sind nachgerückt"),
    ]


def test_registration_cancel_of_a_waiting_registration_frees_no_seat():
    event = open_event(capacity=1)
    register(event, "a@example.org")
    b = register(event, "b@example.org").registration
    register(event, "c@example.org")

    promoted = registration_cancel(registration=b)

    assert promoted == []
    assert statuses(event) == [
        ("a@example.org", CONFIRMED),
        ("b@example.org", CANCELLED),
        ("c@example.org", WAITLISTED),
    ]


def test_registration_cancel_twice_changes_nothing_the_second_time():
    event = open_event(capacity=1)
    a = register(event, "a@example.org").registration
    registration_cancel(registration=a)
    first_cancelled_at = Registration.objects.get(pk=a.pk).cancelled_at

    assert registration_cancel(registration=a) == []
    assert Registration.objects.get(pk=a.pk).cancelled_at == first_cancelled_at


def test_registration_create_with_a_registered_address_is_a_duplicate():
    event = open_event(capacity=5)
    first = register(event, "Erika@Example.org").registration

    result = register(event, "erika@example.ORG", company="Andere AG")

    assert result.duplicate is True
    assert result.registration.pk == first.pk
    assert Registration.objects.get(pk=first.pk).company == "Muster GmbH"
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_create_repeated_duplicates_resend_the_link_once_an_hour(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=5)
    register(event, "erika@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            register(event, "erika@example.org")

    assert [message.to for message in mailoutbox] == [["erika@example.org"]]


def test_registration_create_after_cancelling_registers_anew_at_the_end_of_the_queue():
    event = open_event(capacity=2)
    register(event, "a@example.org", persons=2)
    b = register(event, "b@example.org").registration
    register(event, "c@example.org")
    registration_cancel(registration=b)

    result = register(event, "B@example.org", company="Neue GmbH", persons=2)

    assert result.duplicate is False
    assert result.registration.pk == b.pk
    again = Registration.objects.get(pk=b.pk)
    assert (again.status, again.company, again.persons, again.cancelled_at) == (
        WAITLISTED,
        "Neue GmbH",
        2,
        None,
    )
    assert again.waitlist_position() == 2


def test_registration_create_again_queues_by_the_time_under_the_lock():
    event = open_event(capacity=1)
    register(event, "a@example.org")
    b = register(event, "b@example.org").registration
    registration_cancel(registration=b)
    waiting = register(event, "c@example.org").registration
    read_before_the_lock = timezone.now() - timedelta(seconds=5)

    again = register(event, "b@example.org", now=read_before_the_lock).registration

    assert again.created_at > waiting.created_at
    assert [waiting.waitlist_position(), again.waitlist_position()] == [1, 2]


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        (2, "Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."),
        (1, "Für diese Veranstaltung kann höchstens 1 Person angemeldet werden."),
    ],
)
def test_registration_create_more_persons_than_the_capacity_is_refused(capacity, message):
    event = open_event(capacity=capacity)

    with pytest.raises(CapacityError) as error:
        register(event, "a@example.org", persons=3)

    assert (error.value.message, error.value.code) == (message, "persons_above_capacity")
    assert Registration.objects.count() == 0


def test_registration_create_same_address_for_another_event_is_allowed():
    event = open_event(capacity=5)
    other = open_event(capacity=5, round=event.round, kind="closing")

    register(event, "a@example.org")
    result = register(other, "a@example.org")

    assert result.duplicate is False


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "starts_in_days"),
    [
        (timedelta(hours=1), None, 14),  # not yet published
        (timedelta(days=-2), timedelta(minutes=-1), 14),  # deadline passed
        (timedelta(days=-20), None, -1),  # event started (default deadline)
    ],
)
def test_registration_create_outside_the_window_is_refused(opens_in, closes_in, starts_in_days):
    event = open_event(capacity=5, days=starts_in_days)
    now = timezone.now()
    event.registration_opens_at = now + opens_in
    event.registration_closes_at = closes_in and now + closes_in
    event.save()

    with pytest.raises(RegistrationClosedError):
        register(event, "a@example.org")
    assert Registration.objects.count() == 0


def test_event_capacity_update_raising_promotes_in_order():
    event = open_event(capacity=2)
    register(event, "a@example.org", persons=2)
    register(event, "b@example.org")
    register(event, "c@example.org", persons=2)
    register(event, "d@example.org")

    promoted = event_capacity_update(event=event, capacity=5)

    assert [r.email for r in promoted] == ["b@example.org", "c@example.org"]
    assert statuses(event)[3] == ("d@example.org", WAITLISTED)
    event.refresh_from_db()
    assert event.capacity == 5


def test_event_capacity_update_below_the_largest_waiting_party_is_refused():
    event = open_event(capacity=3)
    a = register(event, "a@example.org", persons=1).registration
    register(event, "b@example.org", persons=2)
    register(event, "c@example.org", persons=3)
    registration_cancel(registration=a)

    with pytest.raises(CapacityError) as error:
        event_capacity_update(event=event, capacity=2)

    assert (error.value.message, error.value.code) == (
        "Auf der Warteliste steht eine Anmeldung für 3 Personen. "
        "Die Zahl der Plätze darf nicht kleiner sein.",
        "capacity_below_waiting",
    )
    event.refresh_from_db()
    assert event.capacity == 3


def test_event_capacity_update_below_confirmed_seats_is_refused():
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=3)

    with pytest.raises(CapacityError) as error:
        event_capacity_update(event=event, capacity=2)

    assert (error.value.message, error.value.code) == (
        "Es sind bereits 3 Plätze vergeben. Die Zahl der Plätze darf nicht kleiner sein.",
        "capacity_below_taken",
    )
    event.refresh_from_db()
    assert event.capacity == 3


def test_event_waitlist_promote_after_a_direct_capacity_change():
    event = open_event(capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    event.capacity = 2
    event.save(update_fields=["capacity"])

    promoted = event_waitlist_promote(event=event)

    assert [r.email for r in promoted] == ["b@example.org"]


def test_registration_attendance_set_marks_confirmed_registrations_only():
    staff = staff_member()
    event = open_event(capacity=1)
    a = register(event, "a@example.org").registration
    b = register(event, "b@example.org").registration  # waitlisted

    changed = registration_attendance_set(registrations=[a, b], attended=True, by=staff)

    assert changed == 1
    assert list(Registration.objects.order_by("pk").values_list("email", "attended")) == [
        ("a@example.org", True),
        ("b@example.org", None),
    ]
    assert registration_attendance_set(registrations=[a], attended=True, by=staff) == 0
    assert registration_attendance_set(registrations=[a], attended=False, by=staff) == 1


def test_registration_attendance_set_records_each_change_and_who_made_it():
    staff = staff_member()
    registration = register(open_event(), "a@example.org").registration

    registration_attendance_set(registrations=[registration], attended=True, by=staff)
    registration_attendance_set(registrations=[registration], attended=True, by=staff)
    registration_attendance_set(registrations=[registration], attended=False, by=staff)

    changes = RegistrationChange.objects.filter(registration=registration)
    assert [(c.by, c.changes, c.changes_display()) for c in changes] == [
        (staff, {"attended": [None, True]}, "teilgenommen: – → ja"),
        (staff, {"attended": [True, False]}, "teilgenommen: ja → nein"),
    ]


def test_registration_cancel_by_staff_records_the_status_change_and_who():
    staff = staff_member()
    event = open_event(capacity=1)
    register(event, "a@example.org")
    waiting = register(event, "b@example.org").registration

    registration_cancel(registration=waiting, by=staff)

    (change,) = RegistrationChange.objects.all()
    assert (change.registration, change.by, change.changes, change.changes_display()) == (
        waiting,
        staff,
        {"status": ["waitlisted", "cancelled"]},
        "Status: Warteliste → storniert",
    )


def test_registration_cancel_by_the_company_records_nothing():
    registration = register(open_event(), "a@example.org").registration

    registration_cancel(registration=registration)

    assert RegistrationChange.objects.count() == 0
