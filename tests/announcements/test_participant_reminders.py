"""Reminders to the participating firms: exactly the chosen participants (all, a
milestone still open, behind with it in Berlin days), never one that left; the compose
page opened from the round overview shows them and the proposed text first."""

from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from announcements.choices import Audience
from announcements.models import Announcement
from announcements.selectors import announcement_recipients
from announcements.services import announcement_send
from applications.services import (
    application_reserve,
    application_select,
    milestone_reach,
    participation_drop_out,
)
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, EventFactory, RoundFactory
from tests.factories.applications import staff_member
from tests.factories.events import berlin
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

ADD_URL = "/verwaltung/announcements/announcement/add/"
A = Audience


def seed_round(**kwargs):
    """The seed's dates: kick-off 26 May 2021, analysis due 23 June 2021."""
    round_ = RoundFactory(title="Digiscouts 2021", **kwargs)
    milestones_add_defaults(round_=round_)
    return round_


def selected(round_, slug, language="de"):
    application = ApplicationFactory(
        round=round_,
        company_name=f"{slug.capitalize()} GmbH",
        contact_email=f"kontakt@{slug}.de",
        language=language,
    )
    return application_select(application=application).participation


@pytest.fixture
def participants():
    """Four firms of one round: alpha reached the analysis, beta and gamma did not,
    delta dropped out, epsilon's selection was changed; a firm of another round."""
    round_ = seed_round()
    analysis = round_.milestones.get(position=2)
    firms = {slug: selected(round_, slug) for slug in ("alpha", "beta", "delta", "epsilon")}
    firms["gamma"] = selected(round_, "gamma", language="en")
    milestone_reach(
        participation=firms["alpha"], milestone=analysis, reached_on=date(2021, 6, 20), by=None
    )
    participation_drop_out(
        participation=firms["delta"], on=timezone.localdate(), reason="Umzug", by=None
    )
    application_reserve(application=firms["epsilon"].application)
    other = seed_round(slug="andere-runde")
    selected(other, "fremd")
    return round_, analysis, firms


def emails(recipients):
    return [recipient.email for recipient in recipients]


def test_reminder_to_all_participants_reaches_the_active_ones_only(participants):
    round_, _analysis, _firms = participants

    recipients = announcement_recipients(round_=round_, audience=A.PARTICIPANTS)

    assert emails(recipients) == ["kontakt@alpha.de", "kontakt@beta.de", "kontakt@gamma.de"]
    assert [(r.name, r.company, r.language) for r in recipients] == [
        ("Erika Muster", "Alpha GmbH", "de"),
        ("Erika Muster", "Beta GmbH", "de"),
        ("Erika Muster", "Gamma GmbH", "en"),
    ]


def test_reminder_for_an_open_milestone_reaches_those_who_have_not_reached_it(participants):
    round_, analysis, firms = participants

    recipients = announcement_recipients(
        round_=round_, audience=A.PARTICIPANTS_OPEN, milestone=analysis
    )

    assert emails(recipients) == ["kontakt@beta.de", "kontakt@gamma.de"]
    assert [r.record for r in recipients] == [
        firms["beta"].application,
        firms["gamma"].application,
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Due on 23 June 2021: on that Berlin day nobody is behind yet ...
        (berlin(2021, 6, 23, 0, 0), []),
        (berlin(2021, 6, 23, 23, 59, 59), []),
        # ... from the next Berlin day on, whoever has not reached it is.
        (berlin(2021, 6, 24, 0, 0), ["kontakt@beta.de", "kontakt@gamma.de"]),
        # 22:30 UTC on the due date is already 00:30 of the next day in Berlin (summer).
        (datetime(2021, 6, 23, 22, 30, tzinfo=UTC), ["kontakt@beta.de", "kontakt@gamma.de"]),
        (datetime(2021, 6, 23, 21, 59, tzinfo=UTC), []),
    ],
)
def test_reminder_to_those_behind_follows_the_berlin_day(participants, now, expected):
    round_, analysis, _firms = participants

    recipients = announcement_recipients(
        round_=round_, audience=A.PARTICIPANTS_BEHIND, milestone=analysis, now=now
    )

    assert emails(recipients) == expected


def test_reminder_for_a_milestone_of_another_round_reaches_nobody(participants):
    round_, _analysis, _firms = participants
    elsewhere = seed_round(slug="dritte-runde").milestones.get(position=2)

    recipients = announcement_recipients(
        round_=round_, audience=A.PARTICIPANTS_OPEN, milestone=elsewhere
    )

    assert recipients == []


def test_reminder_sent_to_those_behind_writes_one_mail_each_and_keeps_the_milestone(
    participants, mailoutbox, django_capture_on_commit_callbacks
):
    round_, analysis, _firms = participants
    staff = staff_member()

    with django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_send(
            round_=round_,
            audience=A.PARTICIPANTS_BEHIND,
            milestone=analysis,
            subject="Analyse?",
            body="Wie weit sind Sie?",
            by=staff,
            now=berlin(2021, 7, 1, 9, 0),
        )

    assert (announcement.milestone, announcement.recipient_count) == (analysis, 2)
    assert announcement.sent_at == berlin(2021, 7, 1, 9, 0)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["kontakt@beta.de", "kontakt@gamma.de"]
    assert {mail.subject for mail in mailoutbox} == {"Analyse?"}


# -- the compose page, opened from the round overview --------------------------------


def compose_url(round_, **params):
    return ADD_URL + "?" + urlencode({"round": round_.pk, **params})


def test_compose_opened_for_a_milestone_shows_the_recipients_and_the_text_first(
    staff_client, participants, mailoutbox
):
    round_, analysis, _firms = participants

    response = staff_client.get(
        compose_url(round_, audience=A.PARTICIPANTS_BEHIND, milestone=analysis.pk)
    )

    html = response.content.decode()
    preview = response.context["preview"]
    assert emails(preview["recipients"]) == ["kontakt@beta.de", "kontakt@gamma.de"]
    assert text_of(html[html.index('id="vorschau-titel"') : html.index("<pre")]).endswith(
        "Vorschau 2 Empfänger Beta GmbH: Erika Muster &lt;kontakt@beta.de&gt; "
        "Gamma GmbH: Erika Muster &lt;kontakt@gamma.de&gt; So sieht die E-Mail auf Deutsch "
        "aus 1 Empfänger erhält den Vorschlag auf Englisch. "
        "Betreff: Erinnerung: „Analyse abgeschlossen“ war am 23. Juni 2021 fällig"
    )
    assert preview["message"].body.startswith(
        "Guten Tag Erika Muster,\n\nder Meilenstein „Analyse abgeschlossen“ Ihres "
        "Digiscouts-Projekts war bis zum 23. Juni 2021 vorgesehen. Bei uns ist er für Ihr "
        "Unternehmen noch nicht eingetragen.\n\nBitte sagen Sie uns kurz, wie weit Ihr Team "
        "ist und ob Sie Unterstützung brauchen."
    )
    assert 'value="Jetzt an 2 Empfänger senden"' in html
    assert html.index("announcement-recipients") < html.index('name="send"')
    assert (Announcement.objects.count(), mailoutbox) == (0, [])


def test_compose_opened_for_an_open_milestone_proposes_the_due_date(staff_client, participants):
    round_, analysis, _firms = participants

    response = staff_client.get(
        compose_url(round_, audience=A.PARTICIPANTS_OPEN, milestone=analysis.pk)
    )

    form = response.context["form"]
    assert form["subject"].value() == "Erinnerung: „Analyse abgeschlossen“ bis zum 23. Juni 2021"
    assert emails(response.context["preview"]["recipients"]) == [
        "kontakt@beta.de",
        "kontakt@gamma.de",
    ]


def test_compose_opened_for_an_event_reminds_all_participants_of_date_and_place(
    staff_client, participants
):
    round_, _analysis, _firms = participants
    closing = EventFactory(
        round=round_,
        title="Abschlussveranstaltung",
        starts_at=berlin(2021, 11, 24, 16, 0),
        location="Kreishaus Recklinghausen",
    )

    response = staff_client.get(compose_url(round_, audience=A.PARTICIPANTS, event=closing.pk))

    form = response.context["form"]
    assert form["subject"].value() == "Erinnerung: Abschlussveranstaltung am 24. November 2021"
    assert form["body"].value() == (
        "wir erinnern Sie an „Abschlussveranstaltung“ am Mittwoch, 24. November 2021, um "
        "16:00 Uhr.\nOrt: Kreishaus Recklinghausen\n\nWir freuen uns auf Sie und Ihr Team."
    )
    assert emails(response.context["preview"]["recipients"]) == [
        "kontakt@alpha.de",
        "kontakt@beta.de",
        "kontakt@gamma.de",
    ]


def test_compose_send_after_the_preview_reaches_exactly_the_shown_participants(
    staff_client, participants, mailoutbox, django_capture_on_commit_callbacks
):
    round_, analysis, _firms = participants
    page = staff_client.get(
        compose_url(round_, audience=A.PARTICIPANTS_OPEN, milestone=analysis.pk)
    )
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(round=round_.pk, milestone=analysis.pk, event="", send="1")
    data["fingerprint"] = page.context["preview"]["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD_URL, data, follow=True)

    announcement = Announcement.objects.get()
    assert messages_of(response) == [
        "Die Mitteilung „Erinnerung: „Analyse abgeschlossen“ bis zum 23. Juni 2021“ geht an "
        "2 Empfänger."
    ]
    assert (announcement.audience, announcement.milestone) == (A.PARTICIPANTS_OPEN, analysis)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["kontakt@beta.de", "kontakt@gamma.de"]


def test_compose_send_after_a_firm_left_since_the_preview_sends_nothing(
    staff_client, participants, mailoutbox
):
    round_, analysis, firms = participants
    page = staff_client.get(
        compose_url(round_, audience=A.PARTICIPANTS_OPEN, milestone=analysis.pk)
    )
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(round=round_.pk, milestone=analysis.pk, event="", send="1")
    data["fingerprint"] = page.context["preview"]["fingerprint"]
    participation_drop_out(
        participation=firms["beta"], on=timezone.localdate(), reason="x", by=None
    )
    mailoutbox.clear()

    response = staff_client.post(ADD_URL, data)

    assert messages_of(response) == [
        "Text oder Empfänger haben sich seit der Vorschau geändert. Bitte prüfen Sie die "
        "Vorschau und senden Sie dann."
    ]
    assert emails(response.context["preview"]["recipients"]) == ["kontakt@gamma.de"]
    assert (Announcement.objects.count(), mailoutbox) == (0, [])


@pytest.mark.parametrize(
    ("milestone", "message"),
    [
        ("", "Bitte wählen Sie den Meilenstein, an den die Mitteilung erinnert."),
        ("other", "Dieser Meilenstein gehört nicht zur gewählten Programmrunde."),
    ],
)
def test_compose_milestone_audience_needs_a_milestone_of_the_round(
    staff_client, participants, milestone, message
):
    round_, _analysis, _firms = participants
    if milestone == "other":
        milestone = seed_round(slug="dritte-runde").milestones.get(position=2).pk

    response = staff_client.post(
        ADD_URL,
        {
            "round": round_.pk,
            "audience": A.PARTICIPANTS_BEHIND,
            "milestone": milestone,
            "subject": "Erinnerung",
            "body": "Text",
            "preview": "1",
        },
    )

    assert response.context["form"].errors == {"milestone": [message]}
    assert response.context["preview"] is None
