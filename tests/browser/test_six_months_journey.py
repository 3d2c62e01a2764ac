"""One round through its six months (issue 11, "Done when").

One journey in Chromium, staff logged in as the group user of "Fachdienst Wirtschaft"
(no superuser): select seven of nine firms and put two on the reserve list, one
selected firm drops out before the start and the first reserve takes its place,
milestones are recorded for some firms and one firm falls behind, one firm enters
its idea with the consent to publish it and another without, the closing event is
held, the public ideas page shows exactly the consented idea, and the certificate of
a participant names its firm, team and idea.

Factories only set up what exists before the office starts (the round with its
default milestones and nine submitted applications). Time passes through the ORM:
see ``time_passes``.
"""

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from applications.choices import ApplicationStatus, ParticipationEnd
from applications.links import application_status_url
from applications.models import Application, Participation
from events.choices import EventKind
from events.models import Event, Milestone, Round
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, round_at_stage
from tests.factories.applications import staff_member

S = ApplicationStatus
PASSWORD = "Zeche-Ewald-2021!"
ADMIN = "/verwaltung/"
ROUND_TITLE = "Digiscouts Kreis Recklinghausen"
SLUG = "kreis-recklinghausen-sechs-monate"

# The nine applicants: (company, municipality). 1-7 are selected, 8 and 9 go on the
# reserve list (in this order); 3 drops out before the start and 8 takes its place.
FIRMS = {
    1: ("Zeche Ewald Werkstätten GmbH", "Herten"),
    2: ("Bäckerei Kötter GmbH & Co. KG", "Recklinghausen"),
    3: ("Marler Metallbau Schulte GmbH", "Marl"),
    4: ("Dattelner Hafenlogistik GmbH", "Datteln"),
    5: ("Holzbau Niehues KG", "Haltern am See"),
    6: ("Elektrotechnik Özdemir GmbH", "Castrop-Rauxel"),
    7: ("Sanitär Brinkmann GmbH", "Waltrop"),
    8: ("Gladbecker Druckhaus Lenz GmbH", "Gladbeck"),
    9: ("Kfz-Technik Hülsmann GmbH", "Oer-Erkenschwick"),
}
FIRM_A, FIRM_B, DROPS_OUT, FIRST_RESERVE, BEHIND = 1, 2, 3, 8, 5
TEAM_A = "Lena, Murat, Sophie"
IDEA_A = {
    "title": "Digitales Lager mit Barcode-Scannern",
    "description": "Ein Tablet-Scanner bucht jede Bewegung im Lager sofort.",
    "tools": "Tablets, Barcode-Scanner",
}
IDEA_B = {
    "title": "Backplan in der Cloud",
    "description": "Die Filialen bestellen am Vorabend über eine gemeinsame Tabelle.",
    "tools": "Cloud-Tabelle",
}
CONSENT = "Ja, die Idee darf nach der Abschlussveranstaltung"
TITLE_MISSING = "Bitte geben Sie einen Titel für Ihre Idee an, wenn sie veröffentlicht werden soll."


# --- small helpers -----------------------------------------------------------------


def german_date(day, fmt="DATE_FORMAT"):
    with translation.override("de"):
        return date_format(day, fmt)


def expect_messages(page, expected):
    """The admin's messages after the page has loaded (expect waits for them)."""
    expect(page.locator(".messagelist li")).to_have_text(expected)


def run_action(page, label, references):
    """Tick the rows of the application list and run the action named ``label``."""
    for reference in references:
        page.get_by_role("row").filter(has_text=reference).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=label)
    page.get_by_role("button", name="Ausführen").click()


def participants(round_):
    """The company names of the firms taking part, by application number."""
    return list(
        Participation.objects.filter(round=round_)
        .active()
        .order_by("application__number")
        .values_list("application__company_name", flat=True)
    )


def time_passes(round_, days):
    """Let ``days`` pass for the round: the test cannot move the live server's clock, so
    it moves the round's schedule into the past instead – its dates, its milestones'
    due dates and its events' times, all by the same number of days. What the office
    and the firms recorded on the way (dates reached, the drop-out) stays as entered."""
    delta = timedelta(days=days)
    Round.objects.filter(pk=round_.pk).update(
        application_start=F("application_start") - delta,
        application_end=F("application_end") - delta,
        start_date=F("start_date") - delta,
        end_date=F("end_date") - delta,
    )
    Milestone.objects.filter(round=round_).update(due_date=F("due_date") - delta)
    Event.objects.filter(round=round_).update(starts_at=F("starts_at") - delta)
    round_.refresh_from_db()


def overview_rows(page):
    """The participants × milestones table: each row's cells as text."""
    rows = page.locator("table.overview-progress tbody tr")
    expect(rows.first).to_be_visible()
    return [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in rows.all()
    ]


def pdf_lines(pdf):
    """The text of each page's lines, white space folded, empty lines dropped."""
    return [
        " ".join(line.split())
        for page in PdfReader(BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


# --- the journey ---------------------------------------------------------------------


@pytest.fixture
def office(page, live_server, settings):
    """The round (start in 20 days, closing event on its end date) with RKW's default
    milestones, nine submitted applications and the logged-in group user."""
    settings.SITE_URL = live_server.url  # the personal links in e-mails
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    round_ = round_at_stage("before", title=ROUND_TITLE, slug=SLUG)
    milestones_add_defaults(round_=round_)
    applications = {
        n: ApplicationFactory(
            round=round_,
            number=n,
            company_name=company,
            municipality=municipality,
            apprentices=3,
            trainer_name="Sabine Kowalski" if n == FIRM_A else "Max Ausbilder",
        )
        for n, (company, municipality) in FIRMS.items()
    }
    user = staff_member("wirtschaft", PASSWORD)
    assert (user.is_superuser, list(user.groups.values_list("name", flat=True))) == (
        False,
        ["Fachdienst Wirtschaft"],
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + ADMIN)
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-tools")).to_contain_text("wirtschaft")
    return round_, applications


def test_one_round_through_its_six_months_from_selection_to_certificate(
    office, page, browser, live_server, mailoutbox, assert_accessible
):
    round_, applications = office
    ref = {n: a.reference for n, a in applications.items()}
    company = {n: name for n, (name, _municipality) in FIRMS.items()}
    today = timezone.localdate()
    assert (round_.start_date, ref[1]) == (
        today + timedelta(days=20),
        f"DS-{round_.year}-001",
    )
    assert [m.title for m in round_.milestones.all()] == [
        "Auftaktveranstaltung besucht",
        "Analyse abgeschlossen",
        "Projektvorschlag erstellt",
        "Go der Geschäftsführung",
        "Umsetzung abgeschlossen",
        "Bei der Abschlussveranstaltung präsentiert",
    ]
    errors = []
    page.on("console", lambda message: errors.append(message.text))

    # 1. The selection: seven firms, two on the reserve list, the decisions e-mailed.
    application_list = (
        live_server.url + ADMIN + f"applications/application/?round__id__exact={round_.pk}"
    )
    page.goto(application_list)
    run_action(page, "Auswählen", [ref[n] for n in range(1, 8)])
    expect_messages(page, ["Ausgewählt: " + ", ".join(ref[n] for n in range(1, 8)) + "."])
    expect(page.locator("#plaetze")).to_contain_text("7 von 7 Plätzen vergeben")
    run_action(page, "Auf die Nachrückerliste setzen", [ref[8]])
    expect_messages(page, [f"Auf die Nachrückerliste gesetzt: {ref[8]}."])
    run_action(page, "Auf die Nachrückerliste setzen", [ref[9]])
    expect_messages(page, [f"Auf die Nachrückerliste gesetzt: {ref[9]}."])
    assert [
        (a.status, a.reserve_position)
        for a in Application.objects.filter(round=round_).order_by("number")
    ] == [(S.SELECTED, None)] * 7 + [(S.RESERVE, 1), (S.RESERVE, 2)]
    assert participants(round_) == [company[n] for n in range(1, 8)]

    run_action(page, "Entscheidung per E-Mail senden", [ref[n] for n in range(1, 10)])
    expect(page.locator("#content")).to_contain_text("Diese 9 E-Mails werden gesendet:")
    page.get_by_role("button", name="Ja, E-Mails jetzt senden").click()
    expect_messages(page, ["Entscheidung versandt: " + ", ".join(ref.values()) + "."])
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            [applications[n].contact_email],
            f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({ref[n]})",
        )
        for n in range(1, 8)
    ] + [
        (
            [applications[n].contact_email],
            f"Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste ({ref[n]})",
        )
        for n in (8, 9)
    ]
    # The firms' personal pages are the links of their decision e-mails.
    firm_url = {n: application_status_url(applications[n]) for n in (FIRM_A, FIRM_B)}
    assert firm_url[FIRM_A].startswith(live_server.url + "/bewerbung/status/")
    assert firm_url[FIRM_A] in mailoutbox[FIRM_A - 1].body
    assert firm_url[FIRM_B] in mailoutbox[FIRM_B - 1].body

    # 2. Before the start, firm 3 drops out: staff open its participation from the
    # round overview and record date and reason; the free place is offered to the
    # first reserve, who takes it.
    page.goto(live_server.url + ADMIN)
    page.get_by_role("link", name=f"Übersicht: {ROUND_TITLE}").click()
    page.locator("table.overview-progress").get_by_role("link", name=company[DROPS_OUT]).click()
    expect(page.locator("h1")).to_have_text("Teilnahme ändern")
    page.get_by_role("link", name="Ausstieg eintragen").click()
    expect(page.locator("h1")).to_have_text("Ausstieg eintragen")
    reason = "Die beiden Auszubildenden haben den Betrieb verlassen."
    page.get_by_label("Ausgestiegen am").fill(today.isoformat())
    page.get_by_label("Grund").fill(reason)
    sent_before = len(mailoutbox)
    page.get_by_role("button", name="Ausstieg eintragen").click()
    expect_messages(
        page,
        [
            f"{company[DROPS_OUT]} ist als ausgestiegen eingetragen (am {german_date(today)}). "
            "Die Bewerbung ist zurückgezogen; das Unternehmen erhält eine Bestätigung per "
            "E-Mail."
        ],
    )
    assert [m.to for m in mailoutbox[sent_before:]] == [[applications[DROPS_OUT].contact_email]]
    dropped = applications[DROPS_OUT].participation
    dropped.refresh_from_db()
    assert (dropped.ended_on, dropped.end_kind, dropped.end_reason) == (
        today,
        ParticipationEnd.DROPPED_OUT,
        reason,
    )
    offer = page.locator("#nachruecken")
    expect(offer.locator("h2")).to_have_text("Freier Platz")
    expect(offer.locator("p")).to_have_text(
        f"Der Platz ist frei. Nächster auf der Nachrückerliste: {company[FIRST_RESERVE]} "
        "(Nachrücker 1)."
    )
    offer.get_by_role("button", name="Jetzt auswählen").click()
    # The reserve was told "Nachrückerliste" by e-mail: the change asks first.
    expect(page.locator("h1")).to_have_text("Auswählen")
    page.get_by_label("Ich habe verstanden", exact=False).check()
    page.get_by_role("button", name="Ja, auswählen").click()
    expect(page.locator(".messagelist li").first).to_have_text(f"Ausgewählt: {ref[FIRST_RESERVE]}.")
    # ... and then offers the corrected decision e-mail, which staff send.
    sent_before = len(mailoutbox)
    page.get_by_role("button", name="Ja, E-Mails jetzt senden").click()
    expect_messages(page, [f"Entscheidung versandt: {ref[FIRST_RESERVE]}."])
    assert [(m.to, m.subject) for m in mailoutbox[sent_before:]] == [
        (
            [applications[FIRST_RESERVE].contact_email],
            f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({ref[FIRST_RESERVE]})",
        )
    ]
    taking_part = [1, 2, 4, 5, 6, 7, 8]
    assert participants(round_) == [company[n] for n in taking_part]
    assert [
        (a.number, a.status, a.reserve_position)
        for a in Application.objects.filter(round=round_).order_by("number")
        if a.status != S.SELECTED
    ] == [(3, S.WITHDRAWN, None), (9, S.RESERVE, 1)]

    # 3. Time passes: the kick-off was ten days ago, the analysis is due in 18 days.
    time_passes(round_, 30)
    kickoff_day = round_.start_date
    assert kickoff_day == today - timedelta(days=10)
    assert round_.events.get(kind=EventKind.CLOSING).starts_at > timezone.now()
    due = [m.due_date for m in round_.milestones.all()]
    assert due[:2] == [today - timedelta(days=10), today + timedelta(days=18)]

    # Staff record the kick-off for six of the seven firms (Holzbau Niehues KG did not
    # come) and the analysis, early, for firms A and B; firm A's team gets its names.
    def record(n, milestone, on, note=""):
        participation = applications[n].participation
        page.goto(
            live_server.url + ADMIN + f"applications/participation/{participation.pk}/change/"
        )
        row = page.locator("table.participation-milestones tbody tr").filter(
            has=page.get_by_role("rowheader", name=milestone, exact=True)
        )
        row.get_by_label("erreicht am").fill(on.isoformat())
        if note:
            row.get_by_label("Notiz").fill(note)
        row.get_by_role("button", name=f"„{milestone}“ als erreicht eintragen").click()
        expect_messages(
            page,
            [f"„{milestone}“ ist für {company[n]} als erreicht am {german_date(on)} eingetragen."],
        )

    for n in taking_part:
        if n != BEHIND:
            record(n, "Auftaktveranstaltung besucht", kickoff_day)
    analysis_day = today - timedelta(days=1)
    record(FIRM_A, "Analyse abgeschlossen", analysis_day, "Bericht liegt vor")
    record(FIRM_B, "Analyse abgeschlossen", analysis_day)

    page.goto(
        live_server.url
        + ADMIN
        + f"applications/participation/{applications[FIRM_A].participation.pk}/change/"
    )
    page.get_by_label("Vornamen des Teams").fill(TEAM_A)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist li.success")).to_have_count(1)
    participation_a = applications[FIRM_A].participation
    participation_a.refresh_from_db()
    assert (participation_a.team_size, participation_a.team_names()) == (
        3,
        ["Lena", "Murat", "Sophie"],
    )

    # The overview: firm A ahead, Holzbau Niehues KG behind with the kick-off.
    page.goto(live_server.url + ADMIN)
    page.get_by_role("link", name=f"Übersicht: {ROUND_TITLE}").click()
    rows = overview_rows(page)
    assert [row[0] for row in rows] == [company[n] for n in taking_part]
    kickoff_cell = f"erreicht {kickoff_day:%d.%m.}"
    assert rows[taking_part.index(FIRM_A)] == [
        company[FIRM_A],
        kickoff_cell,
        f"erreicht {analysis_day:%d.%m.}",
        "offen",
        "offen",
        "offen",
        "offen",
    ]
    assert rows[taking_part.index(BEHIND)] == [
        company[BEHIND],
        "im Rückstand",
        "offen",
        "offen",
        "offen",
        "offen",
        "offen",
    ]
    behind = [row[0] for row in rows if "im Rückstand" in row]
    assert behind == [company[BEHIND]]
    expect(page.locator(".overview-ended li")).to_have_text(
        [f"{company[DROPS_OUT]}: ausgestiegen am {german_date(today)} ({reason})"]
    )

    # 4. Two firms open their personal page: firm A enters its idea with the consent,
    # first without a title; firm B without the consent.
    firm = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    firm_page = firm.new_page()
    firm_page.set_default_timeout(10_000)
    firm_page.on("console", lambda message: errors.append(message.text))
    firm_page.goto(firm_url[FIRM_A])
    expect(firm_page.locator("h1")).to_have_text("Ihre Teilnahme an Digiscouts")
    expect(firm_page.locator("#status h2")).to_have_text(
        "Stand heute: Die sechs Projektmonate laufen"
    )
    expect(firm_page.locator("table.milestones tbody tr td:nth-child(3)")).to_have_text(
        [
            f"erreicht am {german_date(kickoff_day)}",
            f"erreicht am {german_date(analysis_day)}",
            "offen",
            "offen",
            "offen",
            "offen",
        ]
    )
    assert_accessible(firm_page, "firm page of firm A, during the six months")

    firm_page.get_by_label("Kurzbeschreibung").fill(IDEA_A["description"])
    firm_page.get_by_label("Eingesetzte digitale Werkzeuge").fill(IDEA_A["tools"])
    firm_page.get_by_label(CONSENT).check()
    firm_page.get_by_role("button", name="Idee speichern").click()
    expect(firm_page.locator("#fehler")).to_be_focused()
    expect(firm_page.locator("#fehler li")).to_have_text([TITLE_MISSING])
    expect(firm_page.locator("#id_idea_title_error")).to_have_text(TITLE_MISSING)
    expect(firm_page.get_by_label("Titel Ihrer Idee")).to_have_attribute("aria-invalid", "true")
    expect(firm_page.get_by_label("Kurzbeschreibung")).to_have_value(IDEA_A["description"])
    expect(firm_page.get_by_label("Eingesetzte digitale Werkzeuge")).to_have_value(IDEA_A["tools"])
    expect(firm_page.get_by_label(CONSENT)).to_be_checked()
    assert_accessible(firm_page, "firm page of firm A, idea with an error")
    participation_a.refresh_from_db()
    assert (participation_a.idea_title, participation_a.idea_publish_consent) == ("", False)

    firm_page.get_by_label("Titel Ihrer Idee").fill(IDEA_A["title"])
    firm_page.get_by_role("button", name="Idee speichern").click()
    expect(firm_page.get_by_role("status").first).to_have_text("Ihre Idee wurde gespeichert.")
    expect(firm_page.get_by_label("Titel Ihrer Idee")).to_have_value(IDEA_A["title"])
    assert_accessible(firm_page, "firm page of firm A, idea saved")

    firm_page.goto(firm_url[FIRM_B])
    expect(firm_page.locator("#status h2")).to_have_text(
        "Stand heute: Die sechs Projektmonate laufen"
    )
    firm_page.get_by_label("Titel Ihrer Idee").fill(IDEA_B["title"])
    firm_page.get_by_label("Kurzbeschreibung").fill(IDEA_B["description"])
    firm_page.get_by_label("Eingesetzte digitale Werkzeuge").fill(IDEA_B["tools"])
    expect(firm_page.get_by_label(CONSENT)).not_to_be_checked()
    firm_page.get_by_role("button", name="Idee speichern").click()
    expect(firm_page.get_by_role("status").first).to_have_text("Ihre Idee wurde gespeichert.")
    assert_accessible(firm_page, "firm page of firm B, idea saved")

    ideas = {
        p.application.number: (
            p.idea_title,
            p.idea_description,
            p.idea_tools,
            p.idea_publish_consent,
            p.idea_consent_at is not None,
        )
        for p in Participation.objects.filter(round=round_)
        .exclude(idea_title="")
        .select_related("application")
    }
    assert ideas == {
        FIRM_A: (IDEA_A["title"], IDEA_A["description"], IDEA_A["tools"], True, True),
        FIRM_B: (IDEA_B["title"], IDEA_B["description"], IDEA_B["tools"], False, False),
    }

    # Before the closing event the public page names no idea yet.
    public_url = f"{live_server.url}/runden/{SLUG}/ideen/"
    firm_page.goto(public_url)
    expect(firm_page.locator("h1")).to_have_text(f"Die Ideen der Digiscouts: {ROUND_TITLE}")
    expect(firm_page.locator("article")).to_have_count(0)

    # 5. The closing event is held: time passes until it lies one day back.
    time_passes(round_, (round_.end_date - today).days + 1)
    closing = round_.events.get(kind=EventKind.CLOSING)
    closing_day = timezone.localdate(closing.starts_at)
    assert (closing_day, round_.end_date) == (today - timedelta(days=1),) * 2

    firm_page.goto(public_url)
    expect(firm_page.locator("p.lead")).to_have_text(
        "Eine Idee, deren Veröffentlichung das Unternehmen zugestimmt hat."
    )
    expect(firm_page.locator("article h2")).to_have_text([IDEA_A["title"]])
    expect(firm_page.locator("article")).to_have_text(
        [
            re.compile(
                rf"^\s*{re.escape(IDEA_A['title'])}\s+"
                rf"{re.escape(company[FIRM_A])}, Herten\s+"
                rf"{re.escape(IDEA_A['description'])}\s+"
                rf"Digitale Werkzeuge: {re.escape(IDEA_A['tools'])}\s*$"
            )
        ]
    )
    main = firm_page.locator("main").inner_text()
    for hidden in (IDEA_B["title"], IDEA_B["description"], company[FIRM_B], "Lena"):
        assert hidden not in main
    assert_accessible(firm_page, "public ideas page after the closing event")

    # The firm's page now reads as the round's end, its idea no longer editable.
    firm_page.goto(firm_url[FIRM_A])
    expect(firm_page.locator("#status h2")).to_have_text("Stand heute: Die Runde ist abgeschlossen")
    expect(firm_page.locator("form.idea-form")).to_have_count(0)
    firm.close()

    # 6. The certificate of firm A, downloaded from its participation's admin page.
    page.goto(live_server.url + ADMIN + f"applications/participation/{participation_a.pk}/change/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Teilnahmebescheinigung (PDF)").click()
    assert download.value.suggested_filename == (
        f"Teilnahmebescheinigung-{ref[FIRM_A]}-zeche-ewald-werkstatten-gmbh.pdf"
    )
    pdf = Path(download.value.path()).read_bytes()
    assert pdf_lines(pdf) == [
        ROUND_TITLE,
        f"Partnerregion Kreis Recklinghausen · {german_date(round_.start_date)} bis "
        f"{german_date(round_.end_date)}",
        "Teilnahmebescheinigung",
        "Hiermit wird bestätigt, dass das Unternehmen",
        company[FIRM_A],
        "Herten",
        "mit einem Team von 3 Auszubildenden (Lena, Murat und Sophie)",
        f"an der Programmrunde „{ROUND_TITLE}“ teilgenommen hat.",
        "Ausbilder/in: Sabine Kowalski",
        "DIE IDEE DES TEAMS",
        IDEA_A["title"],
        IDEA_A["description"],
        f"Eingesetzte digitale Werkzeuge: {IDEA_A['tools']}",
        f"Abschlussveranstaltung am {german_date(closing_day)}",
        f"Kreis Recklinghausen, den {german_date(today)}",
        "Dr. Julia aus der Wiesche",
        "Fachdienst Wirtschaft, Kreis Recklinghausen",
    ]
    assert [e for e in errors if "Content Security Policy" in e] == []
