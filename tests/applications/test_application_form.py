"""The public application form: storing, errors, duplicates, window, abuse limits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.links import application_token
from applications.models import Application
from tests.factories import application_form_data, open_round
from tests.helpers import application_form_url, field_errors, main_content, text_of

pytestmark = pytest.mark.django_db

TOO_BIG = (
    "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
    "Ihr Unternehmen ist dafür zu groß."
)
POSTCODE_MALFORMED = "Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657."


def submitted_url(round_):
    return reverse("applications:submitted", kwargs={"slug": round_.slug})


def test_application_form_prefilled_from_the_precheck(client):
    round_ = open_round()

    response = client.get(application_form_url(round_), {"employees": "45", "apprentices": "3"})

    html = response.content.decode()
    assert 'name="employees" value="45"' in html
    assert 'name="apprentices" value="3"' in html


def test_application_form_submit_stores_and_confirms(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(year=2021)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(application_form_url(round_), application_form_data(), follow=True)

    application = Application.objects.get()
    assert response.redirect_chain == [(submitted_url(round_), 302)]
    assert (application.reference, application.company_name, application.employees) == (
        "DS-2021-001",
        "Müller & Söhne GmbH",
        120,
    )
    assert (application.website, application.consent_version, application.language) == (
        "https://www.mueller-soehne.de",
        "2021-04",
        "de",
    )
    assert text_of(main_content(response)).startswith(
        "Vielen Dank für Ihre Bewerbung Eine E-Mail mit allen Einzelheiten und Ihrem "
        "persönlichen Link ist an j.mueller@mueller-soehne.de unterwegs."
    )
    mail, staff_mail = mailoutbox
    token = application_token(application)
    assert (mail.to, staff_mail.to) == (["j.mueller@mueller-soehne.de"], [round_.contact_email])
    assert f"http://127.0.0.1:8000/bewerbung/status/{token}/" in mail.body
    assert mail.alternatives[0][1] == "text/html"


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

    response = client.post(application_form_url(round_), data)

    assert field_errors(response) == {
        "company_name": ["Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."],
        "postcode": [POSTCODE_MALFORMED],
        "contact_email": ["Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."],
        "management_support": [
            "Bitte bestätigen Sie, dass die Geschäftsführung das Projekt unterstützt."
        ],
        "privacy_consent": [
            "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und mit der "
            "Verarbeitung Ihrer Angaben einverstanden sind."
        ],
        "employees": [TOO_BIG],
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
        ("postcode", "4" * 300, POSTCODE_MALFORMED),
        (
            "company_name",
            "Firma\x00GmbH",
            ["Bitte verwenden Sie keine Steuerzeichen.", "Nullzeichen sind nicht erlaubt."],
        ),
        ("sector", "Bau\x07", "Bitte verwenden Sie keine Steuerzeichen."),
        ("employees", "9" * 40, TOO_BIG),
        (
            "apprentices",
            "<script>",
            "Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3.",
        ),
        ("postcode", "4565\n7", POSTCODE_MALFORMED),
        ("website", "https://example.com/\x01x", "Bitte verwenden Sie keine Steuerzeichen."),
        (
            "company_name",
            "!!! & ---",
            "Der Name muss mindestens einen Buchstaben oder eine Ziffer enthalten.",
        ),
        (
            "heard_about",
            "hacker",
            "Bitte wählen Sie aus der Liste, wie Sie auf Digiscouts aufmerksam geworden sind.",
        ),
        ("municipality", "Bochum", "Bitte wählen Sie eine Kommune aus der Liste."),
    ],
)
def test_application_form_hostile_input_is_refused_without_storing(client, field, value, message):
    round_ = open_round()

    response = client.post(application_form_url(round_), application_form_data(**{field: value}))

    assert field_errors(response) == {field: message if isinstance(message, list) else [message]}
    assert Application.objects.count() == 0


def test_application_form_postcode_with_a_trailing_line_break_is_stored_without_it(client):
    round_ = open_round()

    response = client.post(application_form_url(round_), application_form_data(postcode="45657\n"))

    assert response["Location"] == submitted_url(round_)
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

    response = client.post(
        application_form_url(round_), application_form_data(company_name=company_name)
    )

    application = Application.objects.get()
    assert response["Location"] == submitted_url(round_)
    assert (application.company_name, application.normalised_company_name) == (
        company_name,
        normalised,
    )


def test_application_form_malformed_number_is_a_field_error_not_a_reason(client):
    round_ = open_round()

    response = client.post(application_form_url(round_), application_form_data(employees="abc"))

    assert field_errors(response) == {
        "employees": ["Bitte geben Sie die Zahl der Beschäftigten als ganze Zahl an, z. B. 45."]
    }
    assert response.context["form"].eligibility_reasons == []
    assert (
        '<li><a href="#id_employees">Bitte geben Sie die Zahl der Beschäftigten als ganze Zahl '
        "an, z. B. 45.</a></li>"
    ) in response.content.decode()


def test_application_form_missing_answers_are_not_reasons_of_ineligibility(client):
    round_ = open_round()

    blank = client.post(
        application_form_url(round_), application_form_data(employees="", apprentices="")
    )
    too_big = client.post(application_form_url(round_), application_form_data(employees="500"))

    assert blank.context["form"].eligibility_reasons == []
    assert field_errors(blank)["employees"] == ["Bitte geben Sie die Zahl der Beschäftigten an."]
    assert too_big.context["form"].eligibility_reasons == [TOO_BIG]
    assert f'<li><a href="#id_employees">{TOO_BIG}</a></li>' in too_big.content.decode()


# --- duplicates ------------------------------------------------------------------------------

# Pairs of answers that are one company or one address: case, Unicode case folding
# (Kelvin sign, dotted capital I), compatibility forms (full-width letters).
DUPLICATE_PAIRS = [
    ({"contact_email": "kontakt@firma.de"}, {"contact_email": "KONTAKT@FIRMA.DE"}),
    ({"contact_email": "kontakt@firma.de"}, {"contact_email": "\u212aontakt@firma.de"}),
    ({"contact_email": "info@firma.de"}, {"contact_email": "\u0130nfo@firma.de"}),
    ({"contact_email": "kontakt@firma.de"}, {"contact_email": "kontakt@\uff46irma.de"}),
    ({"company_name": "Straße Bau GmbH"}, {"company_name": "STRASSE BAU GMBH"}),
    (
        {"company_name": "Müller GmbH"},
        {"company_name": "\uff2d\u00fc\uff4c\uff4c\uff45\uff52 GmbH"},
    ),
    ({"company_name": "Kaiser KG"}, {"company_name": "\u212aaiser K.G."}),
]


@pytest.mark.parametrize(("first", "second"), DUPLICATE_PAIRS)
def test_application_form_variant_of_an_applied_company_or_address_is_a_duplicate(
    client, first, second
):
    round_ = open_round()
    other = {"company_name": "Ganz Andere AG", "contact_email": "andere@beispiel.de"}
    client.post(application_form_url(round_), application_form_data(**first))

    response = client.post(application_form_url(round_), application_form_data(**other | second))

    assert (response.status_code, response["Location"]) == (302, submitted_url(round_))
    assert Application.objects.count() == 1


def test_application_form_thank_you_page_shows_the_address_once(client):
    round_ = open_round()
    client.post(application_form_url(round_), application_form_data())

    first = client.get(submitted_url(round_))
    again = client.get(submitted_url(round_))

    assert "j.mueller@mueller-soehne.de" in main_content(first)
    assert "j.mueller@mueller-soehne.de" not in main_content(again)
    assert "j.mueller@mueller-soehne.de" not in str(dict(client.session))


def test_application_form_second_attempt_gets_the_usual_page_and_the_link_by_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    client.post(application_form_url(round_), application_form_data())
    existing = Application.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            application_form_url(round_),
            application_form_data(
                company_name="MÜLLER & SÖHNE GMBH", contact_email="neu@example.de"
            ),
            follow=True,
        )

    html = main_content(response)
    assert response.redirect_chain == [(submitted_url(round_), 302)]
    assert "<h1>Vielen Dank für Ihre Bewerbung</h1>" in html
    assert "j.mueller@mueller-soehne.de" not in html
    assert existing.reference not in html
    (mail,) = mailoutbox
    assert mail.to == ["j.mueller@mueller-soehne.de"]
    assert application_token(existing) in mail.body
    assert (
        f"Es liegt bereits die Bewerbung {existing.reference} zu dieser Runde vor; die neue "
        "Bewerbung wurde nicht gespeichert."
    ) in " ".join(mail.body.split())
    assert Application.objects.count() == 1


def test_application_form_repeated_duplicates_resend_the_link_once_an_hour(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    client.post(application_form_url(round_), application_form_data())
    duplicate = application_form_data(contact_email="neu@example.de")

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(application_form_url(round_), duplicate) for _ in range(3)]

    assert [r["Location"] for r in responses] == [submitted_url(round_)] * 3
    assert [m.to for m in mailoutbox] == [["j.mueller@mueller-soehne.de"]]


# --- window, round, abuse ---------------------------------------------------------------------


def round_with_window(start, end):
    today = timezone.localdate()
    return open_round(
        application_start=today + timedelta(days=start),
        application_end=today + timedelta(days=end),
    )


@pytest.mark.parametrize(("start", "end"), [(0, 0), (-5, 0)])
def test_application_form_open_on_the_first_and_last_day(client, start, end):
    round_ = round_with_window(start, end)

    page = client.get(application_form_url(round_))
    post = client.post(application_form_url(round_), application_form_data())

    assert page.templates[0].name == "applications/form.html"
    assert post["Location"] == submitted_url(round_)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (1, 5, "Die Bewerbung ist noch nicht geöffnet."),
        (-5, -1, "Die Bewerbungsphase ist abgeschlossen."),
    ],
)
def test_application_form_outside_the_window_says_so_and_stores_nothing(
    client, start, end, message
):
    round_ = round_with_window(start, end)

    page = client.get(application_form_url(round_))
    post = client.post(application_form_url(round_), application_form_data())

    for response in (page, post):
        assert response.templates[0].name == "applications/not_open.html"
        assert message in text_of(main_content(response))
    assert Application.objects.count() == 0


def test_application_form_unknown_or_unpublished_round_is_not_found(client):
    hidden = open_round(is_published=False)

    assert client.get(application_form_url(hidden)).status_code == 404
    assert client.get("/bewerbung/gibt-es-nicht/formular/").status_code == 404
