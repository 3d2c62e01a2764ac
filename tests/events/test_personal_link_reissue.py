"""Personal links of registrations: re-issued by staff, expired with the personal data,
and the same thank-you page whether an address was new or already registered."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from events.links import (
    TOKEN_SALT,
    registration_for_token,
    registration_link_invalidate,
    registration_token,
)
from events.models import Registration
from events.services import registration_link_reissue, registration_link_send
from tests.factories import open_event, staff_member
from tests.helpers import main_content, messages_of, registration_form_url, text_of

from .helpers import form_data, personal_link, register

pytestmark = pytest.mark.django_db

INVALID = "<h1>Dieser Link ist ungültig</h1>"


def manage_url(token):
    return reverse("registrations:manage", kwargs={"token": token})


def send_link_url(registration):
    return reverse("admin:events_registration_send_link", args=[registration.pk])


def opens(client, token):
    """The status code and heading of the personal page a token opens."""
    response = client.get(manage_url(token))
    html = main_content(response)
    return response.status_code, INVALID in html


def test_registration_link_reissue_stops_the_old_link_and_mails_a_new_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    clerk = staff_member()
    registration = register(open_event(), "erika@example.org").registration
    old = registration_token(registration)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_link_reissue(registration=registration, by=clerk)

    (mail,) = mailoutbox
    link, opened = personal_link(mail)
    (change,) = registration.changes.all()
    assert (opens(client, old), opens(client, link.split("/anmeldung/")[1][:-1])) == (
        (404, True),
        (200, False),
    )
    assert (opened, mail.to) == (registration, ["erika@example.org"])
    assert mail.subject == "Ihr neuer persönlicher Link: Infoveranstaltung Digiscouts"
    assert (
        "Sie erhalten einen neuen persönlichen Link zu Ihrer Anmeldung zu „Infoveranstaltung "
        "Digiscouts“. Der bisherige Link gilt nicht mehr; bitte verwenden Sie nur noch den Link "
        "in dieser E-Mail. Ihr Platz ist bestätigt."
    ) in " ".join(mail.body.split())
    assert (change.by, change.note, change.changes) == (
        clerk,
        "Neuen persönlichen Link an erika@example.org gesendet; der bisherige Link gilt nicht "
        "mehr.",
        {},
    )
    assert registration.link_secret not in change.note


def test_registration_link_send_keeps_the_old_link_working(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    old = registration_token(registration)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_link_send(registration=registration, by=staff_member())

    (mail,) = mailoutbox
    assert opens(client, old) == (200, False)
    assert personal_link(mail)[0] == f"http://127.0.0.1:8000{manage_url(old)}"
    assert "hier ist noch einmal Ihr persönlicher Link" in mail.body


def test_registration_link_expires_when_the_secret_is_renewed_or_cleared(client):
    # What the deletion of a round's personal data does to every link of the round.
    renewed = register(open_event(), "erika@example.org").registration
    cleared = register(open_event(), "max@example.org").registration
    tokens = [registration_token(renewed), registration_token(cleared)]

    registration_link_invalidate(renewed)
    renewed.save(update_fields=["link_secret"])
    Registration.objects.filter(pk=cleared.pk).update(link_secret="")

    assert [opens(client, token) for token in tokens] == [(404, True), (404, True)]
    assert registration_for_token(make_empty_secret_token(cleared)) is None


def make_empty_secret_token(registration):
    """A token signed for the record's empty secret: still no match (never opens)."""
    return signing.Signer(salt=TOKEN_SALT).sign(f"{registration.pk}.")


def test_registration_link_of_the_old_format_no_longer_opens(client):
    registration = register(open_event(), "erika@example.org").registration
    old_format = signing.Signer(salt=TOKEN_SALT).sign(str(registration.pk))

    assert opens(client, old_format) == (404, True)


def test_registration_admin_send_link_page_offers_send_and_reissue(staff_client):
    registration = register(open_event(), "erika@example.org").registration

    page = staff_client.get(send_link_url(registration))

    html = page.content.decode()
    assert 'value="Ja, Link jetzt senden"' in html
    assert (
        '<button type="submit" class="button" name="reissue" value="yes">Neuen Link senden</button>'
        in html
    )
    assert (
        "„Neuen Link senden“ stellt einen neuen Link aus: Der bisherige Link öffnet die "
        "Anmeldung dann nicht mehr"
    ) in text_of(html)


def test_registration_admin_reissue_makes_the_old_link_invalid(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    old = registration_token(registration)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(send_link_url(registration), {"reissue": "yes"}, follow=True)

    registration.refresh_from_db()
    assert messages_of(response) == [
        "Ein neuer persönlicher Link ist an erika@example.org unterwegs; der bisherige gilt "
        "nicht mehr."
    ]
    assert opens(Client(), old) == (404, True)
    assert personal_link(mailoutbox[0])[1] == registration


def test_registration_admin_plain_send_keeps_the_old_link(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    old = registration_token(registration)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(send_link_url(registration))

    assert opens(Client(), old) == (200, False)


# -- the page after a repeated registration reads as after a new one ------------------


def test_registration_done_page_is_the_same_for_a_new_and_a_repeated_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    register(event, "erste@example.org")  # the event is full: the next one waits
    mailoutbox.clear()
    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for company in ["Neu GmbH", "Wieder GmbH"]:
            response = Client().post(
                registration_form_url(event),
                form_data(email="erika@example.org", company=company),
                follow=True,
            )
            pages.append(main_content(response))

    new, repeated = mailoutbox
    assert pages[0] == pages[1]
    assert Registration.objects.filter(email="erika@example.org").count() == 1
    assert "Eine E-Mail mit allen Einzelheiten und Ihrem persönlichen Link ist an " in pages[0]
    assert [new.subject, repeated.subject] == [
        "Warteliste: Infoveranstaltung Digiscouts",
        "Ihr persönlicher Link: Infoveranstaltung Digiscouts",
    ]
    assert (
        "Sie sind bereits angemeldet; an Ihrer Anmeldung hat sich nichts geändert. Hier ist "
        "noch einmal Ihr persönlicher Link. Wenn Sie das nicht waren, können Sie diese E-Mail "
        "ignorieren. Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste auf Platz 1."
    ) in " ".join(repeated.body.split())


def test_registration_duplicate_address_is_told_only_to_the_stored_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()
    register(event, "erika@example.org", company="Erste GmbH")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            registration_form_url(event),
            form_data(email="ERIKA@example.org", company="Fremde AG"),
            follow=True,
        )

    html = main_content(response)
    assert ("Erste GmbH" in html, "bereits" in html) == (False, False)
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    assert "Ihr Platz ist bestätigt." in mailoutbox[0].body
