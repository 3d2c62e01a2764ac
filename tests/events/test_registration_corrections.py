"""Staff correct a registration through registration_correct: seat rules, one address per
event, the history (RegistrationChange) and the personal link to a corrected address."""

import pytest

from events.choices import RegistrationStatus
from events.models import Registration, RegistrationChange
from events.services import (
    CapacityError,
    EmailTakenError,
    registration_cancel,
    registration_correct,
    registration_link_send,
)
from tests.factories import open_event
from tests.factories.applications import staff_member

from .helpers import personal_link, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return staff_member()


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("email", "status")
    )


def test_registration_correct_records_old_and_new_values_and_the_email_key(clerk):
    event = open_event(capacity=10)
    registration = register(event, "erika@exmaple.org", company="Muster GmbH").registration

    result = registration_correct(
        registration=registration,
        by=clerk,
        note="Tippfehler am Telefon",
        email=" Erika@Example.org ",
        company="Muster GmbH",
        phone="02361 532129",
    )

    registration.refresh_from_db()
    assert (registration.email, registration.email_key, registration.phone) == (
        "Erika@Example.org",
        "erika@example.org",
        "02361 532129",
    )
    assert result.changes == {
        "email": ["erika@exmaple.org", "Erika@Example.org"],
        "phone": ["", "02361 532129"],
    }
    change = RegistrationChange.objects.get()
    assert (change.registration, change.by, change.changes, change.note) == (
        registration,
        clerk,
        result.changes,
        "Tippfehler am Telefon",
    )
    assert change.changes_display() == (
        "E-Mail: erika@exmaple.org → Erika@Example.org; Telefon: – → 02361 532129"
    )


def test_registration_correct_without_a_difference_writes_nothing(clerk):
    registration = register(open_event(), "erika@example.org").registration

    result = registration_correct(
        registration=registration, by=clerk, company="Muster GmbH", persons=1
    )

    assert result.changes == {}
    assert RegistrationChange.objects.count() == 0


@pytest.mark.parametrize(
    ("make_other", "expected"),
    [
        (
            lambda other: other,
            "Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet "
            "(Max Mustermann, Andere AG).",
        ),
        (
            lambda other: registration_cancel(registration=other),
            "Für diesen Termin gibt es bereits eine stornierte Anmeldung mit dieser "
            "E-Mail-Adresse (Max Mustermann, Andere AG). Eine Adresse kann je Termin nur einmal "
            "vorkommen.",
        ),
    ],
    ids=["active", "cancelled"],
)
def test_registration_correct_refuses_an_address_of_another_registration_of_the_event(
    clerk, make_other, expected
):
    event = open_event(capacity=10)
    other = register(event, "taken@example.org", company="Andere AG", first_name="Max").registration
    make_other(other)
    registration = register(event, "erika@example.org").registration

    with pytest.raises(EmailTakenError) as refusal:
        registration_correct(registration=registration, by=clerk, email="TAKEN@example.org")

    assert (refusal.value.message, refusal.value.field) == (expected, "email")
    registration.refresh_from_db()
    assert registration.email == "erika@example.org"
    assert RegistrationChange.objects.count() == 0


def test_registration_correct_allows_the_address_of_another_event(clerk):
    register(open_event(), "taken@example.org")
    registration = register(open_event(), "erika@example.org").registration

    registration_correct(registration=registration, by=clerk, email="taken@example.org")

    registration.refresh_from_db()
    assert registration.email_key == "taken@example.org"


def test_registration_correct_more_persons_than_free_seats_is_refused(clerk):
    event = open_event(capacity=4)
    registration = register(event, "a@example.org", persons=1).registration
    register(event, "b@example.org", persons=2)

    with pytest.raises(CapacityError) as refusal:
        registration_correct(registration=registration, by=clerk, persons=3)

    assert (refusal.value.message, refusal.value.field) == (
        "Für 2 weitere Personen sind nicht genug Plätze frei (frei: 1). Erhöhen Sie zuerst "
        "die Zahl der Plätze des Termins.",
        "persons",
    )
    registration.refresh_from_db()
    assert registration.persons == 1


def test_registration_correct_more_persons_into_free_seats(clerk):
    event = open_event(capacity=4)
    registration = register(event, "a@example.org", persons=1).registration

    registration_correct(registration=registration, by=clerk, persons=3)

    assert event.registrations.seats_taken() == 3


def test_registration_correct_more_persons_than_the_event_holds_is_refused_when_waiting(clerk):
    event = open_event(capacity=2)
    register(event, "a@example.org", persons=2)
    waiting = register(event, "b@example.org", persons=1).registration

    with pytest.raises(CapacityError) as refusal:
        registration_correct(registration=waiting, by=clerk, persons=3)

    assert refusal.value.message == (
        "Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."
    )


def test_registration_correct_fewer_persons_moves_the_waiting_list_up(
    clerk, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=3)
    registration = register(event, "a@example.org", persons=3).registration
    register(event, "b@example.org", persons=2)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = registration_correct(registration=registration, by=clerk, persons=1)

    assert [r.email for r in result.promoted] == ["b@example.org"]
    assert statuses(event) == [
        ("a@example.org", RegistrationStatus.CONFIRMED),
        ("b@example.org", RegistrationStatus.CONFIRMED),
    ]
    assert [m.to for m in mailoutbox] == [["b@example.org"]]


def test_registration_correct_unknown_field_is_a_programming_error(clerk):
    registration = register(open_event(), "a@example.org").registration

    with pytest.raises(TypeError):
        registration_correct(registration=registration, by=clerk, status="cancelled")


def test_registration_link_send_goes_to_the_current_address_without_hourly_limit(
    clerk, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@exmaple.org").registration
    registration_correct(registration=registration, by=clerk, email="erika@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_link_send(registration=registration, by=clerk)
        registration_link_send(registration=registration, by=clerk)

    assert [m.to for m in mailoutbox] == [["erika@example.org"], ["erika@example.org"]]
    assert personal_link(mailoutbox[0])[1] == registration
    assert list(RegistrationChange.objects.values_list("note", flat=True))[1:] == [
        "Persönlichen Link an erika@example.org gesendet.",
        "Persönlichen Link an erika@example.org gesendet.",
    ]
