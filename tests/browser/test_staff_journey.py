"""Staff work in the admin as a "Fachdienst Wirtschaft" user: filter, select 7, export."""

import csv
import io

from applications.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.applications import staff_member

PASSWORD = "Zeche-Ewald-2021!"


def run_action(page, label, references):
    for reference in references:
        page.get_by_role("row").filter(has_text=reference).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=label)
    page.get_by_role("button", name="Ausführen").click()


def test_staff_journey_select_seven_refuse_the_eighth_and_export(
    page, live_server, tmp_path, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    round_ = RoundFactory(title="Digiscouts 2021 im Kreis Recklinghausen", places=7, year=2021)
    other = RoundFactory(title="Andere Runde")
    applications = [
        ApplicationFactory(round=round_, number=n, company_name=f"Firma Nr. {n} Größe GmbH")
        for n in range(1, 10)
    ]
    ApplicationFactory(round=other, number=1, company_name="Fremde Runde GmbH")
    staff_member("wirtschaft", PASSWORD)

    page.goto(live_server.url + "/verwaltung/")
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.locator("#content-main").locator('th a[href$="/applications/application/"]').click()

    page.locator("#changelist-filter").get_by_role("link", name=round_.title).click()
    assert page.get_by_role("row").filter(has_text="Fremde Runde GmbH").count() == 0
    assert "0 von 7 Plätzen vergeben" in page.locator("#plaetze").inner_text()

    first_seven = [a.reference for a in applications[:7]]
    run_action(page, "Auswählen", first_seven)
    assert page.locator(".messagelist").inner_text() == (
        "Ausgewählt: " + ", ".join(first_seven) + "."
    )
    assert "7 von 7 Plätzen vergeben" in page.locator("#plaetze").inner_text()

    run_action(page, "Auswählen", [applications[7].reference])
    assert page.locator(".messagelist .error").inner_text() == (
        f"Alle 7 Plätze sind vergeben. Nicht ausgewählt: {applications[7].reference}."
    )
    assert Application.objects.filter(status=ApplicationStatus.SELECTED).count() == 7

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ausgewählte Unternehmen der Runde (CSV)").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    assert download.suggested_filename.startswith(f"digiscouts-{round_.slug}-ausgewaehlt-")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfBewerbungsnummer;Unternehmen;")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(row[0], row[1], row[17]) for row in rows[1:]] == [
        (a.reference, a.company_name, "ausgewählt") for a in applications[:7]
    ]
