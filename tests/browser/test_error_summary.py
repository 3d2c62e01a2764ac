"""The error summary in Chromium: after an empty submission of each public form it is
focused, each of its links points at a field of the page and moves the focus there,
and axe finds nothing in the error state."""

import pytest

from applications.links import application_token
from events.seed import demo_round_upsert
from tests.factories import ApplicationFactory, ParticipationFactory, open_round, round_at_stage

SUMMARY = ".error-summary"


@pytest.fixture
def demo(transactional_db):
    return demo_round_upsert()


def active_id(page):
    return page.evaluate("document.activeElement.id")


def summary_targets(page):
    """[(href, the id of the element it points at or None)] of the summary's links."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.error-summary a')).map(a => {
            const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
            return [a.getAttribute('href'), target ? target.id : null];
        })"""
    )


def assert_summary_works(page, assert_accessible, context, expected_fields):
    """Focused on load, heading first, each link to an existing field, focus follows."""
    assert active_id(page) == "fehler", context
    assert page.locator(SUMMARY).get_attribute("role") == "alert"
    assert page.locator("#fehler-titel").inner_text() == "Bitte korrigieren Sie Folgendes"
    assert summary_targets(page) == [[f"#id_{name}", f"id_{name}"] for name in expected_fields]
    assert_accessible(page, context)
    # Keyboard: Tab to the first link, Enter moves the focus into its field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        f"#id_{expected_fields[0]}"
    )
    page.keyboard.press("Enter")
    assert active_id(page) == f"id_{expected_fields[0]}"
    # A click on the last link focuses its field too (a checkbox or select alike).
    page.locator(SUMMARY).get_by_role("link").last.click()
    assert active_id(page) == f"id_{expected_fields[-1]}"


def test_error_summary_of_the_precheck(page, live_server, assert_accessible):
    round_ = open_round()

    page.goto(f"{live_server.url}/bewerbung/{round_.slug}/vorab-check/")
    page.get_by_role("button", name="Voraussetzungen prüfen").click()

    assert_summary_works(
        page,
        assert_accessible,
        "pre-check, empty",
        ["employees", "municipality", "apprentices"],
    )


def test_error_summary_of_the_application_form(page, live_server, assert_accessible):
    round_ = open_round()

    page.goto(f"{live_server.url}/bewerbung/{round_.slug}/formular/")
    page.get_by_role("button", name="Bewerbung absenden").click()

    assert_summary_works(
        page,
        assert_accessible,
        "application form, empty",
        [
            "company_name",
            "legal_form",
            "sector",
            "employees",
            "street",
            "postcode",
            "municipality",
            "apprentices",
            "training_occupations",
            "contact_first_name",
            "contact_last_name",
            "contact_function",
            "contact_email",
            "contact_phone",
            "trainer_name",
            "trainer_email",
            "management_support",
            "team_time",
            "motivation",
            "heard_about",
            "privacy_consent",
        ],
    )


def test_error_summary_of_the_registration_form(page, live_server, demo, assert_accessible):
    info = demo.events.get(kind="info")

    page.goto(f"{live_server.url}/runden/demo/termine/{info.pk}/anmeldung/")
    page.get_by_role("button", name="Verbindlich anmelden").click()

    assert_summary_works(
        page,
        assert_accessible,
        "registration form, empty",
        ["company", "municipality", "first_name", "last_name", "function", "email", "consent"],
    )


def test_error_summary_of_the_withdrawal(page, live_server, assert_accessible):
    application = ApplicationFactory(round=open_round())

    page.goto(f"{live_server.url}/bewerbung/status/{application_token(application)}/zurueckziehen/")
    page.get_by_role("button", name="Bewerbung zurückziehen").click()

    assert_summary_works(page, assert_accessible, "withdrawal, unconfirmed", ["confirm"])


def test_error_summary_of_the_idea_form_on_the_firm_page(page, live_server, assert_accessible):
    participation = ParticipationFactory(application__round=round_at_stage("during"))
    token = application_token(participation.application)

    page.goto(f"{live_server.url}/bewerbung/status/{token}/")
    # Every field of the idea is optional; a description without a title is the error.
    page.get_by_label("Kurzbeschreibung").fill("Barcodes statt Zettel.")
    page.get_by_role("button", name="Idee speichern").click()

    assert_summary_works(page, assert_accessible, "idea form, no title", ["idea_title"])


def test_error_summary_without_errors_is_absent_and_focus_stays_put(page, live_server):
    round_ = open_round()

    page.goto(f"{live_server.url}/bewerbung/{round_.slug}/formular/")

    assert page.locator(SUMMARY).count() == 0
    assert page.evaluate("document.activeElement === document.body") is True
