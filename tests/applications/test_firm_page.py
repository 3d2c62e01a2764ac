"""The participating firm's page behind its personal link: the round's stage, milestones,
next event, registrations, its idea, and leaving the programme."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from applications.choices import ApplicationStatus, ParticipationEnd
from applications.links import application_token
from applications.models import Participation
from applications.services import (
    ApplicationError,
    application_reserve,
    application_withdraw,
    participation_drop_out,
)
from events.choices import EventKind
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    MilestoneFactory,
    MilestoneReachedFactory,
    ParticipationFactory,
    RegistrationFactory,
    round_at_stage,
    staff_member,
)
from tests.helpers import main_content, messages_of, text_of

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
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def de_date(day):
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def de_weekday_datetime(moment):
    local = timezone.localtime(moment)
    return f"{WEEKDAYS[local.weekday()]}, {de_date(local.date())}, {local:%H:%M}"


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def participant(round_, **kwargs):
    return ParticipationFactory(
        application__round=round_, application__company_name="Zeche Ewald GmbH", **kwargs
    )


def status_url(application, suffix=""):
    return f"/bewerbung/status/{application_token(application)}/{suffix}"


def stage_card(response):
    html = main_content(response)
    start = html.index('<div class="card mb-4" id="status">')
    return text_of(html[start : html.index("</div>\n</div>", start)])


def headings(response):
    return [
        (level, text_of(inner))
        for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", main_content(response), re.S)
    ]


def milestone_rows(response):
    html = main_content(response)
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_firm_page_before_the_kickoff(client):
    round_ = round_at_stage("before")
    participation = participant(round_)
    start = round_.start_date

    response = client.get(status_url(participation.application))

    assert stage_card(response) == (
        "Stand heute: vor dem Projektstart Ihr Unternehmen ist für Digiscouts ausgewählt. "
        f"Der offizielle Projektstart ist am {de_date(start)}. Die Auftaktveranstaltung ist "
        f"am {de_weekday_datetime(at(start, 10))} Uhr."
    )
    assert headings(response) == [
        ("1", "Ihre Teilnahme an Digiscouts"),
        ("2", "Stand heute: vor dem Projektstart"),
        ("2", "Ihre Meilensteine"),
        ("2", "Termine"),
        ("3", "Ihr nächster Termin: Auftaktveranstaltung"),
        ("2", "Ihre Idee"),
        ("2", "Teilnahme beenden"),
        ("2", "Ihre Angaben"),
    ]
    html = main_content(response)
    assert f'action="{status_url(participation.application, "idee/")}"' in html
    assert f'href="{status_url(participation.application, "zurueckziehen/")}"' in html
    assert "bearbeiten/" not in html
    assert "Bewerbung zurückziehen" not in html


def test_firm_page_during_the_six_months(client):
    round_ = round_at_stage("during")
    participation = participant(round_)

    response = client.get(status_url(participation.application))

    assert stage_card(response) == (
        "Stand heute: Die sechs Projektmonate laufen Das Projekt läuft seit dem "
        f"{de_date(round_.start_date)}. Die Teams stellen ihre Ideen bei der "
        f"Abschlussveranstaltung am {WEEKDAYS[round_.end_date.weekday()]}, "
        f"{de_date(round_.end_date)} vor."
    )
    assert ("3", "Ihr nächster Termin: Abschlussveranstaltung") in headings(response)


def test_firm_page_during_a_round_without_closing_event_names_its_end(client):
    round_ = round_at_stage("during", closing=False)
    participation = participant(round_)

    response = client.get(status_url(participation.application))

    assert stage_card(response) == (
        "Stand heute: Die sechs Projektmonate laufen Das Projekt läuft seit dem "
        f"{de_date(round_.start_date)} und endet am {de_date(round_.end_date)}."
    )
    assert "Für diese Runde sind keine weiteren Termine eingetragen." in main_content(response)


def test_firm_page_after_the_closing_event_shows_the_idea_read_only(client):
    round_ = round_at_stage("after")
    participation = participant(
        round_,
        idea_title="Digitales Lager",
        idea_description="Barcodes statt Zettel.",
        idea_tools="Tablet, Barcode-Scanner",
        idea_publish_consent=True,
    )

    response = client.get(status_url(participation.application))

    html = main_content(response)
    assert stage_card(response) == (
        "Stand heute: Die Runde ist abgeschlossen Die Abschlussveranstaltung am "
        f"{de_date(round_.end_date)} hat stattgefunden. Vielen Dank für Ihre Teilnahme! "
        "Die veröffentlichten Ideen dieser Runde ansehen"
    )
    assert f'href="/runden/{round_.slug}/ideen/"' in html
    idea = html[html.index('<h2 id="idee">') : html.index("<h2>Ihre Angaben</h2>")]
    assert text_of(idea) == (
        "Ihre Idee Die Runde ist abgeschlossen; die Idee kann nicht mehr geändert werden. "
        "Titel Digitales Lager Kurzbeschreibung Barcodes statt Zettel. "
        "Digitale Werkzeuge Tablet, Barcode-Scanner Veröffentlichung erlaubt "
        "Veröffentlichung widerrufen Sie haben eingewilligt, dass die Idee nach der "
        "Abschlussveranstaltung auf diesem Portal veröffentlicht wird. Sie können die "
        "Einwilligung jederzeit widerrufen, auch nach dem Projektende; die Idee erscheint dann "
        "nicht mehr. Ja, die Idee soll nicht (mehr) veröffentlicht werden. * "
        "Veröffentlichung widerrufen"
    )
    assert re.findall(r'<form[^>]*action="([^"]*)"', html) == [
        status_url(participation.application, "idee/widerrufen/")
    ]
    assert "zurueckziehen/" not in html
    assert "Für diese Runde sind keine weiteren Termine eingetragen." in html


def test_firm_page_milestones_reached_due_and_behind(client):
    round_ = round_at_stage("during")
    today = timezone.localdate()
    participation = participant(round_)
    kickoff = MilestoneFactory(
        round=round_, position=1, title="Auftakt besucht", due_date=round_.start_date
    )
    MilestoneFactory(
        round=round_, position=2, title="Analyse abgeschlossen", due_date=today - timedelta(1)
    )
    MilestoneFactory(round=round_, position=3, title="Projektvorschlag", due_date=today)
    MilestoneReachedFactory(
        participation=participation, milestone=kickoff, reached_on=round_.start_date
    )

    response = client.get(status_url(participation.application))

    assert milestone_rows(response) == [
        f"Auftakt besucht {de_date(round_.start_date)} erreicht am {de_date(round_.start_date)}",
        f"Analyse abgeschlossen {de_date(today - timedelta(1))} im Rückstand",
        f"Projektvorschlag {de_date(today)} offen",
    ]
    assert "1 von 3 Meilensteinen erreicht. Ein Meilenstein ist im Rückstand." in text_of(
        main_content(response)
    )


def test_firm_page_without_milestones_says_so(client):
    participation = participant(round_at_stage("during"))

    response = client.get(status_url(participation.application))

    assert "Für diese Runde sind noch keine Meilensteine eingetragen." in main_content(response)
    assert "<table" not in main_content(response)


def test_firm_page_next_event_skips_cancelled_ones_and_links_the_calendar(client):
    round_ = round_at_stage("during")
    today = timezone.localdate()
    workshop = EventFactory(
        round=round_,
        kind=EventKind.WORKSHOP,
        title="Workshop Prozessanalyse",
        starts_at=at(today + timedelta(days=3), 9),
    )
    workshop.cancelled_at = timezone.now()
    workshop.save()
    participation = participant(round_)

    response = client.get(status_url(participation.application))

    html = main_content(response)
    section = text_of(html[html.index('<h2 id="termine">') : html.index('<h2 id="idee">')])
    assert section == (
        "Termine Ihr nächster Termin: Abschlussveranstaltung Termin "
        f"{de_weekday_datetime(at(round_.end_date, 14))} Uhr (3 Stunden) "
        "Ort Kreishaus Recklinghausen Ansprechperson Dr. Julia aus der Wiesche, Fachdienst "
        "Wirtschaft, Kreis Recklinghausen, Telefon 02361 / 53-2129 , E-Mail "
        "j.ausderwiesche@kreis-re.de Alle Termine als Kalenderdatei (.ics) Zeitplan ansehen"
    )
    assert f'href="/runden/{round_.slug}/termine.ics"' in html


def _open_registration(event, **kwargs):
    event.capacity = 40
    event.registration_opens_at = timezone.now() - timedelta(days=1)
    for name, value in kwargs.items():
        setattr(event, name, value)
    event.save()
    return event


def test_firm_page_offers_the_invitation_link_until_registered(client):
    round_ = round_at_stage("during")
    closing = _open_registration(round_.events.get(kind=EventKind.CLOSING), participants_only=True)
    participation = participant(round_, application__contact_email="Erika@Zeche-Ewald.de")
    link = status_url(participation.application, f"anmeldung/{closing.pk}/")

    before = client.get(status_url(participation.application))
    RegistrationFactory(event=closing, email="erika@zeche-ewald.de")
    after = client.get(status_url(participation.application))

    def offered(response):
        html = main_content(response)
        return text_of(html[html.index('<ul class="registrations-offered">') :].split("</ul>")[0])

    assert offered(before) == (
        f"„Abschlussveranstaltung“ am {de_date(round_.end_date)}: Jetzt anmelden : "
        "Abschlussveranstaltung"
    )
    assert f'href="{link}"' in main_content(before)
    assert offered(after) == (
        f"„Abschlussveranstaltung“ am {de_date(round_.end_date)}: Sie sind angemeldet. Ihre "
        "Anmeldung sehen und stornieren Sie über den Link in der Bestätigungs-E-Mail."
    )
    assert link not in main_content(after)


def test_firm_page_idea_saved_with_consent(client):
    participation = participant(round_at_stage("during"))
    data = {
        "idea_title": "Digitales Lager",
        "idea_description": "Barcodes statt Zettel:\r\nalles im Tablet.",
        "idea_tools": "Tablet, Barcode-Scanner",
        "idea_publish_consent": "on",
    }

    response = client.post(status_url(participation.application, "idee/"), data)
    page = client.get(response["Location"])

    participation.refresh_from_db()
    assert response["Location"] == status_url(participation.application) + "#idee"
    assert messages_of(page) == ["Ihre Idee wurde gespeichert."]
    assert (
        participation.idea_title,
        participation.idea_description,
        participation.idea_tools,
        participation.idea_publish_consent,
    ) == (
        "Digitales Lager",
        "Barcodes statt Zettel:\nalles im Tablet.",
        "Tablet, Barcode-Scanner",
        True,
    )
    assert participation.idea_consent_at is not None
    assert page.context["idea_form"].initial["idea_title"] == "Digitales Lager"
    assert 'value="Digitales Lager"' in main_content(page)


def test_firm_page_idea_consent_without_title_keeps_what_was_typed(client):
    participation = participant(round_at_stage("during"))
    data = {
        "idea_title": "",
        "idea_description": "Barcodes statt Zettel.",
        "idea_tools": "Tablet",
        "idea_publish_consent": "on",
    }

    response = client.post(status_url(participation.application, "idee/"), data)

    participation.refresh_from_db()
    html = main_content(response)
    assert response.status_code == 200
    assert response.context["idea_form"].errors == {
        "idea_title": [
            "Bitte geben Sie einen Titel für Ihre Idee an, wenn sie veröffentlicht werden soll."
        ]
    }
    assert (
        '<li><a href="#id_idea_title">Bitte geben Sie einen Titel für Ihre Idee an, wenn sie '
        "veröffentlicht werden soll.</a></li>"
    ) in html
    assert ">\nBarcodes statt Zettel.</textarea>" in html
    assert 'value="Tablet"' in html
    assert 'id="id_idea_publish_consent" checked' in html
    assert (participation.idea_description, participation.idea_publish_consent) == ("", False)


def test_firm_page_idea_description_without_title_is_refused(client):
    participation = participant(round_at_stage("during"))

    response = client.post(
        status_url(participation.application, "idee/"), {"idea_description": "Barcodes"}
    )

    assert response.context["idea_form"].errors == {
        "idea_title": ["Bitte geben Sie Ihrer Idee einen Titel, damit wir sie zuordnen können."]
    }


def test_firm_page_idea_after_the_rounds_end_is_refused(client):
    participation = participant(round_at_stage("after"), idea_title="Digitales Lager")

    response = client.post(
        status_url(participation.application, "idee/"),
        {"idea_title": "Anders"},
        follow=True,
    )

    participation.refresh_from_db()
    assert response.redirect_chain == [(status_url(participation.application) + "#idee", 302)]
    assert messages_of(response) == [
        "Die Runde ist abgeschlossen; die Idee kann nicht mehr geändert werden."
    ]
    assert participation.idea_title == "Digitales Lager"


def test_firm_page_idea_get_leads_back_to_the_page(client):
    participation = participant(round_at_stage("during"))

    response = client.get(status_url(participation.application, "idee/"))

    assert response["Location"] == status_url(participation.application)


def _consenting(round_, **kwargs):
    return participant(
        round_,
        idea_title="Digitales Lager",
        idea_publish_consent=True,
        idea_consent_at=at(round_.start_date, 9),
        **kwargs,
    )


def test_firm_page_consent_withdrawn_after_the_rounds_end(client):
    participation = _consenting(round_at_stage("after"))
    url = status_url(participation.application, "idee/widerrufen/")

    unconfirmed = client.post(url, {})
    unchanged = Participation.objects.get(pk=participation.pk).idea_publish_consent
    confirmed = client.post(url, {"confirm": "on"}, follow=True)

    participation.refresh_from_db()
    assert unconfirmed.context["consent_form"].errors == {
        "confirm": ["Bitte bestätigen Sie, dass Sie die Einwilligung widerrufen."]
    }
    assert unchanged is True
    assert confirmed.redirect_chain == [(status_url(participation.application) + "#idee", 302)]
    assert messages_of(confirmed) == [
        "Ihre Einwilligung ist widerrufen; die Idee wird nicht veröffentlicht."
    ]
    assert (
        participation.idea_title,
        participation.idea_publish_consent,
        participation.idea_consent_at,
    ) == ("Digitales Lager", False, None)
    assert [(c.kind, c.note, c.changes, c.by) for c in participation.changes.all()] == [
        (
            "idea_saved",
            "Einwilligung zur Veröffentlichung widerrufen.",
            {"idea_publish_consent": [True, False]},
            None,
        )
    ]
    html = main_content(confirmed)
    assert "Veröffentlichung nicht erlaubt" in text_of(html)
    assert "idee/widerrufen/" not in html


def test_firm_page_consent_form_names_the_date_of_the_consent(client):
    round_ = round_at_stage("during")
    participation = _consenting(round_)

    response = client.get(status_url(participation.application))

    html = main_content(response)
    consent = html[html.index('id="veroeffentlichung"') :]
    assert text_of(consent[: consent.index("</p>")]).endswith(
        f"Sie haben am {de_date(round_.start_date)}, 09:00 Uhr eingewilligt, dass die Idee nach "
        "der Abschlussveranstaltung auf diesem Portal veröffentlicht wird. Sie können die "
        "Einwilligung jederzeit widerrufen, auch nach dem Projektende; die Idee erscheint dann "
        "nicht mehr."
    )


def test_firm_page_without_consent_offers_no_withdrawal(client):
    participation = participant(round_at_stage("after"), idea_title="Digitales Lager")

    response = client.get(status_url(participation.application))
    refused = client.post(
        status_url(participation.application, "idee/widerrufen/"), {"confirm": "on"}, follow=True
    )

    assert "idee/widerrufen/" not in main_content(response)
    assert messages_of(refused) == ["Es liegt keine Einwilligung zur Veröffentlichung vor."]


def test_firm_page_consent_withdrawn_after_a_drop_out(client):
    participation = _consenting(round_at_stage("during"))
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="Azubi gekündigt", by=None
    )

    page = client.get(status_url(participation.application))
    response = client.post(
        status_url(participation.application, "idee/widerrufen/"), {"confirm": "on"}, follow=True
    )

    participation.refresh_from_db()
    assert [text for _level, text in headings(page)] == [
        f"Ihre Bewerbung {participation.application.reference}",
        "Stand: Teilnahme beendet",
        "Veröffentlichung widerrufen",
        "Ihre Angaben",
    ]
    assert messages_of(response) == [
        "Ihre Einwilligung ist widerrufen; die Idee wird nicht veröffentlicht."
    ]
    assert (participation.idea_publish_consent, participation.idea_consent_at) == (False, None)


def test_firm_page_consent_withdrawal_get_leads_back_to_the_page(client):
    participation = _consenting(round_at_stage("after"))

    response = client.get(status_url(participation.application, "idee/widerrufen/"))

    participation.refresh_from_db()
    assert response["Location"] == status_url(participation.application)
    assert participation.idea_publish_consent is True


def test_firm_page_is_after_only_at_the_end_of_the_closing_event(client):
    round_ = round_at_stage("during")
    closing = round_.events.get(kind=EventKind.CLOSING)
    participation = participant(round_)
    url = status_url(participation.application)
    closing.starts_at = timezone.now() - timedelta(minutes=179)
    closing.save(update_fields=["starts_at"])

    running = client.get(url)
    closing.starts_at = timezone.now() - timedelta(minutes=180, seconds=1)
    closing.save(update_fields=["starts_at"])
    ended = client.get(url)

    assert (running.context["stage"], ended.context["stage"]) == ("during", "after")


def test_firm_page_after_a_drop_out_says_so_and_offers_nothing(client):
    round_ = round_at_stage("during")
    participation = participant(round_)
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="Azubi gekündigt", by=None
    )

    response = client.get(status_url(participation.application))
    refused = client.post(
        status_url(participation.application, "idee/"), {"idea_title": "Idee"}, follow=True
    )

    html = main_content(response)
    assert stage_card(response) == (
        "Stand: Teilnahme beendet Zeche Ewald GmbH ist am "
        f"{de_date(timezone.localdate())} aus dem Programm Digiscouts ausgestiegen."
    )
    assert [text for _level, text in headings(response)] == [
        f"Ihre Bewerbung {participation.application.reference}",
        "Stand: Teilnahme beendet",
        "Ihre Angaben",
    ]
    assert "<form" not in html
    assert 'class="btn' not in html
    assert messages_of(refused) == ["Eine Idee können nur teilnehmende Unternehmen eintragen."]


def test_firm_page_after_the_selection_was_changed_says_the_participation_ended(client):
    participation = participant(round_at_stage("before"))
    application_reserve(application=participation.application, confirm_published=True)

    response = client.get(status_url(participation.application))

    assert stage_card(response) == (
        "Stand: Teilnahme beendet Zeche Ewald GmbH nimmt seit dem "
        f"{de_date(timezone.localdate())} nicht mehr an Digiscouts teil."
    )
    assert "<form" not in main_content(response)
    assert 'class="btn' not in main_content(response)


def test_firm_page_not_shown_before_the_decision_is_sent(client):
    participation = participant(
        round_at_stage("before"),
        application__decision_sent_status="",
        application__decision_sent_at=None,
    )

    response = client.get(status_url(participation.application))

    assert stage_card(response) == (
        "Stand: in Prüfung Ihre Bewerbung wird geprüft. Wir teilen Ihnen die Entscheidung per "
        "E-Mail mit."
    )
    assert "Ihre Meilensteine" not in main_content(response)


@pytest.mark.parametrize("reached", [0, 6])
def test_firm_page_query_count_is_fixed(client, django_assert_num_queries, reached):
    round_ = round_at_stage("during")
    closing = _open_registration(round_.events.get(kind=EventKind.CLOSING))
    participation = participant(round_, idea_title="Digitales Lager")
    milestones = [
        MilestoneFactory(round=round_, position=n, due_date=round_.start_date) for n in range(6)
    ]
    for milestone in milestones[:reached]:
        MilestoneReachedFactory(participation=participation, milestone=milestone)
    RegistrationFactory(event=closing, email="andere@beispiel.de")
    url = status_url(participation.application)

    # Application, participation, events, milestones, milestones reached, registrations.
    with django_assert_num_queries(6):
        response = client.get(url)

    assert text_of(main_content(response)).count("erreicht am") == reached


def test_firm_page_leaving_asks_then_ends_the_participation(client, mailoutbox):
    round_ = round_at_stage("before")
    participation = participant(round_)
    url = status_url(participation.application, "zurueckziehen/")

    asked = client.get(url)
    unconfirmed = client.post(url, {})
    confirmed = client.post(url, {"confirm": "on"}, follow=True)

    participation.refresh_from_db()
    assert [text for _level, text in headings(asked)] == ["Teilnahme von Zeche Ewald GmbH beenden?"]
    assert (
        "Wenn Sie die Teilnahme beenden, steigt Ihr Unternehmen aus dem Programm Digiscouts aus. "
        "Ihr Platz wird frei."
    ) in text_of(main_content(asked))
    assert "Nachrückerliste" not in text_of(main_content(asked))
    assert unconfirmed.context["form"].errors == {
        "confirm": ["Bitte bestätigen Sie, dass Ihr Unternehmen die Teilnahme beendet."]
    }
    assert messages_of(confirmed) == [
        "Ihre Teilnahme ist beendet. Wir haben den Fachdienst informiert."
    ]
    assert (participation.end_kind, participation.ended_on, participation.end_reason) == (
        ParticipationEnd.DROPPED_OUT,
        timezone.localdate(),
        "Teilnahme vom Unternehmen über den persönlichen Link beendet.",
    )
    assert participation.application.status == ApplicationStatus.WITHDRAWN
    assert stage_card(confirmed).startswith("Stand: Teilnahme beendet")


def test_firm_page_leaving_during_the_six_months_frees_the_place(client):
    participation = participant(round_at_stage("during"))

    asked = client.get(status_url(participation.application, "zurueckziehen/"))

    assert (
        "Ihr Platz wird frei; Ihr Team nimmt an den weiteren Terminen und an der "
        "Abschlussveranstaltung nicht mehr teil."
    ) in text_of(main_content(asked))


def test_firm_page_leaving_refused_after_the_closing_event(client):
    participation = participant(round_at_stage("after"))

    response = client.post(
        status_url(participation.application, "zurueckziehen/"), {"confirm": "on"}, follow=True
    )

    participation.refresh_from_db()
    assert messages_of(response) == [
        "Die Abschlussveranstaltung hat stattgefunden; die Teilnahme ist abgeschlossen."
    ]
    assert participation.is_active


def test_status_page_of_an_applicant_without_participation_is_unchanged(client):
    application = ApplicationFactory(round=round_at_stage("before"))

    response = client.get(status_url(application))

    assert stage_card(response).startswith("Stand: eingegangen")
    assert Participation.objects.count() == 0


def test_firm_page_leaving_before_the_start_with_a_reserve_names_the_reserve_list(client):
    round_ = round_at_stage("before")
    participation = participant(round_)
    ApplicationFactory(round=round_, status=ApplicationStatus.RESERVE, reserve_position=1)

    asked = client.get(status_url(participation.application, "zurueckziehen/"))

    assert (
        "Wenn Sie die Teilnahme beenden, steigt Ihr Unternehmen aus dem Programm Digiscouts aus. "
        "Ihr Platz geht dann an das nächste Unternehmen auf der Nachrückerliste."
    ) in text_of(main_content(asked))


@pytest.mark.parametrize(
    ("stage", "with_reserve", "staff_sentence"),
    [
        (
            "before",
            True,
            "Damit ist ein Platz frei geworden. Bitte prüfen Sie die Nachrückerliste.",
        ),
        ("before", False, "Damit ist ein Platz frei geworden.\n"),
        ("during", True, "Damit ist ein Platz frei geworden.\n"),
    ],
    ids=["before-with-reserve", "before-without-reserve", "during-with-reserve"],
)
def test_firm_page_leaving_mails_the_end_of_the_participation(
    client, mailoutbox, django_capture_on_commit_callbacks, stage, with_reserve, staff_sentence
):
    round_ = round_at_stage(stage, contact_email="digiscouts@kreis-re.de")
    participation = participant(round_)
    if with_reserve:
        ApplicationFactory(round=round_, status=ApplicationStatus.RESERVE, reserve_position=1)
    application = participation.application

    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_url(application, "zurueckziehen/"), {"confirm": "on"})

    company, staff = mailoutbox
    assert (company.to, staff.to) == ([application.contact_email], ["digiscouts@kreis-re.de"])
    assert company.subject == f"Ihre Teilnahme an Digiscouts ist beendet ({application.reference})"
    assert (
        "Sie haben über Ihren persönlichen Link die Teilnahme von Zeche Ewald GmbH am Programm "
        f"Digiscouts am {de_date(timezone.localdate())} beendet. Schade, dass Ihr Team nicht "
        "bis zum Ende dabei sein kann.\n\nWenn das ein Versehen war, wenden Sie sich bitte an "
        "uns."
    ) in company.body
    assert "zurückgezogen" not in company.body
    assert staff_sentence in staff.body
    assert staff.body.count("Nachrückerliste") == (1 if stage == "before" and with_reserve else 0)


def test_status_page_of_a_reserve_after_the_start_promises_nothing(client):
    round_ = round_at_stage("during")
    application = ApplicationFactory(
        round=round_,
        status=ApplicationStatus.RESERVE,
        reserve_position=2,
        decision_sent_status=ApplicationStatus.RESERVE,
        decision_sent_at=timezone.now(),
    )

    response = client.get(status_url(application))

    assert stage_card(response) == (
        "Stand: Nachrücker Alle Plätze sind vergeben; die Runde läuft seit dem "
        f"{de_date(round_.start_date)}. Ihr Unternehmen steht auf der Nachrückerliste (Platz 2)."
    )


def test_status_page_of_a_reserve_before_the_start_promises_a_message(client):
    application = ApplicationFactory(
        round=round_at_stage("before"),
        status=ApplicationStatus.RESERVE,
        reserve_position=1,
        decision_sent_status=ApplicationStatus.RESERVE,
        decision_sent_at=timezone.now(),
    )

    response = client.get(status_url(application))

    assert stage_card(response) == (
        "Stand: Nachrücker Alle Plätze sind vergeben. Ihr Unternehmen steht auf der "
        "Nachrückerliste (Platz 1); wird ein Platz frei, melden wir uns."
    )


def _participants_only_registrations(round_, participation):
    """The firm's contact registered for a participants-only event ahead, one already
    held, one open to all; another firm for the same participants-only event."""
    email = participation.application.contact_email
    ahead = _open_registration(round_.events.get(kind=EventKind.CLOSING), participants_only=True)
    held = EventFactory(
        round=round_,
        title="Werkstatt",
        participants_only=True,
        starts_at=timezone.now() - timedelta(days=2),
    )
    public = EventFactory(
        round=round_, title="Infoabend", starts_at=timezone.now() + timedelta(days=5)
    )
    return {
        "ahead": RegistrationFactory(event=ahead, email=email),
        "held": RegistrationFactory(event=held, email=email),
        "public": RegistrationFactory(event=public, email=email),
        "other": RegistrationFactory(event=ahead, email="andere@beispiel.de"),
    }


def _statuses(registrations):
    for registration in registrations.values():
        registration.refresh_from_db()
    return {name: registration.status for name, registration in registrations.items()}


def test_participation_drop_out_cancels_the_participants_only_registrations_ahead():
    round_ = round_at_stage("during")
    participation = participant(round_)
    registrations = _participants_only_registrations(round_, participation)
    clerk = staff_member("clerk")
    closing_day = timezone.localtime(registrations["ahead"].event.starts_at).date()

    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="Azubi gekündigt", by=clerk
    )

    assert _statuses(registrations) == {
        "ahead": "cancelled",
        "held": "confirmed",
        "public": "confirmed",
        "other": "confirmed",
    }
    dropped = participation.changes.get(kind="dropped_out")
    assert dropped.changes == {
        "registrations_cancelled": [f"Abschlussveranstaltung ({closing_day:%d.%m.%Y})"]
    }
    assert [(c.by, c.changes) for c in registrations["ahead"].changes.all()] == [
        (clerk, {"status": ["confirmed", "cancelled"]})
    ]


def test_leaving_through_the_link_cancels_the_participants_only_registrations_ahead(client):
    round_ = round_at_stage("during")
    participation = participant(round_)
    registrations = _participants_only_registrations(round_, participation)

    client.post(status_url(participation.application, "zurueckziehen/"), {"confirm": "on"})

    assert _statuses(registrations) == {
        "ahead": "cancelled",
        "held": "confirmed",
        "public": "confirmed",
        "other": "confirmed",
    }
    assert list(
        participation.changes.filter(kind="dropped_out").values_list("changes", flat=True)
    ) == [
        {
            "registrations_cancelled": [
                registrations["ahead"].event.title
                + " ("
                + (f"{timezone.localtime(registrations['ahead'].event.starts_at):%d.%m.%Y}")
                + ")"
            ]
        }
    ]


def test_application_withdraw_refuses_a_participant_after_the_closing_event():
    round_ = round_at_stage("during")
    closing = round_.events.get(kind=EventKind.CLOSING)
    closing.starts_at = timezone.now() - timedelta(minutes=180, seconds=1)
    closing.save(update_fields=["starts_at"])
    participation = participant(round_)

    with pytest.raises(ApplicationError) as refusal:
        application_withdraw(application=participation.application)

    participation.refresh_from_db()
    assert (refusal.value.code, refusal.value.message) == (
        "participation_complete",
        "Die Abschlussveranstaltung hat stattgefunden; die Teilnahme ist abgeschlossen.",
    )
    assert participation.is_active
    assert participation.application.status == ApplicationStatus.SELECTED


def test_application_withdraw_lets_a_participant_leave_during_the_closing_event():
    round_ = round_at_stage("during")
    closing = round_.events.get(kind=EventKind.CLOSING)
    closing.starts_at = timezone.now() - timedelta(minutes=179)
    closing.save(update_fields=["starts_at"])
    participation = participant(round_)

    application_withdraw(application=participation.application)

    participation.refresh_from_db()
    assert (participation.is_active, participation.application.status) == (
        False,
        ApplicationStatus.WITHDRAWN,
    )
