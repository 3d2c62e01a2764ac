"""The participation's change form in a real browser (group login, no superuser): a
milestone row's inputs post their own small form (form="…"), not the change form."""

from datetime import date

from applications.services import application_select
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.applications import staff_member

PASSWORD = "Zeche-Ewald-2021!"


def test_participation_milestone_row_records_it_in_the_browser(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    round_ = RoundFactory(title="Digiscouts 2021 im Kreis Recklinghausen")
    milestones_add_defaults(round_=round_)
    participation = application_select(
        application=ApplicationFactory(round=round_, company_name="Zeche Ewald GmbH")
    ).participation
    staff_member("wirtschaft", PASSWORD)
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(live_server.url + "/verwaltung/")
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(
        live_server.url + f"/verwaltung/applications/participation/{participation.pk}/change/"
    )
    row = page.locator("table.participation-milestones tbody tr").nth(1)
    row.get_by_label("erreicht am").fill("2021-06-20")
    row.get_by_label("Notiz").fill("Bericht liegt vor")
    # The change form's own field, changed but not saved: the row posts only its inputs.
    page.locator("#id_coach_name").fill("nicht gespeichert")
    row.get_by_role("button", name="„Analyse abgeschlossen“ als erreicht eintragen").click()

    page.wait_for_url("**/change/#meilensteine")
    assert page.locator(".messagelist").inner_text() == (
        "„Analyse abgeschlossen“ ist für Zeche Ewald GmbH als erreicht am 20. Juni 2021 "
        "eingetragen."
    )
    reached = participation.milestones_reached.get()
    assert (reached.reached_on, reached.note) == (date(2021, 6, 20), "Bericht liegt vor")
    participation.refresh_from_db()
    assert participation.coach_name == ""
    assert (
        "erreicht am 20.06.2021 (Bericht liegt vor)"
        in page.locator("table.participation-milestones").inner_text()
    )
    page.goto(live_server.url + f"/verwaltung/events/round/{round_.pk}/uebersicht/")
    assert (
        page.locator("table.overview-progress")
        .inner_text()
        .split("\n")[-1]
        .startswith("Zeche Ewald GmbH")
    )
    assert [e for e in errors if "Content Security Policy" in e] == []
