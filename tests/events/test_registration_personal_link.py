"""The personal link of a registration: the status page and the company's cancel."""

import pytest
from django.urls import reverse

from events.choices import RegistrationStatus
from events.links import registration_token
from events.models import Registration
from tests.factories import RegistrationFactory, open_event
from tests.helpers import main_content

from .helpers import register

pytestmark = pytest.mark.django_db


def personal_urls(registration):
    """The manage and cancel URLs of a registration's personal link."""
    token = registration_token(registration)
    return (
        reverse("registrations:manage", kwargs={"token": token}),
        reverse("registrations:cancel", kwargs={"token": token}),
    )


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


@pytest.mark.parametrize("page", ["registrations:manage", "registrations:cancel"])
def test_registration_personal_link_tampered_and_unknown_look_the_same(client, page):
    registration = RegistrationFactory(company="Geheim GmbH")
    unknown = RegistrationFactory()
    unknown_token = registration_token(unknown)
    unknown.delete()
    token = registration_token(registration)
    tampered_token = token[:-1] + ("A" if token[-1] != "A" else "B")

    tampered = client.get(reverse(page, kwargs={"token": tampered_token}))
    gone = client.get(reverse(page, kwargs={"token": unknown_token}))

    assert (tampered.status_code, gone.status_code) == (404, 404)
    assert main_content(tampered) == main_content(gone)
    assert "<h1>Dieser Link ist ungültig</h1>" in main_content(gone)
    assert "Geheim GmbH" not in main_content(tampered)


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
    assert (
        "Ihre Anmeldung ist storniert. Ihr Platz ist an die nächste Person auf der Warteliste "
        "gegangen."
    ) in html
    assert "Status: Diese Anmeldung wurde am " in html
    assert cancel_url not in html
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]
    assert [m.to for m in mailoutbox] == [["erika@example.org"], ["next@example.org"]]
