"""The eligibility table: employees, municipality and apprentices against a round."""

import pytest

from applications.eligibility import eligibility_problems, eligibility_reasons
from events.models import KREIS_RECKLINGHAUSEN_MUNICIPALITIES, Round

ROUND = Round(
    partner_region="Kreis Recklinghausen",
    max_employees=499,
    min_apprentices=2,
    municipalities="\n".join(KREIS_RECKLINGHAUSEN_MUNICIPALITIES),
)
TOO_BIG = (
    "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
    "Ihr Unternehmen ist dafür zu groß."
)
NOT_A_NUMBER = "Bitte geben Sie die Zahl der Beschäftigten als ganze Zahl an, z. B. 45."
OUTSIDE = (
    "Teilnehmen können nur Unternehmen mit Sitz in der Partnerregion Kreis Recklinghausen, "
    "also in einer dieser Kommunen: Castrop-Rauxel, Datteln, Dorsten, Gladbeck, "
    "Haltern am See, Herten, Marl, Oer-Erkenschwick, Recklinghausen, Waltrop."
)
TOO_FEW = "Für ein Digiscouts-Team brauchen Sie mindestens 2 Auszubildende."


def employees_reasons(value):
    return eligibility_reasons(ROUND, employees=value, municipality="Marl", apprentices=2)


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (0, ["Die Zahl der Beschäftigten muss mindestens 1 sein."]),
        (1, []),
        (499, []),
        (500, [TOO_BIG]),
        (-1, ["Die Zahl der Beschäftigten muss mindestens 1 sein."]),
        ("abc", [NOT_A_NUMBER]),
        (10**12, [TOO_BIG]),
        (str(10**12), [TOO_BIG]),
        ("9" * 5000, [TOO_BIG]),
        (None, ["Bitte geben Sie die Zahl der Beschäftigten an."]),
        ("", ["Bitte geben Sie die Zahl der Beschäftigten an."]),
        ("  ", ["Bitte geben Sie die Zahl der Beschäftigten an."]),
        ("499", []),
        (" 499 ", []),
        ("500", [TOO_BIG]),
        ("4.5", [NOT_A_NUMBER]),
        ("٣", [NOT_A_NUMBER]),
        (True, [NOT_A_NUMBER]),
        (12.0, [NOT_A_NUMBER]),
    ],
)
def test_eligibility_employees_table(employees, expected):
    assert employees_reasons(employees) == expected


def test_eligibility_employees_limit_follows_the_round():
    small = Round(max_employees=49, min_apprentices=2, municipalities="Marl")

    assert eligibility_reasons(small, employees=50, municipality="Marl", apprentices=2) == [
        "Teilnehmen können Unternehmen mit höchstens 49 Beschäftigten. "
        "Ihr Unternehmen ist dafür zu groß."
    ]


@pytest.mark.parametrize("municipality", KREIS_RECKLINGHAUSEN_MUNICIPALITIES)
def test_eligibility_each_municipality_of_the_district_is_eligible(municipality):
    assert eligibility_reasons(ROUND, employees=10, municipality=municipality, apprentices=2) == []


@pytest.mark.parametrize("municipality", ["Bochum", "andere", "marl", "Recklinghausen-Süd"])
def test_eligibility_municipality_outside_the_district_is_refused(municipality):
    assert eligibility_reasons(ROUND, employees=10, municipality=municipality, apprentices=2) == [
        OUTSIDE
    ]


def test_eligibility_municipality_missing_is_refused():
    assert eligibility_reasons(ROUND, employees=10, municipality=None, apprentices=2) == [
        "Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."
    ]


@pytest.mark.parametrize(
    ("apprentices", "expected"),
    [
        (1, [TOO_FEW]),
        (2, []),
        (3, []),
        ("1", [TOO_FEW]),
        ("2", []),
        (0, [TOO_FEW]),
        (None, ["Bitte geben Sie an, wie viele Auszubildende im Team mitmachen."]),
        ("zwei", ["Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3."]),
        (1000, ["Bitte prüfen Sie die Zahl der Auszubildenden (höchstens 999)."]),
    ],
)
def test_eligibility_apprentices_below_at_and_above_the_minimum(apprentices, expected):
    assert (
        eligibility_reasons(ROUND, employees=10, municipality="Herten", apprentices=apprentices)
        == expected
    )


def test_eligibility_apprentices_minimum_follows_the_round():
    round_ = Round(max_employees=499, min_apprentices=3, municipalities="Herten")

    assert eligibility_reasons(round_, employees=10, municipality="Herten", apprentices=2) == [
        "Für ein Digiscouts-Team brauchen Sie mindestens 3 Auszubildende."
    ]


def test_eligibility_returns_every_reason_at_once():
    assert eligibility_problems(ROUND, employees=500, municipality="Bochum", apprentices=1) == {
        "employees": TOO_BIG,
        "municipality": OUTSIDE,
        "apprentices": TOO_FEW,
    }
