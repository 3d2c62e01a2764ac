"""Submitting, the status transitions with their history, the cap, the reserve list."""

from datetime import date

import pytest
from django.db import IntegrityError

from applications.models import Application, ApplicationStatus, ApplicationStatusChange
from applications.services import (
    ApplicationWindowClosed,
    DecisionChanged,
    DuplicateApplication,
    NotEligible,
    PlacesExhausted,
    TransitionNotAllowed,
    application_decision_send,
    application_link_resend,
    application_reject,
    application_reserve,
    application_select,
    application_shortlist,
    application_submit,
    application_withdraw,
)
from events.choices import EventKind, RegistrationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    RegistrationFactory,
    RoundFactory,
    application_submit_data,
    berlin,
    open_round,
)
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def history(application):
    return list(
        ApplicationStatusChange.objects.filter(application=application).values_list(
            "from_status", "to_status", "by__username", "note"
        )
    )


# --- submit -------------------------------------------------------------------------------


def test_application_submit_numbers_per_round_and_records_history(
    mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(year=2021)
    other = open_round(year=2021)
    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(round_=round_, data=application_submit_data())
        second = application_submit(
            round_=round_,
            data=application_submit_data(company_name="Zweite KG", contact_email="b@zwei.de"),
        )
        elsewhere = application_submit(round_=other, data=application_submit_data())

    assert (first.reference, second.reference, elsewhere.reference) == (
        "DS-2021-001",
        "DS-2021-002",
        "DS-2021-001",
    )
    assert first.status == S.SUBMITTED
    assert first.consent_version == "2021-04"
    assert first.normalised_company_name == "müllersöhnegmbh"
    assert history(first) == [("", "submitted", None, "")]
    assert [m.to for m in mailoutbox] == [
        ["j.mueller@mueller-soehne.de"],
        ["b@zwei.de"],
        ["j.mueller@mueller-soehne.de"],
    ]
    assert mailoutbox[0].subject == "Ihre Bewerbung bei Digiscouts ist eingegangen (DS-2021-001)"
    assert "Müller & Söhne GmbH (GmbH)" in mailoutbox[0].body
    assert "/bewerbung/status/" in mailoutbox[0].body


def test_application_submit_ineligible_stores_nothing(mailoutbox):
    round_ = open_round()

    with pytest.raises(NotEligible) as excinfo:
        application_submit(
            round_=round_, data=application_submit_data(employees=500, apprentices=1)
        )

    assert excinfo.value.reasons == [
        "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
        "Ihr Unternehmen ist dafür zu groß.",
        "Für ein Digiscouts-Team brauchen Sie mindestens 2 Auszubildende.",
    ]
    assert Application.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (berlin(2021, 4, 14, 23, 59, 59), False),
        (berlin(2021, 4, 15, 0, 0, 0), True),
        (berlin(2021, 5, 7, 23, 59, 59), True),
        (berlin(2021, 5, 8, 0, 0, 0), False),
    ],
)
def test_application_submit_window_at_its_boundaries(now, accepted):
    round_ = RoundFactory(application_start=date(2021, 4, 15), application_end=date(2021, 5, 7))

    if accepted:
        application = application_submit(round_=round_, data=application_submit_data(), now=now)
        assert application.submitted_at == now
    else:
        with pytest.raises(ApplicationWindowClosed):
            application_submit(round_=round_, data=application_submit_data(), now=now)
        assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"company_name": "  MÜLLER  &  Söhne   GmbH ", "contact_email": "other@example.de"},
        {"company_name": "Müller & Söhne G.m.b.H.", "contact_email": "x@example.de"},
        {"company_name": "Ganz Andere AG", "contact_email": "J.Mueller@Mueller-Soehne.DE"},
    ],
)
def test_application_submit_second_attempt_is_a_duplicate(overrides):
    round_ = open_round()
    first = application_submit(round_=round_, data=application_submit_data())

    with pytest.raises(DuplicateApplication) as excinfo:
        application_submit(round_=round_, data=application_submit_data(**overrides))

    assert excinfo.value.existing == first
    assert Application.objects.count() == 1


def test_application_same_company_in_another_municipality_is_another_company():
    round_ = open_round()
    application_submit(round_=round_, data=application_submit_data())

    application_submit(
        round_=round_,
        data=application_submit_data(municipality="Marl", contact_email="marl@mueller.de"),
    )

    assert Application.objects.count() == 2


def test_application_unique_constraints_hold_in_the_database():
    existing = ApplicationFactory(company_name="Alpha GmbH", contact_email="a@alpha.de")

    with pytest.raises(IntegrityError):
        ApplicationFactory(round=existing.round, contact_email="A@ALPHA.DE")


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


def test_application_submit_links_the_info_event_registration():
    round_ = open_round()
    info = EventFactory(round=round_, kind=EventKind.INFO)
    kickoff = EventFactory(round=round_, kind=EventKind.KICKOFF)
    registration = RegistrationFactory(
        event=info,
        email="J.Mueller@mueller-soehne.de",
        attended=True,
    )
    RegistrationFactory(
        event=kickoff,
        email="j.mueller@mueller-soehne.de",
    )

    application = application_submit(round_=round_, data=application_submit_data())

    assert application.info_registration == registration
    assert application.info_registration.attended is True


def test_application_submit_ignores_a_cancelled_registration():
    round_ = open_round()
    RegistrationFactory(
        event=EventFactory(round=round_, kind=EventKind.INFO),
        email="j.mueller@mueller-soehne.de",
        status=RegistrationStatus.CANCELLED,
    )

    application = application_submit(round_=round_, data=application_submit_data())

    assert application.info_registration is None


def test_application_link_resend_mails_at_most_once_an_hour(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = ApplicationFactory.create_batch(2)

    with django_capture_on_commit_callbacks(execute=True):
        for application in (first, first, second, first):
            application_link_resend(application=application)

    assert [m.to for m in mailoutbox] == [[first.contact_email], [second.contact_email]]


# --- transitions ----------------------------------------------------------------------------

SERVICES = {
    S.SHORTLISTED: application_shortlist,
    S.SELECTED: application_select,
    S.RESERVE: application_reserve,
    S.REJECTED: application_reject,
    S.WITHDRAWN: application_withdraw,
}
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
}
ALL_PAIRS = [(source, target) for source in S.values for target in SERVICES]


def application_in(status):
    kwargs = {"status": status}
    if status == S.RESERVE:
        kwargs["reserve_position"] = 1
    return ApplicationFactory(**kwargs)


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p in ALLOWED])
def test_application_transition_allowed_records_history(source, target):
    application = application_in(source)
    user = staff_member()

    result = SERVICES[target](application=application, by=user, note="geprüft")

    result.refresh_from_db()
    assert result.status == target
    assert history(result) == [(source, target, "sachbearbeitung", "geprüft")]
    assert result.reserve_position == (1 if target == S.RESERVE else None)


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_application_transition_refused_changes_nothing(source, target):
    application = application_in(source)

    with pytest.raises(TransitionNotAllowed):
        SERVICES[target](application=application, by=staff_member())

    application.refresh_from_db()
    assert application.status == source
    assert history(application) == []


def test_application_select_refuses_when_all_places_are_taken():
    round_ = RoundFactory(places=7)
    selected = ApplicationFactory.create_batch(7, round=round_, status=S.SELECTED)
    eighth = ApplicationFactory(round=round_)

    with pytest.raises(PlacesExhausted) as excinfo:
        application_select(application=eighth)

    assert str(excinfo.value) == "Alle 7 Plätze sind vergeben."
    eighth.refresh_from_db()
    assert eighth.status == S.SUBMITTED
    assert len(selected) == Application.objects.filter(status=S.SELECTED).count()


def test_application_select_message_names_the_rounds_places():
    round_ = RoundFactory(places=3)
    ApplicationFactory.create_batch(3, round=round_, status=S.SELECTED)

    with pytest.raises(PlacesExhausted) as excinfo:
        application_select(application=ApplicationFactory(round=round_))

    assert str(excinfo.value) == "Alle 3 Plätze sind vergeben."


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


def test_application_withdraw_mails_the_company(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(status=S.SELECTED, contact_email="chef@firma.de")

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=application, note="per Link")

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["chef@firma.de"], f"Bewerbung zurückgezogen ({application.reference})")
    ]


# --- decision mails -------------------------------------------------------------------------


def test_application_decision_send_records_who_sent_it(mailoutbox):
    application = ApplicationFactory(status=S.REJECTED)
    user = staff_member()

    application_decision_send(application=application, by=user)

    application.refresh_from_db()
    assert (application.decision_sent_status, application.decision_sent_by) == (S.REJECTED, user)
    assert len(mailoutbox) == 1


def test_application_decision_send_refuses_a_status_other_than_the_previewed(mailoutbox):
    application = ApplicationFactory(status=S.REJECTED)

    with pytest.raises(DecisionChanged):
        application_decision_send(application=application, previewed_status=S.SELECTED)

    application.refresh_from_db()
    assert (application.decision_sent_status, application.decision_sent_at) == ("", None)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("status", "position", "subject", "text"),
    [
        (
            S.RESERVE,
            2,
            "Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste (DS-2021-005)",
            "alle Plätze dieser Runde sind vergeben, aber Ihr Unternehmen steht auf der "
            "Nachrückerliste (Platz 2). Wird ein Platz frei, melden wir uns umgehend bei Ihnen.",
        ),
        (
            S.REJECTED,
            None,
            "Digiscouts: Entscheidung zu Ihrer Bewerbung (DS-2021-005)",
            "vielen Dank für Ihr Interesse an Digiscouts. Leider können wir Ihr Unternehmen in "
            "dieser Runde nicht berücksichtigen. Wir würden uns freuen, wenn Sie sich bei einer "
            "späteren Runde wieder bewerben.",
        ),
    ],
)
def test_application_decision_mail_text(mailoutbox, status, position, subject, text):
    application = ApplicationFactory(
        round=RoundFactory(year=2021),
        number=5,
        status=status,
        reserve_position=position,
        contact_first_name="Erika",
        contact_last_name="Muster",
    )

    application_decision_send(application=application)

    (mail,) = mailoutbox
    assert mail.subject == subject
    assert mail.body.split("\n\n")[:2] == ["Guten Tag Erika Muster,", text]
    assert f"<p>{text}</p>" in mail.alternatives[0][0]
