"""The decision e-mail: queued with its record, once per decision, refused when the status moved."""

import pytest
from django.db import transaction
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services import (
    DecisionAlreadySent,
    DecisionChanged,
    TransitionNotAllowed,
    application_decision_send,
    application_reject,
    application_select,
)
from tests.factories import ApplicationFactory, RoundFactory, berlin
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def test_application_decision_send_records_who_sent_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.REJECTED)
    user = staff_member()
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application, by=user, now=now)

    application.refresh_from_db()
    assert (
        application.decision_sent_status,
        application.decision_sent_by,
        application.decision_sent_at,
    ) == (S.REJECTED, user, now)
    assert [m.to for m in mailoutbox] == [[application.contact_email]]


def test_application_decision_send_refuses_a_status_other_than_the_previewed(mailoutbox):
    application = ApplicationFactory(status=S.REJECTED)

    with pytest.raises(DecisionChanged):
        application_decision_send(application=application, previewed_status=S.SELECTED)

    application.refresh_from_db()
    assert (application.decision_sent_status, application.decision_sent_at) == ("", None)
    assert mailoutbox == []


def test_application_decision_send_refuses_an_undecided_application(mailoutbox):
    application = ApplicationFactory(status=S.SHORTLISTED)

    with pytest.raises(TransitionNotAllowed) as excinfo:
        application_decision_send(application=application)

    assert (excinfo.value.code, excinfo.value.message) == (
        "no_decision",
        f"{application.reference}: Für „in engerer Auswahl“ gibt es keine Entscheidung zu "
        "versenden.",
    )
    assert mailoutbox == []


def test_application_decision_send_once_per_decision(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.RESERVE, reserve_position=1)
    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)
    with pytest.raises(DecisionAlreadySent):
        application_decision_send(application=application)
    application_select(application=application, confirm_published=True)

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)

    assert [m.subject for m in mailoutbox] == [
        f"Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste ({application.reference})",
        f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({application.reference})",
    ]


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
def test_application_decision_mail_text(
    mailoutbox, django_capture_on_commit_callbacks, status, position, subject, text
):
    application = ApplicationFactory(
        round=RoundFactory(year=2021),
        number=5,
        status=status,
        reserve_position=position,
        contact_first_name="Erika",
        contact_last_name="Muster",
    )

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)

    (mail,) = mailoutbox
    assert mail.subject == subject
    assert mail.body.split("\n\n")[:2] == ["Guten Tag Erika Muster,", text]
    assert f"<p>{text}</p>" in mail.alternatives[0][0]


def test_application_decision_send_rolled_back_leaves_neither_mail_nor_record(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.SELECTED)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        application_decision_send(application=application)
        raise RuntimeError("the caller's transaction fails")

    application.refresh_from_db()
    assert (application.decision_sent_status, application.decision_sent_at) == ("", None)
    assert mailoutbox == []


def test_application_decision_mail_says_which_earlier_mail_it_corrects(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        status=S.SELECTED,
        decision_sent_status=S.SELECTED,
        decision_sent_at=berlin(2021, 6, 1, 9, 30),
    )
    application_reject(application=application, confirm_published=True)

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)

    (mail,) = mailoutbox
    sentence = (
        "Diese Nachricht ersetzt unsere E-Mail vom 1. Juni 2021 (damalige Entscheidung: "
        "„ausgewählt“)."
    )
    assert mail.subject == f"Digiscouts: Entscheidung zu Ihrer Bewerbung ({application.reference})"
    assert mail.body.split("\n\n")[2] == sentence
    assert f"<p>{sentence}</p>" in mail.alternatives[0][0]


def test_application_decision_mail_of_a_first_decision_names_no_earlier_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)

    (mail,) = mailoutbox
    assert "ersetzt unsere E-Mail" not in mail.body
