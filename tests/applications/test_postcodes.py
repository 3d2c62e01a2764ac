"""Postcode and municipality agree: the round's table, the eligibility check, the forms."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.eligibility import eligibility_problems, eligibility_reasons
from applications.models import Application
from events.models import Round
from events.models.rounds import KREIS_RECKLINGHAUSEN_POSTCODES, default_municipalities
from tests.factories import RoundFactory, application_form_data, open_round
from tests.helpers import application_form_url, field_errors

ROUND = Round(
    partner_region="Kreis Recklinghausen",
    max_employees=499,
    min_apprentices=2,
    municipalities=default_municipalities(),
)
NOT_MARL = "Die Postleitzahl 10115 gehört nicht zu Marl. Bitte prüfen Sie Postleitzahl und Kommune."
MARL_NOT_HERTEN = (
    "Die Postleitzahl 45768 gehört nicht zu Herten, sondern zu Marl. "
    "Bitte prüfen Sie Postleitzahl und Kommune."
)


def problems(round_=ROUND, *, municipality, postcode):
    return eligibility_problems(
        round_, employees=10, municipality=municipality, apprentices=2, postcode=postcode
    )


def test_postcodes_of_the_ten_municipalities_are_deutsche_posts():
    assert KREIS_RECKLINGHAUSEN_POSTCODES == {
        "Castrop-Rauxel": ("44575", "44577", "44579", "44581"),
        "Datteln": ("45711",),
        "Dorsten": ("46282", "46284", "46286"),
        "Gladbeck": ("45964", "45966", "45968"),
        "Haltern am See": ("45721",),
        "Herten": ("45699", "45701"),
        "Marl": ("45768", "45770", "45772"),
        "Oer-Erkenschwick": ("45739",),
        "Recklinghausen": ("45657", "45659", "45661", "45663", "45665"),
        "Waltrop": ("45731",),
    }


def test_postcodes_default_of_a_round_lists_them_one_municipality_a_line():
    assert default_municipalities().splitlines() == [
        "Castrop-Rauxel: 44575, 44577, 44579, 44581",
        "Datteln: 45711",
        "Dorsten: 46282, 46284, 46286",
        "Gladbeck: 45964, 45966, 45968",
        "Haltern am See: 45721",
        "Herten: 45699, 45701",
        "Marl: 45768, 45770, 45772",
        "Oer-Erkenschwick: 45739",
        "Recklinghausen: 45657, 45659, 45661, 45663, 45665",
        "Waltrop: 45731",
    ]
    assert ROUND.municipality_names() == list(KREIS_RECKLINGHAUSEN_POSTCODES)
    assert ROUND.municipality_postcodes()["Herten"] == frozenset({"45699", "45701"})


@pytest.mark.parametrize(
    ("municipality", "postcode"),
    [
        ("Castrop-Rauxel", "44581"),
        ("Datteln", "45711"),
        ("Dorsten", "46284"),
        ("Gladbeck", "45966"),
        ("Haltern am See", "45721"),
        ("Herten", "45701"),
        ("Marl", "45770"),
        ("Oer-Erkenschwick", "45739"),
        ("Recklinghausen", "45665"),
        ("Waltrop", "45731"),
    ],
)
def test_postcodes_each_municipality_with_its_postcode_is_eligible(municipality, postcode):
    assert problems(municipality=municipality, postcode=postcode) == {}


@pytest.mark.parametrize(
    ("municipality", "postcode", "expected"),
    [
        ("Marl", "10115", {"postcode": NOT_MARL}),
        ("Herten", "45768", {"postcode": MARL_NOT_HERTEN}),
        ("Marl", " 45768 ", {}),
        ("Marl", None, {}),
        ("Marl", "", {}),
        (
            "Marl",
            "4576",
            {"postcode": "Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657."},
        ),
        (
            None,
            "10115",
            {
                "municipality": (
                    "Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."
                ),
                "postcode": (
                    "Die Postleitzahl 10115 liegt nicht in der Partnerregion Kreis "
                    "Recklinghausen. Bitte prüfen Sie die Postleitzahl."
                ),
            },
        ),
    ],
)
def test_postcodes_that_do_not_belong_to_the_municipality_are_named(
    municipality, postcode, expected
):
    assert problems(municipality=municipality, postcode=postcode) == expected


def test_postcodes_reasons_for_staff_include_the_postcode():
    assert eligibility_reasons(
        ROUND, employees=10, municipality="Marl", apprentices=2, postcode="10115"
    ) == [NOT_MARL]


def test_postcodes_of_a_municipality_staff_added_are_checked():
    round_ = Round(
        partner_region="Emscher-Lippe",
        municipalities=default_municipalities() + "\nBottrop: 46236, 46238, 46240, 46242, 46244",
    )

    assert problems(round_, municipality="Bottrop", postcode="46240") == {}
    assert problems(round_, municipality="Bottrop", postcode="45768") == {
        "postcode": (
            "Die Postleitzahl 45768 gehört nicht zu Bottrop, sondern zu Marl. "
            "Bitte prüfen Sie Postleitzahl und Kommune."
        )
    }
    assert problems(round_, municipality="Marl", postcode="46240") == {
        "postcode": (
            "Die Postleitzahl 46240 gehört nicht zu Marl, sondern zu Bottrop. "
            "Bitte prüfen Sie Postleitzahl und Kommune."
        )
    }


def test_postcodes_of_a_municipality_listed_without_any_are_not_checked():
    round_ = Round(partner_region="Kreis Recklinghausen", municipalities="Marl: 45768\nNeustadt")

    assert problems(round_, municipality="Neustadt", postcode="10115") == {}
    assert problems(round_, municipality=None, postcode="10115") == {
        "municipality": "Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."
    }


# --- the round's list, as staff type it -------------------------------------------------


def municipalities_errors(text):
    round_ = RoundFactory.build(municipalities=text)
    with pytest.raises(ValidationError) as refused:
        round_.full_clean(validate_unique=False, validate_constraints=False)
    return refused.value.message_dict.get("municipalities")


def test_postcodes_malformed_line_is_refused_with_its_number_and_text():
    assert municipalities_errors("Marl: 45768, 45770\nHerten: 45699, 4570") == [
        "Zeile 2 („Herten: 45699, 4570“): „4570“ ist keine fünfstellige Postleitzahl. "
        "Schreiben Sie die Kommune, einen Doppelpunkt und ihre Postleitzahlen mit Kommas "
        "dazwischen, z. B. „Marl: 45768, 45770, 45772“."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Marl 45768",
            "Zeile 1 („Marl 45768“): Zwischen der Kommune und ihren Postleitzahlen fehlt der "
            "Doppelpunkt, z. B. „Marl: 45768, 45770, 45772“.",
        ),
        (
            "Marl: 45768\n: 45699",
            "Zeile 2 („: 45699“): Vor dem Doppelpunkt fehlt der Name der Kommune.",
        ),
        (
            "Marl:",
            "Zeile 1 („Marl:“): Nach dem Doppelpunkt fehlen die Postleitzahlen. Schreiben Sie "
            "sie mit Kommas dazwischen, z. B. „Marl: 45768, 45770, 45772“, oder lassen Sie den "
            "Doppelpunkt weg.",
        ),
        (
            "Marl: 45768\n\nMarl: 45770",
            "Zeile 3 („Marl: 45770“): Marl steht schon in Zeile 1.",
        ),
    ],
)
def test_postcodes_each_kind_of_malformed_line_is_explained(text, expected):
    assert municipalities_errors(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Marl: 45768, 45770, 45772",
        "Marl:45768 45770;45772",
        "Marl\nHerten",
        "  Marl: 45768  \n\n",
    ],
)
def test_postcodes_well_formed_lists_are_accepted(text):
    round_ = RoundFactory.build(municipalities=text)

    round_.full_clean(validate_unique=False, validate_constraints=False)


def test_postcodes_list_read_without_complaint_even_when_malformed():
    round_ = Round(municipalities="Marl: 45768, 4577x\n: 1\nHerten")

    assert round_.municipality_postcodes() == {
        "Marl": frozenset({"45768"}),
        "Herten": frozenset(),
    }
    assert round_.municipality_names() == ["Marl", "Herten"]


def test_postcodes_migration_adds_them_to_the_ten_and_removes_them_again():
    migration = importlib.import_module("events.migrations.0011_municipality_postcodes")
    old = "Marl\n  Herten \nBottrop\nDatteln: 45711"

    new = migration._with_postcodes(old)

    assert new == "Marl: 45768, 45770, 45772\nHerten: 45699, 45701\nBottrop\nDatteln: 45711"
    assert migration._names_only(new) == "Marl\nHerten\nBottrop\nDatteln"


# --- the forms ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_postcodes_application_with_a_postcode_of_another_town_is_refused_at_the_field(client):
    round_ = open_round()

    response = client.post(
        application_form_url(round_),
        application_form_data(municipality="Marl", postcode="10115"),
    )

    assert field_errors(response) == {"postcode": [NOT_MARL]}
    assert '<li><a href="#id_postcode">' + NOT_MARL + "</a></li>" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_postcodes_application_with_matching_postcode_is_stored(client):
    round_ = open_round()

    response = client.post(
        application_form_url(round_),
        application_form_data(municipality="Marl", postcode="45772"),
    )

    assert response.status_code == 302
    assert Application.objects.get().postcode == "45772"


@pytest.mark.django_db
def test_postcodes_precheck_says_when_the_postcode_does_not_belong_to_the_municipality(client):
    round_ = open_round()
    url = reverse("applications:precheck", kwargs={"slug": round_.slug})
    answers = {"employees": "20", "municipality": "Marl", "apprentices": "2"}

    wrong = client.get(url, {**answers, "postcode": "10115"})
    right = client.get(url, {**answers, "postcode": "45768"})
    without = client.get(url, {**answers, "postcode": ""})

    assert (wrong.context["eligible"], wrong.context["reasons"]) == (False, [NOT_MARL])
    assert (right.context["eligible"], right.context["reasons"]) == (True, [])
    assert (without.context["eligible"], without.context["reasons"]) == (True, [])
