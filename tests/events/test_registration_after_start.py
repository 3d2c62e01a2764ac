"""Once an event has begun its seats are settled: nobody moves up, the company can't cancel."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.choices import RegistrationStatus
from events.links import registration_token
from events.models import Registration
from events.services import (
    EventStartedError,
    event_capacity_update,
    event_waitlist_promote,
    registration_cancel,
)
from tests.factories import EventFactory, berlin
from tests.helpers import messages_of, run_action

from .helpers import register

pytestmark = pytest.mark.django_db

STARTS = berlin(2021, 4, 15, 10, 0)
BEFORE = berlin(2021, 4, 1, 12, 0)
AFTER = STARTS + timedelta(minutes=5)
CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


@pytest.fixture
def full_event():
    """An event with one seat taken by a@ and b@ waiting, registered before the start."""
    event = EventFactory(
        starts_at=STARTS, capacity=1, registration_opens_at=berlin(2021, 3, 15, 9, 0)
    )
    register(event, "a@example.org", now=BEFORE)
    register(event, "b@example.org", now=BEFORE)
    return event


def statuses(event):
    return list(event.registrations.order_by("pk").values_list("email", "status"))


@pytest.mark.parametrize(
    ("now", "cancellable"),
    [(STARTS - timedelta(seconds=1), True), (STARTS, False), (AFTER, False)],
    ids=["a-second-before", "at-the-start", "after"],
)
def test_registration_is_cancellable_until_the_event_starts(full_event, now, cancellable):
    registration = full_event.registrations.get(email="a@example.org")

    assert registration.is_cancellable(now) is cancellable


def test_registration_is_cancellable_never_once_cancelled(full_event):
    registration = full_event.registrations.get(email="a@example.org")
    registration_cancel(registration=registration, now=BEFORE)

    assert Registration.objects.get(pk=registration.pk).is_cancellable(BEFORE) is False


def test_registration_cancel_by_the_company_after_the_start_is_refused(full_event, mailoutbox):
    registration = full_event.registrations.get(email="a@example.org")

    with pytest.raises(EventStartedError) as error:
        registration_cancel(registration=registration, now=AFTER)

    assert (error.value.code, error.value.message) == (
        "event_started",
        "Die Veranstaltung hat bereits begonnen. Die Anmeldung kann nicht mehr storniert werden.",
    )
    assert statuses(full_event) == [("a@example.org", CONFIRMED), ("b@example.org", WAITLISTED)]
    assert mailoutbox == []


def test_registration_cancel_by_staff_after_the_start_promotes_nobody(
    full_event, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    registration = full_event.registrations.get(email="a@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=registration, by=admin_user, now=AFTER)

    assert promoted == []
    assert statuses(full_event) == [("a@example.org", CANCELLED), ("b@example.org", WAITLISTED)]
    assert [m.subject for m in mailoutbox] == ["Anmeldung storniert: Infoveranstaltung Digiscouts"]


def test_registration_cancel_a_second_before_the_start_still_promotes(full_event):
    registration = full_event.registrations.get(email="a@example.org")

    promoted = registration_cancel(registration=registration, now=STARTS - timedelta(seconds=1))

    assert [r.email for r in promoted] == ["b@example.org"]


def test_event_capacity_update_after_the_start_changes_the_capacity_but_promotes_nobody(
    full_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        promoted = event_capacity_update(event=full_event, capacity=2, now=AFTER)

    full_event.refresh_from_db()
    assert (promoted, full_event.capacity) == ([], 2)
    assert statuses(full_event) == [("a@example.org", CONFIRMED), ("b@example.org", WAITLISTED)]
    assert mailoutbox == []


def test_event_waitlist_promote_after_the_start_promotes_nobody(full_event):
    full_event.capacity = 2
    full_event.save(update_fields=["capacity"])

    assert event_waitlist_promote(event=full_event, now=AFTER) == []
    assert statuses(full_event) == [("a@example.org", CONFIRMED), ("b@example.org", WAITLISTED)]


def test_registration_cancel_view_after_the_start_changes_nothing(client, full_event, mailoutbox):
    registration = full_event.registrations.get(email="a@example.org")
    token = registration_token(registration)

    response = client.post(reverse("registrations:cancel", kwargs={"token": token}))

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("registrations:manage", kwargs={"token": token}),
    )
    assert statuses(full_event) == [("a@example.org", CONFIRMED), ("b@example.org", WAITLISTED)]
    assert mailoutbox == []


def test_registration_manage_after_the_start_offers_no_cancel(client, full_event):
    registration = full_event.registrations.get(email="a@example.org")
    token = registration_token(registration)

    response = client.get(reverse("registrations:manage", kwargs={"token": token}))

    assert response.context["can_cancel"] is False
    assert reverse("registrations:cancel", kwargs={"token": token}) not in (
        response.content.decode()
    )


def test_registration_admin_cancel_after_the_start_promotes_nobody(
    admin_client, full_event, mailoutbox, django_capture_on_commit_callbacks
):
    registration = full_event.registrations.get(email="a@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            admin_client,
            "admin:events_registration_changelist",
            "cancel_registrations",
            [registration],
            post="yes",
        )

    assert messages_of(response) == ["1 storniert, 0 von der Warteliste nachgerückt."]
    assert statuses(full_event) == [("a@example.org", CANCELLED), ("b@example.org", WAITLISTED)]
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
