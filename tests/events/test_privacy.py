"""Deleting the personal data of registrations (events.services.privacy): a round's after
its keeping period, one registration's on request."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from post_office.models import STATUS, Attachment, Log

from digiscouts.models import OutboxFile
from digiscouts.outbox import emails_for
from events.choices import RegistrationStatus
from events.links import registration_for_token, registration_token
from events.models import Registration, RegistrationChange, Round
from events.services import (
    ErasureRefused,
    registration_cancel,
    registration_correct,
    registration_erase,
    rounds_due_for_anonymisation,
)
from events.services.privacy import round_registrations_anonymise, round_registrations_plan
from tests.factories import RoundFactory, open_event
from tests.factories.applications import staff_member

from .helpers import register

pytestmark = pytest.mark.django_db

PERSONAL = ("company", "first_name", "last_name", "function", "email", "email_key", "phone")
KEPT = ("status", "persons", "municipality", "attended", "consent_at", "created_at", "language")


@pytest.fixture
def clerk(db):
    return staff_member()


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 180


def _ended(days_ago, **kwargs):
    end = timezone.localdate() - timedelta(days=days_ago)
    return RoundFactory(
        application_start=end - timedelta(days=200),
        application_end=end - timedelta(days=190),
        start_date=end - timedelta(days=180),
        end_date=end,
        **kwargs,
    )


def _values(registration, fields):
    return tuple(Registration.objects.values_list(*fields).get(pk=registration.pk))


def _anonymised(registration):
    email = f"anonymisiert-registration-{registration.pk}@anonymisiert.invalid"
    return ("anonymisiert", "", "", "", email, email, "")


def test_rounds_due_for_anonymisation_are_those_ended_the_keeping_period_ago():
    due = _ended(180)
    _ended(179)
    _ended(400, personal_data_deleted_at=timezone.now())
    older = _ended(181)

    assert list(rounds_due_for_anonymisation().order_by("end_date")) == [older, due]


def test_round_personal_data_deletion_date_is_the_keeping_period_after_the_end(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    round_ = RoundFactory()

    assert round_.personal_data_deletion_date.isoformat() == "2021-12-24"


def test_round_registrations_anonymise_deletes_personal_data_and_keeps_the_counts(
    clerk, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = register(
            event, "erika@example.org", phone="02361 12345", remark="Wir bringen Kuchen mit."
        ).registration
    waiting = register(event, "max@example.org", company="Max Muster e. K.").registration
    registration_correct(
        registration=confirmed, by=clerk, note="Telefonat mit Frau Muster", email="e.m@example.org"
    )
    LogEntry.objects.create(
        user=clerk,
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(confirmed.pk),
        object_repr=str(confirmed),
        action_flag=CHANGE,
        change_message="[]",
    )
    confirmed.refresh_from_db()
    token = registration_token(confirmed)
    kept = {pk: _values(Registration(pk=pk), KEPT) for pk in (confirmed.pk, waiting.pk)}
    other = register(open_event(), "erika@example.org").registration
    other_before = _values(other, (*PERSONAL, "remark", "link_secret"))
    round_ = Round.objects.get(pk=event.round_id)
    assert OutboxFile.objects.count() == 2  # the calendar files of both confirmations

    counts = round_registrations_anonymise(round_=round_)

    assert counts == {"registrations": 2, "registration history": 1, "e-mails": 2}
    for registration in (confirmed, waiting):
        assert _values(registration, PERSONAL) == _anonymised(registration)
        assert _values(registration, ("remark", "link_secret")) == ("", "")
        assert _values(registration, KEPT) == kept[registration.pk]
    assert Registration.objects.filter(event=event).count() == 2
    assert list(RegistrationChange.objects.values_list("note", "changes")) == [
        ("", {"email": ["anonymisiert", "anonymisiert"]})
    ]
    emails = emails_for(confirmed) | emails_for(waiting)
    assert sorted(
        emails.values_list("to", "subject", "message", "html_message", "headers", "status")
    ) == [
        ([], "(anonymisiert)", "", "", None, STATUS.sent),
        ([], "(anonymisiert)", "", "", None, STATUS.failed),
    ]
    assert list(Log.objects.filter(email__in=emails).values_list("message", flat=True)) == [""]
    # The confirmation's calendar file is gone; the other round's registration keeps its own.
    assert Attachment.objects.filter(emails__in=emails).count() == 0
    assert OutboxFile.objects.count() == 1
    assert registration_for_token(token) is None
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == ["anonymisiert"]
    round_.refresh_from_db()
    assert round_.personal_data_deleted_at is not None
    assert _values(other, (*PERSONAL, "remark", "link_secret")) == other_before


def test_round_registrations_plan_counts_and_changes_nothing(clerk):
    event = open_event()
    registration = register(event, "erika@example.org").registration
    registration_correct(registration=registration, by=clerk, phone="02361 12345")
    before = _values(registration, PERSONAL)

    plan = round_registrations_plan(event.round)

    assert plan == {"registrations": 1, "registration history": 1, "e-mails": 1}
    assert _values(registration, PERSONAL) == before


def test_registration_erase_is_refused_while_the_registration_waits_for_its_event(clerk):
    event = open_event()
    registration = register(event, "erika@example.org").registration

    with pytest.raises(ErasureRefused) as refusal:
        registration_erase(registration=registration, by=clerk)

    assert refusal.value.message == (
        f"Die Anmeldung zu „{event}“ ist noch aktiv. Stornieren Sie sie zuerst; danach "
        "lassen sich die Daten löschen."
    )
    assert _values(registration, ("email", "first_name")) == ("erika@example.org", "Erika")


def test_registration_erase_of_a_cancelled_registration_records_who_erased(clerk):
    event = open_event()
    registration = register(event, "erika@example.org").registration
    registration_cancel(registration=registration, by=clerk)
    now = timezone.now()

    counts = registration_erase(registration=registration, by=clerk, now=now)

    assert counts == {"registrations": 1, "registration history": 1, "e-mails": 2}
    assert _values(registration, PERSONAL) == _anonymised(registration)
    assert _values(registration, ("status",)) == (RegistrationStatus.CANCELLED,)
    assert list(RegistrationChange.objects.order_by("pk").values_list("by", "note", "changes")) == [
        (clerk.pk, "", {"status": ["confirmed", "cancelled"]}),
        (clerk.pk, "Personenbezogene Daten auf Verlangen gelöscht.", {}),
    ]


def test_registration_erase_twice_is_refused(clerk):
    registration = register(open_event(), "erika@example.org").registration
    registration_cancel(registration=registration, by=clerk)
    registration_erase(registration=registration, by=clerk)

    with pytest.raises(ErasureRefused) as refusal:
        registration_erase(registration=registration, by=clerk)

    assert refusal.value.message == "Die Daten dieser Anmeldung sind bereits gelöscht."
    assert RegistrationChange.objects.filter(note__startswith="Personenbezogene").count() == 1
