from urllib.parse import urlsplit

import pytest

from events.choices import EventKind
from events.seed import demo_round_upsert, seed_round_upsert

PUBLIC_PAGES = [
    # path, heading, text that must be on the page
    (
        "/",
        "Digiscouts: Ihre Azubis bringen die Digitalisierung in Ihr Unternehmen",
        "höchstens 499 Beschäftigten",
    ),
    ("/runden/demo/", "Zeitplan: ", "Offizieller Projektstart (Kick-off)"),
    (
        "/runden/kreis-recklinghausen-2021/",
        "Zeitplan: Digiscouts 2021 im Kreis Recklinghausen",
        "Donnerstag, 15. April 2021, 10:00 Uhr",
    ),
    ("/impressum/", "Impressum", "Kreis Recklinghausen"),
    ("/datenschutz/", "Datenschutzerklärung", "Wie lange wir die Daten speichern"),
    ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit", "Barriere melden"),
    ("/runden/gibt-es-nicht/", "Seite nicht gefunden", "Zur Startseite"),
]


@pytest.fixture
def rounds(transactional_db):
    return seed_round_upsert(), demo_round_upsert()


@pytest.mark.parametrize(("path", "heading", "text"), PUBLIC_PAGES)
def test_public_page_shows_german_content_without_axe_violations(
    page, live_server, rounds, assert_accessible, path, heading, text
):
    response = page.goto(live_server.url + path)

    assert response.status == (404 if "gibt-es-nicht" in path else 200)
    assert page.locator("html").get_attribute("lang") == "de"
    assert heading in page.locator("h1").inner_text()
    assert text in page.locator("main").inner_text()
    assert_accessible(page, path)


FORM_PAGES = [
    "/bewerbung/demo/vorab-check/",
    "/bewerbung/demo/formular/",
    "/runden/demo/termine/{info_pk}/anmeldung/",
]


@pytest.mark.parametrize("path", [p for p, _, _ in PUBLIC_PAGES] + FORM_PAGES)
def test_public_page_requests_only_the_live_server(page, live_server, rounds, path):
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    info_pk = rounds[1].events.get(kind=EventKind.INFO).pk

    response = page.goto(live_server.url + path.format(info_pk=info_pk))

    assert response.status == (404 if "gibt-es-nicht" in path else 200)
    page.wait_for_load_state("networkidle")

    own_host = urlsplit(live_server.url).netloc
    assert hosts, "the page made no request at all"
    assert {host for host in hosts if host != own_host} == set()


def test_home_page_on_a_phone_shows_the_menu_button(page, live_server, rounds, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Navigation umschalten").click()
    page.get_by_role("link", name="Zeitplan", exact=True).click()

    assert page.locator("h1").inner_text() == "Zeitplan: " + rounds[1].title
    assert_accessible(page, "timeline after phone navigation")
