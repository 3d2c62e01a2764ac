"""The public registration form: fields, errors, window, duplicates, abuse."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import Registration
from tests.factories import RegistrationFactory, berlin, open_event
from tests.helpers import field_errors, main_content, text_of
from tests.helpers import registration_form_url as form_url

from .helpers import form_data, personal_link, register

pytestmark = pytest.mark.django_db


def test_registration_form_get_shows_the_form_with_municipalities_and_free_seats(client):
    event = open_event(capacity=40)

    response = client.get(form_url(event))

    form = response.context["form"]
    assert response.status_code == 200
    assert [value for value, _ in form.fields["municipality"].choices] == [
        "",
        "Castrop-Rauxel",
        "Datteln",
        "Dorsten",
        "Gladbeck",
        "Haltern am See",
        "Herten",
        "Marl",
        "Oer-Erkenschwick",
        "Recklinghausen",
        "Waltrop",
        "andere",
    ]
    assert "Es sind noch 40 Plätze frei." in response.content.decode()
    assert f'<a href="{reverse("datenschutz")}">Datenschutzerklärung</a>' in (
        response.content.decode()
    )


def test_registration_form_post_valid_confirms_and_redirects_to_the_thank_you_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=40)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(event), form_data(phone="02361 123"), follow=True)

    registration = Registration.objects.get()
    assert response.redirect_chain == [
        (reverse("events:registration_done", args=[event.round.slug, event.pk]), 302)
    ]
    assert (
        "Eine E-Mail mit allen Einzelheiten und Ihrem persönlichen Link ist an erika@example.org "
        "unterwegs."
    ) in text_of(main_content(response))
    assert (registration.status, registration.phone, registration.email) == (
        RegistrationStatus.CONFIRMED,
        "02361 123",
        "erika@example.org",
    )
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    assert "Ihr Platz bei „Infoveranstaltung Digiscouts“ ist bestätigt." in mailoutbox[0].body


def test_registration_form_more_persons_than_the_capacity_is_a_field_error(client):
    event = open_event(capacity=2)

    response = client.post(form_url(event), form_data(persons="3"))

    assert field_errors(response) == {
        "persons": ["Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."]
    }
    assert response.context["form"]["company"].value() == "Muster GmbH"
    assert Registration.objects.count() == 0


def test_registration_form_post_to_a_full_event_mails_the_waiting_list_place(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    register(event, "first@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(event), form_data(), follow=True)

    (mail,) = mailoutbox
    assert Registration.objects.get(email="erika@example.org").status == "waitlisted"
    assert "Platz 1" not in main_content(response)
    assert "Sie stehen auf der Warteliste auf Platz 1." in mail.body


def test_registration_form_post_empty_shows_german_errors_next_to_each_field(client):
    event = open_event()

    response = client.post(form_url(event), {"persons": "1"})

    assert response.status_code == 200
    assert field_errors(response) == {
        "company": ["Bitte geben Sie den Namen Ihres Unternehmens an."],
        "first_name": ["Bitte geben Sie Ihren Vornamen an."],
        "last_name": ["Bitte geben Sie Ihren Nachnamen an."],
        "function": ["Bitte geben Sie Ihre Funktion im Unternehmen an."],
        "email": ["Bitte geben Sie Ihre E-Mail-Adresse an."],
        "municipality": ["Bitte wählen Sie die Kommune Ihres Unternehmens."],
        "consent": [
            "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und der "
            "Verarbeitung Ihrer Angaben zustimmen; sonst können wir Sie nicht anmelden."
        ],
    }
    html = response.content.decode()
    assert 'aria-describedby="id_company_error"' in html
    assert '<div id="id_company_error" class="invalid-feedback">' in html
    assert Registration.objects.count() == 0


def test_registration_form_post_invalid_keeps_what_the_user_typed(client):
    event = open_event()

    response = client.post(form_url(event), form_data(email="kein-at-zeichen", company="Müller KG"))

    assert field_errors(response) == {
        "email": ["Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."]
    }
    html = response.content.decode()
    assert 'value="Müller KG"' in html
    assert 'value="kein-at-zeichen"' in html


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("company", "A" * 201, "Bitte höchstens 200 Zeichen eingeben (jetzt: 201)."),
        ("remark", "x" * 1001, "Bitte höchstens 1000 Zeichen eingeben (jetzt: 1001)."),
        ("company", "Muster\x00GmbH", "Nullzeichen sind nicht erlaubt."),
        ("last_name", "Muster\x07mann", "Bitte verwenden Sie keine Steuerzeichen."),
        (
            "remark",
            "<script>alert(1)</script>",
            "Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein.",
        ),
        ("email", "a" * 250 + "@example.org", "Bitte höchstens 254 Zeichen eingeben."),
        ("persons", "4", "Bitte wählen Sie 1, 2 oder 3 Personen."),
        ("municipality", "Bochum", "Bitte wählen Sie eine Kommune aus der Liste."),
    ],
)
def test_registration_form_post_refuses_bad_input_without_storing(client, field, value, error):
    event = open_event()

    response = client.post(form_url(event), form_data(**{field: value}))

    assert response.status_code == 200
    assert field_errors(response)[field][-1] == error
    assert Registration.objects.count() == 0


def test_registration_form_post_other_municipality_is_stored_as_andere(client):
    event = open_event()

    client.post(form_url(event), form_data(municipality="andere"))

    assert Registration.objects.get().municipality == Registration.OTHER_MUNICIPALITY


def test_registration_form_post_with_a_registered_address_shows_the_usual_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()
    first = RegistrationFactory(event=event, email="erika@example.org", company="Erste GmbH")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(event), form_data(email="Erika@Example.org", company="Zweite AG"), follow=True
        )

    main = main_content(response)
    assert response.redirect_chain == [
        (reverse("events:registration_done", args=[event.round.slug, event.pk]), 302)
    ]
    assert "<h1>Vielen Dank für Ihre Anmeldung</h1>" in main
    assert "bereits" not in main
    assert "Erste GmbH" not in main
    assert [m.subject for m in mailoutbox] == [
        "Ihr persönlicher Link: Infoveranstaltung Digiscouts"
    ]
    assert personal_link(mailoutbox[0])[1] == first
    assert "Sie sind bereits angemeldet; an Ihrer Anmeldung hat sich nichts geändert." in (
        " ".join(mailoutbox[0].body.split())
    )


def test_registration_form_before_opening_says_when_it_opens(client):
    year = timezone.localdate().year + 1
    event = open_event(days=800)
    event.registration_opens_at = berlin(year, 3, 1, 9, 30)
    event.save()

    response = client.post(form_url(event), form_data())

    html = response.content.decode()
    assert response.context["form"] is None
    assert f"Die Anmeldung ist ab dem 1. März {year}, 09:30 Uhr möglich." in html
    assert Registration.objects.count() == 0


def test_registration_form_after_the_deadline_says_it_is_closed(client):
    event = open_event()
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()

    response = client.get(form_url(event))

    assert response.context["form"] is None
    assert "Die Anmeldung für diesen Termin ist geschlossen." in response.content.decode()


@pytest.mark.parametrize("change", [{"capacity": None}, {"registration_opens_at": None}])
def test_registration_form_of_an_event_without_registration_is_404(client, change):
    event = open_event()
    for name, value in change.items():
        setattr(event, name, value)
    event.save()

    response = client.get(form_url(event))

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in main_content(response)


def test_registration_form_of_an_unpublished_round_is_404(client):
    event = open_event()
    event.round.is_published = False
    event.round.save()

    response = client.get(form_url(event))

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in main_content(response)


def test_registration_form_works_for_the_closing_event_too(client):
    event = open_event(kind="closing", title="Abschlussveranstaltung")

    response = client.post(form_url(event), form_data(), follow=True)

    assert "<h1>Vielen Dank für Ihre Anmeldung</h1>" in main_content(response)
    assert Registration.objects.get().event == event


def test_registration_done_without_a_registration_in_the_session_redirects_to_the_form(client):
    event = open_event()

    response = client.get(reverse("events:registration_done", args=[event.round.slug, event.pk]))

    assert (response.status_code, response["Location"]) == (302, form_url(event))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("info@example.org", "\u0130nfo@example.org"),  # İ, dotted capital I
        ("kontakt@example.org", "\u212aontakt@example.org"),  # K, Kelvin sign
        ("strasse@example.org", "STRASSE@EXAMPLE.ORG"),
    ],
    ids=["dotted-capital-i", "kelvin-sign", "upper-case"],
)
def test_registration_form_post_with_a_case_folded_variant_is_a_duplicate(client, first, second):
    event = open_event()
    client.post(form_url(event), form_data(email=first))

    response = client.post(form_url(event), form_data(email=second))

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("events:registration_done", args=[event.round.slug, event.pk]),
    )
    assert list(Registration.objects.values_list("email", flat=True)) == [first]
