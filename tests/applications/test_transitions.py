"""The review transitions with their history, the cap of places and the reserve list."""

import pytest

from applications.models import Application, ApplicationStatus, ApplicationStatusChange
from applications.services import (
    DecisionPublished,
    PlacesExhausted,
    TransitionNotAllowed,
    application_reject,
    application_reopen,
    application_reserve,
    application_select,
    application_shortlist,
    application_withdraw,
)
from tests.factories import ApplicationFactory, RoundFactory, berlin
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

S = ApplicationStatus

SERVICES = {
    S.SUBMITTED: application_reopen,
    S.SHORTLISTED: application_shortlist,
    S.SELECTED: application_select,
    S.RESERVE: application_reserve,
    S.REJECTED: application_reject,
    S.WITHDRAWN: application_withdraw,
}
# The table written out once more by hand, so a change of the enum's table shows here.
ALLOWED = {
    (S.SUBMITTED, S.SHORTLISTED),
    (S.SUBMITTED, S.SELECTED),
    (S.SUBMITTED, S.RESERVE),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SHORTLISTED, S.SELECTED),
    (S.SHORTLISTED, S.RESERVE),
    (S.SHORTLISTED, S.REJECTED),
    (S.SHORTLISTED, S.WITHDRAWN),
    (S.SELECTED, S.RESERVE),
    (S.SELECTED, S.REJECTED),
    (S.SELECTED, S.WITHDRAWN),
    (S.RESERVE, S.SELECTED),
    (S.RESERVE, S.REJECTED),
    (S.RESERVE, S.WITHDRAWN),
    (S.REJECTED, S.SUBMITTED),
    (S.WITHDRAWN, S.SUBMITTED),
}
ALL_PAIRS = [(source, target) for source in S.values for target in SERVICES]
REFUSAL_ENDINGS = {
    S.SUBMITTED: "lässt sich nicht wieder aufnehmen.",
    S.SHORTLISTED: "lässt sich nicht in die engere Auswahl nehmen.",
    S.SELECTED: "lässt sich nicht auswählen.",
    S.RESERVE: "lässt sich nicht auf die Nachrückerliste setzen.",
    S.REJECTED: "lässt sich nicht absagen.",
    S.WITHDRAWN: "lässt sich nicht zurückziehen.",
}


def history(application):
    return list(
        ApplicationStatusChange.objects.filter(application=application).values_list(
            "from_status", "to_status", "by__username", "note"
        )
    )


def application_in(status):
    return ApplicationFactory(status=status, reserve_position=1 if status == S.RESERVE else None)


def test_application_transition_table_is_the_one_on_the_enum():
    table = {(source, target) for target, sources in S.transitions().items() for source in sources}

    assert table == ALLOWED


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p in ALLOWED])
def test_application_transition_allowed_records_history(source, target):
    application = application_in(source)

    result = SERVICES[target](application=application, by=staff_member(), note="geprüft")

    result.refresh_from_db()
    assert (result.status, result.reserve_position) == (
        target,
        1 if target == S.RESERVE else None,
    )
    assert history(result) == [(source, target, "sachbearbeitung", "geprüft")]


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_application_transition_refused_says_why_and_changes_nothing(source, target):
    application = application_in(source)

    with pytest.raises(TransitionNotAllowed) as excinfo:
        SERVICES[target](application=application, by=staff_member(), note="geprüft")

    application.refresh_from_db()
    assert excinfo.value.message == (
        f"{application.reference}: „{application.status_display}“ {REFUSAL_ENDINGS[target]}"
    )
    assert application.status == source
    assert history(application) == []


@pytest.mark.parametrize("places", [3, 7])
def test_application_select_refused_when_all_places_are_taken(places):
    round_ = RoundFactory(places=places)
    ApplicationFactory.create_batch(places, round=round_, status=S.SELECTED)
    one_more = ApplicationFactory(round=round_)

    with pytest.raises(PlacesExhausted) as excinfo:
        application_select(application=one_more)

    one_more.refresh_from_db()
    assert (excinfo.value.code, excinfo.value.message) == (
        "places_exhausted",
        f"Alle {places} Plätze sind vergeben.",
    )
    assert one_more.status == S.SUBMITTED
    assert Application.objects.filter(status=S.SELECTED).count() == places


def test_application_select_counts_only_its_own_round():
    ApplicationFactory.create_batch(7, round=RoundFactory(), status=S.SELECTED)

    result = application_select(application=ApplicationFactory(round=RoundFactory(places=7)))

    assert result.status == S.SELECTED


def test_application_reserve_list_keeps_its_order_without_gaps():
    round_ = RoundFactory()
    first, second, third = ApplicationFactory.create_batch(3, round=round_)
    for application in (first, second, third):
        application_reserve(application=application)

    application_select(application=first)

    positions = dict(
        Application.objects.filter(round=round_).values_list("reference", "reserve_position")
    )
    assert positions == {first.reference: None, second.reference: 1, third.reference: 2}


def test_application_withdraw_mails_the_company_in_its_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.SELECTED, contact_email="chef@firma.de")

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=application, note="per Link")

    # (The round's contact address is told too: tests of the staff's mails.)
    assert [(m.to, m.subject) for m in mailoutbox if m.to == ["chef@firma.de"]] == [
        (["chef@firma.de"], f"Bewerbung zurückgezogen ({application.reference})")
    ]


def published(status, sent_at=None):
    """An application whose current decision has been e-mailed."""
    return ApplicationFactory(
        status=status,
        reserve_position=1 if status == S.RESERVE else None,
        decision_sent_status=status,
        decision_sent_at=sent_at or berlin(2021, 6, 1, 9, 30),
    )


PUBLISHED_CHANGES = [
    (S.SELECTED, S.RESERVE),
    (S.SELECTED, S.REJECTED),
    (S.RESERVE, S.SELECTED),
    (S.RESERVE, S.REJECTED),
    (S.REJECTED, S.SUBMITTED),
]


@pytest.mark.parametrize(("source", "target"), PUBLISHED_CHANGES)
def test_application_transition_of_a_published_decision_refused_without_the_flag(source, target):
    application = published(source)

    with pytest.raises(DecisionPublished) as excinfo:
        SERVICES[target](application=application, by=staff_member(), note="Versehen")

    application.refresh_from_db()
    assert (excinfo.value.code, excinfo.value.message) == (
        "decision_published",
        f"{application.reference}: Die Entscheidung „{source.label}“ wurde dem Unternehmen am "
        "01.06.2021 09:30 per E-Mail mitgeteilt. Sie wird nur nach ausdrücklicher "
        "Bestätigung geändert.",
    )
    assert (application.status, history(application)) == (source, [])


@pytest.mark.parametrize(("source", "target"), PUBLISHED_CHANGES)
def test_application_transition_of_a_published_decision_with_the_flag_changes_it(source, target):
    application = published(source)

    result = SERVICES[target](
        application=application, by=staff_member(), note="Versehen", confirm_published=True
    )

    result.refresh_from_db()
    assert (result.status, result.decision_sent_status, result.has_decision_to_send) == (
        target,
        source,
        target in S.decisions(),
    )
    assert history(result) == [(source, target, "sachbearbeitung", "Versehen")]


def test_application_withdraw_after_a_published_decision_needs_no_flag():
    application = published(S.SELECTED)

    result = application_withdraw(application=application, note="per Link")

    assert result.status == S.WITHDRAWN
