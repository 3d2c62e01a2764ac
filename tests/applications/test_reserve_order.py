"""The order of the reserve list: staff move a reserve up or down, recorded, without gaps."""

import pytest
from django.db import IntegrityError, connection, transaction

from applications.models import Application, ApplicationStatus, ApplicationStatusChange
from applications.services import (
    ReserveListChanged,
    TransitionNotAllowed,
    application_reserve,
    application_reserve_move,
    application_select,
)
from tests.concurrency import postgres_only
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def reserves_of(round_, count):
    applications = ApplicationFactory.create_batch(count, round=round_)
    for application in applications:
        application_reserve(application=application)
    return applications


def order(round_):
    return list(
        Application.objects.filter(round=round_, status=S.RESERVE)
        .order_by("reserve_position")
        .values_list("reference", "reserve_position")
    )


def moves(application):
    return list(
        ApplicationStatusChange.objects.filter(
            application=application, note__startswith="Nach"
        ).values_list("from_status", "to_status", "by__username", "note")
    )


def test_application_reserve_move_up_swaps_with_the_one_above_and_records_both():
    round_ = RoundFactory()
    first, second, third = reserves_of(round_, 3)
    user = staff_member()

    moved = application_reserve_move(application=third, by=user, direction="up")

    assert moved.reserve_position == 2
    assert order(round_) == [
        (first.reference, 1),
        (third.reference, 2),
        (second.reference, 3),
    ]
    assert moves(third) == [("reserve", "reserve", "sachbearbeitung", "Nachrücker-Platz 3 → 2")]
    assert moves(second) == [("reserve", "reserve", "sachbearbeitung", "Nachrücker-Platz 2 → 3")]
    assert moves(first) == []


def test_application_reserve_move_down_swaps_with_the_one_below():
    round_ = RoundFactory()
    first, second = reserves_of(round_, 2)

    application_reserve_move(application=first, by=None, direction="down")

    assert order(round_) == [(second.reference, 1), (first.reference, 2)]


@pytest.mark.parametrize(
    ("index", "direction", "message"),
    [
        (0, "up", "{reference} steht bereits an erster Stelle der Nachrückerliste."),
        (1, "down", "{reference} steht bereits an letzter Stelle der Nachrückerliste."),
    ],
)
def test_application_reserve_move_beyond_the_edge_is_refused(index, direction, message):
    round_ = RoundFactory()
    reserves = reserves_of(round_, 2)

    with pytest.raises(ReserveListChanged) as excinfo:
        application_reserve_move(application=reserves[index], by=None, direction=direction)

    assert (excinfo.value.code, excinfo.value.message) == (
        "reserve_edge",
        message.format(reference=reserves[index].reference),
    )
    assert order(round_) == [(reserves[0].reference, 1), (reserves[1].reference, 2)]


def test_application_reserve_move_refuses_a_list_changed_since_staff_saw_it():
    round_ = RoundFactory()
    first, second, third = reserves_of(round_, 3)
    application_select(application=first)

    with pytest.raises(ReserveListChanged) as excinfo:
        application_reserve_move(application=third, by=None, direction="up", seen_position=3)

    assert excinfo.value.message == (
        f"{third.reference}: Die Nachrückerliste hat sich inzwischen geändert (jetzt Platz 2). "
        "Bitte prüfen Sie die Reihenfolge erneut."
    )
    assert order(round_) == [(second.reference, 1), (third.reference, 2)]


def test_application_reserve_move_refuses_an_application_not_on_the_list():
    application = ApplicationFactory(status=S.SELECTED)

    with pytest.raises(TransitionNotAllowed) as excinfo:
        application_reserve_move(application=application, by=None, direction="up")

    assert (excinfo.value.code, excinfo.value.message) == (
        "not_reserve",
        f"{application.reference} steht nicht auf der Nachrückerliste.",
    )


def test_application_reserve_move_renumbers_a_list_with_a_gap():
    round_ = RoundFactory()
    first = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=2)
    second = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=5)
    third = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=9)

    application_reserve_move(application=third, by=None, direction="up")

    assert order(round_) == [(first.reference, 1), (third.reference, 2), (second.reference, 3)]
    assert moves(third) == [("reserve", "reserve", None, "Nachrücker-Platz 9 → 2")]
    assert moves(first) == []


def test_application_reserve_move_keeps_other_rounds_untouched():
    round_, other = RoundFactory(), RoundFactory()
    _first, second = reserves_of(round_, 2)
    (elsewhere,) = reserves_of(other, 1)

    application_reserve_move(application=second, by=None, direction="up")

    assert order(other) == [(elsewhere.reference, 1)]


@postgres_only("SQLite has no deferrable unique constraint")
def test_reserve_list_place_is_unique_per_round_in_the_database():
    round_ = RoundFactory()
    first = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=1)
    second = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=2)
    ApplicationFactory(status=S.RESERVE, reserve_position=2)  # another round's second place
    with connection.cursor() as cursor:  # checked now instead of at the commit
        cursor.execute("SET CONSTRAINTS application_unique_reserve_position IMMEDIATE")

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(reserve_position=1)

    assert order(round_) == [(first.reference, 1), (second.reference, 2)]
