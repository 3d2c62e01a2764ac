"""Staff are told: new applications and the company's withdrawal reach the round's address."""

import pytest

from applications.links import application_token
from applications.mails import send_staff_application_withdrawn
from applications.models import ApplicationStatus
from applications.services import application_submit
from tests.factories import ApplicationFactory, application_submit_data, open_round

pytestmark = pytest.mark.django_db

S = ApplicationStatus
STAFF = "j.ausderwiesche@kreis-re.de"


def admin_url(application):
    return f"http://testserver.example/verwaltung/applications/application/{application.pk}/change/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def staff_mails(mailoutbox):
    return [mail for mail in mailoutbox if mail.to == [STAFF]]


def test_staff_mail_on_a_new_application(mailoutbox, django_capture_on_commit_callbacks):
    round_ = open_round(contact_email=STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(
            round_=round_, language="en", **application_submit_data()
        ).application
        twin = application_submit(
            round_=round_,
            language="de",
            **application_submit_data(company_name="Mueller und Soehne", contact_email="b@m.de"),
        ).application

    mail = staff_mails(mailoutbox)[1]
    assert [m.subject for m in staff_mails(mailoutbox)] == [
        f"Neue Bewerbung {first.reference}: Müller & Söhne GmbH",
        f"Neue Bewerbung {twin.reference}: Mueller und Soehne",
    ]
    assert admin_url(twin) in mail.body
    assert f'<a href="{admin_url(twin)}">' in mail.alternatives[0][0]
    # By reference only: erasing the first company leaves its name in no other mail.
    assert f"Mögliche Dublette von: {first.reference}\n" in mail.body
    assert "Müller & Söhne GmbH" not in mail.body
    # Staff read German, whatever language the company used; no personal link for staff.
    assert "/bewerbung/status/" not in mail.body


def test_staff_mail_when_a_selected_firm_withdraws_through_its_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(contact_email=STAFF)
    # Before the start and with a reserve waiting, staff are asked to look at the list.
    ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=1)
    application = ApplicationFactory(round=round_, status=S.SELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/bewerbung/status/{application_token(application)}/zurueckziehen/",
            {"confirm": "on"},
        )

    (mail,) = staff_mails(mailoutbox)
    assert mail.subject == (
        f"Ausgewähltes Unternehmen zieht zurück: {application.reference} {application.company_name}"
    )
    assert "Bisheriger Status: ausgewählt." in mail.body
    assert "Damit ist ein Platz frei geworden. Bitte prüfen Sie die Nachrückerliste." in mail.body
    assert admin_url(application) in mail.body
    assert [m.to for m in mailoutbox] == [[application.contact_email], [STAFF]]


def test_staff_mail_when_a_submitted_application_is_withdrawn(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=open_round(contact_email=STAFF))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/bewerbung/status/{application_token(application)}/zurueckziehen/",
            {"confirm": "on"},
        )

    (mail,) = staff_mails(mailoutbox)
    assert mail.subject == (
        f"Bewerbung zurückgezogen: {application.reference} {application.company_name}"
    )
    assert "Bisheriger Status: eingegangen." in mail.body


def test_staff_withdrawn_mail_names_the_status_the_service_passes_not_the_history(
    mailoutbox, django_capture_on_commit_callbacks
):
    # No history row says where the application came from: the service says it.
    round_ = open_round(contact_email=STAFF)
    ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=1)
    application = ApplicationFactory(round=round_, status=S.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        send_staff_application_withdrawn(application, from_status=S.SELECTED)

    (mail,) = staff_mails(mailoutbox)
    assert "Bisheriger Status: ausgewählt." in mail.body
    assert "Damit ist ein Platz frei geworden. Bitte prüfen Sie die Nachrückerliste." in mail.body
    assert application.status_changes.count() == 0
