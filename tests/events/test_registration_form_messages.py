"""The registration form as GOV.UK teaches it: messages that name their field, an error
summary that links to each field, autocomplete on personal fields, legends for groups."""

import re

import pytest
from django import forms
from django.utils import translation

from events.forms import RegistrationForm
from tests.factories import open_event
from tests.helpers import field_errors, main_content
from tests.helpers import registration_form_url as form_url

from .helpers import form_data

pytestmark = pytest.mark.django_db

EMPTY_REGISTRATION_ERRORS = {
    "company": ["Bitte geben Sie den Namen Ihres Unternehmens an."],
    "municipality": ["Bitte wählen Sie die Kommune Ihres Unternehmens."],
    "first_name": ["Bitte geben Sie Ihren Vornamen an."],
    "last_name": ["Bitte geben Sie Ihren Nachnamen an."],
    "function": ["Bitte geben Sie Ihre Funktion im Unternehmen an."],
    "email": ["Bitte geben Sie Ihre E-Mail-Adresse an."],
    "persons": ["Bitte wählen Sie die Anzahl der Personen."],
    "consent": [
        "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und der "
        "Verarbeitung Ihrer Angaben zustimmen; sonst können wir Sie nicht anmelden."
    ],
}


def django_generic_messages():
    fields = [
        forms.Field(),
        forms.CharField(),
        forms.EmailField(),
        forms.ChoiceField(),
        forms.TypedChoiceField(),
        forms.BooleanField(),
    ]
    with translation.override("de"):
        messages = {str(message) for field in fields for message in field.error_messages.values()}
        validators = [v for field in fields for v in field.validators]
        return messages | {str(v.message) for v in validators if hasattr(v, "message")}


def summary_links(html):
    (summary,) = re.findall(r'<div class="error-summary".*?</div>', html, flags=re.DOTALL)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_registration_form_messages_empty_submission_names_every_field(client):
    event = open_event()

    response = client.post(form_url(event), {})

    errors = field_errors(response)
    assert errors == EMPTY_REGISTRATION_ERRORS
    messages = {message for field in errors.values() for message in field}
    assert "Dieses Feld ist zwingend erforderlich." in django_generic_messages()
    assert messages & django_generic_messages() == set()


def test_registration_form_messages_summary_links_each_field_in_page_order(client):
    event = open_event()

    response = client.post(form_url(event), {})

    html = main_content(response)
    assert summary_links(html) == [
        (f"#id_{field}", messages[0]) for field, messages in EMPTY_REGISTRATION_ERRORS.items()
    ]
    assert html.index('class="error-summary"') < html.index('name="company"')


def test_registration_form_messages_invalid_email_says_the_format(client):
    event = open_event()

    response = client.post(form_url(event), form_data(email="erika.example.org"))

    assert field_errors(response) == {
        "email": ["Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."]
    }


def test_registration_form_messages_every_required_field_has_its_own_message():
    form = RegistrationForm(event=open_event())
    generic = django_generic_messages()

    assert [
        name
        for name, field in form.fields.items()
        if field.required and str(field.error_messages["required"]) in generic
    ] == []


def test_registration_form_messages_personal_fields_have_autocomplete(client):
    event = open_event()

    html = main_content(client.get(form_url(event)))

    values = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag).group(1)
        value = re.search(r'\bautocomplete="([^"]*)"', tag)
        values[name] = value.group(1) if value else None
    assert values == {
        "csrfmiddlewaretoken": None,
        "website_url": "off",
        "company": "organization",
        "municipality": "address-level2",
        "first_name": "given-name",
        "last_name": "family-name",
        "function": "organization-title",
        "email": "email",
        "phone": "tel",
        "persons": None,
        "remark": None,
        "consent": None,
    }


def test_registration_form_messages_groups_have_legends_and_optional_fields_say_so(client):
    event = open_event()

    html = main_content(client.get(form_url(event)))

    assert re.findall(r"<legend>([^<]+)</legend>", html) == [
        "Ihr Unternehmen",
        "Ihre Angaben",
        "Teilnahme",
        "Einwilligung",
    ]
    assert "Alle Felder sind Pflichtfelder, außer denen mit dem Zusatz „(freiwillig)“." in html
    optional = [
        name for name, field in RegistrationForm(event=event).fields.items() if not field.required
    ]
    assert optional == ["website_url", "phone", "remark"]
    assert "Telefon (freiwillig)" in html
    assert "Anmerkung (freiwillig)" in html
