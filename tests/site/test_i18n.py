"""Two languages: German unprefixed, English under /en/; lang and hreflang, the header's
language switch, named date formats in both languages, the compiled catalogues, the
e-mail base templates and the one contact line."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from digiscouts.emails import render_mail
from digiscouts.views import server_error
from events.models import Event, Registration, Round
from tests.events.helpers import form_data as registration_form_data
from tests.factories import RoundFactory, application_form_data, berlin, open_event, open_round

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


def test_languages_are_german_and_english_with_german_the_default():
    assert (settings.LANGUAGE_CODE, settings.LANGUAGES) == ("de", TWO_LANGUAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en", "en-GB,en;q=0.9", "de-DE,de;q=0.9"])
def test_unprefixed_address_is_german_whatever_the_browser_asks_for(client, accept):
    round_ = RoundFactory()

    response = client.get(f"/runden/{round_.slug}/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
    assert f"<h1>Zeitplan: {round_.title}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["de", "en"])
def test_address_under_en_is_english_whatever_the_browser_asks_for(client, accept):
    round_ = RoundFactory()

    response = client.get(f"/en/runden/{round_.slug}/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert f'<h1>Schedule: <span lang="de">{round_.title}</span></h1>' in response.content.decode()


def test_public_addresses_keep_their_german_form_and_gain_an_english_one():
    with translation.override("de"):
        german = [reverse("home"), reverse("impressum"), reverse("events:timeline", args=["x"])]
    with translation.override("en"):
        english = [reverse("home"), reverse("impressum"), reverse("events:timeline", args=["x"])]

    assert german == ["/", "/impressum/", "/runden/x/"]
    assert english == ["/en/", "/en/impressum/", "/en/runden/x/"]


@pytest.mark.django_db
def test_health_check_and_admin_stay_outside_the_language_prefix(client):
    with translation.override("en"):
        admin_url = reverse("admin:index")

    assert admin_url == f"/{settings.ADMIN_PATH}"
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/healthz").status_code == 404
    assert client.get(f"/en/{settings.ADMIN_PATH}").status_code == 404
    assert client.get(f"/{settings.ADMIN_PATH}")["Location"].startswith(
        f"/{settings.ADMIN_PATH}login/"
    )


def _alternates(html):
    return re.findall(r'<link rel="alternate" hreflang="[^"]+" href="[^"]+">', html)


def _switch(html):
    (switch,) = re.findall(r'<ul class="language-switch".*?</ul>', html, flags=re.DOTALL)
    return " ".join(switch.split())


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_links_itself_in_both_languages_with_hreflang(client, prefix):
    round_ = RoundFactory(slug="digiscouts-2021")

    html = client.get(f"{prefix}/runden/digiscouts-2021/").content.decode()

    assert _alternates(html) == [
        '<link rel="alternate" hreflang="de" href="http://testserver/runden/digiscouts-2021/">',
        '<link rel="alternate" hreflang="en" href="http://testserver/en/runden/digiscouts-2021/">',
        '<link rel="alternate" hreflang="x-default" '
        'href="http://testserver/runden/digiscouts-2021/">',
    ]
    assert round_.slug == "digiscouts-2021"


@pytest.mark.django_db
def test_language_switch_of_a_german_page_leads_to_the_same_page_in_english(client):
    RoundFactory(slug="digiscouts-2021")

    html = client.get("/runden/digiscouts-2021/").content.decode()

    assert _switch(html) == (
        '<ul class="language-switch" aria-label="Sprache"> '
        '<li><a href="/en/runden/digiscouts-2021/" lang="en" hreflang="en">English</a></li> </ul>'
    )


@pytest.mark.django_db
def test_language_switch_of_an_english_page_leads_to_the_same_page_in_german(client):
    RoundFactory(slug="digiscouts-2021")

    html = client.get("/en/runden/digiscouts-2021/").content.decode()

    assert _switch(html) == (
        '<ul class="language-switch" aria-label="Language"> '
        '<li><a href="/runden/digiscouts-2021/" lang="de" hreflang="de">Deutsch</a></li> </ul>'
    )


@pytest.mark.django_db
def test_language_switch_keeps_the_answers_of_the_precheck(client):
    round_ = open_round(slug="demo")

    html = client.get(
        "/bewerbung/demo/vorab-check/", {"employees": "45", "municipality": "Marl"}
    ).content.decode()

    assert 'href="/en/bewerbung/demo/vorab-check/?employees=45&amp;municipality=Marl"' in html
    assert _alternates(html)[1] == (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/bewerbung/demo/vorab-check/">'
    )
    assert round_.slug == "demo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "title", "switch"),
    [
        (
            "/gibt-es-nicht/",
            "de",
            "Seite nicht gefunden",
            '<a href="/en/" lang="en" hreflang="en">',
        ),
        ("/en/gibt-es-nicht/", "en", "Page not found", '<a href="/" lang="de" hreflang="de">'),
    ],
)
def test_not_found_page_is_in_the_language_of_its_address_without_alternates(
    client, path, lang, title, switch
):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert switch in html
    assert _alternates(html) == []


@pytest.mark.django_db
def test_csrf_page_of_the_admin_login_has_no_alternates_and_switches_to_the_home_page():
    client = Client(enforce_csrf_checks=True)

    html = client.post(f"/{settings.ADMIN_PATH}login/", {"username": "x"}).content.decode()

    assert '<html lang="de">' in html
    assert _alternates(html) == []
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html


@pytest.mark.django_db
def test_registration_post_under_en_redirects_within_en(client, django_capture_on_commit_callbacks):
    event = open_event()
    with translation.override("en"):
        form = reverse("events:registration_form", args=[event.round.slug, event.pk])
        done = reverse("events:registration_done", args=[event.round.slug, event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form, registration_form_data(), follow=True)

    assert form.startswith("/en/runden/")
    assert response.redirect_chain == [(done, 302)]
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_application_post_under_en_redirects_within_en(client, django_capture_on_commit_callbacks):
    round_ = open_round()
    with translation.override("en"):
        form = reverse("applications:apply", args=[round_.slug])
        submitted = reverse("applications:submitted", args=[round_.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form, application_form_data(), follow=True)

    assert form.startswith("/en/bewerbung/")
    assert response.redirect_chain == [(submitted, 302)]
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_invalid_post_under_en_shows_the_form_again_in_english(client):
    round_ = open_round()

    response = client.post(f"/en/bewerbung/{round_.slug}/formular/", {})

    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert '<html lang="en">' in response.content.decode()
    assert f'<a href="/bewerbung/{round_.slug}/formular/" lang="de"' in response.content.decode()


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


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ value|date:"DATE_FORMAT" }}', "15 April 2021"),
        ('{{ value|date:"DATETIME_FORMAT" }}', "15 April 2021, 10:00"),
        ('{{ value|date:"TIME_FORMAT" }}', "10:00"),
        ('{{ value|date:"SHORT_DATE_FORMAT" }}', "15 Apr 2021"),
        ('{{ value|date:"SHORT_DATETIME_FORMAT" }}', "15 Apr 2021, 10:00"),
        ("{% load dates %}{{ value|weekday_date }}", "Thursday, 15 April 2021"),
        ("{% load dates %}{{ value|weekday_datetime }}", "Thursday, 15 April 2021, 10:00"),
    ],
)
def test_named_date_format_renders_the_english_format_module(template, expected):
    with translation.override("en"):
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
