"""The public registration pages: form, errors, window, duplicates, abuse, personal link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.choices import RegistrationStatus
from events.links import registration_token
from events.models import Registration
from tests.factories import RegistrationFactory, berlin, open_event

from .helpers import form_data, personal_link, register

pytestmark = pytest.mark.django_db


def form_url(event):
    return reverse("events:registration_form", kwargs={"slug": event.round.slug, "pk": event.pk})


def personal_urls(registration):
    """The manage and cancel URLs of a registration's personal link."""
    token = registration_token(registration)
    return (
        reverse("registrations:manage", kwargs={"token": token}),
        reverse("registrations:cancel", kwargs={"token": token}),
    )


def field_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def main_content(response):
    """The page's <main> element: what the page says, without the site's navigation."""
    (main,) = re.findall(r"<main\b.*?</main>", response.content.decode(), flags=re.DOTALL)
    return main


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
    assert "Ihre Anmeldung zu „Infoveranstaltung Digiscouts“ ist bestätigt." in (
        response.content.decode()
    )
    assert (registration.status, registration.phone, registration.email) == (
        RegistrationStatus.CONFIRMED,
        "02361 123",
        "erika@example.org",
    )
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]


def test_registration_form_renders_one_csrf_token(client):
    response = client.get(form_url(open_event()))

    assert response.content.decode().count('name="csrfmiddlewaretoken"') == 1


def test_registration_form_more_persons_than_the_capacity_is_a_field_error(client):
    event = open_event(capacity=2)

    response = client.post(form_url(event), form_data(persons="3"))

    assert field_errors(response) == {
        "persons": ["Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."]
    }
    assert response.context["form"]["company"].value() == "Muster GmbH"
    assert Registration.objects.count() == 0


def test_registration_form_post_to_a_full_event_shows_the_waiting_list_place(client):
    event = open_event(capacity=1)
    register(event, "first@example.org")

    response = client.post(form_url(event), form_data(), follow=True)

    assert Registration.objects.get(email="erika@example.org").status == "waitlisted"
    assert "Sie stehen auf der Warteliste auf Platz 1." in response.content.decode()


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
            "Bitte stimmen Sie der Verarbeitung Ihrer Daten zu, damit wir Sie anmelden können."
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
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@firma.de."]
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


def test_registration_form_post_with_a_registered_address_shows_the_friendly_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()
    first = RegistrationFactory(event=event, email="erika@example.org", company="Erste GmbH")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(event), form_data(email="Erika@Example.org", company="Zweite AG"), follow=True
        )

    html = response.content.decode()
    assert response.redirect_chain == [
        (reverse("events:registration_duplicate", args=[event.round.slug, event.pk]), 302)
    ]
    assert "Sie sind bereits angemeldet" in html
    assert "Erste GmbH" not in html
    assert "Erika" not in html.split("<main", 1)[1]
    assert [m.subject for m in mailoutbox] == [
        "Ihr persönlicher Link: Infoveranstaltung Digiscouts"
    ]
    assert personal_link(mailoutbox[0])[1] == first


def test_registration_form_honeypot_filled_stores_nothing_and_keeps_the_input(client, mailoutbox):
    event = open_event()

    response = client.post(form_url(event), form_data(website_url="http://spam.example"))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.non_field_errors() == [
        "Ihre Angaben konnten nicht verarbeitet werden. Bitte versuchen Sie es erneut."
    ]
    assert (form["company"].value(), form["website_url"].value()) == ("Muster GmbH", "")
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_registration_form_too_many_submissions_answers_429_in_german(client, settings):
    settings.SUBMISSION_LIMIT = 2
    event = open_event()
    for n in range(2):
        client.post(form_url(event), form_data(email=f"person{n}@example.org"))

    response = client.post(form_url(event), form_data(email="third@example.org"))

    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert Registration.objects.count() == 2


def test_registration_form_submission_limit_ignores_invalid_attempts(client, settings):
    settings.SUBMISSION_LIMIT = 1
    event = open_event()
    for _ in range(3):
        client.post(form_url(event), form_data(persons="abc"))

    response = client.post(form_url(event), form_data())

    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_registration_form_post_without_csrf_token_is_refused(settings):
    from django.test import Client

    event = open_event()

    response = Client(enforce_csrf_checks=True).post(form_url(event), form_data())

    assert response.status_code == 403
    assert Registration.objects.count() == 0


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

    assert client.get(form_url(event)).status_code == 404


def test_registration_form_of_an_unpublished_round_is_404(client):
    event = open_event()
    event.round.is_published = False
    event.round.save()

    assert client.get(form_url(event)).status_code == 404


def test_registration_form_works_for_the_closing_event_too(client):
    event = open_event(kind="closing", title="Abschlussveranstaltung")

    response = client.post(form_url(event), form_data(), follow=True)

    assert "Ihre Anmeldung zu „Abschlussveranstaltung“ ist bestätigt." in (
        response.content.decode()
    )


def test_registration_done_without_a_registration_in_the_session_redirects_to_the_form(client):
    event = open_event()

    response = client.get(reverse("events:registration_done", args=[event.round.slug, event.pk]))

    assert (response.status_code, response["Location"]) == (302, form_url(event))


def test_registration_manage_shows_data_and_status(client):
    event = open_event(capacity=1)
    register(event, "first@example.org")
    registration = register(event, "erika@example.org", company="Müller & Söhne").registration

    manage_url, cancel_url = personal_urls(registration)

    response = client.get(manage_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "Status: Sie stehen auf der Warteliste auf Platz 1." in html
    assert "Müller &amp; Söhne" in html
    assert f'href="{cancel_url}"' in html


@pytest.mark.parametrize(
    "make_token",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(":", "x", 1),
        lambda token: "1",
        lambda token: token + "1",
    ],
    ids=["signature", "payload", "short", "appended"],
)
def test_registration_manage_with_a_tampered_token_shows_a_german_error(client, make_token):
    registration = RegistrationFactory(company="Geheim GmbH")
    token = make_token(registration_token(registration))

    for url in (f"/anmeldung/{token}/", f"/anmeldung/{token}/stornieren/"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 404
        assert "Dieser Link ist ungültig" in html
        assert "Geheim GmbH" not in html


def test_registration_manage_tampered_and_unknown_tokens_look_the_same(client):
    registration = RegistrationFactory()
    unknown = RegistrationFactory()
    unknown_token = registration_token(unknown)
    unknown.delete()
    token = registration_token(registration)

    tampered_token = token[:-1] + ("A" if token[-1] != "A" else "B")
    tampered = client.get(f"/anmeldung/{tampered_token}/")
    gone = client.get(f"/anmeldung/{unknown_token}/")

    assert (tampered.status_code, main_content(tampered)) == (404, main_content(gone))
    assert gone.status_code == 404
    assert "Dieser Link ist ungültig" in main_content(gone)


def test_registration_cancel_get_asks_and_changes_nothing(client):
    registration = register(open_event(), "erika@example.org").registration

    response = client.get(personal_urls(registration)[1])

    assert "Möchten Sie Ihre Anmeldung zu „Infoveranstaltung Digiscouts“" in (
        response.content.decode()
    )
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_registration_cancel_post_cancels_and_moves_the_waiting_list(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    registration = register(event, "erika@example.org").registration
    register(event, "next@example.org")
    manage_url, cancel_url = personal_urls(registration)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(manage_url, 302)]
    assert "Ihre Anmeldung ist storniert. Ihr Platz wird frei." in html
    assert "Status: Diese Anmeldung wurde am " in html
    assert cancel_url not in html
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]
    assert [m.to for m in mailoutbox] == [["erika@example.org"], ["next@example.org"]]


def test_registration_cancel_after_the_event_started_is_not_offered(client):
    event = open_event(days=-1)
    registration = RegistrationFactory(event=event)
    manage_url, cancel_url = personal_urls(registration)

    response = client.post(cancel_url)

    assert (response.status_code, response["Location"]) == (302, manage_url)
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_timeline_event_shows_the_registration_button(client):
    event = open_event()

    response = client.get(event.round.get_absolute_url())

    assert f'href="{form_url(event)}"' in response.content.decode()


def test_home_shows_the_info_event_registration_button(client):
    event = open_event()

    response = client.get("/")

    html = response.content.decode()
    assert "Zur Infoveranstaltung anmelden" in html
    assert f'href="{form_url(event)}"' in html


@pytest.mark.parametrize("count", [1, 5])
def test_timeline_with_registration_buttons_has_a_fixed_query_count(
    client, django_assert_num_queries, count
):
    first = open_event()
    for _ in range(count - 1):
        open_event(round=first.round, kind="workshop")

    with django_assert_num_queries(5):
        response = client.get(first.round.get_absolute_url())

    assert response.content.decode().count(">Zur Anmeldung<") == count
