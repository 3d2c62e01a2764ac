"""The decision e-mail: sent once per decision, recorded, refused when the status moved."""

import pytest
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services import (
    DecisionAlreadySent,
    DecisionChanged,
    TransitionNotAllowed,
    application_decision_send,
    application_select,
)
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def test_application_decision_send_records_who_sent_it(mailoutbox):
    application = ApplicationFactory(status=S.REJECTED)
    user = staff_member()
    now = timezone.now()

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


def test_application_decision_send_once_per_decision(mailoutbox):
    application = ApplicationFactory(status=S.RESERVE, reserve_position=1)
    application_decision_send(application=application)
    with pytest.raises(DecisionAlreadySent):
        application_decision_send(application=application)
    application_select(application=application)

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
