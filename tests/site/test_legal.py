"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: the texts staff keep
in the admin (digiscouts.legal_text), their markup, the placeholders filled in from the
settings, the date of the last change and the shipped defaults."""

from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import translation

from digiscouts.legal_text import (
    legal_text_save,
    placeholder_values,
    render_legal_text,
    unknown_placeholders,
)
from digiscouts.models import LegalText, LegalTextKind
from tests.factories import RoundFactory, open_round
from tests.helpers import main_content

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
CONTACT_LINE = (
    "Dr. Julia aus der Wiesche, Fachdienst Wirtschaft, Kreis Recklinghausen, "
    'Telefon <a href="tel:0236153-2129">02361 / 53-2129</a>, '
    'E-Mail <a href="mailto:j.ausderwiesche@kreis-re.de">j.ausderwiesche@kreis-re.de</a>'
)
VALUES = {"aufbewahrung_tage": "180", "ansprechperson": "<b>sicher</b>"}


def _text(response):
    return " ".join(main_content(response).split())


def _store(kind, body, *, body_en="", now=None):
    text = LegalText.objects.get(kind=kind)
    text.body, text.body_en = body, body_en
    return legal_text_save(text, by=None, now=now)


# -- the pages with the shipped defaults -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "heading", "placeholder"),
    [
        (
            "/impressum/",
            "<h1>Impressum</h1>",
            "Der Kreis Recklinghausen muss hier den verbindlichen Text seines Impressums "
            "einsetzen (Angaben nach § 5 DDG und § 18 MStV).",
        ),
        (
            "/datenschutz/",
            "<h1>Datenschutzerklärung</h1>",
            "Der Kreis Recklinghausen prüft und ergänzt diesen Text; die oder der behördliche "
            "Datenschutzbeauftragte ist einzutragen.",
        ),
        (
            "/barrierefreiheit/",
            "<h1>Erklärung zur Barrierefreiheit</h1>",
            "Der Kreis Recklinghausen ergänzt das Datum der Erstellung und der letzten "
            "Überprüfung sowie den Stand der Prüfung.",
        ),
    ],
)
def test_legal_page_has_heading_and_marked_placeholder(client, path, heading, placeholder):
    text = _text(client.get(path))

    assert f'{heading} <div class="legal-text"> <p class="placeholder-legal">' in text
    assert f'<p class="placeholder-legal"><strong>Platzhalter:</strong> {placeholder}</p>' in text


@pytest.mark.parametrize(
    ("path", "paragraph"),
    [
        (
            "/impressum/",
            f"<h2>Verantwortlich für dieses Portal</h2> <p>{CONTACT_LINE}</p>",
        ),
        (
            "/datenschutz/",
            "45657 Recklinghausen.<br>Ansprechperson: " + CONTACT_LINE + "</p>",
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


@pytest.mark.parametrize("days", [180, 30])
def test_datenschutz_states_the_keeping_period_of_the_settings(client, settings, days):
    settings.PERSONAL_DATA_RETENTION_DAYS = days

    text = _text(client.get("/datenschutz/"))

    assert (
        "<h2>Wie lange wir die Daten speichern</h2> <p>Nur so lange, wie die Programmrunde es "
        f"erfordert: {days} Tage nach dem Projektende der Runde löschen wir die "
        "personenbezogenen Daten der Anmeldungen und Bewerbungen automatisch"
    ) in text


@pytest.mark.parametrize(("days", "deletion"), [(180, "23. Mai 2022"), (30, "24. Dezember 2021")])
def test_datenschutz_with_round_states_the_day_its_data_is_deleted(
    client, settings, days, deletion
):
    settings.PERSONAL_DATA_RETENTION_DAYS = days
    RoundFactory(title="Digiscouts 2021")

    text = _text(client.get("/datenschutz/"))

    assert (
        "die E-Mails, die das Portal Ihnen geschickt hat. Für die Runde „Digiscouts 2021“ "
        f"(Projektende 24. November 2021) geschieht das am {deletion}. Ihr persönlicher Link "
        "funktioniert danach nicht mehr.</p>"
    ) in text


def test_datenschutz_with_anonymised_round_says_its_data_is_deleted(client):
    RoundFactory(
        title="Digiscouts 2021",
        personal_data_deleted_at=datetime(2022, 5, 24, 3, 0, tzinfo=BERLIN),
    )

    text = _text(client.get("/datenschutz/"))

    assert (
        "geschickt hat. Die personenbezogenen Daten der Runde „Digiscouts 2021“ sind bereits "
        "gelöscht. Ihr persönlicher Link funktioniert danach nicht mehr.</p>"
    ) in text


def test_shipped_defaults_keep_placeholders_and_use_the_settings_for_periods():
    texts = {text.kind: text for text in LegalText.objects.all()}

    assert list(texts) == ["impressum", "datenschutz", "barrierefreiheit"]
    assert [text.body.count("[Platzhalter:") for text in texts.values()] == [2, 2, 2]
    assert [text.body_en.count("[Placeholder:") for text in texts.values()] == [2, 2, 2]
    assert [text.updated_by for text in texts.values()] == [None, None, None]
    datenschutz = texts["datenschutz"]
    for body in (datenschutz.body, datenschutz.body_en):
        assert "{aufbewahrung_tage}" in body
        assert "{anmeldeprotokolle_tage}" in body
        assert "{loeschung_runde}" in body
        assert "180" not in body
        assert "90" not in body


def _shipped(kind, language):
    return (
        (Path(settings.BASE_DIR) / f"templates/legal/defaults/{kind}.{language}.txt")
        .read_text(encoding="utf-8")
        .strip()
    )


PARTICIPATION_ITEM_DE = (
    "- Teilnahme der ausgewählten Unternehmen: die Größe des Teams und, freiwillig, die "
    "Vornamen der Auszubildenden, die Ausbilderin oder der Ausbilder, Name und E-Mail-Adresse "
    "der Coachin oder des Coaches des RKW Kompetenzzentrums, die erreichten Meilensteine mit "
    "Notizen und die Idee Ihres Teams – um das Projekt zu begleiten und die "
    "Teilnahmebescheinigung (mit den Vornamen des Teams) auszustellen. Die Idee – Titel, "
    "Kurzbeschreibung und Werkzeuge mit dem Namen und der Kommune Ihres Unternehmens, ohne "
    "Namen von Personen – veröffentlichen wir nach der Abschlussveranstaltung auf diesem "
    "Portal nur, wenn Sie eingewilligt haben; diese Einwilligung können Sie jederzeit über "
    "Ihren persönlichen Link widerrufen. Die Daten der Teilnahme löschen wir mit den übrigen "
    "personenbezogenen Daten der Runde.\n"
)


def test_stored_datenschutz_default_names_the_participation_data():
    text = LegalText.objects.get(kind="datenschutz")

    assert (text.body, text.body_en) == (
        _shipped("datenschutz", "de"),
        _shipped("datenschutz", "en"),
    )
    assert text.body.count(PARTICIPATION_ITEM_DE) == 1
    assert text.body_en.count("you can withdraw this consent at any time through your") == 1


def test_privacy_text_migration_leaves_a_text_staff_changed():
    frozen = import_module("digiscouts.migrations.0003_legal_text_defaults")
    update = import_module("digiscouts.migrations.0004_privacy_text_participation")
    LegalText.objects.filter(kind="datenschutz").update(
        body=frozen.DATENSCHUTZ_DE.strip(), body_en="Our own text."
    )

    update.forwards(django_apps, None)

    text = LegalText.objects.get(kind="datenschutz")
    assert (text.body, text.body_en) == (_shipped("datenschutz", "de"), "Our own text.")
    update.backwards(django_apps, None)
    text.refresh_from_db()
    assert (text.body, text.body_en) == (frozen.DATENSCHUTZ_DE.strip(), "Our own text.")


# -- the text staff changed, its date, other languages -----------------------------------


@pytest.mark.parametrize("kind", LegalTextKind.values)
def test_legal_page_shows_the_stored_text_and_the_date_of_its_last_change(client, kind):
    _store(
        kind,
        "## Neu\n\nGeändert am Schreibtisch.",
        now=datetime(2027, 3, 3, 23, 30, tzinfo=UTC),
    )

    text = _text(client.get(f"/{kind}/"))

    # 23:30 UTC is already the 4th in Recklinghausen.
    assert text.endswith(
        '<div class="legal-text"> <h2>Neu</h2> <p>Geändert am Schreibtisch.</p> </div> '
        '<p class="legal-text-date">Stand: 4. März 2027</p> </main>'
    )


def test_legal_page_without_its_row_shows_the_shipped_default_without_a_date(client):
    # A transactional test flushes the rows that migration 0003 created.
    LegalText.objects.all().delete()

    text = _text(client.get("/barrierefreiheit/"))

    assert (
        '<p class="placeholder-legal"><strong>Platzhalter:</strong> Kontaktdaten der '
        "Ombudsstelle ergänzt der Kreis Recklinghausen.</p> </div> </main>"
    ) in text
    assert "Stand:" not in text


def test_legal_page_in_english_shows_the_english_text(client):
    _store("impressum", "Auf Deutsch.", body_en="In English: {aufbewahrung_tage} days.")

    text = _text(client.get("/en/impressum/"))

    assert '<div class="legal-text"> <p>In English: 180 days.</p> </div>' in text


def test_legal_page_in_english_without_english_text_marks_the_german_one(client):
    RoundFactory(title="Digiscouts 2021")
    _store("datenschutz", "Gelöscht wird {loeschung_runde}", body_en=" \n")

    text = _text(client.get("/en/datenschutz/"))

    # The German text keeps German values, whatever the page's language.
    assert (
        '<div class="legal-text" lang="de"> <p>Gelöscht wird Für die Runde „Digiscouts 2021“ '
        "(Projektende 24. November 2021) geschieht das am 23. Mai 2022.</p> </div>"
    ) in text


@pytest.mark.parametrize(
    ("make_round", "queries"),
    [(open_round, 2), (RoundFactory, 3), (None, 3)],
    ids=["current round", "past round", "no round"],
)
@pytest.mark.parametrize("path", ["/impressum/", "/datenschutz/", "/barrierefreiheit/"])
def test_legal_page_query_count(client, django_assert_num_queries, path, make_round, queries):
    if make_round:
        make_round()

    # The current round, else the last past one (the navigation reuses it); the text.
    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.status_code == 200


# -- the markup --------------------------------------------------------------------------


def test_render_legal_text_paragraphs_line_breaks_headings_and_lists():
    html = render_legal_text(
        "# Eins\nErster Absatz\nzweite Zeile\n\n\n### Unterpunkt\n- a\n  weiter\n* b\nDanach",
        VALUES,
    )

    assert html == (
        "<h2>Eins</h2>\n<p>Erster Absatz<br>zweite Zeile</p>\n<h3>Unterpunkt</h3>\n"
        "<ul><li>a weiter</li><li>b</li></ul>\n<p>Danach</p>"
    )


def test_render_legal_text_escapes_what_staff_typed():
    html = render_legal_text(
        '<script>alert(1)</script> <a href="javascript:x()" style="color:red">x</a> & {}',
        VALUES,
    )

    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=&quot;javascript:x()&quot; "
        "style=&quot;color:red&quot;&gt;x&lt;/a&gt; &amp; {}</p>"
    )


def test_render_legal_text_links_addresses_without_trailing_punctuation():
    html = render_legal_text(
        "Siehe https://www.kreis-re.de/a?b=1&c=2. Oder (http://x.de/y) und "
        "j.ausderwiesche@kreis-re.de, javascript:alert(1)",
        VALUES,
    )

    assert html == (
        '<p>Siehe <a href="https://www.kreis-re.de/a?b=1&amp;c=2">'
        "https://www.kreis-re.de/a?b=1&amp;c=2</a>. Oder "
        '(<a href="http://x.de/y">http://x.de/y</a>) und '
        '<a href="mailto:j.ausderwiesche@kreis-re.de">j.ausderwiesche@kreis-re.de</a>, '
        "javascript:alert(1)</p>"
    )


def test_render_legal_text_marks_placeholders_as_paragraph_and_inline():
    html = render_legal_text(
        "[Platzhalter: Name der\nBehörde <b>]\n\nVertreten durch [Placeholder: Name], Ende",
        VALUES,
    )

    assert html == (
        '<p class="placeholder-legal"><strong>Platzhalter:</strong> Name der Behörde '
        "&lt;b&gt;</p>\n<p>Vertreten durch <mark><strong>Placeholder:</strong> Name</mark>, "
        "Ende</p>"
    )


def test_render_legal_text_fills_in_known_placeholders_and_keeps_unknown_ones():
    html = render_legal_text("{aufbewahrung_tage} Tage, {ansprechperson}, {tage}", VALUES)

    assert html == "<p>180 Tage, <b>sicher</b>, {tage}</p>"


def test_unknown_placeholders_lists_each_once_in_order():
    assert unknown_placeholders("{b} {aufbewahrung_tage} {a} {b} {Gross} { x }") == ["b", "a"]


def test_placeholder_values_without_round(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 45

    assert placeholder_values(None) == {
        "ansprechperson": "Fachdienst Wirtschaft, Kreis Recklinghausen",
        "aufbewahrung_tage": "45",
        "loeschung_runde": "",
        "anmeldeprotokolle_tage": "90",
    }


# -- the English text and the German one: each with its date -------------------------------


def _dated(kind, *, de, en, body="Deutscher Text.", body_en="English text."):
    """A text whose German and English versions were last changed at ``de`` and ``en``."""
    text = LegalText.objects.get(kind=kind)
    text.body, text.body_en = body, body_en
    legal_text_save(text, by=None, now=de, changed=["body"])
    return legal_text_save(text, by=None, now=en, changed=["body_en"])


def _currently_german_only():
    with translation.override("en"):
        return translation.gettext("Dieser Text liegt zurzeit nur auf Deutsch vor.")


def test_legal_page_in_english_shows_the_german_text_when_the_english_one_is_older(client):
    _dated(
        "impressum",
        de=datetime(2027, 3, 5, 9, 0, tzinfo=UTC),
        en=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
    )

    text = _text(client.get("/en/impressum/"))

    assert text.endswith(
        f"<h1>Legal notice</h1> <p>{_currently_german_only()}</p> "
        '<div class="legal-text" lang="de"> <p>Deutscher Text.</p> </div> '
        '<p class="legal-text-date">Last updated: 5 March 2027</p> </main>'
    )
    assert "English text." not in text


@pytest.mark.parametrize(
    ("en_day", "stand"),
    [(5, "5 March 2027"), (7, "7 March 2027")],
    ids=["same moment", "newer"],
)
def test_legal_page_in_english_shows_the_english_text_as_new_as_the_german_one(
    client, en_day, stand
):
    _dated(
        "impressum",
        de=datetime(2027, 3, 5, 9, 0, tzinfo=UTC),
        en=datetime(2027, 3, en_day, 9, 0, tzinfo=UTC),
    )

    text = _text(client.get("/en/impressum/"))

    assert text.endswith(
        '<h1>Legal notice</h1> <div class="legal-text"> <p>English text.</p> </div> '
        f'<p class="legal-text-date">Last updated: {stand}</p> </main>'
    )


def test_legal_page_in_german_shows_the_date_of_the_german_text(client):
    _dated(
        "impressum",
        de=datetime(2027, 3, 5, 9, 0, tzinfo=UTC),
        en=datetime(2027, 3, 9, 9, 0, tzinfo=UTC),
    )

    text = _text(client.get("/impressum/"))

    assert text.endswith(
        '<div class="legal-text"> <p>Deutscher Text.</p> </div> '
        '<p class="legal-text-date">Stand: 5. März 2027</p> </main>'
    )


def test_legal_text_save_dates_only_the_changed_version():
    text = LegalText.objects.get(kind="datenschutz")
    en_before = text.updated_at_en
    moment = datetime(2027, 3, 5, 9, 0, tzinfo=UTC)

    legal_text_save(text, by=None, now=moment, changed=["body"])

    text.refresh_from_db()
    assert (text.updated_at, text.updated_at_en) == (moment, en_before)
    assert en_before is not None  # migration 0005 dated the shipped English text
