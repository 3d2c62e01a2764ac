"""Public pages and the admin work under the strict Content-Security-Policy.

Chromium logs a blocked inline script or style as a console error, and an unknown
Permissions-Policy feature as a warning; both are collected. A `securitypolicyviolation`
listener, installed before any page script, reports every violation once more, so a
blocked attribute or element cannot pass unseen.
"""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from events.choices import EventKind
from events.seed import demo_round_upsert
from tests.factories import ApplicationFactory
from tests.factories.applications import staff_member
from tests.site.test_deploy import CSP

PASSWORD = "Zeche-Ewald-2021!"

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _is_problem(message):
    return message.type == "error" or "Permissions-Policy" in message.text


@pytest.fixture
def browser_errors(page):
    """Every error the page logs (the browser's own included); read after each step."""
    errors = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: _is_problem(message) and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def _settled(page, errors):
    """The errors since the last call, once the page and its scripts have loaded."""
    page.wait_for_load_state("networkidle")
    found = list(errors)
    errors.clear()
    return found


def _current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def demo(transactional_db):
    return demo_round_upsert()


def test_public_pages_work_under_the_csp_without_errors_or_axe_violations(
    page, live_server, demo, browser_errors, assert_accessible
):
    info = demo.events.get(kind=EventKind.INFO)
    visited = {}

    for path in ["/", "/runden/demo/", "/bewerbung/demo/formular/"]:
        response = page.goto(live_server.url + path)
        assert sorted(response.headers["content-security-policy"].split("; ")) == CSP
        visited[path] = _settled(page, browser_errors)
        assert_accessible(page, path)

    page.goto(live_server.url + f"/runden/demo/termine/{info.pk}/anmeldung/")
    page.get_by_label("E-Mail-Adresse").fill("erika-at-example.org")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.locator("#fehler-titel")).to_have_text("Bitte korrigieren Sie Folgendes")
    visited["registration form with an error"] = _settled(page, browser_errors)
    assert_accessible(page, "registration form with an error")

    # The navigation's collapse runs Bootstrap's script, which sets styles (allowed: CSSOM).
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="Navigation umschalten").click()
    menu = page.get_by_role("navigation", name="Hauptnavigation")
    expect(menu.get_by_role("link", name="Zeitplan")).to_be_visible()
    visited["menu on a phone"] = _settled(page, browser_errors)

    assert visited == {
        "/": [],
        "/runden/demo/": [],
        "/bewerbung/demo/formular/": [],
        "registration form with an error": [],
        "menu on a phone": [],
    }


def test_admin_works_under_the_csp_without_errors(
    page, live_server, demo, browser_errors, settings
):
    application = ApplicationFactory(round=demo, company_name="Zeche Ewald Werkstätten GmbH")
    # The production login: password and the code of the staff member's authenticator app.
    settings.STAFF_OTP_REQUIRED = True
    device = TOTPDevice.objects.create(
        user=staff_member("wirtschaft", PASSWORD), name="Telefon", confirmed=True
    )
    admin = live_server.url + "/verwaltung/"
    visited = {}

    response = page.goto(admin)
    assert sorted(response.headers["content-security-policy"].split("; ")) == CSP
    visited["login"] = _settled(page, browser_errors)
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Bestätigungscode").fill(_current_code(device))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-tools")).to_contain_text("wirtschaft")
    visited["index"] = _settled(page, browser_errors)

    page.goto(admin + "applications/application/")
    visited["changelist"] = _settled(page, browser_errors)
    # "Select all" and its counter are the admin's actions.js at work.
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("1 von 1 ausgewählt")
    page.locator("#action-toggle").uncheck()
    page.get_by_role("row").filter(has_text=application.reference).locator(
        "input.action-select"
    ).check()
    page.locator("select[name=action]").select_option(label="Absagen")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.locator("h1")).to_have_text("Absagen")
    visited["confirmation page"] = _settled(page, browser_errors)

    page.goto(admin + f"applications/application/{application.pk}/change/")
    visited["change form"] = _settled(page, browser_errors)

    page.goto(admin + f"events/round/{demo.pk}/change/")
    # The calendar of a date field is built by the admin's script.
    page.get_by_role("link", name="Datum wählen").first.click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    visited["round with its events"] = _settled(page, browser_errors)

    page.goto(admin + "post_office/email/")
    visited["outbox"] = _settled(page, browser_errors)

    assert visited == {
        "login": [],
        "index": [],
        "changelist": [],
        "confirmation page": [],
        "change form": [],
        "round with its events": [],
        "outbox": [],
    }
