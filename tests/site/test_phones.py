"""Phone numbers: one stored format, German errors next to the field, stored rows migrated."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from applications.models import Application
from digiscouts.phones import PhoneField, normalise_phone, normalised_or_unchanged
from events.models import Registration
from tests.factories import (
    ApplicationFactory,
    RegistrationFactory,
    application_form_data,
    open_event,
    open_round,
)
from tests.helpers import application_form_url, field_errors, registration_form_url

from ..events.helpers import form_data as registration_form_data

INVALID = "Bitte geben Sie eine gültige Telefonnummer an, z. B. 02361 532129."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("02361 53-2129", "02361 532129"),
        ("02361 / 53-2129", "02361 532129"),
        ("+49 2361 532129", "02361 532129"),
        ("+49 (0) 2361 532129", "02361 532129"),
        ("0049 2361 532129", "02361 532129"),
        ("0236198765", "02361 98765"),
        ("  02361 98765 ", "02361 98765"),
        # Mobiles: the network prefix apart from the number.
        ("0171 1234567", "0171 1234567"),
        ("+49171/1234567", "0171 1234567"),
        ("030 12345678", "030 12345678"),
        ("0800 1234567", "0800 1234567"),
        # Foreign numbers as dialled from a German phone.
        ("+31 20 123 4567", "00 31 20 123 4567"),
        ("0031 20 1234567", "00 31 20 123 4567"),
    ],
)
def test_normalise_phone_stores_the_national_format_with_spaces(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "0049", "02361", "0800 FLOWERS", "02361 532129 Zentrale", "Telefon", "+", "0"],
)
def test_normalise_phone_invalid_number_is_a_german_error(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)

    assert (error.value.messages, error.value.code) == ([INVALID], "invalid_phone")


def test_normalised_or_unchanged_keeps_what_is_no_number():
    assert [normalised_or_unchanged(value) for value in ["0236198765", "bitte per E-Mail", ""]] == [
        "02361 98765",
        "bitte per E-Mail",
        "",
    ]


def test_phone_field_optional_empty_is_an_empty_string():
    assert PhoneField(required=False).clean("  ") == ""


def test_phone_field_renders_a_telephone_input():
    html = PhoneField().widget.render("phone", "")

    assert html == '<input type="tel" name="phone" autocomplete="tel" maxlength="40">'


@pytest.mark.django_db
def test_application_form_stores_the_phone_in_the_national_format(client):
    round_ = open_round()

    client.post(application_form_url(round_), application_form_data(contact_phone="0236198765"))

    assert Application.objects.get().contact_phone == "02361 98765"


@pytest.mark.django_db
def test_application_form_invalid_phone_is_an_error_next_to_the_field_and_kept(client):
    round_ = open_round()

    response = client.post(
        application_form_url(round_), application_form_data(contact_phone="0236-1")
    )

    assert field_errors(response) == {"contact_phone": [INVALID]}
    assert 'name="contact_phone" value="0236-1"' in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_application_form_phone_is_required(client):
    round_ = open_round()

    response = client.post(application_form_url(round_), application_form_data(contact_phone=""))

    assert field_errors(response) == {
        "contact_phone": ["Bitte geben Sie eine Telefonnummer für Rückfragen an."]
    }


@pytest.mark.django_db
def test_registration_form_stores_the_phone_in_the_national_format(client):
    event = open_event(capacity=40)

    client.post(registration_form_url(event), registration_form_data(phone="+49 2361 532129"))

    assert Registration.objects.get().phone == "02361 532129"


@pytest.mark.django_db
def test_registration_form_phone_stays_optional(client):
    event = open_event(capacity=40)

    client.post(registration_form_url(event), registration_form_data(phone=""))

    assert Registration.objects.get().phone == ""


@pytest.mark.django_db
def test_registration_form_invalid_phone_is_an_error_next_to_the_field(client):
    event = open_event(capacity=40)

    response = client.post(registration_form_url(event), registration_form_data(phone="12345"))

    assert field_errors(response) == {"phone": [INVALID]}
    assert Registration.objects.count() == 0


def _migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


@pytest.mark.django_db
def test_migration_normalises_stored_application_phones_and_leaves_invalid_ones():
    typed = ["02361 / 53-2129", "+49 171 1234567", "+31 20 123 4567", "nur per E-Mail", "123"]
    applications = [ApplicationFactory(contact_phone=phone) for phone in typed]

    _migration("applications", "0007_phone_national_format").normalise_contact_phones(apps, None)

    assert [
        Application.objects.get(pk=application.pk).contact_phone for application in applications
    ] == ["02361 532129", "0171 1234567", "00 31 20 123 4567", "nur per E-Mail", "123"]


@pytest.mark.django_db
def test_migration_normalises_stored_registration_phones_and_leaves_invalid_ones():
    typed = ["0236198765", "", "02361/123 (Zentrale)"]
    registrations = [RegistrationFactory(phone=phone) for phone in typed]

    _migration("events", "0005_phone_national_format").normalise_registration_phones(apps, None)

    assert [
        Registration.objects.get(pk=registration.pk).phone for registration in registrations
    ] == ["02361 98765", "", "02361/123 (Zentrale)"]
