"""The personal status page: what the company sees, the link, editing and withdrawing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.links import application_token
from applications.models import ApplicationStatus
from digiscouts.tokens import make_token
from events.links import TOKEN_SALT as REGISTRATION_SALT
from tests.factories import ApplicationFactory, application_form_data, open_round
from tests.helpers import field_errors, main_content, messages_of, text_of

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def status_url(application, suffix=""):
    return f"/bewerbung/status/{application_token(application)}/{suffix}"


def status_heading(response):
    html = main_content(response)
    start = html.index('<h2 class="h4">')
    return text_of(html[start : html.index("</h2>", start)])


def test_status_page_shows_status_data_and_the_companys_actions(client):
    application = ApplicationFactory(round=open_round(), company_name="Zeche Ewald GmbH")

    response = client.get(status_url(application))

    html = main_content(response)
    assert status_heading(response) == "Stand: eingegangen"
    assert "Zeche Ewald GmbH (GmbH)" in html
    assert f'href="{status_url(application, "bearbeiten/")}"' in html
    assert f'href="{status_url(application, "zurueckziehen/")}"' in html


def test_status_page_hides_a_decision_until_it_is_sent(client):
    application = ApplicationFactory(round=open_round(), status=S.REJECTED)

    before = client.get(status_url(application))
    application.decision_sent_status = S.REJECTED
    application.decision_sent_at = timezone.now()
    application.save()
    after = client.get(status_url(application))

    assert status_heading(before) == "Stand: in Prüfung"
    assert status_heading(after) == "Stand: abgesagt"
    assert "Leider können wir Ihr Unternehmen in dieser Runde nicht berücksichtigen." in (
        text_of(main_content(after))
    )
    assert "bearbeiten/" not in main_content(after)
    assert "zurueckziehen/" not in main_content(after)


def foreign_token():
    application = ApplicationFactory()
    return make_token(REGISTRATION_SALT, application.pk, application.link_secret)


def deleted_application_token():
    deleted = ApplicationFactory()
    token = application_token(deleted)
    deleted.delete()
    return token


@pytest.mark.parametrize(
    "token",
    [
        "kaputt",
        "1",
        "1:abc",
        "MQ:1lXYZ:abcdef",
        pytest.param(foreign_token, id="foreign"),
        pytest.param(deleted_application_token, id="deleted"),
    ],
)
def test_status_page_broken_foreign_or_stale_link_reveals_nothing(client, token):
    ApplicationFactory()
    token = token() if callable(token) else token

    response = client.get(f"/bewerbung/status/{token}/")

    assert response.status_code == 404
    assert "<h1>Dieser Link ist ungültig</h1>" in main_content(response)


def test_status_page_edit_changes_the_data(client):
    application = ApplicationFactory(
        round=open_round(), company_name="Müller & Söhne GmbH", contact_email="alt@firma.de"
    )

    response = client.post(
        status_url(application, "bearbeiten/"),
        application_form_data(sector="Logistik", contact_email="Alt@Firma.de"),
    )

    application.refresh_from_db()
    assert response["Location"] == status_url(application)
    assert (application.sector, application.company_name, application.contact_email_key) == (
        "Logistik",
        "Müller & Söhne GmbH",
        "alt@firma.de",
    )


def test_status_page_edit_to_a_taken_address_reads_as_to_a_free_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(contact_email="wf@kreis-re.de")
    other = ApplicationFactory(round=round_, contact_email="kontakt@firma.de")
    application = ApplicationFactory(round=round_, contact_email="alt@firma.de")
    company_name = application.company_name

    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("frei@firma.de", "\u212aontakt@firma.de"):
            pages.append(
                client.post(
                    status_url(application, "bearbeiten/"),
                    application_form_data(company_name=company_name, contact_email=email),
                    follow=True,
                )
            )

    free, taken = pages
    application.refresh_from_db()
    assert main_content(taken) == main_content(free)
    assert messages_of(taken) == [
        "Ihre Änderungen wurden gespeichert.",
        "Den Namen des Unternehmens, die Kommune und die E-Mail-Adresse ändern wir nur nach "
        "Prüfung. Wir haben Ihnen dazu eine E-Mail an Ihre bisherige Adresse geschickt; bis "
        "dahin gelten die bisherigen Angaben.",
    ]
    assert application.contact_email == "alt@firma.de"
    assert [m.to for m in mailoutbox] == [["alt@firma.de"], ["wf@kreis-re.de"]] * 2
    # Only the staff mail about the taken address names the other application.
    assert [other.reference in m.body for m in mailoutbox] == [False, False, False, True]


def test_status_page_edit_refused_after_review(client):
    application = ApplicationFactory(
        round=open_round(), status=S.SHORTLISTED, company_name="Zeche Ewald GmbH"
    )

    response = client.post(
        status_url(application, "bearbeiten/"), application_form_data(), follow=True
    )

    application.refresh_from_db()
    assert response.redirect_chain == [(status_url(application), 302)]
    assert messages_of(response) == ["Ihre Bewerbung kann nicht mehr geändert werden."]
    assert application.company_name == "Zeche Ewald GmbH"


def test_status_page_edit_refused_after_the_deadline(client):
    today = timezone.localdate()
    round_ = open_round(
        application_start=today - timedelta(days=10), application_end=today - timedelta(days=1)
    )
    application = ApplicationFactory(round=round_, company_name="Zeche Ewald GmbH")

    asked = client.get(status_url(application, "bearbeiten/"), follow=True)
    posted = client.post(
        status_url(application, "bearbeiten/"), application_form_data(), follow=True
    )

    application.refresh_from_db()
    for response in (asked, posted):
        assert response.redirect_chain == [(status_url(application), 302)]
        assert messages_of(response) == ["Ihre Bewerbung kann nicht mehr geändert werden."]
    assert (application.company_name, application.sector) == ("Zeche Ewald GmbH", "Handwerk")


def test_status_page_withdraw_asks_then_acts(client):
    application = ApplicationFactory(round=open_round())
    url = status_url(application, "zurueckziehen/")

    asked = client.get(url)
    application.refresh_from_db()
    status_after_get = application.status
    unconfirmed = client.post(url, {})
    confirmed = client.post(url, {"confirm": "on"})

    application.refresh_from_db()
    assert asked.templates[0].name == "applications/withdraw.html"
    assert status_after_get == S.SUBMITTED
    assert field_errors(unconfirmed) == {
        "confirm": ["Bitte bestätigen Sie, dass Sie die Bewerbung zurückziehen möchten."]
    }
    assert confirmed["Location"] == status_url(application)
    assert application.status == S.WITHDRAWN
    assert list(application.status_changes.values_list("from_status", "to_status", "by")) == [
        ("submitted", "withdrawn", None)
    ]


def test_status_page_withdraw_refused_once_rejected(client):
    application = ApplicationFactory(round=open_round(), status=S.REJECTED)

    response = client.post(
        status_url(application, "zurueckziehen/"), {"confirm": "on"}, follow=True
    )

    application.refresh_from_db()
    assert response.redirect_chain == [(status_url(application), 302)]
    assert messages_of(response) == ["Diese Bewerbung kann nicht zurückgezogen werden."]
    assert application.status == S.REJECTED


def test_apply_again_after_withdrawal_reads_as_any_application_and_mails_whom_to_ask(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(contact_unit="Wirtschaftsförderung, Kreis Recklinghausen")
    ApplicationFactory(
        round=round_, contact_email="j.mueller@mueller-soehne.de", status=S.WITHDRAWN
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/bewerbung/{round_.slug}/formular/", application_form_data(), follow=True
        )

    text = text_of(main_content(response))
    (mail,) = mailoutbox
    assert response.redirect_chain == [(f"/bewerbung/{round_.slug}/eingegangen/", 302)]
    assert "zurückgezogen" not in text
    assert mail.to == ["j.mueller@mueller-soehne.de"]
    assert (
        "Wenn Sie doch teilnehmen möchten, wenden Sie sich bitte an "
        f"{round_.contact_name} (Wirtschaftsförderung, Kreis Recklinghausen): Dort kann Ihre "
        "zurückgezogene Bewerbung wieder aufgenommen werden."
    ) in " ".join(mail.body.split())
    assert round_.contact_email in mail.body
