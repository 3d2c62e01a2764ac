"""The closing event's invitation: e-mailed to the active participants, each with its
personal link to register; the public form keeps an event for participants closed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from applications.links import application_token
from applications.services import ParticipationError, participants_invite
from events.choices import EventKind, RegistrationStatus
from events.models import Registration
from events.services import RegistrationClosedError, registration_create
from tests.factories import (
    ApplicationFactory,
    ParticipationFactory,
    RegistrationFactory,
    RoundFactory,
    open_event,
    staff_member,
)
from tests.helpers import main_content, messages_of, registration_form_url, text_of

pytestmark = pytest.mark.django_db

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
PARTICIPANTS_ONLY = (
    "Die Anmeldung ist den teilnehmenden Unternehmen vorbehalten; sie erhalten eine "
    "Einladung per E-Mail."
)


def closing_event(round_=None, **kwargs):
    """The round's closing event, open for registration, kept to participants."""
    defaults = {
        "kind": EventKind.CLOSING,
        "title": "Abschlussveranstaltung",
        "participants_only": True,
        "location": "Kreishaus Recklinghausen",
    }
    if round_ is not None:
        defaults["round"] = round_
    return open_event(capacity=40, days=20, **{**defaults, **kwargs})


def participant(round_, **kwargs):
    return ParticipationFactory(application__round=round_, **kwargs)


def invitation_url(application, event):
    return f"/bewerbung/status/{application_token(application)}/anmeldung/{event.pk}/"


def registration_data(**overrides):
    data = {
        "company": "Zeche Ewald GmbH",
        "first_name": "Erika",
        "last_name": "Muster",
        "function": "Ausbildungsleitung",
        "email": "erika@zeche-ewald.de",
        "phone": "",
        "municipality": "Herten",
        "persons": "2",
        "remark": "",
        "consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return data


def test_invite_mails_exactly_the_active_participants(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = closing_event()
    round_ = event.round
    first = participant(round_, application__contact_email="eins@firma.de")
    second = participant(round_, application__contact_email="zwei@firma.de")
    participant(
        round_,
        application__contact_email="raus@firma.de",
        application__status="withdrawn",
        ended_on=timezone.localdate(),
        end_kind="dropped_out",
    )
    participant(RoundFactory(), application__contact_email="andere-runde@firma.de")
    ApplicationFactory(
        round=round_, contact_email="nachruecker@firma.de", status="reserve", reserve_position=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = participants_invite(event=event, by=staff_member())

    assert sent == 2
    assert [mail.to for mail in mailoutbox] == [["eins@firma.de"], ["zwei@firma.de"]]
    date = timezone.localtime(event.starts_at)
    assert [mail.subject for mail in mailoutbox] == [
        f"Einladung: Abschlussveranstaltung am {date.day}. {_month(date)} {date.year}"
    ] * 2
    for mail, participation in zip(mailoutbox, (first, second), strict=True):
        link = settings.SITE_URL + invitation_url(participation.application, event)
        assert link in mail.body
        assert "Die Anmeldung ist den teilnehmenden Unternehmen vorbehalten." in mail.body


def _month(moment):
    return MONTHS[moment.month - 1]


def test_invite_leaves_out_firms_registered_already(mailoutbox, django_capture_on_commit_callbacks):
    event = closing_event()
    participant(event.round, application__contact_email="eins@firma.de")
    participant(event.round, application__contact_email="zwei@firma.de")
    RegistrationFactory(event=event, email="Eins@Firma.de")

    with django_capture_on_commit_callbacks(execute=True):
        sent = participants_invite(event=event, by=None)

    assert sent == 1
    assert [mail.to for mail in mailoutbox] == [["zwei@firma.de"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"cancelled_at": timezone.now()},
            "„Abschlussveranstaltung“ ist abgesagt; es werden keine Einladungen verschickt.",
        ),
        (
            {"registration_opens_at": None},
            "Für „Abschlussveranstaltung“ ist keine Anmeldung freigeschaltet. Tragen Sie die "
            "Zahl der Plätze und den Beginn der Anmeldung ein, dann können Sie einladen.",
        ),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Die Anmeldung zu „Abschlussveranstaltung“ ist geschlossen; Einladungen sind nicht "
            "mehr möglich.",
        ),
    ],
    ids=["cancelled", "no-registration", "closed"],
)
def test_invite_refused_for_an_event_without_open_registration(mailoutbox, change, message):
    event = closing_event()
    participant(event.round)
    for name, value in change.items():
        setattr(event, name, value)
    event.save()

    with pytest.raises(ParticipationError) as refused:
        participants_invite(event=event, by=None)

    assert (refused.value.message, refused.value.code) == (message, "not_invitable")
    assert mailoutbox == []


def test_invitation_link_shows_the_form_filled_in_from_the_application(client):
    event = closing_event()
    participation = participant(
        event.round,
        application__company_name="Zeche Ewald GmbH",
        application__contact_first_name="Erika",
        application__contact_last_name="Muster",
        application__contact_function="Ausbildungsleitung",
        application__contact_email="erika@zeche-ewald.de",
        application__contact_phone="02366 12345",
        application__municipality="Herten",
    )

    response = client.get(invitation_url(participation.application, event))

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "company": "Zeche Ewald GmbH",
        "first_name": "Erika",
        "last_name": "Muster",
        "function": "Ausbildungsleitung",
        "email": "erika@zeche-ewald.de",
        "phone": "02366 12345",
        "municipality": "Herten",
    }
    assert "<h1>Anmeldung: Abschlussveranstaltung</h1>" in main_content(response)


def test_invitation_link_registers_for_the_participants_only_event(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = closing_event()
    participation = participant(event.round)
    url = invitation_url(participation.application, event)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, registration_data(), follow=True)

    registration = Registration.objects.get(event=event)
    assert response.redirect_chain == [
        (f"/bewerbung/status/{application_token(participation.application)}/", 302)
    ]
    assert messages_of(response) == [
        "Vielen Dank für Ihre Anmeldung zu „Abschlussveranstaltung“. Eine E-Mail mit allen "
        "Einzelheiten und Ihrem persönlichen Link zur Anmeldung ist an erika@zeche-ewald.de "
        "unterwegs."
    ]
    assert (
        registration.company,
        registration.email,
        registration.persons,
        registration.status,
    ) == (
        "Zeche Ewald GmbH",
        "erika@zeche-ewald.de",
        2,
        RegistrationStatus.CONFIRMED,
    )
    assert [mail.to for mail in mailoutbox] == [["erika@zeche-ewald.de"]]


def test_invitation_link_works_for_an_event_open_to_everybody(client):
    event = closing_event(participants_only=False, kind=EventKind.WORKSHOP, title="Workshop")
    participation = participant(event.round)

    client.post(invitation_url(participation.application, event), registration_data())

    assert list(Registration.objects.values_list("event", "email")) == [
        (event.pk, "erika@zeche-ewald.de")
    ]


def test_invitation_link_of_a_registered_firm_shows_no_form(client):
    event = closing_event()
    participation = participant(event.round, application__contact_email="erika@zeche-ewald.de")
    RegistrationFactory(event=event, email="erika@zeche-ewald.de")

    response = client.get(invitation_url(participation.application, event))

    assert response.context["form"] is None
    assert (
        "Ihr Unternehmen ist für diesen Termin angemeldet. Ihre Anmeldung sehen und stornieren "
        "Sie über den Link in der Bestätigungs-E-Mail."
    ) in text_of(main_content(response))


def test_public_form_of_a_participants_only_event_shows_no_form_and_registers_nobody(client):
    event = closing_event()

    shown = client.get(registration_form_url(event))
    posted = client.post(registration_form_url(event), registration_data())

    assert PARTICIPANTS_ONLY in text_of(main_content(shown))
    assert "<form" not in main_content(shown)
    assert posted.status_code == 200
    assert Registration.objects.count() == 0


def test_registration_create_refuses_the_public_unless_invited_staff_may():
    event = closing_event()
    person = {
        "company": "Zeche Ewald GmbH",
        "first_name": "Erika",
        "last_name": "Muster",
        "function": "Ausbildungsleitung",
        "municipality": "Herten",
        "persons": 1,
    }

    with pytest.raises(RegistrationClosedError) as refused:
        registration_create(event=event, email="a@firma.de", **person)
    invited = registration_create(event=event, email="b@firma.de", invited=True, **person)
    by_staff = registration_create(event=event, email="c@firma.de", by=staff_member(), **person)

    assert (refused.value.message, refused.value.code) == (PARTICIPANTS_ONLY, "participants_only")
    assert (invited.registration.email, by_staff.registration.email) == ("b@firma.de", "c@firma.de")
    assert Registration.objects.count() == 2


def test_invitation_link_of_a_firm_not_taking_part_is_refused(client):
    event = closing_event()
    applicant = ApplicationFactory(round=event.round, status="reserve", reserve_position=1)
    dropped = participant(
        event.round,
        application__status="withdrawn",
        ended_on=timezone.localdate(),
        end_kind="dropped_out",
    )

    for application in (applicant, dropped.application):
        shown = client.get(invitation_url(application, event))
        posted = client.post(invitation_url(application, event), registration_data())
        assert (shown.status_code, posted.status_code) == (403, 403)
        assert "Diese Einladung gilt nur für Unternehmen, die an der Runde teilnehmen." in text_of(
            main_content(shown)
        )
    assert Registration.objects.count() == 0


def test_invitation_link_for_an_event_of_another_round_is_not_found(client):
    event = closing_event()
    participation = participant(RoundFactory())

    shown = client.get(invitation_url(participation.application, event))
    posted = client.post(invitation_url(participation.application, event), registration_data())

    assert (shown.status_code, posted.status_code) == (404, 404)
    assert Registration.objects.count() == 0


def test_invitation_link_with_a_broken_token_is_invalid(client):
    event = closing_event()

    response = client.get(f"/bewerbung/status/kaputt/anmeldung/{event.pk}/")

    assert response.status_code == 404
    assert "<h1>Dieser Link ist ungültig</h1>" in main_content(response)
