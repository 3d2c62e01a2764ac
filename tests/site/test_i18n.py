"""Ready for a second language: lang from the active language, named date formats,
the compiled German catalogue, the e-mail base templates and the one contact line."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from digiscouts.emails import render_mail
from digiscouts.views import server_error
from events.models import Event, Registration, Round
from tests.factories import berlin

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"
TWO_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
MAILS = [
    f"{kind}_{name}"
    for kind, names in [
        ("registration", ["confirmed", "waitlisted", "promoted", "cancelled", "link"]),
        ("application", ["received", "withdrawn", "link", "decision"]),
    ]
    for name in names
]


def _round():
    return Round(
        title="Digiscouts 2021",
        contact_name="Dr. Julia aus der Wiesche",
        contact_unit="Fachdienst Wirtschaft, Kreis Recklinghausen",
        contact_phone="02361 / 53-2129",
        contact_email="j.ausderwiesche@kreis-re.de",
    )


def _registration_context():
    event = Event(
        round=_round(),
        title="Infoveranstaltung Digiscouts",
        starts_at=berlin(2021, 4, 15, 10, 0),
        duration_minutes=60,
        location="Online",
    )
    registration = Registration(
        event=event, company="Muster GmbH", first_name="Erika", last_name="Mustermann", persons=1
    )
    return {
        "registration": registration,
        "event": event,
        "round": event.round,
        "manage_url": "https://digiscouts.example.de/anmeldung/TOKEN/",
        "waitlist_position": None,
    }


def _confirmation(language="de"):
    return render_mail(
        "registration_confirmed", _registration_context(), to=["e@example.org"], language=language
    )


@pytest.mark.django_db
def test_base_html_lang_is_the_language_the_request_negotiated(client, settings):
    settings.LANGUAGES = TWO_LANGUAGES

    german = client.get("/impressum/").content.decode()
    english = client.get("/impressum/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="de">' in german
    assert '<html lang="en">' in english


def test_server_error_page_lang_is_the_active_language(rf):
    with translation.override("en"):
        html = server_error(rf.get("/")).content.decode()

    assert '<html lang="en">' in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_email_html_lang_is_the_recipients_language(language):
    message = _confirmation(language)

    assert f'<html lang="{language}">' in message.alternatives[0][0]


@pytest.mark.parametrize("suffix", ["txt", "html"])
@pytest.mark.parametrize("name", MAILS)
def test_email_body_template_extends_the_base(name, suffix):
    source = (TEMPLATES / "emails" / f"{name}.{suffix}").read_text()

    assert source.startswith(f'{{% extends "emails/base.{suffix}" %}}')


@pytest.mark.parametrize("name", MAILS)
def test_email_subject_template_is_one_line(name):
    source = (TEMPLATES / "emails" / f"{name}_subject.txt").read_text()

    assert source.rstrip("\n").count("\n") == 0


def test_email_text_has_greeting_content_details_and_closing():
    message = _confirmation()

    assert message.body.split("\n\n") == [
        "Guten Tag Erika Mustermann,",
        "vielen Dank für Ihre Anmeldung. Ihr Platz bei „Infoveranstaltung Digiscouts“ ist "
        "bestätigt. Den Termin für Ihren Kalender finden Sie im Anhang.",
        "Veranstaltung: Infoveranstaltung Digiscouts\n"
        "Datum: Donnerstag, 15. April 2021\n"
        "Uhrzeit: 10:00 Uhr (eine Stunde)\n"
        "Ort: Online\n"
        "Unternehmen: Muster GmbH\n"
        "Personen: 1",
        "Ihr persönlicher Link (Anmeldung ansehen oder stornieren):\n"
        "https://digiscouts.example.de/anmeldung/TOKEN/",
        "Bei Fragen: Dr. Julia aus der Wiesche, Fachdienst Wirtschaft, Kreis Recklinghausen, "
        "Telefon 02361 / 53-2129, E-Mail j.ausderwiesche@kreis-re.de",
        "Mit freundlichen Grüßen\nDr. Julia aus der Wiesche\n"
        "Fachdienst Wirtschaft, Kreis Recklinghausen\n",
    ]


def test_email_html_closing_has_contact_line_and_signature():
    message = _confirmation()

    assert (
        "<p>Bei Fragen: Dr. Julia aus der Wiesche, Fachdienst Wirtschaft, Kreis Recklinghausen, "
        'Telefon <a href="tel:0236153-2129">02361 / 53-2129</a>, '
        'E-Mail <a href="mailto:j.ausderwiesche@kreis-re.de">j.ausderwiesche@kreis-re.de</a></p>\n'
        "<p>Mit freundlichen Grüßen<br>Dr. Julia aus der Wiesche<br>"
        "Fachdienst Wirtschaft, Kreis Recklinghausen</p>\n</body>"
    ) in message.alternatives[0][0]


def test_contact_line_escapes_what_staff_typed():
    round_ = _round()
    round_.contact_name = "Müller & <Söhne>"

    html = render_to_string("includes/contact_line.html", {"round": round_})

    assert html.startswith("Müller &amp; &lt;Söhne&gt;, Fachdienst Wirtschaft")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ value|date:"DATE_FORMAT" }}', "15. April 2021"),
        ('{{ value|date:"DATETIME_FORMAT" }}', "15. April 2021, 10:00"),
        ('{{ value|date:"TIME_FORMAT" }}', "10:00"),
        ('{{ value|date:"SHORT_DATE_FORMAT" }}', "15.04.2021"),
        ('{{ value|date:"SHORT_DATETIME_FORMAT" }}', "15.04.2021 10:00"),
        ("{% load dates %}{{ value|weekday_date }}", "Donnerstag, 15. April 2021"),
        ("{% load dates %}{{ value|weekday_datetime }}", "Donnerstag, 15. April 2021, 10:00"),
    ],
)
def test_named_date_format_renders_the_german_format_module(template, expected):
    with translation.override("de"):
        rendered = Template(template).render(Context({"value": berlin(2021, 4, 15, 10, 0)}))

    assert rendered == expected


def test_own_templates_use_no_literal_date_format():
    own = [
        path
        for path in TEMPLATES.rglob("*.*")
        if path.relative_to(TEMPLATES).parts[0] not in {"applications", "admin"}
        and path.name not in {"registration_form.html", "registration_manage.html"}
    ]

    literal = [
        str(path.relative_to(TEMPLATES))
        for path in own
        if re.search(r'\|date:"(?![A-Z_]+")', path.read_text())
    ]

    assert literal == []


def test_own_templates_have_no_empty_form_action():
    own = [
        path
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] not in {"applications", "admin"}
    ]

    empty = [str(path.relative_to(TEMPLATES)) for path in own if 'action=""' in path.read_text()]

    assert empty == []


def test_german_catalogue_is_compiled_and_loadable():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)

    assert catalogue.info()["language"] == "de"
    assert catalogue.info()["content-type"] == "text/plain; charset=UTF-8"
    assert 'msgid "Mit freundlichen Grüßen"' in (CATALOGUE / "django.po").read_text()
