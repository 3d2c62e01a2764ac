"""The public forms of the application as GOV.UK teaches them: every message names its
field and says how to fix it, an error summary links to each field, personal fields
carry autocomplete, groups have legends and required fields are said in words."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from applications.forms import ApplicationForm, PreCheckForm
from applications.links import application_token
from tests.factories import ApplicationFactory, application_form_data, open_round
from tests.helpers import application_form_url, field_errors, main_content

pytestmark = pytest.mark.django_db

EMPTY_APPLICATION_ERRORS = {
    "company_name": ["Bitte geben Sie den Namen Ihres Unternehmens an."],
    "legal_form": ["Bitte geben Sie die Rechtsform Ihres Unternehmens an, z. B. GmbH."],
    "sector": ["Bitte geben Sie die Branche Ihres Unternehmens an."],
    "employees": ["Bitte geben Sie die Zahl der Beschäftigten an."],
    "street": ["Bitte geben Sie Straße und Hausnummer Ihres Unternehmens an."],
    "postcode": ["Bitte geben Sie die Postleitzahl Ihres Unternehmens an."],
    "municipality": ["Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."],
    "apprentices": ["Bitte geben Sie an, wie viele Auszubildende im Team mitmachen."],
    "training_occupations": [
        "Bitte geben Sie die Ausbildungsberufe der Auszubildenden im Team an."
    ],
    "contact_first_name": ["Bitte geben Sie Ihren Vornamen an."],
    "contact_last_name": ["Bitte geben Sie Ihren Nachnamen an."],
    "contact_function": ["Bitte geben Sie Ihre Funktion im Unternehmen an."],
    "contact_email": ["Bitte geben Sie Ihre E-Mail-Adresse an."],
    "contact_phone": ["Bitte geben Sie eine Telefonnummer für Rückfragen an."],
    "trainer_name": ["Bitte geben Sie den Namen der Ausbilderin oder des Ausbilders an."],
    "trainer_email": ["Bitte geben Sie die E-Mail-Adresse der Ausbilderin oder des Ausbilders an."],
    "management_support": [
        "Bitte bestätigen Sie, dass die Geschäftsführung das Projekt unterstützt."
    ],
    "team_time": [
        "Bitte bestätigen Sie, dass das Team etwa 1 bis 3 Stunden pro Woche für das Projekt erhält."
    ],
    "motivation": ["Bitte beschreiben Sie kurz, warum Sie teilnehmen möchten."],
    "heard_about": ["Bitte wählen Sie, wie Sie auf Digiscouts aufmerksam geworden sind."],
    "privacy_consent": [
        "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und mit der "
        "Verarbeitung Ihrer Angaben einverstanden sind."
    ],
}


def django_generic_messages():
    """Django's own texts in German, which name no field."""
    fields = [
        forms.Field(),
        forms.CharField(),
        forms.EmailField(),
        forms.URLField(),
        forms.ChoiceField(),
        forms.BooleanField(),
        forms.RegexField(regex="x"),
        forms.TypedChoiceField(),
    ]
    with translation.override("de"):
        messages = {str(message) for field in fields for message in field.error_messages.values()}
        validators = [v for field in fields for v in field.validators]
        return messages | {str(v.message) for v in validators if hasattr(v, "message")}


def summary_links(html):
    """[(href, text)] of the error summary's links, in their order."""
    (summary,) = re.findall(r'<div class="error-summary".*?</div>', html, flags=re.DOTALL)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_form_messages_generic_texts_are_the_ones_we_look_for():
    generic = django_generic_messages()

    assert "Dieses Feld ist zwingend erforderlich." in generic
    assert "Bitte gültige E-Mail-Adresse eingeben." in generic


def test_form_messages_empty_application_names_every_field(client):
    round_ = open_round()

    response = client.post(application_form_url(round_), {})

    errors = field_errors(response)
    assert errors == EMPTY_APPLICATION_ERRORS
    messages = {message for field in errors.values() for message in field}
    assert messages & django_generic_messages() == set()


def test_form_messages_empty_application_summary_links_each_field_in_page_order(client):
    round_ = open_round()

    response = client.post(application_form_url(round_), {})

    html = main_content(response)
    assert summary_links(html) == [
        (f"#id_{field}", messages[0]) for field, messages in EMPTY_APPLICATION_ERRORS.items()
    ]
    assert (
        '<div class="error-summary" id="fehler" role="alert" tabindex="-1" '
        'aria-labelledby="fehler-titel">'
    ) in html
    assert (
        '<h2 class="error-summary-title h4" id="fehler-titel">Bitte korrigieren Sie Folgendes</h2>'
        in html
    )
    # The summary is the form's first element, above every field.
    assert html.index('class="error-summary"') < html.index('name="company_name"')


def test_form_messages_invalid_application_answers_say_how_to_fix_them(client):
    round_ = open_round()
    data = application_form_data(
        contact_email="j.mueller",
        trainer_email="ausbilder@",
        website="www.beispiel .de",
        postcode="4565",
        heard_about="zeitung",
        municipality="Bochum",
    )

    response = client.post(application_form_url(round_), data)

    assert field_errors(response) == {
        "website": ["Bitte geben Sie die Website als Internetadresse an, z. B. www.beispiel.de."],
        "postcode": ["Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657."],
        "municipality": ["Bitte wählen Sie eine Kommune aus der Liste."],
        "contact_email": ["Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."],
        "trainer_email": [
            "Bitte geben Sie die E-Mail-Adresse der Ausbilderin oder des Ausbilders im Format "
            "name@beispiel.de an."
        ],
        "heard_about": [
            "Bitte wählen Sie aus der Liste, wie Sie auf Digiscouts aufmerksam geworden sind."
        ],
    }


def test_form_messages_non_field_errors_come_first_without_a_link(client):
    round_ = open_round()
    data = application_form_data(website_url="http://spam.example", company_name="")

    response = client.post(application_form_url(round_), data)

    (summary,) = re.findall(
        r'<ul class="error-summary-list">(.*?)</ul>', response.content.decode(), flags=re.DOTALL
    )
    items = re.findall(r"<li>(.*?)</li>", summary)
    assert items == [
        "Ihre Angaben konnten nicht verarbeitet werden. Bitte versuchen Sie es erneut.",
        '<a href="#id_company_name">Bitte geben Sie den Namen Ihres Unternehmens an.</a>',
    ]


def test_form_messages_valid_application_form_has_no_summary(client):
    round_ = open_round()

    response = client.get(application_form_url(round_))

    assert "error-summary" not in response.content.decode()


def test_form_messages_every_required_field_of_the_application_has_its_own_message():
    form = ApplicationForm(round_=open_round())
    generic = django_generic_messages()

    missing = [
        name
        for name, field in form.fields.items()
        if field.required and str(field.error_messages["required"]) in generic
    ]

    assert missing == []


APPLICATION_AUTOCOMPLETE = {
    "company_name": "organization",
    "legal_form": None,
    "street": "street-address",
    "postcode": "postal-code",
    "municipality": "address-level2",
    "website": "url",
    "sector": None,
    "employees": "off",
    "apprentices": "off",
    "training_occupations": None,
    "contact_first_name": "given-name",
    "contact_last_name": "family-name",
    "contact_function": "organization-title",
    "contact_email": "email",
    "contact_phone": "tel",
    "trainer_name": "off",
    "trainer_email": "off",
    "motivation": None,
    "first_ideas": None,
    "heard_about": None,
    "website_url": "off",
}


def autocomplete_values(html):
    """{field name: its autocomplete attribute or None} of the inputs, selects, textareas."""
    values = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag).group(1)
        value = re.search(r'\bautocomplete="([^"]*)"', tag)
        values[name] = value.group(1) if value else None
    return values


def test_form_messages_application_personal_fields_have_autocomplete(client):
    round_ = open_round()

    response = client.get(application_form_url(round_))

    values = autocomplete_values(main_content(response))
    values.pop("csrfmiddlewaretoken")
    checkboxes = {"management_support", "team_time", "privacy_consent"}
    assert {name: value for name, value in values.items() if name not in checkboxes} == (
        APPLICATION_AUTOCOMPLETE
    )


def test_form_messages_application_groups_have_legends_and_optional_fields_say_so(client):
    round_ = open_round()

    html = main_content(client.get(application_form_url(round_)))

    assert re.findall(r"<legend>([^<]+)</legend>", html) == [
        "Ihr Unternehmen",
        "Anschrift des Unternehmens",
        "Team der Auszubildenden",
        "Ansprechperson für die Bewerbung",
        "Ausbilderin oder Ausbilder",
        "Rückhalt der Geschäftsführung und Zeit",
        "Motivation und erste Ideen",
        "Einwilligung",
        "Bitte nicht ausfüllen",
    ]
    assert ("Alle Felder sind Pflichtfelder, außer denen mit dem Zusatz „(freiwillig)“.") in html
    optional = [
        name for name, field in ApplicationForm(round_=round_).fields.items() if not field.required
    ]
    assert optional == ["website", "first_ideas", "website_url"]
    assert "Website (freiwillig)" in html
    assert "Erste Ideen für die Digitalisierung (freiwillig)" in html


# --- pre-check --------------------------------------------------------------------------


def precheck_url(round_):
    return reverse("applications:precheck", kwargs={"slug": round_.slug})


def test_form_messages_empty_precheck_names_every_field_and_shows_the_summary(client):
    round_ = open_round()

    response = client.get(
        precheck_url(round_), {"employees": "", "municipality": "", "apprentices": ""}
    )

    assert field_errors(response) == {
        "employees": ["Bitte geben Sie die Zahl der Beschäftigten an."],
        "municipality": ["Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."],
        "apprentices": ["Bitte geben Sie an, wie viele Auszubildende im Team mitmachen."],
    }
    assert summary_links(main_content(response)) == [
        ("#id_employees", "Bitte geben Sie die Zahl der Beschäftigten an."),
        (
            "#id_municipality",
            "Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat.",
        ),
        ("#id_apprentices", "Bitte geben Sie an, wie viele Auszubildende im Team mitmachen."),
    ]


def test_form_messages_precheck_reasons_are_not_repeated_in_the_summary(client):
    round_ = open_round()

    only_reasons = client.get(
        precheck_url(round_), {"employees": "500", "municipality": "Marl", "apprentices": "2"}
    )
    mixed = client.get(
        precheck_url(round_), {"employees": "500", "municipality": "Marl", "apprentices": ""}
    )

    assert "error-summary" not in only_reasons.content.decode()
    assert summary_links(main_content(mixed)) == [
        ("#id_apprentices", "Bitte geben Sie an, wie viele Auszubildende im Team mitmachen.")
    ]


def test_form_messages_precheck_fields_have_autocomplete_and_the_optional_postcode(client):
    round_ = open_round()

    html = main_content(client.get(precheck_url(round_)))

    values = autocomplete_values(html)
    values.pop("csrfmiddlewaretoken", None)  # a form of the page's layout, if any
    assert values == {
        "employees": "off",
        "municipality": "address-level2",
        "postcode": "postal-code",
        "apprentices": "off",
    }
    assert "Postleitzahl Ihres Unternehmens (freiwillig)" in html
    assert [name for name, field in PreCheckForm(round_=round_).fields.items()] == [
        "employees",
        "municipality",
        "postcode",
        "apprentices",
    ]


# --- withdrawal ---------------------------------------------------------------------------


def test_form_messages_withdrawal_without_confirmation_names_it_in_the_summary(client):
    application = ApplicationFactory()
    url = reverse("applications:withdraw", kwargs={"token": application_token(application)})

    response = client.post(url, {})

    message = "Bitte bestätigen Sie, dass Sie die Bewerbung zurückziehen möchten."
    assert field_errors(response) == {"confirm": [message]}
    assert summary_links(main_content(response)) == [("#id_confirm", message)]
