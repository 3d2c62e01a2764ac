"""The participating firm's page in Chromium, with axe, for each stage of the round: the
idea entered with a validation error first, then saved; the invitation and ideas pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.links import application_token
from events.choices import EventKind
from tests.factories import (
    MilestoneFactory,
    MilestoneReachedFactory,
    ParticipationFactory,
    round_at_stage,
)


def _firm(round_, **kwargs):
    participation = ParticipationFactory(
        application__round=round_,
        application__company_name="Zeche Ewald Werkstätten GmbH",
        application__municipality="Herten",
        **kwargs,
    )
    for position, (title, due, reached) in enumerate(
        [
            ("Auftaktveranstaltung besucht", round_.start_date, True),
            ("Analyse abgeschlossen", round_.start_date + timedelta(weeks=4), False),
            ("Bei der Abschlussveranstaltung präsentiert", round_.end_date, False),
        ]
    ):
        milestone = MilestoneFactory(round=round_, position=position, title=title, due_date=due)
        if reached:
            MilestoneReachedFactory(
                participation=participation, milestone=milestone, reached_on=round_.start_date
            )
    return participation


def _firm_page(live_server, participation):
    return f"{live_server.url}/bewerbung/status/{application_token(participation.application)}/"


@pytest.mark.parametrize("stage", ["before", "after"])
def test_firm_page_before_and_after_the_six_months_has_no_axe_violations(
    page, live_server, assert_accessible, stage
):
    participation = _firm(
        round_at_stage(stage),
        idea_title="Digitales Lager",
        idea_description="Barcodes statt Zettel.",
        idea_publish_consent=True,
    )

    page.goto(_firm_page(live_server, participation))

    expect(page.locator("h1")).to_have_text("Ihre Teilnahme an Digiscouts")
    heading = {
        "before": "Stand heute: vor dem Projektstart",
        "after": "Stand heute: Die Runde ist abgeschlossen",
    }[stage]
    expect(page.locator("#status h2")).to_have_text(heading)
    assert_accessible(page, f"firm page, {stage}")
    if stage == "after":
        expect(page.locator("form.idea-form")).to_have_count(0)
        page.get_by_role("link", name="Die veröffentlichten Ideen dieser Runde ansehen").click()
        expect(page.locator("article h2")).to_have_text(["Digitales Lager"])
        assert_accessible(page, "public ideas page")


def test_firm_page_during_the_six_months_idea_with_an_error_then_saved(
    page, live_server, assert_accessible
):
    round_ = round_at_stage("during")
    participation = _firm(round_)

    page.goto(_firm_page(live_server, participation))
    expect(page.locator("#status h2")).to_have_text("Stand heute: Die sechs Projektmonate laufen")
    expect(page.locator("table.milestones tbody tr")).to_have_count(3)
    expect(page.locator("table.milestones tbody tr").nth(1).locator("td").nth(1)).to_have_text(
        "im Rückstand"
    )
    assert_accessible(page, "firm page, during")

    page.get_by_label("Kurzbeschreibung").fill("Barcodes statt Zettel: alles im Tablet.")
    page.get_by_label("Eingesetzte digitale Werkzeuge").fill("Tablet, Barcode-Scanner")
    page.get_by_label("Ja, die Idee darf nach der Abschlussveranstaltung").check()
    page.get_by_role("button", name="Idee speichern").click()

    title = page.get_by_label("Titel Ihrer Idee")
    expect(page.locator("#fehler")).to_be_focused()
    expect(page.locator("#fehler li")).to_have_text(
        ["Bitte geben Sie einen Titel für Ihre Idee an, wenn sie veröffentlicht werden soll."]
    )
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_idea_title_error")).to_have_text(
        "Bitte geben Sie einen Titel für Ihre Idee an, wenn sie veröffentlicht werden soll."
    )
    expect(page.get_by_label("Kurzbeschreibung")).to_have_value(
        "Barcodes statt Zettel: alles im Tablet."
    )
    expect(page.get_by_label("Ja, die Idee darf nach der Abschlussveranstaltung")).to_be_checked()
    assert_accessible(page, "firm page, idea with an error")

    title.fill("Digitales Lager")
    page.get_by_role("button", name="Idee speichern").click()

    expect(page.get_by_role("status").first).to_have_text("Ihre Idee wurde gespeichert.")
    expect(page.get_by_label("Titel Ihrer Idee")).to_have_value("Digitales Lager")
    participation.refresh_from_db()
    assert (
        participation.idea_title,
        participation.idea_tools,
        participation.idea_publish_consent,
    ) == ("Digitales Lager", "Tablet, Barcode-Scanner", True)
    assert_accessible(page, "firm page, idea saved")


def test_firm_page_invitation_and_leaving_have_no_axe_violations(
    page, live_server, assert_accessible
):
    round_ = round_at_stage("during")
    closing = round_.events.get(kind=EventKind.CLOSING)
    closing.capacity = 40
    closing.participants_only = True
    closing.registration_opens_at = timezone.now() - timedelta(days=1)
    closing.save()
    participation = _firm(round_)

    page.goto(f"{live_server.url}/runden/{round_.slug}/termine/{closing.pk}/anmeldung/")
    expect(page.locator("main")).to_contain_text(
        "Die Anmeldung ist den teilnehmenden Unternehmen vorbehalten; sie erhalten eine "
        "Einladung per E-Mail."
    )
    assert_accessible(page, "public form of a participants-only event")

    page.goto(_firm_page(live_server, participation))
    page.get_by_role("link", name=re.compile("^Jetzt anmelden.*Abschlussveranstaltung$")).click()
    expect(page.locator("h1")).to_have_text("Anmeldung: Abschlussveranstaltung")
    expect(page.locator("#id_company")).to_have_value("Zeche Ewald Werkstätten GmbH")
    assert_accessible(page, "invitation form")

    page.goto(_firm_page(live_server, participation))
    page.get_by_role("link", name="Teilnahme beenden").click()
    expect(page.locator("h1")).to_have_text("Teilnahme von Zeche Ewald Werkstätten GmbH beenden?")
    assert_accessible(page, "leaving question")
