"""Reflow (WCAG 1.4.10) and axe on every public page, in German and in English.

Each page is opened once and measured at 320 CSS px (a phone), at 640 px (200 % zoom
of a 1280 px window) and at 1280 px: the document is never wider than the window, so
nothing scrolls sideways, the header included. axe runs at 320 and at 1280 px. The
records carry long names and e-mail addresses on purpose: they must wrap, not widen.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.links import application_token
from applications.services import application_decision_send, application_select
from events.choices import EventKind
from events.links import registration_token
from events.seed import demo_round_upsert, seed_round_upsert
from tests.events.helpers import form_data as registration_form_data
from tests.factories import (
    ApplicationFactory,
    MilestoneFactory,
    MilestoneReachedFactory,
    ParticipationFactory,
    RegistrationFactory,
    application_form_data,
    open_event,
    round_at_stage,
)

WIDTHS = (320, 640, 1280)
AXE_WIDTHS = (320, 1280)
LONG_COMPANY = "Metallbau Müller & Söhne Ausbildungswerkstatt Gesellschaft mit beschränkter Haftung"
LONG_EMAIL = "ausbildungsleitung.metallbau@mueller-und-soehne-ausbildungswerkstatt.example.de"


@pytest.fixture(scope="module")
def reflow_page(browser):
    """One browser page for the whole module: each test clears its cookies first."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def world(transactional_db, live_server, settings):
    """The rounds, an info event's registration and an application, as companies have them."""
    settings.SITE_URL = live_server.url
    seed_round_upsert()
    demo = demo_round_upsert()
    info = demo.events.get(kind=EventKind.INFO)
    registration = RegistrationFactory(event=info, company=LONG_COMPANY, email=LONG_EMAIL)
    application = ApplicationFactory(
        round=demo, company_name=LONG_COMPANY, contact_email=LONG_EMAIL, website="www.example.de"
    )
    firm = ApplicationFactory(round=demo, company_name=LONG_COMPANY + " Zwei", website="")
    application_decision_send(application=application_select(application=firm))
    # A workshop kept to the participating firms, open for their registration now.
    workshop = open_event(
        round=demo,
        kind=EventKind.WORKSHOP,
        title="Workshop für die Digiscouts: Prozesse aufnehmen und Ideen bewerten",
        location="Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1, 45657 Recklinghausen",
        participants_only=True,
        days=30,
    )
    # A round in its six months (started 40 days ago), with milestones reached and due.
    during = round_at_stage("during", slug="waehrend", title="Digiscouts während der Runde")
    milestones = [
        MilestoneFactory(
            round=during,
            position=position,
            title=title,
            due_date=during.start_date + timedelta(days=days),
        )
        for position, (title, days) in enumerate(
            [("Analyse der Abläufe abgeschlossen", 28), ("Projektvorschlag vorgestellt", 60)],
            start=1,
        )
    ]
    firm_during = ParticipationFactory(
        application__round=during, application__company_name=LONG_COMPANY + " Drei"
    )
    MilestoneReachedFactory(
        participation=firm_during,
        milestone=milestones[0],
        reached_on=during.start_date + timedelta(days=25),
    )
    # A round after its closing event (days ago, whichever moment publishes the ideas:
    # its start or its end), with one consented idea.
    after = round_at_stage("after", slug="danach", title="Digiscouts nach der Runde")
    closing = after.events.get(kind=EventKind.CLOSING)
    assert closing.ends_at < timezone.now() - timedelta(days=5)
    firm_after = ParticipationFactory(
        application__round=after,
        application__company_name=LONG_COMPANY + " Vier",
        idea_title="Digitales Lager mit Barcode-Scannern und automatischer Nachbestellung",
        idea_description="Barcodes statt Zettel:\nDas Lager meldet selbst, was fehlt.",
        idea_tools="Tablet, Barcode-Scanner, Tabellenkalkulation in der Cloud",
        idea_publish_consent=True,
        idea_consent_at=timezone.now() - timedelta(days=30),
    )
    return {
        "demo": demo,
        "info": info,
        "workshop": workshop,
        "registration": registration,
        "application": application,
        "firm": firm,
        "firm_during": firm_during.application,
        "firm_after": firm_after.application,
        "after": after,
    }


def _url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def _get(page, url):
    return page.goto(url)


def _submit_empty(page, url, form):
    """The form's error state: sent without a single answer (the forms are novalidate)."""
    page.goto(url)
    with page.expect_navigation() as navigation:
        page.locator(f"form.{form} [type=submit]").click()
    return navigation.value


def _submit_cleared(page, url, form):
    """The form's error state when it comes filled in (from the application): every
    answer taken out, every box unticked, then sent."""
    page.goto(url)
    page.locator(form).evaluate(
        """form => {
            for (const field of form.querySelectorAll("input, textarea, select")) {
                if (field.type === "hidden" || field.type === "submit") continue;
                if (field.type === "checkbox" || field.type === "radio") field.checked = false;
                else if (field.tagName === "SELECT") field.selectedIndex = 0;
                else field.value = "";
            }
        }"""
    )
    with page.expect_navigation() as navigation:
        page.locator(f"{form} [type=submit]").first.click()
    return navigation.value


def _idea_without_title(page, url):
    """The firm's idea sent with the consent to publish but without a title: refused."""
    page.goto(url)
    page.locator("#id_idea_title").fill("")
    page.locator("#id_idea_publish_consent").check()
    with page.expect_navigation() as navigation:
        page.locator("form:has(#id_idea_title) [type=submit]").click()
    return navigation.value


def _status(world, key):
    return _url("applications:status", token=application_token(world[key]))


def _invitation(world, key="firm"):
    return _url(
        "applications:invitation",
        token=application_token(world[key]),
        event_pk=world["workshop"].pk,
    )


def _withdraw(world, key):
    return _url("applications:withdraw", token=application_token(world[key]))


def _post_then_open(page, base, path, data):
    """Send a complete form as the browser would (its CSRF token, its cookies) and open
    the page it redirects to: the thank-you page shows the address just typed, once."""
    page.goto(base + path)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        base + path,
        form={**data, "csrfmiddlewaretoken": token},
        headers={"Referer": base + path},
        max_redirects=0,
    )
    assert response.status == 302, response.text()[:500]
    return page.goto(base + response.headers["location"])


def _registration_form(world):
    info = world["info"]
    return _url("events:registration_form", slug=info.round.slug, pk=info.pk)


# name -> opens the page; each gets the page, the live server's address, the world.
PAGES = {
    "home": lambda page, base, world: _get(page, base + _url("home")),
    "timeline": lambda page, base, world: _get(page, base + world["demo"].get_absolute_url()),
    "timeline of the 2021 round": lambda page, base, world: _get(
        page, base + _url("events:timeline", slug="kreis-recklinghausen-2021")
    ),
    "pre-check": lambda page, base, world: _get(
        page, base + _url("applications:precheck", slug="demo")
    ),
    "pre-check, not eligible": lambda page, base, world: _get(
        page,
        base
        + _url("applications:precheck", slug="demo")
        + "?employees=500&municipality=andere&apprentices=1",
    ),
    "pre-check, eligible": lambda page, base, world: _get(
        page,
        base
        + _url("applications:precheck", slug="demo")
        + "?employees=45&municipality=Marl&apprentices=3",
    ),
    "application form": lambda page, base, world: _get(
        page, base + _url("applications:apply", slug="demo")
    ),
    "application form with errors": lambda page, base, world: _submit_empty(
        page, base + _url("applications:apply", slug="demo"), "application-form"
    ),
    "application closed": lambda page, base, world: _get(
        page, base + _url("applications:apply", slug="kreis-recklinghausen-2021")
    ),
    "application thank-you page": lambda page, base, world: _post_then_open(
        page,
        base,
        _url("applications:apply", slug="demo"),
        application_form_data(
            company_name="Zeche Ewald Werkstätten GmbH", contact_email=LONG_EMAIL
        ),
    ),
    "registration form": lambda page, base, world: _get(page, base + _registration_form(world)),
    "registration form with errors": lambda page, base, world: _submit_empty(
        page, base + _registration_form(world), "registration-form"
    ),
    "registration thank-you page": lambda page, base, world: _post_then_open(
        page,
        base,
        _registration_form(world),
        registration_form_data(company=LONG_COMPANY, email="second." + LONG_EMAIL),
    ),
    "registration's personal page": lambda page, base, world: _get(
        page, base + _url("registrations:manage", token=registration_token(world["registration"]))
    ),
    "registration's cancel page": lambda page, base, world: _get(
        page,
        base + _url("registrations:cancel", token=registration_token(world["registration"])),
    ),
    "registration's broken link": lambda page, base, world: _get(
        page, base + _url("registrations:manage", token="1.kaputt:kaputt")
    ),
    "application's status page": lambda page, base, world: _get(
        page, base + _url("applications:status", token=application_token(world["application"]))
    ),
    "participating firm's page": lambda page, base, world: _get(
        page, base + _url("applications:status", token=application_token(world["firm"]))
    ),
    "ideas page": lambda page, base, world: _get(
        page, base + _url("ideas:list", slug=world["demo"].slug)
    ),
    "application's edit form": lambda page, base, world: _get(
        page, base + _url("applications:edit", token=application_token(world["application"]))
    ),
    "application's withdraw page": lambda page, base, world: _get(
        page,
        base + _url("applications:withdraw", token=application_token(world["application"])),
    ),
    "application's broken link": lambda page, base, world: _get(
        page, base + _url("applications:status", token="1.kaputt:kaputt")
    ),
    "pre-check with empty answers": lambda page, base, world: _submit_empty(
        page, base + _url("applications:precheck", slug="demo"), "precheck-form"
    ),
    "application's edit form with errors": lambda page, base, world: _submit_cleared(
        page,
        base + _url("applications:edit", token=application_token(world["application"])),
        "form.application-form",
    ),
    "application's withdraw page, not confirmed": lambda page, base, world: _submit_cleared(
        page, base + _withdraw(world, "application"), "main form"
    ),
    "participant's leave page": lambda page, base, world: _get(
        page, base + _withdraw(world, "firm")
    ),
    "participant's leave page, not confirmed": lambda page, base, world: _submit_cleared(
        page, base + _withdraw(world, "firm"), "main form"
    ),
    "participant's invitation": lambda page, base, world: _get(page, base + _invitation(world)),
    "participant's invitation with errors": lambda page, base, world: _submit_cleared(
        page, base + _invitation(world), "form.registration-form"
    ),
    "invitation for a firm not taking part": lambda page, base, world: _get(
        page, base + _invitation(world, "application")
    ),
    "participating firm's page, six months": lambda page, base, world: _get(
        page, base + _status(world, "firm_during")
    ),
    "participating firm's page, idea without title": lambda page, base, world: _idea_without_title(
        page, base + _status(world, "firm_during")
    ),
    "participating firm's page, after the round": lambda page, base, world: _get(
        page, base + _status(world, "firm_after")
    ),
    "registration form of a participants-only event": lambda page, base, world: _get(
        page,
        base + _url("events:registration_form", slug=world["demo"].slug, pk=world["workshop"].pk),
    ),
    "registration already made (old address)": lambda page, base, world: _get(
        page,
        base + _url("events:registration_duplicate", slug=world["demo"].slug, pk=world["info"].pk),
    ),
    "ideas page with a published idea": lambda page, base, world: _get(
        page, base + _url("ideas:list", slug=world["after"].slug)
    ),
    "Impressum": lambda page, base, world: _get(page, base + _url("impressum")),
    "Datenschutzerklärung": lambda page, base, world: _get(page, base + _url("datenschutz")),
    "Erklärung zur Barrierefreiheit": lambda page, base, world: _get(
        page, base + _url("barrierefreiheit")
    ),
    "404": lambda page, base, world: _get(page, base + _url("home") + "gibt-es-nicht/"),
}


# The HTTP status of the pages that are not 200.
STATUS = {
    "404": 404,
    "registration's broken link": 404,
    "application's broken link": 404,
    "invitation for a firm not taking part": 403,
}

# The error states: each shows the form's error summary (so the page under test is the
# refused submission, not a page after a submission that went through).
ERROR_STATES = {
    "application form with errors",
    "registration form with errors",
    "pre-check with empty answers",
    "application's edit form with errors",
    "application's withdraw page, not confirmed",
    "participant's leave page, not confirmed",
    "participant's invitation with errors",
    "participating firm's page, idea without title",
}

# What shows that a page is in the state its name says: a selector and how often it matches.
SHOWN = {
    "participant's invitation": ("form.registration-form", 1),
    "invitation for a firm not taking part": ("form.registration-form", 0),
    "registration form of a participants-only event": ("form.registration-form", 0),
    "registration already made (old address)": ("form.registration-form", 1),
    "participating firm's page, six months": ("table.milestones tbody tr", 2),
    "ideas page with a published idea": ("article.idea", 1),
}


def _widths(page):
    """{width: (scrollWidth, clientWidth)} of the document at each window width."""
    measured = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        measured[width] = tuple(
            page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
        )
    return measured


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_reflows_without_sideways_scrolling_or_axe_violations(
    reflow_page, live_server, world, assert_accessible, name, language
):
    page = reflow_page
    page.context.clear_cookies()
    page.set_viewport_size({"width": 320, "height": 800})
    with translation.override(language):
        response = PAGES[name](page, live_server.url, world)

    assert response.status == STATUS.get(name, 200)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".error-summary").count() == (1 if name in ERROR_STATES else 0)
    if name in SHOWN:
        selector, count = SHOWN[name]
        assert page.locator(selector).count() == count
    measured = _widths(page)
    too_wide = {width: sizes for width, sizes in measured.items() if sizes[0] > sizes[1]}
    assert too_wide == {}, f"{name} ({language}) scrolls sideways: {measured}"
    for width in AXE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page, f"{name} ({language}) at {width} px")


def test_reflow_check_finds_a_page_wider_than_the_window(reflow_page, live_server, world):
    # The measurement itself: a page made wider than the window is caught at 320 px.
    page = reflow_page
    page.goto(live_server.url + "/")
    # Through the CSSOM (the CSP refuses a <style> element): one block 400 px wide.
    page.evaluate(
        """() => {
            const block = document.createElement("div");
            block.style.width = "400px";
            block.textContent = "Ein Block, breiter als das Fenster";
            document.querySelector("main").append(block);
        }"""
    )

    measured = _widths(page)

    assert measured[320] == (400 + 12, 320)
    assert measured[1280] == (1280, 1280)


@pytest.mark.parametrize(
    ("path", "lang", "switch_name", "switch_href"),
    [
        ("/runden/demo/", "de", "English", "/en/runden/demo/"),
        ("/en/runden/demo/", "en", "Deutsch", "/runden/demo/"),
    ],
)
def test_language_switch_in_the_header_opens_the_same_page_in_the_other_language(
    reflow_page, live_server, world, assert_accessible, path, lang, switch_name, switch_href
):
    page = reflow_page
    page.context.clear_cookies()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + path)
    heading = page.locator("h1").inner_text()

    switch = page.locator("header").get_by_role("link", name=switch_name, exact=True)
    assert switch.get_attribute("href") == switch_href
    assert switch.is_visible()  # on a phone too, outside the collapsed menu
    switch.click()

    other = "en" if lang == "de" else "de"
    assert page.url == live_server.url + switch_href
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("h1").inner_text() != heading
    assert page.locator("h1").inner_text().endswith(world["demo"].title)
    assert_accessible(page, f"{switch_href} after the switch")
