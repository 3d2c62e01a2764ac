"""The one POST sequence of both public forms: CSRF, submission limit, honeypot."""

from dataclasses import dataclass

import pytest
from django.test import Client

from applications.models import Application
from events.models import Registration
from tests.events.helpers import form_data as registration_form_data
from tests.factories import application_form_data, open_event, open_round
from tests.helpers import application_form_url, main_content, registration_form_url

pytestmark = pytest.mark.django_db


@dataclass
class PublicForm:
    url: str
    model: type
    email_field: str
    data_for: object

    def data(self, n=0, **overrides):
        return self.data_for(
            **{self.email_field: f"person{n}@example.org", "company_name": f"Firma {n}"} | overrides
        )


@pytest.fixture(params=["registration", "application"])
def public_form(request):
    if request.param == "registration":
        return PublicForm(
            registration_form_url(open_event()),
            Registration,
            "email",
            lambda company_name, **rest: registration_form_data(company=company_name, **rest),
        )
    return PublicForm(
        application_form_url(open_round()), Application, "contact_email", application_form_data
    )


def test_public_form_without_csrf_token_is_refused_in_german(public_form):
    response = Client(enforce_csrf_checks=True).post(public_form.url, public_form.data())

    assert response.status_code == 403
    assert "<h1>Formular abgelaufen</h1>" in response.content.decode()
    assert public_form.model.objects.count() == 0


def test_public_form_renders_one_csrf_token(client, public_form):
    response = client.get(public_form.url)

    assert response.content.decode().count('name="csrfmiddlewaretoken"') == 1


def test_public_form_over_the_submission_limit_answers_429_with_the_form_kept(
    client, settings, public_form
):
    settings.SUBMISSION_LIMIT = 2
    for n in range(2):
        client.post(public_form.url, public_form.data(n))

    response = client.post(public_form.url, public_form.data(3))

    html = main_content(response)
    assert response.status_code == 429
    assert '<h2 class="h5">Zu viele Anfragen</h2>' in html
    assert "Ihre Angaben sind unten erhalten." in html
    assert 'E-Mail <a href="mailto:j.ausderwiesche@kreis-re.de">' in html
    assert 'value="person3@example.org"' in html
    assert public_form.model.objects.count() == 2


def test_public_form_submission_limit_ignores_invalid_attempts(client, settings, public_form):
    settings.SUBMISSION_LIMIT = 1
    invalid = public_form.data(**{public_form.email_field: "kein-at-zeichen"})
    for _ in range(3):
        assert client.post(public_form.url, invalid).status_code == 200

    response = client.post(public_form.url, public_form.data())

    assert response.status_code == 302
    assert public_form.model.objects.count() == 1


def test_public_form_submission_limit_counts_honeypot_hits(client, settings, public_form):
    settings.SUBMISSION_LIMIT = 1
    client.post(public_form.url, public_form.data(website_url="http://spam.example"))

    response = client.post(public_form.url, public_form.data())

    assert response.status_code == 429
    assert public_form.model.objects.count() == 0


def test_public_form_honeypot_filled_keeps_the_input_and_empties_the_trap(
    client, mailoutbox, public_form
):
    response = client.post(public_form.url, public_form.data(website_url="http://spam.example"))

    form = response.context["form"]
    assert form.non_field_errors() == [
        "Ihre Angaben konnten nicht verarbeitet werden. Bitte versuchen Sie es erneut."
    ]
    assert (form[public_form.email_field].value(), form["website_url"].value()) == (
        "person0@example.org",
        "",
    )
    assert public_form.model.objects.count() == 0
    assert mailoutbox == []
