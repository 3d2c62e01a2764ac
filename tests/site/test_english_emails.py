"""E-mails go out in the language the company used: a company applying or registering
under /en/ gets English mails whose personal link opens the English page; one using the
German addresses gets German mails, whatever its browser asks for. Staff mails stay German."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from applications.links import application_status_url, application_token
from applications.models import Application
from applications.services import application_link_send
from events.links import registration_manage_url, registration_token
from events.models import Registration
from events.services import registration_link_send
from tests.events.helpers import form_data as registration_form_data
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    RegistrationFactory,
    RoundFactory,
    application_form_data,
    berlin,
    open_round,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _lines(message):
    return message.body.splitlines()


def _event():
    """An event that takes registrations, on a fixed day (the subject names it)."""
    return EventFactory(
        round=RoundFactory(),
        starts_at=berlin(2099, 4, 15, 10, 0),
        capacity=40,
        registration_opens_at=timezone.now() - timedelta(days=1),
    )


def _apply(client, path_prefix, capture, **headers):
    round_ = open_round(year=2021)
    with capture(execute=True):
        response = client.post(
            f"{path_prefix}/bewerbung/{round_.slug}/formular/", application_form_data(), **headers
        )
    assert response.status_code == 302
    return Application.objects.get()


def _register(client, path_prefix, capture, **headers):
    event = _event()
    with capture(execute=True):
        response = client.post(
            f"{path_prefix}/runden/{event.round.slug}/termine/{event.pk}/anmeldung/",
            registration_form_data(),
            **headers,
        )
    assert response.status_code == 302
    return Registration.objects.get()


def test_application_through_en_gets_its_confirmation_in_english(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = _apply(client, "/en", django_capture_on_commit_callbacks)

    company, staff = mailoutbox
    link = f"{settings.SITE_URL}/en/bewerbung/status/{application_token(application)}/"
    assert application.language == "en"
    assert (company.to, company.subject) == (
        ["j.mueller@mueller-soehne.de"],
        "Your application to Digiscouts has been received (DS-2021-001)",
    )
    assert link in _lines(company)
    assert '<html lang="en">' in company.alternatives[0][0]
    # Staff read German, whatever language the company used.
    assert staff.subject == "Neue Bewerbung DS-2021-001: Müller & Söhne GmbH"


def test_application_through_en_mail_link_opens_the_english_status_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = _apply(client, "/en", django_capture_on_commit_callbacks)
    translation.deactivate()  # as the mail's reader: a fresh browser, no language active

    response = client.get(f"/en/bewerbung/status/{application_token(application)}/")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert mailoutbox[0].body.count("/en/bewerbung/status/") == 1


def test_application_through_the_german_address_gets_german_mail_even_from_an_english_browser(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = _apply(client, "", django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="en")

    company, staff = mailoutbox
    link = f"{settings.SITE_URL}/bewerbung/status/{application_token(application)}/"
    assert application.language == "de"
    assert company.subject == "Ihre Bewerbung bei Digiscouts ist eingegangen (DS-2021-001)"
    assert link in _lines(company)
    assert "/en/" not in company.body
    assert staff.subject == "Neue Bewerbung DS-2021-001: Müller & Söhne GmbH"


def test_registration_through_en_gets_its_confirmation_in_english(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = _register(client, "/en", django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    link = f"{settings.SITE_URL}/en/anmeldung/{registration_token(registration)}/"
    assert registration.language == "en"
    assert (message.to, message.subject) == (
        ["erika@example.org"],
        "Registration confirmed: Infoveranstaltung Digiscouts on 15 April 2099",
    )
    assert link in _lines(message)
    assert "Your personal link (view or cancel your registration):" in _lines(message)


def test_registration_through_en_mail_link_opens_the_english_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = _register(client, "/en", django_capture_on_commit_callbacks)
    translation.deactivate()

    response = client.get(f"/en/anmeldung/{registration_token(registration)}/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert mailoutbox[0].body.count("/en/anmeldung/") == 1


def test_registration_through_the_german_address_gets_german_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = _register(
        client, "", django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="en"
    )

    (message,) = mailoutbox
    link = f"{settings.SITE_URL}/anmeldung/{registration_token(registration)}/"
    assert registration.language == "de"
    assert message.subject == "Anmeldung bestätigt: Infoveranstaltung Digiscouts am 15. April 2099"
    assert link in _lines(message)


def test_personal_links_under_english_are_the_english_addresses():
    application = ApplicationFactory(language="en")
    registration = RegistrationFactory(language="en")

    with translation.override("en"):
        links = [application_status_url(application), registration_manage_url(registration)]

    assert links == [
        f"{settings.SITE_URL}/en/bewerbung/status/{application_token(application)}/",
        f"{settings.SITE_URL}/en/anmeldung/{registration_token(registration)}/",
    ]


def test_application_link_sent_by_staff_to_an_english_company_opens_the_english_page(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(language="en")

    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        application_link_send(application=application, by=staff_member())

    (message,) = mailoutbox
    assert message.subject == f"Your personal link to application {application.reference}"
    assert f"{settings.SITE_URL}/en/bewerbung/status/{application_token(application)}/" in _lines(
        message
    )


def test_registration_link_sent_by_staff_to_an_english_registrant_opens_the_english_page(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(language="en")

    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        registration_link_send(registration=registration, by=staff_member())

    (message,) = mailoutbox
    assert f"{settings.SITE_URL}/en/anmeldung/{registration_token(registration)}/" in _lines(
        message
    )
