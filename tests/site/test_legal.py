"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit."""

import pytest

from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

CONTACT_LINE = (
    "Dr. Julia aus der Wiesche, Fachdienst Wirtschaft, Kreis Recklinghausen, "
    'Telefon <a href="tel:0236153-2129">02361 / 53-2129</a>, '
    'E-Mail <a href="mailto:j.ausderwiesche@kreis-re.de">j.ausderwiesche@kreis-re.de</a>'
)


def _text(response):
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "<h1>Impressum</h1>"),
        ("/datenschutz/", "<h1>Datenschutzerklärung</h1>"),
        ("/barrierefreiheit/", "<h1>Erklärung zur Barrierefreiheit</h1>"),
    ],
)
def test_legal_page_has_heading_and_marked_placeholder(client, path, heading):
    text = _text(client.get(path))

    assert heading in text
    assert '<p class="placeholder-legal"><strong>Platzhalter:</strong>' in text


@pytest.mark.parametrize(
    ("path", "paragraph"),
    [
        (
            "/impressum/",
            f"<h2>Verantwortlich für dieses Portal</h2> <p>{CONTACT_LINE}</p>",
        ),
        (
            "/datenschutz/",
            "45657 Recklinghausen. <br>Ansprechperson: " + CONTACT_LINE + "</p>",
        ),
        (
            "/barrierefreiheit/",
            f"Ist Ihnen eine Barriere aufgefallen? Schreiben Sie uns: {CONTACT_LINE}</p>",
        ),
    ],
)
def test_legal_page_with_round_names_the_contact_line(client, path, paragraph):
    RoundFactory()

    assert paragraph in _text(client.get(path))


def test_impressum_without_round_names_the_unit(client):
    text = _text(client.get("/impressum/"))

    assert (
        "<h2>Verantwortlich für dieses Portal</h2> "
        "<p>Fachdienst Wirtschaft, Kreis Recklinghausen</p>"
    ) in text


def test_datenschutz_states_how_long_staff_login_records_are_kept(client):
    text = _text(client.get("/datenschutz/"))

    assert (
        "<h2>Anmeldeprotokolle der Mitarbeitenden</h2> <p>Wenn sich Mitarbeitende des Kreises "
        "in der Verwaltung des Portals anmelden, speichern wir zum Schutz vor Angriffen auf "
        "ihre Zugänge den Benutzernamen, die IP-Adresse, den Browser und den Zeitpunkt jeder "
        "Anmeldung, auch einer fehlgeschlagenen. Diese Einträge löschen wir nach 90 Tagen.</p>"
    ) in text
