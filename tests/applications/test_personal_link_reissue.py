"""Personal links of applications: re-issued by staff, expired with the personal data,
and the same page whether a company or address was new or had applied already."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from applications.links import (
    TOKEN_SALT,
    application_for_token,
    application_link_invalidate,
    application_token,
)
from applications.models import Application
from applications.services import application_link_reissue, application_link_send
from tests.factories import ApplicationFactory, application_form_data, open_round, staff_member
from tests.helpers import application_form_url, main_content, messages_of, text_of

pytestmark = pytest.mark.django_db

INVALID = "<h1>Dieser Link ist ungültig</h1>"
STATUS_LINK = re.compile(r"/bewerbung/status/([^/\s]+)/$", re.MULTILINE)


def status_url(token):
    return reverse("applications:status", kwargs={"token": token})


def send_link_url(application):
    return reverse("admin:applications_application_send_link", args=[application.pk])


def opens(token):
    """The status code of the status page a token opens, and whether it says "invalid"."""
    response = Client().get(status_url(token))
    return response.status_code, INVALID in main_content(response)


def mailed_token(mail):
    (token,) = STATUS_LINK.findall(mail.body)
    return token


def test_application_link_reissue_stops_the_old_link_and_mails_a_new_one(
    mailoutbox, django_capture_on_commit_callbacks
):
    clerk = staff_member()
    application = ApplicationFactory(contact_email="j.mueller@mueller-soehne.de")
    old = application_token(application)

    with django_capture_on_commit_callbacks(execute=True):
        application_link_reissue(application=application, by=clerk)

    (mail,) = mailoutbox
    new = mailed_token(mail)
    (change,) = application.status_changes.all()
    assert (opens(old), opens(new)) == ((404, True), (200, False))
    assert application_for_token(new) == application
    assert (mail.to, mail.subject) == (
        ["j.mueller@mueller-soehne.de"],
        f"Ihr neuer persönlicher Link zur Bewerbung {application.reference}",
    )
    assert (
        f"Sie erhalten einen neuen persönlichen Link zu Ihrer Bewerbung {application.reference}. "
        "Der bisherige Link gilt nicht mehr; bitte verwenden Sie nur noch den Link in dieser "
        "E-Mail."
    ) in " ".join(mail.body.split())
    assert (change.by, change.from_status, change.to_status, change.note) == (
        clerk,
        "submitted",
        "submitted",
        "Neuer persönlicher Link gesendet an j.mueller@mueller-soehne.de; der bisherige Link "
        "gilt nicht mehr",
    )


def test_application_link_send_keeps_the_old_link_working(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    old = application_token(application)

    with django_capture_on_commit_callbacks(execute=True):
        application_link_send(application=application, by=staff_member())

    (mail,) = mailoutbox
    assert (opens(old), mailed_token(mail)) == ((200, False), old)
    assert (
        f"hier ist noch einmal Ihr persönlicher Link zu Ihrer Bewerbung {application.reference}."
        in (" ".join(mail.body.split()))
    )


def test_application_link_expires_when_the_secret_is_renewed_or_cleared():
    # What the deletion of a round's personal data does to every link of the round.
    renewed, cleared = ApplicationFactory(), ApplicationFactory()
    tokens = [application_token(renewed), application_token(cleared)]

    application_link_invalidate(renewed)
    renewed.save(update_fields=["link_secret"])
    Application.objects.filter(pk=cleared.pk).update(link_secret="")
    empty_secret = signing.Signer(salt=TOKEN_SALT).sign(f"{cleared.pk}.")

    assert [opens(token) for token in tokens] == [(404, True), (404, True)]
    assert application_for_token(empty_secret) is None


def test_application_link_of_the_old_format_no_longer_opens():
    application = ApplicationFactory()

    assert opens(signing.Signer(salt=TOKEN_SALT).sign(str(application.pk))) == (404, True)


def test_application_admin_send_link_page_offers_send_and_reissue(staff_client):
    application = ApplicationFactory()

    html = staff_client.get(send_link_url(application)).content.decode()

    assert 'value="Ja, Link jetzt senden"' in html
    assert (
        '<button type="submit" class="button" name="reissue" value="yes">Neuen Link senden</button>'
        in html
    )
    assert (
        "„Neuen Link senden“ stellt einen neuen Link aus: Der bisherige Link öffnet die "
        "Bewerbung dann nicht mehr"
    ) in text_of(html)


def test_application_admin_reissue_makes_the_old_link_invalid(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(contact_email="neu@firma.de")
    old = application_token(application)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(send_link_url(application), {"reissue": "yes"}, follow=True)

    assert messages_of(response) == [
        f"{application.reference}: Ein neuer persönlicher Link wurde an neu@firma.de gesendet; "
        "der bisherige gilt nicht mehr."
    ]
    assert (opens(old), opens(mailed_token(mailoutbox[0]))) == ((404, True), (200, False))


def test_application_admin_plain_send_keeps_the_old_link(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    old = application_token(application)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(send_link_url(application))

    assert (opens(old), mailed_token(mailoutbox[0])) == ((200, False), old)


# -- the page after a repeated application reads as after a new one -------------------


def submit(round_, **answers):
    response = Client().post(
        application_form_url(round_), application_form_data(**answers), follow=True
    )
    return main_content(response)


@pytest.mark.parametrize("earlier_status", ["submitted", "withdrawn"])
def test_application_submitted_page_is_the_same_for_a_new_and_a_repeated_company(
    mailoutbox, django_capture_on_commit_callbacks, earlier_status
):
    round_ = open_round()
    earlier = ApplicationFactory(
        round=round_,
        company_name="Müller & Söhne GmbH",
        municipality="Marl",
        contact_email="j.mueller@mueller-soehne.de",
        status=earlier_status,
    )

    with django_capture_on_commit_callbacks(execute=True):
        # The same company under another address: a duplicate, nothing stored.
        repeated = submit(
            round_,
            company_name="MÜLLER & SÖHNE GMBH",
            municipality="Marl",
            postcode="45768",
            contact_email="neu@example.de",
        )
        # Another company under that address: new.
        new = submit(
            round_,
            company_name="Ganz Andere AG",
            municipality="Marl",
            postcode="45768",
            contact_email="neu@example.de",
        )

    told, received, staff = mailoutbox
    assert repeated == new
    assert text_of(new).startswith(
        "Vielen Dank für Ihre Bewerbung Eine E-Mail mit allen Einzelheiten und Ihrem "
        "persönlichen Link ist an neu@example.de unterwegs."
    )
    assert earlier.reference not in repeated
    assert [told.to, received.to, staff.to] == [
        ["j.mueller@mueller-soehne.de"],
        ["neu@example.de"],
        [round_.contact_email],
    ]
    assert told.subject == f"Ihr persönlicher Link zur Bewerbung {earlier.reference}"
    assert (
        "für Ihr Unternehmen oder Ihre E-Mail-Adresse wurde erneut eine Bewerbung abgeschickt."
        in (" ".join(told.body.split()))
    )
    assert ("Ihre Bewerbung wurde zurückgezogen" in told.body) == (earlier_status == "withdrawn")
    assert Application.objects.filter(round=round_).count() == 2
