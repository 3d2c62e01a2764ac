"""Races on PostgreSQL: never more selected firms than places, a reserve list without gaps."""

import pytest

from applications.models import Application, ApplicationStatus
from applications.services import (
    ApplicationError,
    PlacesExhausted,
    SubmitResult,
    application_reserve_move,
    application_select,
    application_submit,
)
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    application_submit_data,
    open_round,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only("SQLite has no row locks (select_for_update)"),
]


def test_application_select_20_concurrent_selections_end_with_exactly_7():
    round_ = RoundFactory(places=7)
    applications = ApplicationFactory.create_batch(20, round=round_)

    outcomes = run_concurrently(
        [lambda a=application: application_select(application=a) for application in applications]
    )

    refused = [o for o in outcomes if isinstance(o, PlacesExhausted)]
    assert Application.objects.filter(round=round_, status=ApplicationStatus.SELECTED).count() == 7
    assert len(refused) == 13
    assert {o.message for o in refused} == {"Alle 7 Plätze sind vergeben."}


def test_application_submit_concurrent_duplicates_store_one():
    round_ = open_round(year=2021)
    data = application_submit_data()

    outcomes = run_concurrently(
        [lambda: application_submit(round_=round_, language="de", **data)] * 5
    )

    (stored,) = Application.objects.filter(round=round_)
    assert sorted(o.duplicate for o in outcomes) == [False, True, True, True, True]
    assert {o.application for o in outcomes} == {stored}


def test_application_submit_concurrent_firms_get_distinct_numbers():
    round_ = open_round(year=2021)

    def submit(n):
        data = application_submit_data(
            company_name=f"Firma {n}",
            municipality="Marl",
            postcode="45768",
            contact_email=f"firma{n}@example.de",
        )
        return lambda: application_submit(round_=round_, language="de", **data)

    outcomes = run_concurrently([submit(n) for n in range(10)])

    assert [o for o in outcomes if not isinstance(o, SubmitResult) or o.duplicate] == []
    assert sorted(Application.objects.values_list("reference", flat=True)) == [
        f"DS-2021-{n:03d}" for n in range(1, 11)
    ]


def reserve_positions(round_):
    return sorted(
        Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE).values_list(
            "reserve_position", flat=True
        )
    )


def test_application_reserve_move_concurrent_moves_keep_positions_1_to_n():
    round_ = RoundFactory()
    reserves = [
        ApplicationFactory(round=round_, status=ApplicationStatus.RESERVE, reserve_position=n)
        for n in range(1, 9)
    ]
    directions = ["down", "up"] * 4

    outcomes = run_concurrently(
        [
            lambda a=application, d=direction: application_reserve_move(
                application=a, by=None, direction=d
            )
            for application, direction in zip(reserves, directions, strict=True)
        ]
    )

    assert [o for o in outcomes if not isinstance(o, Application | ApplicationError)] == []
    assert reserve_positions(round_) == list(range(1, 9))
    moved = [o for o in outcomes if isinstance(o, Application)]
    # Every move that went through wrote two lines of history: the moved one, its neighbour.
    assert sum(a.status_changes.count() for a in reserves) == 2 * len(moved)
    assert moved != []


def test_application_reserve_move_concurrent_with_selections_keeps_positions_1_to_n():
    round_ = RoundFactory(places=7)
    reserves = [
        ApplicationFactory(round=round_, status=ApplicationStatus.RESERVE, reserve_position=n)
        for n in range(1, 7)
    ]

    outcomes = run_concurrently(
        [
            lambda: application_select(application=reserves[0]),
            lambda: application_reserve_move(application=reserves[2], by=None, direction="up"),
            lambda: application_select(application=reserves[3]),
            lambda: application_reserve_move(application=reserves[5], by=None, direction="up"),
        ]
    )

    assert [o for o in outcomes if not isinstance(o, Application | ApplicationError)] == []
    assert reserve_positions(round_) == [1, 2, 3, 4]


def test_reserve_list_moves_and_gap_closing_commit_under_the_unique_place_constraint():
    # Each service commits here: the deferred (round, reserve_position) constraint is
    # checked at every commit, after the renumbering and the shift that pass through
    # duplicates row by row.
    round_ = RoundFactory(places=7)
    first, second, third = [
        ApplicationFactory(round=round_, status=ApplicationStatus.RESERVE, reserve_position=n)
        for n in (1, 2, 3)
    ]

    application_reserve_move(application=third, by=None, direction="up")
    application_select(application=first)

    order = Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE)
    assert list(order.order_by("reserve_position").values_list("pk", "reserve_position")) == [
        (third.pk, 1),
        (second.pk, 2),
    ]
