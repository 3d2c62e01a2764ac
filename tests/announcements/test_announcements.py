"""Announcements: staff write to exactly the chosen audience, see it first, then send."""

import pytest
from django.urls import reverse

from announcements.choices import Audience
from announcements.models import Announcement
from announcements.selectors import announcement_recipients
from applications.choices import ApplicationStatus
from digiscouts.outbox import emails_for
from events.choices import RegistrationStatus
from tests.factories import ApplicationFactory, RegistrationFactory, open_event
from tests.factories.applications import staff_member
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:announcements_announcement_add")

S, R = ApplicationStatus, RegistrationStatus


@pytest.fixture
def audience():
    """An event with every kind of registration, and applications in every status."""
    event = open_event(capacity=2)
    round_ = event.round
    other = open_event(round=round_)
    registrations = {
        "confirmed": RegistrationFactory(event=event, email="bestaetigt@a.de"),
        "waitlisted": RegistrationFactory(event=event, email="wartet@a.de", status=R.WAITLISTED),
        "cancelled": RegistrationFactory(event=event, email="storniert@a.de", status=R.CANCELLED),
        "other_event": RegistrationFactory(event=other, email="anderer@a.de"),
    }
    applications = {
        status: ApplicationFactory(round=round_, status=status, contact_email=f"{status}@firma.de")
        for status in (S.SUBMITTED, S.SELECTED, S.REJECTED)
    }
    ApplicationFactory(status=S.SELECTED, contact_email="andere-runde@firma.de")
    return event, registrations, applications


def emails(recipients):
    return [recipient.email for recipient in recipients]


@pytest.mark.parametrize(
    ("chosen", "status", "expected"),
    [
        (Audience.EVENT_CONFIRMED, "", ["bestaetigt@a.de"]),
        (Audience.EVENT_WAITLISTED, "", ["wartet@a.de"]),
        (Audience.APPLICANTS, S.REJECTED, ["rejected@firma.de"]),
        (Audience.SELECTED, "", ["selected@firma.de"]),
    ],
)
def test_announcement_recipients_are_exactly_the_chosen_audience(
    audience, chosen, status, expected
):
    event, _registrations, _applications = audience

    recipients = announcement_recipients(
        round_=event.round, audience=chosen, event=event, application_status=status
    )

    assert emails(recipients) == expected


def compose(event_, **overrides):
    return {
        "round": str(event_.round.pk),
        "audience": Audience.EVENT_CONFIRMED,
        "event": str(event_.pk),
        "application_status": "",
        "subject": "Raumänderung zur Infoveranstaltung",
        "body": "die Infoveranstaltung findet in Raum 2.14 statt.\nBis bald!",
        **overrides,
    }


def test_announcement_preview_shows_recipients_and_the_mail_and_sends_nothing(
    staff_client, audience, mailoutbox
):
    event, registrations, _applications = audience

    response = staff_client.post(ADD_URL, compose(event, preview="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["preview"]["recipients"][0].email == "bestaetigt@a.de"
    assert f"{registrations['confirmed'].full_name} &lt;bestaetigt@a.de&gt;" in html
    assert "die Infoveranstaltung findet in Raum 2.14 statt." in html
    assert 'value="Jetzt an 1 Empfänger senden"' in html
    assert (Announcement.objects.count(), mailoutbox) == (0, [])


def test_announcement_send_after_preview_queues_one_mail_per_recipient_and_records_it(
    staff_client, audience, mailoutbox, django_capture_on_commit_callbacks
):
    event, registrations, _applications = audience
    preview = staff_client.post(ADD_URL, compose(event, preview="1"))
    fingerprint = preview.context["preview"]["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADD_URL, compose(event, send="1", fingerprint=fingerprint), follow=True
        )

    announcement = Announcement.objects.get()
    (mail,) = mailoutbox
    assert messages_of(response) == [
        "Die Mitteilung „Raumänderung zur Infoveranstaltung“ geht an 1 Empfänger."
    ]
    assert (announcement.recipient_count, announcement.sent_by.username) == (1, "sachbearbeitung")
    assert (mail.to, mail.subject) == (["bestaetigt@a.de"], "Raumänderung zur Infoveranstaltung")
    assert mail.message()["Reply-To"] == event.round.contact_email
    assert f"Guten Tag {registrations['confirmed'].full_name}," in mail.body
    assert [e.subject for e in emails_for(registrations["confirmed"])] == [
        "Raumänderung zur Infoveranstaltung"
    ]


def test_announcement_send_with_text_changed_since_the_preview_sends_nothing(
    staff_client, audience, mailoutbox
):
    event, _registrations, _applications = audience
    preview = staff_client.post(ADD_URL, compose(event, preview="1"))
    fingerprint = preview.context["preview"]["fingerprint"]

    response = staff_client.post(
        ADD_URL, compose(event, body="Anderer Text", send="1", fingerprint=fingerprint)
    )

    assert messages_of(response) == [
        "Text oder Empfänger haben sich seit der Vorschau geändert. Bitte prüfen Sie die "
        "Vorschau und senden Sie dann."
    ]
    assert (Announcement.objects.count(), mailoutbox) == (0, [])


def test_announcement_form_errors_are_german_next_to_the_field(staff_client, audience):
    event, _registrations, _applications = audience
    foreign_event = open_event()

    responses = [
        staff_client.post(ADD_URL, compose(event, event="", preview="1")),
        staff_client.post(ADD_URL, compose(event, event=str(foreign_event.pk), preview="1")),
        staff_client.post(ADD_URL, compose(event, audience=Audience.APPLICANTS, preview="1")),
    ]

    assert [dict(r.context["form"].errors) for r in responses] == [
        {"event": ["Bitte wählen Sie den Termin, dessen Anmeldungen die Mitteilung erhalten."]},
        {"event": ["Dieser Termin gehört nicht zur gewählten Programmrunde."]},
        {
            "application_status": [
                "Bitte wählen Sie den Status der Bewerbungen, die die Mitteilung erhalten."
            ]
        },
    ]
    assert 'value="Raumänderung zur Infoveranstaltung"' in responses[0].content.decode()


def test_announcement_audience_without_recipients_offers_no_send_button(staff_client):
    event = open_event()

    response = staff_client.post(ADD_URL, compose(event, preview="1"))

    html = response.content.decode()
    assert "Diese Auswahl erreicht niemanden." in html
    assert 'name="send"' not in html


def test_announcement_pages_for_plain_staff_and_anonymous(client, audience):
    anonymous = client.get(ADD_URL)
    client.force_login(staff_member("ohne-gruppe", in_group=False))
    plain = client.get(ADD_URL)

    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (
        302,
        "/verwaltung/login/",
    )
    assert plain.status_code == 403


def test_announcement_list_shows_the_record_read_only(staff_client, audience):
    event, _registrations, _applications = audience
    preview = staff_client.post(ADD_URL, compose(event, preview="1"))
    staff_client.post(
        ADD_URL, compose(event, send="1", fingerprint=preview.context["preview"]["fingerprint"])
    )
    announcement = Announcement.objects.get()

    listing = staff_client.get(reverse("admin:announcements_announcement_changelist"))
    change = staff_client.post(
        reverse("admin:announcements_announcement_change", args=[announcement.pk]),
        {"subject": "geändert"},
    )

    assert "Raumänderung zur Infoveranstaltung" in listing.content.decode()
    assert change.status_code == 403
    announcement.refresh_from_db()
    assert announcement.subject == "Raumänderung zur Infoveranstaltung"
