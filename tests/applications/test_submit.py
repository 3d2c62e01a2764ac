"""Submitting and correcting an application: numbers, duplicates, window, info event, mails."""

from datetime import date

import pytest

from applications.models import Application, ApplicationStatusChange
from applications.services import (
    ApplicationWindowClosed,
    NotEligible,
    application_link_resend,
    application_submit,
    application_update,
)
from events.choices import EventKind, RegistrationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    RegistrationFactory,
    RoundFactory,
    application_submit_data,
    berlin,
    open_round,
)

pytestmark = pytest.mark.django_db


def submit(round_, now=None, language="de", **overrides):
    return application_submit(
        round_=round_, language=language, now=now, **application_submit_data(**overrides)
    )


def test_application_submit_numbers_per_round_and_records_history(
    mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(year=2021)
    other = open_round(year=2021)
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(round_).application
        second = submit(round_, company_name="Zweite KG", contact_email="b@zwei.de").application
        elsewhere = submit(other).application

    assert (first.reference, second.reference, elsewhere.reference) == (
        "DS-2021-001",
        "DS-2021-002",
        "DS-2021-001",
    )
    assert (first.status, first.consent_version, first.language) == ("submitted", "2021-04", "de")
    assert first.normalised_company_name == "müllersöhnegmbh"
    assert first.contact_email_key == "j.mueller@mueller-soehne.de"
    assert list(
        ApplicationStatusChange.objects.filter(application=first).values_list(
            "from_status", "to_status", "by", "note"
        )
    ) == [("", "submitted", None, "")]
    # Each application mails the company, then the round's contact address (staff).
    assert [m.to for m in mailoutbox] == [
        ["j.mueller@mueller-soehne.de"],
        ["j.ausderwiesche@kreis-re.de"],
        ["b@zwei.de"],
        ["j.ausderwiesche@kreis-re.de"],
        ["j.mueller@mueller-soehne.de"],
        ["j.ausderwiesche@kreis-re.de"],
    ]
    assert mailoutbox[0].subject == "Ihre Bewerbung bei Digiscouts ist eingegangen (DS-2021-001)"
    assert "Müller & Söhne GmbH (GmbH)" in mailoutbox[0].body
    assert "/bewerbung/status/" in mailoutbox[0].body


def test_application_submit_ineligible_stores_nothing(mailoutbox):
    round_ = open_round()

    with pytest.raises(NotEligible) as excinfo:
        submit(round_, employees=500, apprentices=1)

    assert (excinfo.value.code, excinfo.value.reasons) == (
        "not_eligible",
        [
            "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
            "Ihr Unternehmen ist dafür zu groß.",
            "Für ein Digiscouts-Team brauchen Sie mindestens 2 Auszubildende.",
        ],
    )
    assert Application.objects.count() == 0
    assert mailoutbox == []


def test_application_submit_unknown_field_is_a_programming_error():
    with pytest.raises(TypeError):
        application_submit(round_=open_round(), language="de", **application_submit_data(x=1))


def window_round():
    return RoundFactory(application_start=date(2021, 4, 15), application_end=date(2021, 5, 7))


@pytest.mark.parametrize("now", [berlin(2021, 4, 15, 0, 0, 0), berlin(2021, 5, 7, 23, 59, 59)])
def test_application_submit_accepted_on_the_first_and_last_day(now):
    application = submit(window_round(), now=now).application

    assert application.submitted_at == now


@pytest.mark.parametrize("now", [berlin(2021, 4, 14, 23, 59, 59), berlin(2021, 5, 8, 0, 0, 0)])
def test_application_submit_refused_outside_the_window(now):
    with pytest.raises(ApplicationWindowClosed) as excinfo:
        submit(window_round(), now=now)

    assert (excinfo.value.code, excinfo.value.message) == (
        "window_closed",
        "Bewerbungen sind derzeit nicht möglich.",
    )
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"company_name": "  MÜLLER  &  Söhne   GmbH ", "contact_email": "other@example.de"},
        {"company_name": "Müller & Söhne G.m.b.H.", "contact_email": "x@example.de"},
        {"company_name": "Ganz Andere AG", "contact_email": "J.Mueller@Mueller-Soehne.DE"},
        {"company_name": "Ganz Andere AG", "contact_email": "j.mueller@mueller-soehne.de"},
    ],
)
def test_application_submit_second_attempt_is_a_duplicate_and_resends_the_link(
    overrides, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    first = submit(round_).application

    with django_capture_on_commit_callbacks(execute=True):
        result = submit(round_, **overrides)

    assert (result.application, result.duplicate) == (first, True)
    assert Application.objects.count() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["j.mueller@mueller-soehne.de"], f"Ihr persönlicher Link zur Bewerbung {first.reference}")
    ]


def test_application_same_company_in_another_municipality_is_another_company():
    round_ = open_round()
    submit(round_)

    result = submit(round_, municipality="Marl", postcode="45768", contact_email="marl@mueller.de")

    assert (result.duplicate, Application.objects.count()) == (False, 2)


def test_application_submit_links_the_active_info_event_registration_by_the_address_key():
    round_ = open_round()
    info = EventFactory(round=round_, kind=EventKind.INFO)
    registration = RegistrationFactory(event=info, email="J.Mueller@mueller-soehne.de")
    RegistrationFactory(
        event=EventFactory(round=round_, kind=EventKind.KICKOFF),
        email="j.mueller@mueller-soehne.de",
    )

    application = submit(round_, contact_email="j.mueller@mueller-soehne.de").application

    assert application.info_registration == registration


def test_application_submit_ignores_a_cancelled_registration():
    round_ = open_round()
    RegistrationFactory(
        event=EventFactory(round=round_, kind=EventKind.INFO),
        email="j.mueller@mueller-soehne.de",
        status=RegistrationStatus.CANCELLED,
    )

    application = submit(round_).application

    assert application.info_registration is None


def test_application_link_resend_mails_at_most_once_an_hour(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = ApplicationFactory.create_batch(2)

    with django_capture_on_commit_callbacks(execute=True):
        for application in (first, first, second, first):
            application_link_resend(application=application)

    assert [m.to for m in mailoutbox] == [[first.contact_email], [second.contact_email]]


@pytest.mark.parametrize(
    ("typed", "conflict"),
    [
        pytest.param(
            {"contact_email": "neu@firma.de"},
            [],
            id="free",
        ),
        pytest.param(
            {"contact_email": "\u212aontakt@firma.de"},
            [
                "Diese E-Mail-Adresse ist bereits bei der Bewerbung DS-2025-001 angegeben. "
                "Eine Adresse kann in einer Runde nur zu einer Bewerbung gehören."
            ],
            id="taken",
        ),
    ],
)
def test_application_update_of_the_address_keeps_it_and_asks_staff(
    mailoutbox, django_capture_on_commit_callbacks, typed, conflict
):
    round_ = open_round(year=2025, contact_name="Erika Beispiel", contact_email="wf@kreis-re.de")
    ApplicationFactory(round=round_, number=1, contact_email="kontakt@firma.de")
    application = ApplicationFactory(
        round=round_, number=2, contact_email="alt@firma.de", company_name="Zeche Ewald GmbH"
    )
    data = application_submit_data(company_name="Zeche Ewald GmbH", sector="Logistik", **typed)

    with django_capture_on_commit_callbacks(execute=True):
        result = application_update(application=application, **data)

    application.refresh_from_db()
    assert result.requested == typed
    assert (application.sector, application.contact_email, application.contact_email_key) == (
        "Logistik",
        "alt@firma.de",
        "alt@firma.de",
    )
    company, staff = mailoutbox
    assert (company.to, staff.to) == (["alt@firma.de"], ["wf@kreis-re.de"])
    assert f"E-Mail: alt@firma.de → {typed['contact_email']}" in company.body
    assert "DS-2025-001" not in company.body
    assert [line for line in staff.body.splitlines() if "DS-2025-001" in line] == conflict


def test_application_update_of_company_and_municipality_is_asked_of_staff_by_reference(
    mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(year=2025)
    ApplicationFactory(round=round_, number=1, company_name="Kaiser KG", municipality="Marl")
    application = ApplicationFactory(
        round=round_, number=2, company_name="Zeche Ewald GmbH", contact_email="alt@firma.de"
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = application_update(
            application=application,
            **application_submit_data(
                company_name="\u212aaiser K.G.",
                municipality="Marl",
                postcode="45768",
                contact_email="alt@firma.de",
            ),
        )

    application.refresh_from_db()
    company, staff = mailoutbox
    assert result.requested == {"company_name": "\u212aaiser K.G.", "municipality": "Marl"}
    assert (application.company_name, application.municipality) == (
        "Zeche Ewald GmbH",
        "Recklinghausen",
    )
    assert (
        "Ein Unternehmen dieses Namens in Marl hat sich mit der Bewerbung DS-2025-001 bereits "
        "beworben."
    ) in staff.body
    assert "Kaiser KG" not in staff.body + company.body


def test_application_update_spelling_that_keeps_the_normal_forms_is_saved_at_once(mailoutbox):
    application = ApplicationFactory(
        round=open_round(), company_name="Zeche Ewald GmbH", contact_email="alt@firma.de"
    )

    result = application_update(
        application=application,
        **application_submit_data(company_name="ZECHE EWALD GMBH", contact_email="Alt@Firma.de"),
    )

    application.refresh_from_db()
    assert (result.requested, mailoutbox) == ({}, [])
    assert (application.company_name, application.contact_email) == (
        "ZECHE EWALD GMBH",
        "Alt@Firma.de",
    )
    assert (application.normalised_company_name, application.contact_email_key) == (
        "zecheewaldgmbh",
        "alt@firma.de",
    )


def test_application_submit_after_withdrawal_mails_whom_to_ask(
    mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(contact_unit="Wirtschaftsförderung, Kreis Recklinghausen")
    first = ApplicationFactory(
        round=round_, contact_email="j.mueller@mueller-soehne.de", status="withdrawn"
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = submit(round_)

    (mail,) = mailoutbox
    assert (result.application, result.duplicate, result.withdrawn) == (first, True, True)
    assert (Application.objects.count(), mail.to) == (1, ["j.mueller@mueller-soehne.de"])
    assert (
        "Ihre Bewerbung wurde zurückgezogen; eine zweite Bewerbung ist in dieser Runde nicht "
        "möglich. Wenn Sie doch teilnehmen möchten, wenden Sie sich bitte an "
        f"{round_.contact_name} (Wirtschaftsförderung, Kreis Recklinghausen): Dort kann Ihre "
        "zurückgezogene Bewerbung wieder aufgenommen werden."
    ) in " ".join(mail.body.split())


def test_application_submit_stores_the_duplicate_keys():
    application = submit(
        open_round(),
        company_name="Müller & Söhne GmbH & Co. KG",
        street="Hauptstr. 5",
        contact_phone="02361 98765",
        website="https://www.Mueller-Soehne.de/kontakt",
    ).application

    assert (
        application.name_key,
        application.address_key,
        application.phone_key,
        application.website_host,
    ) == ("muellersoehne", "45657|hauptstr5", "0236198765", "mueller-soehne.de")


def test_application_update_refreshes_the_likely_duplicates():
    round_ = open_round()
    other = submit(round_, company_name="Zeche Ewald GmbH", contact_email="a@zeche.de").application
    application = submit(
        round_,
        company_name="Ganz Andere AG",
        street="Hafenweg 1",
        contact_phone="02361 11111",
        contact_email="b@andere.de",
    ).application
    before = list(application.likely_duplicates.all())

    application_update(
        application=application,
        **application_submit_data(company_name="Ganz Andere AG", contact_email="b@andere.de"),
    )

    assert (before, list(application.likely_duplicates.all())) == ([], [other])
