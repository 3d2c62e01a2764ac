"""Likely duplicates: stored, never refused, linked both ways and shown to staff."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from applications import duplicates
from applications.duplicates import address_key, name_key, phone_key, website_host
from applications.models import Application
from applications.services import application_submit
from tests.factories import ApplicationFactory, application_submit_data, open_round

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"

MUELLER = [
    "Müller & Söhne GmbH",
    "Müller und Söhne GmbH",
    "Mueller & Soehne GmbH",
    "Müller & Söhne",
]


def submit(round_, **overrides):
    return application_submit(round_=round_, language="de", **application_submit_data(**overrides))


def submit_mueller_four(round_):
    """The issue's four spellings from one address, each with its own contact."""
    return [
        submit(round_, company_name=name, contact_email=f"kontakt{n}@mueller.de").application
        for n, name in enumerate(MUELLER)
    ]


@pytest.mark.parametrize(
    "name",
    [
        *MUELLER,
        "MÜLLER + SÖHNE e.K.",
        "Müller & Söhne GmbH & Co. KG",
        "Müller & Söhne UG (haftungsbeschränkt)",
        "Müller und Söhne OHG",
        "Müller & Söhne, GbR",
        "Müller & Söhne e. V.",
        "Müller & Söhne mbH",
        "Müller & Söhne AG",
        "Müller & Söhne KG",
    ],
)
def test_name_key_folds_spelling_and_drops_the_legal_form(name):
    assert name_key(name) == "muellersoehne"


def test_name_key_keeps_ss_and_sz_together():
    assert (name_key("Weiß Bau GmbH"), name_key("Weiss Bau")) == ("weissbau", "weissbau")


def test_name_key_of_a_bare_legal_form_is_empty():
    assert name_key("GmbH") == ""


@pytest.mark.parametrize(
    "street", ["Hauptstraße 5", "Hauptstr. 5", "HAUPTSTRASSE  5", "Haupt-Str. 5"]
)
def test_address_key_folds_the_street(street):
    assert address_key(" 45657 ", street) == "45657|hauptstr5"


def test_phone_key_and_website_host_compare_the_essentials():
    assert (
        phone_key("+49 2361 98765"),
        phone_key("02361 / 98-765"),
        phone_key("0049 (0)2361 98765"),
        phone_key("123"),
        website_host("https://www.Mueller-Soehne.de/kontakt"),
        website_host("mueller-soehne.de"),
        website_host(""),
    ) == (
        "0236198765",
        "0236198765",
        "0236198765",
        "",
        "mueller-soehne.de",
        "mueller-soehne.de",
        "",
    )


def test_likely_duplicates_the_four_mueller_spellings_are_stored_and_linked():
    round_ = open_round()

    applications = submit_mueller_four(round_)

    assert Application.objects.filter(round=round_).count() == 4
    for application in applications:
        others = [other for other in applications if other != application]
        assert list(application.likely_duplicates.order_by("number")) == others


@pytest.mark.parametrize(
    "overrides",
    [
        {"company_name": "Mueller und Soehne", "street": "Andere Straße 9"},  # the name
        {"company_name": "Zeche Ewald GmbH"},  # the address
        {
            "company_name": "Zeche Ewald GmbH",
            "street": "Hafen 1",
            "postcode": "45659",
            "contact_phone": "+49 2361 98765",
        },  # the phone
    ],
)
def test_likely_duplicates_one_shared_key_is_enough(overrides):
    round_ = open_round()
    first = submit(round_, contact_phone="02361 98765").application
    overrides = {"contact_phone": "0209 55555", **overrides}

    second = submit(round_, contact_email="zweite@firma.de", **overrides).application

    assert list(second.likely_duplicates.all()) == [first]


def test_likely_duplicates_the_same_website_host_links():
    round_ = open_round()
    first = submit(round_, website="https://www.zeche-ewald.de").application

    second = submit(
        round_,
        company_name="Ewald Service GmbH",
        street="Ewaldstraße 1",
        postcode="45659",
        contact_phone="0209 123456",
        contact_email="service@zeche-ewald.de",
        website="zeche-ewald.de/service",
    ).application

    assert list(second.likely_duplicates.all()) == [first]


def test_likely_duplicates_different_firms_are_not_linked():
    round_ = open_round()
    first = submit(round_).application

    second = submit(
        round_,
        company_name="Müller Söhne Logistik GmbH",
        street="Hauptstraße 50",
        contact_phone="02361 12345",
        contact_email="info@logistik.de",
        website="https://mueller-logistik.de",
    ).application

    assert (list(first.likely_duplicates.all()), list(second.likely_duplicates.all())) == ([], [])


def test_likely_duplicates_only_within_the_round():
    submit(open_round())

    other_round = submit(open_round(), contact_email="x@mueller.de").application

    assert list(other_round.likely_duplicates.all()) == []


def test_admin_filter_likely_duplicate_yes_and_no(staff_client):
    round_ = open_round()
    applications = submit_mueller_four(round_)
    alone = ApplicationFactory(
        round=round_, number=99, street="Einzelweg 1", contact_phone="0209 99999"
    )

    yes = staff_client.get(CHANGELIST, {"dublette": "yes"})
    no = staff_client.get(CHANGELIST, {"dublette": "no"})

    assert list(yes.context["cl"].result_list) == applications
    assert list(no.context["cl"].result_list) == [alone]


def test_admin_change_form_links_each_to_the_others(staff_client):
    round_ = open_round()
    applications = submit_mueller_four(round_)
    first = applications[0]

    response = staff_client.get(reverse("admin:applications_application_change", args=[first.pk]))

    html = response.content.decode()
    for other in applications[1:]:
        url = reverse("admin:applications_application_change", args=[other.pk])
        name = other.company_name.replace("&", "&amp;")
        assert (
            f'<li><a href="{url}">{other.reference} {name}</a> '
            "(gleiche Anschrift, ähnlicher Name, gleiche Telefonnummer)</li>"
        ) in html


def test_duplicates_migration_keeps_its_own_keys_when_the_live_code_changes(monkeypatch):
    migration = importlib.import_module(
        "applications.migrations.0006_likely_duplicates_and_change_details"
    )
    state = MigrationLoader(connection).project_state(
        ("applications", "0006_likely_duplicates_and_change_details")
    )
    round_ = open_round()
    first, second = (
        ApplicationFactory(round=round_, company_name=name, street=f"Weg {n}", website=site)
        for n, name, site in [
            (1, "Müller & Söhne GmbH", "https://www.mueller-soehne.de/"),
            (2, "Mueller und Soehne", ""),
        ]
    )
    no_keys = dict.fromkeys(["name_key", "address_key", "phone_key", "website_host"], "")
    Application.objects.update(**no_keys)
    monkeypatch.setattr(duplicates, "duplicate_keys", lambda fields: no_keys)

    migration.fill_keys_and_links(state.apps, None)

    keys = Application.objects.order_by("pk").values_list(
        "name_key", "address_key", "phone_key", "website_host"
    )
    assert list(keys) == [
        ("muellersoehne", "45657|weg1", "0236112345", "mueller-soehne.de"),
        ("muellersoehne", "45657|weg2", "0236112345", ""),
    ]
    assert [list(a.likely_duplicates.all()) for a in (first, second)] == [[second], [first]]
