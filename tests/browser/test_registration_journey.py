"""The registration journey in Chromium, with axe on every state."""

import re

import pytest
from playwright.sync_api import expect

from events.choices import RegistrationStatus
from events.models import Registration
from events.seed import demo_round_upsert
from tests.factories import RegistrationFactory


@pytest.fixture
def demo(transactional_db, settings, live_server):
    # Links in e-mails point at the live server.
    settings.SITE_URL = live_server.url
    return demo_round_upsert()


def _personal_link(message):
    (link,) = re.findall(r"^(http://\S+/anmeldung/\S+/)$", message.body, flags=re.MULTILINE)
    return link


def _fill_form(page, **overrides):
    values = {
        "Unternehmen": "Müller & Söhne GmbH",
        "Vorname": "Erika",
        "Nachname": "Mustermann",
        "Funktion im Unternehmen": "Ausbildungsleitung",
        "E-Mail-Adresse": "erika@example.org",
        **overrides,
    }
    for label, value in values.items():
        page.get_by_label(label, exact=False).first.fill(value)
    page.get_by_label("Kommune des Unternehmens").select_option("Marl")
    page.get_by_label("Anzahl der Personen").select_option("2")


def test_registration_journey_from_home_to_cancel(
    page, live_server, demo, mailoutbox, assert_accessible
):
    info = demo.events.get(kind="info")
    page.goto(live_server.url + "/")
    assert_accessible(page, "home")

    page.get_by_role("link", name="Zur Infoveranstaltung anmelden").click()
    expect(page.locator("h1")).to_have_text(f"Anmeldung: {info.title}")
    assert_accessible(page, "empty form")

    _fill_form(page, **{"E-Mail-Adresse": "erika-at-example.org"})
    page.get_by_role("button", name="Verbindlich anmelden").click()
    email = page.get_by_label("E-Mail-Adresse")
    expect(page.locator("#fehler-titel")).to_have_text("Bitte korrigieren Sie Folgendes")
    expect(page.locator("#fehler")).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_error")).to_have_text(
        "Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."
    )
    expect(page.locator("#id_consent_error")).to_have_text(
        "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und der "
        "Verarbeitung Ihrer Angaben zustimmen; sonst können wir Sie nicht anmelden."
    )
    expect(page.locator("#id_company")).to_have_value("Müller & Söhne GmbH")
    assert_accessible(page, "form with errors")

    email.fill("erika@example.org")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page).to_have_url(re.compile(r"/anmeldung/danke/$"))
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Anmeldung")
    expect(page.locator("main")).to_contain_text(
        "Eine E-Mail mit allen Einzelheiten und Ihrem persönlichen Link ist an erika@example.org "
        "unterwegs."
    )
    assert_accessible(page, "confirmation")

    (message,) = mailoutbox
    assert message.to == ["erika@example.org"]
    link = _personal_link(message)
    page.goto(link)
    main = page.locator("main")
    expect(main).to_contain_text("Status: Ihre Anmeldung ist bestätigt.")
    expect(main).to_contain_text("Müller & Söhne GmbH")
    assert_accessible(page, "personal link")

    page.get_by_role("link", name="Anmeldung stornieren").click()
    expect(page).to_have_url(link + "stornieren/")
    expect(page.locator("h1")).to_have_text("Anmeldung stornieren")
    assert_accessible(page, "cancel question")
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED

    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    expect(page).to_have_url(link)
    expect(main).to_contain_text("Ihre Anmeldung ist storniert. Ihr Platz wird frei.")
    expect(main).to_contain_text("Status: Diese Anmeldung wurde am ")
    expect(page.get_by_role("link", name="Anmeldung stornieren")).to_have_count(0)
    assert_accessible(page, "cancelled")
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_registration_journey_full_event_lands_on_the_waiting_list(
    page, live_server, demo, mailoutbox, assert_accessible
):
    info = demo.events.get(kind="info")
    info.capacity = 2
    info.save(update_fields=["capacity"])
    RegistrationFactory(event=info, persons=2)
    page.goto(live_server.url + demo.get_absolute_url())

    page.get_by_role("link", name=re.compile(f"^Zur Anmeldung.*{info.title}$")).click()
    main = page.locator("main")
    expect(main).to_contain_text("Die Veranstaltung ist ausgebucht.")
    assert_accessible(page, "full event form")

    _fill_form(page)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page).to_have_url(re.compile(r"/anmeldung/danke/$"))
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Anmeldung")
    assert_accessible(page, "waiting-list confirmation")

    (message,) = mailoutbox
    assert message.subject == f"Warteliste: {info.title}"
    page.goto(_personal_link(message))
    expect(main).to_contain_text("Status: Sie stehen auf der Warteliste auf Platz 1.")
    assert_accessible(page, "personal link on the waiting list")
