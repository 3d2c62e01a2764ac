"""A company's journey: pre-check, form with an error, corrected, confirmation, link, withdraw."""

import re

from applications.models import Application, ApplicationStatus
from tests.factories import open_round


def test_company_journey_from_precheck_to_withdrawal(
    page, live_server, mailoutbox, assert_accessible
):
    round_ = open_round(title="Digiscouts Testrunde Recklinghausen", year=2021)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Passt Digiscouts zu Ihrem Unternehmen?").click()
    assert page.locator("h1").inner_text() == "Passt Digiscouts zu Ihrem Unternehmen?"
    assert_accessible(page, "pre-check, empty")

    page.get_by_label("Wie viele Beschäftigte hat Ihr Unternehmen?").fill("500")
    page.get_by_label("In welcher Kommune hat Ihr Unternehmen seinen Sitz?").select_option("Marl")
    page.get_by_label("Wie viele Auszubildende sollen im Team mitmachen?").fill("3")
    page.get_by_role("button", name="Voraussetzungen prüfen").click()
    assert "höchstens 499 Beschäftigten" in page.locator("#ergebnis").inner_text()
    assert_accessible(page, "pre-check, not eligible")

    page.get_by_label("Wie viele Beschäftigte hat Ihr Unternehmen?").fill("499")
    page.get_by_role("button", name="Voraussetzungen prüfen").click()
    assert "Ihr Unternehmen erfüllt die Voraussetzungen." in page.locator("#ergebnis").inner_text()
    assert_accessible(page, "pre-check, eligible")

    page.get_by_role("link", name="Weiter zur Bewerbung").click()
    assert page.locator("h1").inner_text() == f"Bewerbung: {round_.title}"
    assert page.get_by_label("Zahl der Beschäftigten").input_value() == "499"
    assert page.get_by_label("Kommune (Sitz des Unternehmens)").input_value() == "Marl"
    assert_accessible(page, "application form, empty")

    page.get_by_label("Name des Unternehmens").fill("Zeche Ewald Werkstätten GmbH")
    page.get_by_label("Rechtsform").fill("GmbH")
    page.get_by_label("Straße und Hausnummer").fill("Ewaldstraße 261")
    page.get_by_label("Postleitzahl").fill("4569")  # one digit missing: the error
    page.get_by_label("Branche").fill("Maschinenbau")
    page.get_by_label("Ausbildungsberufe der Auszubildenden im Team").fill("Mechatroniker/in")
    page.get_by_label("Vorname").fill("Jürgen")
    page.get_by_label("Nachname").fill("Kötter")
    page.get_by_label("Funktion im Unternehmen").fill("Ausbildungsleiter")
    page.locator("#id_contact_email").fill("j.koetter@zeche-ewald.de")
    page.get_by_label("Telefon").fill("02366 12345")
    page.get_by_label("Name der Ausbilderin oder des Ausbilders").fill("Sabine Öztürk")
    page.get_by_label("E-Mail-Adresse der Ausbilderin oder des Ausbilders").fill(
        "s.oeztuerk@zeche-ewald.de"
    )
    page.get_by_label("Die Geschäftsführung unterstützt").check()
    page.get_by_label("Das Team der Auszubildenden erhält").check()
    page.get_by_label("Warum möchten Sie teilnehmen?").fill("Unsere Azubis haben Ideen.")
    page.get_by_label("Wie sind Sie auf Digiscouts aufmerksam geworden?").select_option("Presse")
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen").check()
    page.get_by_role("button", name="Bewerbung absenden").click()

    postcode = page.get_by_label("Postleitzahl")
    assert page.locator("#fehler-titel").inner_text() == "Bitte korrigieren Sie Folgendes"
    assert page.evaluate("document.activeElement.id") == "fehler"
    assert postcode.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_postcode_error").inner_text() == (
        "Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657."
    )
    assert page.get_by_label("Name des Unternehmens").input_value() == (
        "Zeche Ewald Werkstätten GmbH"
    )
    assert Application.objects.count() == 0
    assert_accessible(page, "application form with an error")

    postcode.fill("45768")  # Marl's, as the pre-check said
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen").check()
    page.get_by_role("button", name="Bewerbung absenden").click()

    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Bewerbung"
    assert (
        "Eine E-Mail mit allen Einzelheiten und Ihrem persönlichen Link ist an "
        "j.koetter@zeche-ewald.de unterwegs."
    ) in page.locator("main").inner_text()
    assert_accessible(page, "confirmation")

    # The company's confirmation, then the note to the round's contact address.
    assert [m.to for m in mailoutbox] == [
        ["j.koetter@zeche-ewald.de"],
        ["j.ausderwiesche@kreis-re.de"],
    ]
    link = re.search(r"http://\S+/bewerbung/status/\S+/", mailoutbox[0].body).group(0)
    path = link.split("/bewerbung/", 1)[1]
    page.goto(f"{live_server.url}/bewerbung/{path}")
    assert page.locator("h1").inner_text() == "Ihre Bewerbung DS-2021-001"
    assert "eingegangen" in page.locator("#status").inner_text()
    assert "Sabine Öztürk" in page.locator("main").inner_text()
    assert_accessible(page, "status page")

    page.get_by_role("link", name="Bewerbung zurückziehen").click()
    assert page.locator("h1").inner_text() == "Bewerbung DS-2021-001 zurückziehen?"
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert_accessible(page, "withdraw question")

    page.get_by_label("Ja, ich möchte die Bewerbung zurückziehen.").check()
    page.get_by_role("button", name="Bewerbung zurückziehen").click()

    assert "zurückgezogen" in page.locator("#status").inner_text()
    assert page.get_by_role("link", name="Bewerbung zurückziehen").count() == 0
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN
    assert_accessible(page, "status page after withdrawal")


def test_application_pages_for_every_state_have_no_axe_violations(
    page, live_server, assert_accessible
):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    upcoming = open_round(
        application_start=today + timedelta(days=2), application_end=today + timedelta(days=9)
    )
    closed = open_round(
        application_start=today - timedelta(days=9), application_end=today - timedelta(days=2)
    )

    for path, heading in [
        (f"/bewerbung/{upcoming.slug}/formular/", f"Bewerbung: {upcoming.title}"),
        (f"/bewerbung/{closed.slug}/formular/", f"Bewerbung: {closed.title}"),
        (f"/bewerbung/{closed.slug}/eingegangen/", "Vielen Dank für Ihre Bewerbung"),
        ("/bewerbung/status/kaputt/", "Dieser Link ist ungültig"),
        ("/bewerbung/gibt-es-nicht/formular/", "Seite nicht gefunden"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page, path)
