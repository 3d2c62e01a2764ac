"""The application's predicates and the invariants the database holds."""

from datetime import date

import pytest
from django.db import IntegrityError
from django.utils import timezone

from applications.choices import CompanyStatus
from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, RoundFactory, berlin, open_round

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.mark.parametrize(
    ("status", "now", "editable"),
    [
        (S.SUBMITTED, berlin(2021, 5, 7, 23, 59), True),
        (S.SUBMITTED, berlin(2021, 5, 8, 0, 0), False),
        (S.SUBMITTED, berlin(2021, 4, 14, 12, 0), False),
        (S.SHORTLISTED, berlin(2021, 5, 1, 12, 0), False),
        (S.WITHDRAWN, berlin(2021, 5, 1, 12, 0), False),
    ],
)
def test_application_is_editable_only_unreviewed_within_the_window(status, now, editable):
    round_ = RoundFactory(application_start=date(2021, 4, 15), application_end=date(2021, 5, 7))
    application = ApplicationFactory(round=round_, status=status)

    assert application.is_editable(now) is editable


@pytest.mark.parametrize(
    ("status", "withdrawable"),
    [
        (S.SUBMITTED, True),
        (S.SHORTLISTED, True),
        (S.SELECTED, True),
        (S.RESERVE, True),
        (S.REJECTED, False),
        (S.WITHDRAWN, False),
    ],
)
def test_application_is_withdrawable_by_status(status, withdrawable):
    position = 1 if status == S.RESERVE else None
    application = ApplicationFactory(status=status, reserve_position=position)

    assert application.is_withdrawable() is withdrawable


@pytest.mark.parametrize(
    ("status", "sent_status", "shown"),
    [
        (S.SUBMITTED, "", CompanyStatus.SUBMITTED),
        (S.SHORTLISTED, "", CompanyStatus.SHORTLISTED),
        (S.WITHDRAWN, "", CompanyStatus.WITHDRAWN),
        (S.SELECTED, "", CompanyStatus.IN_REVIEW),
        (S.SELECTED, S.RESERVE, CompanyStatus.IN_REVIEW),
        (S.SELECTED, S.SELECTED, CompanyStatus.SELECTED),
        (S.RESERVE, S.RESERVE, CompanyStatus.RESERVE),
        (S.REJECTED, S.REJECTED, CompanyStatus.REJECTED),
    ],
)
def test_application_status_for_company_shows_a_decision_only_once_sent(status, sent_status, shown):
    application = ApplicationFactory(
        round=open_round(),
        status=status,
        reserve_position=1 if status == S.RESERVE else None,
        decision_sent_status=sent_status,
        decision_sent_at=timezone.now() if sent_status else None,
    )

    assert application.status_for_company == shown


def test_application_email_unique_per_round_by_its_normal_form_in_the_database():
    existing = ApplicationFactory(company_name="Alpha GmbH", contact_email="kontakt@alpha.de")
    ApplicationFactory(company_name="Beta GmbH", contact_email="kontakt@alpha.de")

    with pytest.raises(IntegrityError):
        ApplicationFactory(
            round=existing.round, company_name="Gamma GmbH", contact_email="\u212aONTAKT@alpha.de"
        )


def test_application_company_name_unique_per_round_and_municipality_in_the_database():
    existing = ApplicationFactory(company_name="Alpha GmbH", municipality="Marl")
    ApplicationFactory(round=existing.round, company_name="ALPHA GmbH", municipality="Herten")
    ApplicationFactory(company_name="ALPHA GmbH", municipality="Marl")

    with pytest.raises(IntegrityError):
        ApplicationFactory(
            round=existing.round,
            company_name="A.L.P.H.A. G.m.b.H.",
            municipality="Marl",
            contact_email="b@alpha.de",
        )


def test_application_company_name_without_letters_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ApplicationFactory(company_name="!!!")
