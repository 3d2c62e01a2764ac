"""Reminders proposed by the round overview reach each firm in its language when staff
send the proposal unchanged; a text staff changed goes as written to everybody. The
reminder of an event can go to the participants behind with any milestone."""

from datetime import date
from urllib.parse import urlencode

import pytest

from announcements.choices import Audience, ReminderKind
from announcements.models import Announcement
from announcements.reminders import reminder_text
from announcements.selectors import announcement_recipients
from announcements.services import announcement_send
from applications.services import application_select, milestone_reach
from events.choices import EventKind
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, EventFactory, RoundFactory
from tests.factories.applications import staff_member
from tests.factories.events import berlin
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

ADD_URL = "/verwaltung/announcements/announcement/add/"
A = Audience


def seed_round():
    """The seed's dates: kick-off due 26 May 2021, analysis due 23 June 2021."""
    round_ = RoundFactory(title="Digiscouts 2021")
    milestones_add_defaults(round_=round_)
    return round_


def selected(round_, slug, language):
    application = ApplicationFactory(
        round=round_,
        company_name=f"{slug.capitalize()} GmbH",
        contact_email=f"kontakt@{slug}.de",
        language=language,
    )
    return application_select(application=application).participation


@pytest.fixture
def two_languages():
    """An English firm (first in application order) and a German one; the closing event."""
    round_ = seed_round()
    english = selected(round_, "english", "en")
    german = selected(round_, "deutsch", "de")
    closing = EventFactory(
        round=round_,
        kind=EventKind.CLOSING,
        title="Abschlussveranstaltung",
        starts_at=berlin(2021, 11, 24, 16, 0),
        location="Kreishaus Recklinghausen",
    )
    return round_, english, german, closing


def compose_url(round_, **params):
    return ADD_URL + "?" + urlencode({"round": round_.pk, **params})


def posted(page, **changes):
    """The compose page's form as the browser sends it, with the send button."""
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(send="1", fingerprint=page.context["preview"]["fingerprint"], **changes)
    return data


def mails_by_address(mailoutbox):
    return {mail.to[0]: mail for mail in mailoutbox}


def test_event_reminder_sent_unchanged_reaches_each_firm_in_its_language(
    staff_client, two_languages, mailoutbox, django_capture_on_commit_callbacks
):
    round_, _english, _german, closing = two_languages
    page = staff_client.get(compose_url(round_, audience=A.PARTICIPANTS, event=closing.pk))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD_URL, posted(page), follow=True)

    announcement = Announcement.objects.get()
    assert (announcement.reminder_kind, announcement.event, announcement.recipient_count) == (
        ReminderKind.EVENT,
        closing,
        2,
    )
    assert announcement.subject == "Erinnerung: Abschlussveranstaltung am 24. November 2021"
    assert messages_of(response) == [
        "Die Mitteilung „Erinnerung: Abschlussveranstaltung am 24. November 2021“ geht an "
        "2 Empfänger."
    ]
    mails = mails_by_address(mailoutbox)
    assert mails["kontakt@deutsch.de"].subject == (
        "Erinnerung: Abschlussveranstaltung am 24. November 2021"
    )
    assert mails["kontakt@english.de"].subject == (
        "Reminder: Abschlussveranstaltung on 24 November 2021"
    )
    assert (
        "wir erinnern Sie an „Abschlussveranstaltung“ am Mittwoch, 24. November 2021, um "
        "16:00 Uhr.\nOrt: Kreishaus Recklinghausen\n\nWir freuen uns auf Sie und Ihr Team."
    ) in mails["kontakt@deutsch.de"].body
    assert (
        "We would like to remind you of “Abschlussveranstaltung” on Wednesday, 24 November "
        "2021, at 16:00.\nLocation: Kreishaus Recklinghausen\n\nWe look forward to seeing you "
        "and your team."
    ) in mails["kontakt@english.de"].body


def test_milestone_reminder_sent_unchanged_reaches_each_firm_in_its_language(
    two_languages, mailoutbox, django_capture_on_commit_callbacks
):
    round_, _english, _german, _closing = two_languages
    analysis = round_.milestones.get(position=2)
    proposal = reminder_text(audience=A.PARTICIPANTS_BEHIND, milestone=analysis)

    with django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_send(
            round_=round_,
            audience=A.PARTICIPANTS_BEHIND,
            milestone=analysis,
            reminder_kind=ReminderKind.MILESTONE,
            by=staff_member(),
            now=berlin(2021, 7, 1, 9, 0),
            **proposal,
        )

    assert announcement.reminder_kind == ReminderKind.MILESTONE
    assert announcement.subject == "Erinnerung: „Analyse abgeschlossen“ war am 23. Juni 2021 fällig"
    subjects = {address: mail.subject for address, mail in mails_by_address(mailoutbox).items()}
    assert subjects == {
        "kontakt@deutsch.de": "Erinnerung: „Analyse abgeschlossen“ war am 23. Juni 2021 fällig",
        "kontakt@english.de": "Reminder: “Analyse abgeschlossen” was due on 23 June 2021",
    }


def test_reminder_text_changed_by_staff_goes_as_written_to_everybody(
    staff_client, two_languages, mailoutbox, django_capture_on_commit_callbacks
):
    round_, _english, _german, closing = two_languages
    url = compose_url(round_, audience=A.PARTICIPANTS, event=closing.pk)
    data = posted(staff_client.get(url), subject="Bis Mittwoch!")
    data.pop("send")
    data["preview"] = "1"
    preview = staff_client.post(ADD_URL, data)
    html = preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(ADD_URL, posted(preview))

    assert (
        "Sie haben den Vorschlag geändert: Ihr Text geht so an alle, auch an 1 Empfänger mit "
        "der Sprache Englisch."
    ) in text_of(html)
    assert preview.context["preview"]["proposal"] is False
    announcement = Announcement.objects.get()
    assert (announcement.reminder_kind, announcement.subject) == ("", "Bis Mittwoch!")
    assert sorted((mail.to[0], mail.subject) for mail in mailoutbox) == [
        ("kontakt@deutsch.de", "Bis Mittwoch!"),
        ("kontakt@english.de", "Bis Mittwoch!"),
    ]


def test_compose_for_a_reminder_previews_the_german_proposal_and_counts_english(
    staff_client, two_languages, mailoutbox
):
    round_, _english, _german, closing = two_languages

    response = staff_client.get(compose_url(round_, audience=A.PARTICIPANTS, event=closing.pk))

    text = text_of(response.content.decode())
    preview = response.context["preview"]
    # The first recipient is the English firm; the preview shows the German version.
    assert [r.language for r in preview["recipients"]] == ["en", "de"]
    assert (
        "So sieht die E-Mail auf Deutsch aus 1 Empfänger erhält den Vorschlag auf Englisch. "
        "Betreff: Erinnerung: Abschlussveranstaltung am 24. November 2021"
    ) in text
    assert preview["message"].body.startswith(
        "Guten Tag Erika Muster,\n\nwir erinnern Sie an „Abschlussveranstaltung“"
    )
    assert (
        "Ihr eigener Text wird so an alle gesendet; der Vorschlag wird in der Sprache des "
        "Unternehmens versandt."
    ) in text
    assert (Announcement.objects.count(), mailoutbox) == (0, [])


def test_compose_without_a_reminder_says_nothing_about_languages(staff_client, two_languages):
    round_, _english, _german, _closing = two_languages

    response = staff_client.post(
        ADD_URL,
        {
            "round": round_.pk,
            "audience": A.PARTICIPANTS,
            "subject": "Hallo",
            "body": "Text",
            "preview": "1",
        },
    )

    text = text_of(response.content.decode())
    assert "So sieht die E-Mail an die erste Person aus Betreff: Hallo" in text
    assert "Ihr eigener Text" not in text
    assert "Vorschlag" not in text


@pytest.mark.parametrize(
    ("subject", "kept"),
    [
        ("Erinnerung: Abschlussveranstaltung am 24. November 2021", ReminderKind.EVENT),
        ("Erinnerung: Abschluss am 24. November", ""),
    ],
)
def test_announcement_send_keeps_the_reminder_kind_only_for_the_unchanged_proposal(
    two_languages, mailoutbox, django_capture_on_commit_callbacks, subject, kept
):
    round_, _english, _german, closing = two_languages
    body = reminder_text(audience=A.PARTICIPANTS, event=closing)["body"]

    with django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_send(
            round_=round_,
            audience=A.PARTICIPANTS,
            event=closing,
            reminder_kind=ReminderKind.EVENT,
            subject=subject,
            body=body,
            by=None,
        )

    assert announcement.reminder_kind == kept
    english = mails_by_address(mailoutbox)["kontakt@english.de"].subject
    assert english == ("Reminder: Abschlussveranstaltung on 24 November 2021" if kept else subject)


# -- the reminder of an event to those behind with any milestone ---------------------------


@pytest.fixture
def behind_firms():
    """Four firms: alpha reached kick-off and analysis, beta the kick-off only, gamma
    nothing, delta the analysis only. Kick-off due 26 May 2021, analysis 23 June 2021."""
    round_ = seed_round()
    kickoff, analysis = round_.milestones.all()[:2]
    firms = {slug: selected(round_, slug, "de") for slug in ("alpha", "beta", "gamma", "delta")}
    for slug, milestones in (
        ("alpha", [kickoff, analysis]),
        ("beta", [kickoff]),
        ("delta", [analysis]),
    ):
        for milestone in milestones:
            milestone_reach(
                participation=firms[slug],
                milestone=milestone,
                reached_on=date(2021, 5, 20),
                by=None,
            )
    return round_


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2021, 5, 26, 12, 0), []),
        # Delta reached the analysis but not the kick-off: behind with it as well.
        (berlin(2021, 5, 27, 12, 0), ["kontakt@gamma.de", "kontakt@delta.de"]),
        (berlin(2021, 6, 23, 12, 0), ["kontakt@gamma.de", "kontakt@delta.de"]),
        (berlin(2021, 6, 24, 12, 0), ["kontakt@beta.de", "kontakt@gamma.de", "kontakt@delta.de"]),
    ],
)
def test_participants_behind_with_any_milestone(behind_firms, now, expected):
    recipients = announcement_recipients(
        round_=behind_firms, audience=A.PARTICIPANTS_BEHIND_ANY, now=now
    )

    assert [r.email for r in recipients] == expected


def test_event_reminder_to_those_behind_sends_to_exactly_them(
    staff_client, behind_firms, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = behind_firms
    # Today every milestone of 2021 is due: alpha reaches the other four, the rest stay.
    alpha = round_.participations.get(application__contact_email="kontakt@alpha.de")
    for milestone in round_.milestones.all()[2:]:
        milestone_reach(
            participation=alpha, milestone=milestone, reached_on=date(2021, 11, 1), by=None
        )
    closing = EventFactory(
        round=round_,
        kind=EventKind.CLOSING,
        title="Abschlussveranstaltung",
        starts_at=berlin(2021, 11, 24, 16, 0),
    )
    page = staff_client.get(
        compose_url(round_, audience=A.PARTICIPANTS_BEHIND_ANY, event=closing.pk)
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(ADD_URL, posted(page))

    assert [r.email for r in page.context["preview"]["recipients"]] == [
        "kontakt@beta.de",
        "kontakt@gamma.de",
        "kontakt@delta.de",
    ]
    announcement = Announcement.objects.get()
    assert (
        announcement.audience,
        announcement.event,
        announcement.milestone,
        announcement.reminder_kind,
        announcement.recipient_count,
    ) == (A.PARTICIPANTS_BEHIND_ANY, closing, None, ReminderKind.EVENT, 3)
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "kontakt@beta.de",
        "kontakt@delta.de",
        "kontakt@gamma.de",
    ]
    assert {mail.subject for mail in mailoutbox} == {
        "Erinnerung: Abschlussveranstaltung am 24. November 2021"
    }


def test_event_reminder_needs_an_event_of_the_round(staff_client, two_languages):
    round_, _english, _german, _closing = two_languages
    other = EventFactory(round=seed_round_other(), kind=EventKind.CLOSING)

    response = staff_client.post(
        ADD_URL,
        {
            "round": round_.pk,
            "audience": A.PARTICIPANTS_BEHIND_ANY,
            "event": other.pk,
            "reminder": ReminderKind.EVENT,
            "subject": "Erinnerung",
            "body": "Text",
            "preview": "1",
        },
    )

    assert response.context["form"].errors == {
        "event": ["Dieser Termin gehört nicht zur gewählten Programmrunde."]
    }


def seed_round_other():
    return RoundFactory(title="Andere Runde", slug="andere-runde")
