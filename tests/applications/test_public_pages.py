"""The public pages: pre-check, form, confirmation, duplicates, window, status link."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.selectors import application_token
from digiscouts.tokens import make_token
from events.links import TOKEN_SALT as REGISTRATION_SALT
from tests.factories import ApplicationFactory, application_form_data, open_round

pytestmark = pytest.mark.django_db


def form_url(round_):
    return f"/bewerbung/{round_.slug}/formular/"


def field_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_precheck_eligible_company_gets_the_link_to_the_form(client):
    round_ = open_round()

    response = client.get(
        f"/bewerbung/{round_.slug}/vorab-check/",
        {"employees": "499", "municipality": "Marl", "apprentices": "2"},
    )

    assert response.status_code == 200
    assert response.context["eligible"] is True
    assert response.context["apply_url"] == (
        f"/bewerbung/{round_.slug}/formular/?employees=499&municipality=Marl&apprentices=2"
    )
    assert "Ihr Unternehmen erfüllt die Voraussetzungen." in response.content.decode()


def test_precheck_ineligible_company_gets_every_reason(client):
    round_ = open_round()

    response = client.get(
        f"/bewerbung/{round_.slug}/vorab-check/",
        {"employees": "500", "municipality": "andere", "apprentices": "1"},
    )

    assert response.context["eligible"] is False
    assert response.context["reasons"] == [
        "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
        "Ihr Unternehmen ist dafür zu groß.",
        "Teilnehmen können nur Unternehmen mit Sitz in der Partnerregion Kreis Recklinghausen, "
        "also in einer dieser Kommunen: Castrop-Rauxel, Datteln, Dorsten, Gladbeck, "
        "Haltern am See, Herten, Marl, Oer-Erkenschwick, Recklinghausen, Waltrop.",
        "Für ein Digiscouts-Team brauchen Sie mindestens 2 Auszubildende.",
    ]
    assert 'value="500"' in response.content.decode()


def test_application_form_prefilled_from_the_precheck(client):
    round_ = open_round()

    response = client.get(form_url(round_), {"employees": "45", "apprentices": "3"})

    html = response.content.decode()
    assert 'name="employees" value="45"' in html
    assert 'name="apprentices" value="3"' in html


def test_application_form_submit_stores_and_confirms(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(year=2021)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(round_), application_form_data(), follow=True)

    application = Application.objects.get()
    assert response.redirect_chain == [(f"/bewerbung/{round_.slug}/eingegangen/", 302)]
    assert application.reference == "DS-2021-001"
    assert application.company_name == "Müller & Söhne GmbH"
    assert application.employees == 120
    assert application.website == "https://www.mueller-soehne.de"
    assert application.consent_version == "2021-04"
    assert "DS-2021-001" in response.content.decode()
    assert len(mailoutbox) == 1
    token = application_token(application)
    assert f"http://127.0.0.1:8000/bewerbung/status/{token}/" in mailoutbox[0].body
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def test_application_form_errors_are_german_next_to_the_field_and_keep_the_input(client):
    round_ = open_round()
    data = application_form_data(
        employees="500",
        postcode="4565",
        contact_email="kein-at-zeichen",
        management_support=None,
        privacy_consent=None,
        company_name="Müller <b>GmbH</b>",
    )

    response = client.post(form_url(round_), data)

    assert response.status_code == 200
    assert field_errors(response) == {
        "company_name": ["Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."],
        "postcode": ["Bitte geben Sie eine fünfstellige Postleitzahl ein."],
        "contact_email": ["Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de."],
        "management_support": [
            "Bitte bestätigen Sie, dass die Geschäftsführung das Projekt unterstützt."
        ],
        "privacy_consent": [
            "Bitte stimmen Sie der Verarbeitung Ihrer Daten gemäß der Datenschutzerklärung zu."
        ],
        "employees": [
            "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
            "Ihr Unternehmen ist dafür zu groß."
        ],
    }
    html = response.content.decode()
    assert 'value="Hauptstraße 5"' in html
    assert 'value="kein-at-zeichen"' in html
    assert 'aria-describedby="id_postcode_error"' in html
    assert '<div id="id_postcode_error" class="invalid-feedback">' in html
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("motivation", "x" * 2001, "Bitte höchstens 2000 Zeichen eingeben (jetzt: 2001)."),
        ("company_name", "G" * 5000, "Bitte höchstens 200 Zeichen eingeben (jetzt: 5000)."),
        ("postcode", "4" * 300, "Bitte geben Sie eine fünfstellige Postleitzahl ein."),
        (
            "company_name",
            "Firma\x00GmbH",
            ["Bitte verwenden Sie keine Steuerzeichen.", "Nullzeichen sind nicht erlaubt."],
        ),
        ("sector", "Bau\x07", "Bitte verwenden Sie keine Steuerzeichen."),
        (
            "employees",
            "9" * 40,
            "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
            "Ihr Unternehmen ist dafür zu groß.",
        ),
        (
            "apprentices",
            "<script>",
            "Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3.",
        ),
        ("postcode", "4565\n7", "Bitte geben Sie eine fünfstellige Postleitzahl ein."),
        ("website", "https://example.com/\x01x", "Bitte verwenden Sie keine Steuerzeichen."),
        (
            "company_name",
            "!!! & ---",
            "Der Name muss mindestens einen Buchstaben oder eine Ziffer enthalten.",
        ),
        ("heard_about", "hacker", "Bitte wählen Sie einen Eintrag aus der Liste."),
        ("municipality", "Bochum", "Bitte wählen Sie eine Kommune aus der Liste."),
    ],
)
def test_application_form_hostile_input_is_refused_without_storing(client, field, value, message):
    round_ = open_round()

    response = client.post(form_url(round_), application_form_data(**{field: value}))

    assert response.status_code == 200
    assert field_errors(response) == {field: message if isinstance(message, list) else [message]}
    assert Application.objects.count() == 0


def test_application_form_postcode_with_a_trailing_line_break_is_stored_without_it(client):
    round_ = open_round()

    response = client.post(form_url(round_), application_form_data(postcode="45657\n"))

    assert response.status_code == 302
    assert Application.objects.get().postcode == "45657"


# Case-folding and NFKC make these names longer than the column of the normalised name.
LONG_NORMALISED_NAMES = [
    ("ß" * 200, "s" * 200),
    ("\ufdfa" * 20, ("صلىاللهعليهوسلم" * 20)[:200]),
]


@pytest.mark.parametrize(("company_name", "normalised"), LONG_NORMALISED_NAMES)
def test_application_form_name_growing_when_normalised_is_stored_cut_to_the_column(
    client, company_name, normalised
):
    round_ = open_round()

    response = client.post(form_url(round_), application_form_data(company_name=company_name))

    application = Application.objects.get()
    assert response.status_code == 302
    assert application.company_name == company_name
    assert application.normalised_company_name == normalised


@pytest.mark.parametrize(("company_name", "normalised"), LONG_NORMALISED_NAMES)
def test_status_page_edit_name_growing_when_normalised_is_stored_cut_to_the_column(
    client, company_name, normalised
):
    application = ApplicationFactory(round=open_round(), contact_email="alt@firma.de")

    response = client.post(
        status_url(application, "bearbeiten/"),
        application_form_data(company_name=company_name, contact_email="alt@firma.de"),
    )

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.company_name == company_name
    assert application.normalised_company_name == normalised


def test_application_form_malformed_number_is_a_field_error_not_a_reason(client):
    round_ = open_round()

    response = client.post(form_url(round_), application_form_data(employees="abc"))

    assert field_errors(response) == {
        "employees": ["Bitte geben Sie die Zahl der Beschäftigten als ganze Zahl an, z. B. 45."]
    }
    assert response.context["form"].eligibility_reasons == []
    assert "Ihr Unternehmen erfüllt diese Voraussetzungen nicht:" not in response.content.decode()


def test_precheck_malformed_number_is_a_field_error_not_a_reason(client):
    round_ = open_round()

    response = client.get(
        f"/bewerbung/{round_.slug}/vorab-check/",
        {"employees": "45", "municipality": "Marl", "apprentices": "abc"},
    )

    html = response.content.decode()
    assert response.context["eligible"] is False
    assert response.context["reasons"] == []
    assert "Ihr Unternehmen kann in dieser Runde leider nicht teilnehmen:" not in html
    assert "Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3." in html


def test_application_form_second_attempt_gets_the_friendly_page_and_the_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    client.post(form_url(round_), application_form_data())
    existing = Application.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(round_),
            application_form_data(
                company_name="MÜLLER & SÖHNE GMBH", contact_email="neu@example.de"
            ),
            follow=True,
        )

    assert response.redirect_chain == [(f"/bewerbung/{round_.slug}/bereits-beworben/", 302)]
    html = response.content.decode()
    assert "Ihre Bewerbung liegt uns bereits vor" in html
    assert "j.mueller@mueller-soehne.de" not in html
    assert existing.reference not in html
    assert [m.to for m in mailoutbox] == [["j.mueller@mueller-soehne.de"]]
    assert application_token(existing) in mailoutbox[0].body
    assert Application.objects.count() == 1


def test_application_form_repeated_duplicates_resend_the_link_once_an_hour(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    client.post(form_url(round_), application_form_data())
    duplicate = application_form_data(contact_email="neu@example.de")

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(form_url(round_), duplicate, follow=True) for _ in range(3)]

    assert [r.redirect_chain for r in responses] == [
        [(f"/bewerbung/{round_.slug}/bereits-beworben/", 302)]
    ] * 3
    assert len({r.content for r in responses}) == 1
    assert [m.to for m in mailoutbox] == [["j.mueller@mueller-soehne.de"]]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 0, "form"),
        (1, 5, "Die Bewerbung ist noch nicht geöffnet."),
        (-5, -1, "Die Bewerbungsphase ist abgeschlossen."),
        (-5, 0, "form"),
    ],
)
def test_application_form_open_only_in_the_window(client, start, end, expected):
    today = timezone.localdate()
    round_ = open_round(
        application_start=today + timedelta(days=start),
        application_end=today + timedelta(days=end),
    )

    get = client.get(form_url(round_))
    post = client.post(form_url(round_), application_form_data())

    if expected == "form":
        assert "form" in get.context
        assert post.status_code == 302
        assert Application.objects.count() == 1
    else:
        assert expected in get.content.decode()
        assert expected in post.content.decode()
        assert Application.objects.count() == 0


def test_application_form_unknown_or_unpublished_round_is_not_found(client):
    hidden = open_round(is_published=False)

    assert client.get(form_url(hidden)).status_code == 404
    assert client.get("/bewerbung/gibt-es-nicht/formular/").status_code == 404


def test_application_form_honeypot_stores_nothing_and_claims_nothing(client, mailoutbox):
    round_ = open_round()

    response = client.post(form_url(round_), application_form_data(website_url="spam"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ihre Angaben konnten nicht verarbeitet werden. Bitte versuchen Sie es erneut."
    ]
    html = response.content.decode()
    assert "Vielen Dank für Ihre Bewerbung" not in html
    assert "Wir haben Ihnen eine Bestätigung" not in html
    assert Application.objects.count() == 0
    assert mailoutbox == []


def test_application_form_submission_limit_answers_429(client, settings):
    settings.SUBMISSION_LIMIT = 2
    round_ = open_round()
    for _ in range(2):
        client.post(form_url(round_), application_form_data())

    response = client.post(form_url(round_), application_form_data())

    assert response.status_code == 429
    assert Application.objects.count() == 1


def test_application_form_submission_limit_ignores_invalid_attempts(client, settings):
    settings.SUBMISSION_LIMIT = 2
    round_ = open_round()
    for _ in range(3):
        client.post(form_url(round_), application_form_data(employees="abc"))

    response = client.post(form_url(round_), application_form_data())

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_application_form_submission_limit_counts_honeypot_hits(client, settings):
    settings.SUBMISSION_LIMIT = 1
    round_ = open_round()
    client.post(form_url(round_), application_form_data(website_url="spam"))

    response = client.post(form_url(round_), application_form_data())

    assert response.status_code == 429
    assert Application.objects.count() == 0


def test_application_form_without_csrf_token_is_refused():
    round_ = open_round()
    client = Client(enforce_csrf_checks=True)

    response = client.post(form_url(round_), application_form_data())

    assert response.status_code == 403
    assert Application.objects.count() == 0


# --- personal status page -----------------------------------------------------------------


def status_url(application, suffix=""):
    return f"/bewerbung/status/{application_token(application)}/{suffix}"


def test_status_page_shows_status_and_data(client):
    application = ApplicationFactory(round=open_round(), company_name="Zeche Ewald GmbH")

    response = client.get(status_url(application))

    html = response.content.decode()
    assert "Stand:" in html
    assert "eingegangen" in html
    assert "Zeche Ewald GmbH (GmbH)" in html
    assert response.context["editable"] is True
    assert response.context["withdrawable"] is True


def test_status_page_hides_a_decision_until_it_is_sent(client):
    application = ApplicationFactory(round=open_round(), status=ApplicationStatus.REJECTED)

    before = client.get(status_url(application)).content.decode()
    application.decision_sent_status = ApplicationStatus.REJECTED
    application.decision_sent_at = timezone.now()
    application.save()
    after = client.get(status_url(application)).content.decode()

    assert "in Prüfung" in before
    assert "abgesagt" not in before
    assert "Leider können wir Ihr Unternehmen in dieser Runde nicht berücksichtigen." in after


@pytest.mark.parametrize("token", ["kaputt", "1", "1:abc", "MQ:1lXYZ:abcdef"])
def test_status_page_broken_link_reveals_nothing(client, token):
    ApplicationFactory()

    response = client.get(f"/bewerbung/status/{token}/")

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()


def test_status_page_link_of_another_kind_or_a_deleted_application_reveals_nothing(client):
    application = ApplicationFactory()
    foreign = make_token(REGISTRATION_SALT, application.pk)
    deleted = ApplicationFactory()
    deleted_url = status_url(deleted)
    deleted.delete()

    responses = [client.get(url) for url in (f"/bewerbung/status/{foreign}/", deleted_url)]

    assert [r.status_code for r in responses] == [404, 404]
    assert all("Dieser Link ist ungültig" in r.content.decode() for r in responses)


def test_status_page_edit_changes_the_data(client):
    application = ApplicationFactory(round=open_round(), contact_email="alt@firma.de")

    response = client.post(
        status_url(application, "bearbeiten/"),
        application_form_data(sector="Logistik", contact_email="alt@firma.de"),
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.sector == "Logistik"
    assert application.company_name == "Müller & Söhne GmbH"


def test_status_page_edit_refused_after_review(client):
    application = ApplicationFactory(round=open_round(), status=ApplicationStatus.SHORTLISTED)

    response = client.post(status_url(application, "bearbeiten/"), application_form_data())

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.company_name != "Müller & Söhne GmbH"


def test_status_page_edit_refused_after_the_deadline(client):
    today = timezone.localdate()
    round_ = open_round(
        application_start=today - timedelta(days=10), application_end=today - timedelta(days=1)
    )
    application = ApplicationFactory(round=round_, company_name="Zeche Ewald GmbH")

    asked = client.get(status_url(application, "bearbeiten/"), follow=True)
    posted = client.post(
        status_url(application, "bearbeiten/"), application_form_data(), follow=True
    )

    application.refresh_from_db()
    for response in (asked, posted):
        assert response.redirect_chain == [(status_url(application), 302)]
        assert "Ihre Bewerbung kann nicht mehr geändert werden." in response.content.decode()
    assert application.company_name == "Zeche Ewald GmbH"
    assert application.sector == "Handwerk"


def test_status_page_withdraw_asks_then_acts(client):
    application = ApplicationFactory(round=open_round())

    asked = client.get(status_url(application, "zurueckziehen/"))
    application.refresh_from_db()
    status_after_get = application.status
    unconfirmed = client.post(status_url(application, "zurueckziehen/"), {})
    confirmed = client.post(status_url(application, "zurueckziehen/"), {"confirm": "on"})

    application.refresh_from_db()
    assert asked.status_code == 200
    assert status_after_get == ApplicationStatus.SUBMITTED
    assert unconfirmed.status_code == 200
    assert confirmed.status_code == 302
    assert application.status == ApplicationStatus.WITHDRAWN
    assert list(application.status_changes.values_list("from_status", "to_status", "by")) == [
        ("submitted", "withdrawn", None)
    ]


def test_application_form_missing_answers_are_not_reasons_of_ineligibility(client):
    round_ = open_round()

    blank = client.post(form_url(round_), application_form_data(employees="", apprentices=""))
    too_big = client.post(form_url(round_), application_form_data(employees="500"))

    assert blank.context["form"].eligibility_reasons == []
    assert field_errors(blank)["employees"] == ["Bitte geben Sie die Zahl der Beschäftigten an."]
    assert too_big.context["form"].eligibility_reasons == [
        "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
        "Ihr Unternehmen ist dafür zu groß."
    ]
    assert "Ihr Unternehmen erfüllt diese Voraussetzungen nicht:" in too_big.content.decode()


def test_home_page_offers_precheck_and_application_while_open(client):
    round_ = open_round()

    html = client.get("/").content.decode()

    assert f'href="/bewerbung/{round_.slug}/vorab-check/"' in html
    assert f'href="/bewerbung/{round_.slug}/formular/"' in html
    assert "Jetzt bewerben" in html
