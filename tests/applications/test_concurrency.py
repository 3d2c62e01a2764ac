"""The cap under concurrent requests: never more selected firms than places (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from applications.models import Application, ApplicationStatus
from applications.services import (
    ApplicationError,
    PlacesExhausted,
    application_select,
    application_submit,
)
from tests.factories import ApplicationFactory, RoundFactory, open_round

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks (select_for_update)",
    ),
]


def run_concurrently(calls):
    """Start all calls at once, each in its own thread and connection; return the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # collected and asserted by the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_application_select_20_concurrent_selections_end_with_exactly_7():
    round_ = RoundFactory(places=7)
    applications = ApplicationFactory.create_batch(20, round=round_)

    outcomes = run_concurrently(
        [lambda a=application: application_select(application=a) for application in applications]
    )

    refused = [o for o in outcomes if isinstance(o, PlacesExhausted)]
    assert Application.objects.filter(round=round_, status=ApplicationStatus.SELECTED).count() == 7
    assert len(refused) == 13
    assert {str(o) for o in refused} == {"Alle 7 Plätze sind vergeben."}


def test_application_submit_concurrent_duplicates_store_one():
    round_ = open_round(year=2021)
    data = {
        "company_name": "Müller & Söhne GmbH",
        "legal_form": "GmbH",
        "street": "Hauptstraße 5",
        "postcode": "45657",
        "municipality": "Recklinghausen",
        "website": "",
        "sector": "Metallbau",
        "employees": 120,
        "apprentices": 3,
        "training_occupations": "Metallbauer/in",
        "contact_first_name": "Jürgen",
        "contact_last_name": "Müller",
        "contact_function": "Geschäftsführer",
        "contact_email": "j.mueller@mueller-soehne.de",
        "contact_phone": "02361 98765",
        "trainer_name": "Anna Schäfer",
        "trainer_email": "a.schaefer@mueller-soehne.de",
        "management_support": True,
        "team_time": True,
        "motivation": "Digitalisierung",
        "first_ideas": "",
        "heard_about": "press",
    }

    outcomes = run_concurrently([lambda: application_submit(round_=round_, data=data)] * 5)

    assert Application.objects.filter(round=round_).count() == 1
    assert sum(isinstance(o, ApplicationError) for o in outcomes) == 4
    assert sum(isinstance(o, Application) for o in outcomes) == 1


def test_application_submit_concurrent_firms_get_distinct_numbers():
    round_ = open_round(year=2021)

    def submit(n):
        data = {
            "company_name": f"Firma {n}",
            "legal_form": "GmbH",
            "street": "Hauptstraße 5",
            "postcode": "45657",
            "municipality": "Marl",
            "website": "",
            "sector": "Handel",
            "employees": 10,
            "apprentices": 2,
            "training_occupations": "Kaufleute",
            "contact_first_name": "A",
            "contact_last_name": "B",
            "contact_function": "GF",
            "contact_email": f"firma{n}@example.de",
            "contact_phone": "0",
            "trainer_name": "T",
            "trainer_email": "t@example.de",
            "management_support": True,
            "team_time": True,
            "motivation": "m",
            "first_ideas": "",
            "heard_about": "press",
        }
        return lambda: application_submit(round_=round_, data=data)

    outcomes = run_concurrently([submit(n) for n in range(10)])

    assert [o for o in outcomes if not isinstance(o, Application)] == []
    assert sorted(Application.objects.values_list("reference", flat=True)) == [
        f"DS-2021-{n:03d}" for n in range(1, 11)
    ]
