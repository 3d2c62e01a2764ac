"""The office runs a whole round alone (issue 8, "Done when").

One journey in Chromium, logged in as the group user of "Fachdienst Wirtschaft" (no
superuser): copy last year's round, open its info event, a company registers on the
public site, lower the seats, review nine applications (reversibly), correct a contact
e-mail, reorder the reserve list and download the selected firms as CSV and XLSX.
Factories only set up what exists before the office starts: the seed round and the
nine applications; every step itself is clicked in the browser.
"""

import csv
import io
import re
from datetime import datetime, time, timedelta

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from applications.models import Application, ApplicationStatus
from events.choices import EventKind, RegistrationStatus
from events.models import Round
from events.seed import seed_round_upsert
from tests.factories import ApplicationFactory
from tests.factories.applications import staff_member

S = ApplicationStatus
PASSWORD = "Zeche-Ewald-2021!"
ADMIN = "/verwaltung/"
# The phone as the public form stores "0236198765" (the format itself is tested elsewhere).
PHONE = "02361 98765"
CORRECTED_EMAIL = "ausbildung@firma-drei.de"


@pytest.fixture
def office(page, live_server, settings):
    """The seed round of 2021 and the logged-in group user (not a superuser)."""
    settings.SITE_URL = live_server.url  # links in e-mails point at the live server
    seed = seed_round_upsert()
    user = staff_member("wirtschaft", PASSWORD)
    assert (user.is_superuser, list(user.groups.values_list("name", flat=True))) == (
        False,
        ["Fachdienst Wirtschaft"],
    )
    page.goto(live_server.url + ADMIN)
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-tools")).to_contain_text("wirtschaft")
    return seed


# --- small helpers -----------------------------------------------------------------


def german_date(day):
    with translation.override("de"):
        return date_format(day, "DATE_FORMAT")


def berlin(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))


def expect_messages(page, expected):
    """The admin's messages after the page has loaded (expect waits for them)."""
    expect(page.locator(".messagelist li")).to_have_text(expected)


def run_action(page, label, references):
    """Tick the rows of the application list and run the action named ``label``."""
    for reference in references:
        page.get_by_role("row").filter(has_text=reference).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=label)
    page.get_by_role("button", name="Ausführen").click()


def statuses(round_):
    """reference → (status, reserve position), from the database."""
    return {
        a.reference: (a.status, a.reserve_position)
        for a in Application.objects.filter(round=round_).order_by("number")
    }


def download(page, link_name, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


# --- the journey ---------------------------------------------------------------------


def test_office_runs_a_round_from_copy_to_export_without_a_superuser(
    office, page, browser, live_server, mailoutbox, assert_accessible, tmp_path
):
    seed = office
    today = timezone.localdate()
    # The new kick-off in about two months: the copied info event (41 days before the
    # kick-off, as in 2021) then lies ahead and can take registrations.
    kickoff = today + timedelta(days=60)
    year = kickoff.year
    info_day = kickoff - timedelta(days=41)

    # 1. Copy the seed round: "Runde kopieren" asks for the kick-off date first.
    page.goto(live_server.url + ADMIN + "events/round/")
    page.get_by_role("row").filter(has_text=seed.title).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Runde kopieren")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.locator("h1")).to_have_text("Runde kopieren")
    expect(page.locator("#content")).to_contain_text(
        "Kopiert werden alle Termine (3) und Phasen (3)"
    )
    page.get_by_label("oder: Datum des neuen Projektstarts").fill(kickoff.isoformat())
    page.get_by_role("button", name="Runde kopieren").click()
    title = f"Digiscouts {year} im Kreis Recklinghausen"
    slug = f"kreis-recklinghausen-{year}"
    expect_messages(
        page,
        [
            f"Die Runde „{title}“ ist angelegt (Kurzname {slug}, nicht veröffentlicht). "
            "Prüfen Sie Termine und Texte und veröffentlichen Sie die Runde dann."
        ],
    )
    new = Round.objects.get(slug=slug)
    info = new.events.get(kind=EventKind.INFO)
    assert (new.title, new.year, new.start_date, new.is_published, new.places) == (
        title,
        year,
        kickoff,
        False,
        7,
    )
    assert (new.events.count(), new.phases.count(), info.starts_at) == (
        3,
        3,
        berlin(info_day, time(10, 0)),
    )

    # ... then, on the new round's page (events inline), 10 seats, the registration
    # window, and publish: one save builds the round.
    opens = berlin(today - timedelta(days=1), time(9, 0))
    closes = berlin(info_day - timedelta(days=1), time(18, 0))
    page.locator(".messagelist").get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text("Programmrunde ändern")
    inline = page.locator(".inline-related").filter(
        has=page.locator("h3", has_text="Infoveranstaltung Digiscouts")
    )
    inline.locator("[name$='-capacity']").fill("10")
    inline.locator("[name$='-registration_opens_at_0']").fill(f"{opens:%d.%m.%Y}")
    inline.locator("[name$='-registration_opens_at_1']").fill(f"{opens:%H:%M}")
    inline.locator("[name$='-registration_closes_at_0']").fill(f"{closes:%d.%m.%Y}")
    inline.locator("[name$='-registration_closes_at_1']").fill(f"{closes:%H:%M}")
    page.get_by_label("veröffentlicht").check()
    page.locator("input[name=_save]").click()
    expect_messages(page, [f"Programmrunde „{title}“ wurde erfolgreich geändert."])
    info.refresh_from_db()
    new.refresh_from_db()
    assert (new.is_published, info.capacity, info.registration_opens_at) == (True, 10, opens)
    assert info.registration_closes_at == closes

    # 2. A company registers on the public site (anonymous, its own browser context).
    visitor = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    public = visitor.new_page()
    public.set_default_timeout(10_000)
    public.goto(live_server.url + f"/runden/{slug}/")
    assert_accessible(public, "round timeline")
    public.get_by_role(
        "link", name=re.compile("^Zur Anmeldung.*Infoveranstaltung Digiscouts$")
    ).click()
    expect(public.locator("h1")).to_have_text("Anmeldung: Infoveranstaltung Digiscouts")
    expect(public.locator("main")).to_contain_text("Es sind noch 10 Plätze frei.")
    assert_accessible(public, "registration form")
    public.get_by_label("Unternehmen", exact=False).first.fill("Zeche Ewald GmbH")
    public.get_by_label("Vorname").fill("Jürgen")
    public.get_by_label("Nachname").fill("Müller-Lüdenscheidt")
    public.get_by_label("Funktion im Unternehmen").fill("Ausbildungsleitung")
    public.get_by_label("E-Mail-Adresse").fill("j.mueller@zeche-ewald.de")
    public.get_by_label("Kommune des Unternehmens").select_option("Herten")
    public.get_by_label("Anzahl der Personen").select_option("2")
    public.get_by_role("checkbox").check()
    public.get_by_role("button", name="Verbindlich anmelden").click()
    expect(public).to_have_url(re.compile(r"/anmeldung/danke/$"))
    expect(public.locator("h1")).to_have_text("Vielen Dank für Ihre Anmeldung")
    expect(public.locator("main")).to_contain_text(
        "Eine E-Mail mit allen Einzelheiten und Ihrem persönlichen Link ist an "
        "j.mueller@zeche-ewald.de unterwegs."
    )
    assert_accessible(public, "registration confirmation")
    visitor.close()
    (registration,) = info.registrations.all()
    assert (registration.company, registration.persons, registration.status) == (
        "Zeche Ewald GmbH",
        2,
        RegistrationStatus.CONFIRMED,
    )
    assert [m.to for m in mailoutbox] == [["j.mueller@zeche-ewald.de"]]

    # 3. Fewer seats than planned: 10 → 5 on the event's own page.
    page.goto(live_server.url + ADMIN + "events/event/")
    page.locator("#changelist-filter").get_by_role("link", name=title).click()
    page.get_by_role("link", name="Infoveranstaltung Digiscouts").click()
    page.get_by_label("Plätze (Personen)").fill("5")
    page.locator("input[name=_save]").click()
    expect_messages(page, [f"Termin „{info}“ wurde erfolgreich geändert."])
    expect(page.get_by_role("row").filter(has_text="Infoveranstaltung")).to_contain_text("2 von 5")
    info.refresh_from_db()
    assert info.capacity == 5

    # 4. Nine applications have come in (set up); the office reviews them from the
    # round's overview, reached from the admin index.
    applications = [
        ApplicationFactory(
            round=new,
            number=n,
            company_name=f"Firma Nr. {n} Größe GmbH",
            contact_phone=PHONE if n == 2 else "02361 12345",
        )
        for n in range(1, 10)
    ]
    ref = {n: a.reference for n, a in enumerate(applications, start=1)}
    assert ref[1] == f"DS-{year}-001"
    page.goto(live_server.url + ADMIN)
    page.get_by_role("link", name=f"Übersicht: {title}").click()
    overview = page.locator("#content-main")
    expect(overview.locator(".places-taken")).to_have_text("0 von 7 Plätzen vergeben")
    expect(overview.locator(".overview-events tbody tr")).to_have_text(
        re.compile(r"Infoveranstaltung Digiscouts \(\S+\)\s+5\s+2\s+0\s+0")
    )
    page.get_by_role("link", name="Alle Bewerbungen dieser Runde").click()

    # Select seven: nothing is lost, so it acts at once.
    run_action(page, "Auswählen", [ref[n] for n in range(1, 8)])
    expect_messages(page, ["Ausgewählt: " + ", ".join(ref[n] for n in range(1, 8)) + "."])
    expect(page.locator("#plaetze")).to_contain_text("7 von 7 Plätzen vergeben")
    assert [statuses(new)[ref[n]] for n in range(1, 8)] == [(S.SELECTED, None)] * 7

    run_action(page, "Auf die Nachrückerliste setzen", [ref[8]])
    expect_messages(page, [f"Auf die Nachrückerliste gesetzt: {ref[8]}."])
    assert statuses(new)[ref[8]] == (S.RESERVE, 1)

    # A rejection ends the application: the page names it and asks first.
    run_action(page, "Absagen", [ref[9]])
    expect(page.locator("h1")).to_have_text("Absagen")
    expect(page.locator(".status-changes")).to_have_text(
        f"{applications[8]}: eingegangen → abgesagt"
    )
    page.get_by_role("button", name="Ja, absagen").click()
    expect_messages(page, [f"Abgesagt: {ref[9]}."])
    assert statuses(new)[ref[9]] == (S.REJECTED, None)

    # Reopening needs the reason for the history.
    run_action(page, "Wieder aufnehmen (abgesagt oder zurückgezogen)", [ref[9]])
    expect(page.locator("h1")).to_have_text("Wieder aufnehmen")
    page.get_by_role("button", name="Ja, wieder aufnehmen").click()
    expect(page.locator(".errorlist")).to_have_text(
        "Bitte geben Sie an, warum die Bewerbung wieder aufgenommen wird."
    )
    assert statuses(new)[ref[9]] == (S.REJECTED, None)
    reason = "Versehentlich abgesagt: zwei Auszubildende wurden nachgemeldet."
    page.get_by_label("Grund der Wiederaufnahme").fill(reason)
    page.get_by_role("button", name="Ja, wieder aufnehmen").click()
    expect_messages(page, [f"Wieder aufgenommen (jetzt „eingegangen“): {ref[9]}."])
    last = applications[8].status_changes.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.note, last.by.username) == (
        S.REJECTED,
        S.SUBMITTED,
        reason,
        "wirtschaft",
    )

    # The reopened firm goes on the reserve list behind DS-…-008.
    run_action(page, "Auf die Nachrückerliste setzen", [ref[9]])
    expect_messages(page, [f"Auf die Nachrückerliste gesetzt: {ref[9]}."])
    assert [statuses(new)[ref[n]] for n in (8, 9)] == [(S.RESERVE, 1), (S.RESERVE, 2)]

    early_warning = (
        f"{title}: Die Bewerbungsfrist endet erst am {german_date(new.application_end)}. Wer "
        "sich danach noch bewirbt, wird nach den Unternehmen entschieden, die ihre "
        "Entscheidung jetzt erhalten."
    )
    # The decisions of the seven and of the first reserve go out; the preview warns
    # (never refuses) that the application deadline is still ahead.
    sent_before = len(mailoutbox)
    run_action(page, "Entscheidung per E-Mail senden", [ref[n] for n in range(1, 9)])
    expect(page.locator("h1")).to_have_text("Entscheidung per E-Mail senden")
    expect(page.locator("#content")).to_contain_text("Diese 8 E-Mails werden gesendet:")
    expect(page.locator(".messagelist .warning")).to_have_text(early_warning)
    page.get_by_role("button", name="Ja, E-Mails jetzt senden").click()
    expect_messages(
        page,
        ["Entscheidung versandt: " + ", ".join(ref[n] for n in range(1, 9)) + "."],
    )
    decision_mails = mailoutbox[sent_before:]
    assert [m.subject for m in decision_mails] == [
        f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({ref[n]})" for n in range(1, 8)
    ] + [f"Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste ({ref[8]})"]
    assert [m.to for m in decision_mails] == [[a.contact_email] for a in applications[:8]]

    # DS-…-007 cannot start in time: its e-mailed "ausgewählt" changes to the reserve
    # list only with the explicit confirmation, and the corrected e-mail is offered.
    run_action(page, "Auf die Nachrückerliste setzen", [ref[7]])
    expect(page.locator(".status-changes")).to_have_text(
        f"{applications[6]}: ausgewählt → Nachrücker – gibt ihren Platz in der Runde frei"
    )
    expect(page.locator(".published-decisions li")).to_have_text(
        re.compile(
            rf"^{re.escape(str(applications[6]))}: Die E-Mail „ausgewählt“ ging am "
            rf"\d\d\.\d\d\.\d{{4}} \d\d:\d\d an {re.escape(applications[6].contact_email)} "
            r"\(versandt durch wirtschaft\)\.$"
        )
    )
    page.get_by_role("button", name="Ja, auf die Nachrückerliste setzen").click()
    expect(page.locator(".errorlist")).to_have_text(
        "Bitte bestätigen Sie, dass Sie eine bereits versandte Entscheidung ändern."
    )
    assert statuses(new)[ref[7]] == (S.SELECTED, None)
    page.get_by_label("Ich habe verstanden", exact=False).check()
    page.get_by_role("button", name="Ja, auf die Nachrückerliste setzen").click()
    expect_messages(
        page,
        [
            f"Auf die Nachrückerliste gesetzt: {ref[7]}.",
            f"{title}: Ein Platz ist frei geworden. Erster Nachrücker ist {applications[7]} – "
            "Sie können ihn mit „Auswählen“ nachrücken lassen.",
            f"{ref[7]}: Das Unternehmen hat eine andere Entscheidung per E-Mail erhalten. "
            "Senden Sie ihm jetzt die berichtigte Entscheidung.",
            early_warning,
        ],
    )
    expect(page.locator(".decision-preview .correction")).to_contain_text(
        "Berichtigt die E-Mail „ausgewählt“ vom"
    )
    page.get_by_role("button", name="Ja, E-Mails jetzt senden").click()
    expect_messages(page, [f"Entscheidung versandt: {ref[7]}."])
    assert mailoutbox[-1].subject == (
        f"Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste ({ref[7]})"
    )
    assert [statuses(new)[ref[n]] for n in (7, 8, 9)] == [
        (S.RESERVE, 3),
        (S.RESERVE, 1),
        (S.RESERVE, 2),
    ]
    applications[6].refresh_from_db()
    assert applications[6].decision_sent_status == S.RESERVE

    # 5. A mistyped contact e-mail of DS-…-003 is corrected on its change form; the
    # personal link then goes to the new address.
    page.get_by_role("link", name=ref[3]).click()
    old_email = applications[2].contact_email
    page.locator("#id_contact_email").fill(CORRECTED_EMAIL)
    page.locator("input[name=_save]").click()
    expect_messages(
        page,
        [
            f"Bewerbung „{applications[2]}“ wurde erfolgreich geändert.",
            f"Die E-Mail-Adresse wurde geändert auf {CORRECTED_EMAIL}. "
            "Persönlichen Link an die neue Adresse senden",
        ],
    )
    correction = applications[2].status_changes.order_by("-at", "-pk").first()
    assert (correction.changes, correction.by.username) == (
        {"contact_email": [old_email, CORRECTED_EMAIL]},
        "wirtschaft",
    )
    page.get_by_role("link", name="Persönlichen Link an die neue Adresse senden").click()
    expect(page.locator("#content")).to_contain_text(
        f"Die Bewerbung {ref[3]} erhält eine E-Mail mit ihrem persönlichen Link an "
        f"{CORRECTED_EMAIL}."
    )
    page.get_by_role("button", name="Ja, Link jetzt senden").click()
    expect_messages(
        page,
        [f"{ref[3]}: Der persönliche Link wurde an {CORRECTED_EMAIL} gesendet."],
    )
    assert (mailoutbox[-1].to, mailoutbox[-1].subject) == (
        [CORRECTED_EMAIL],
        f"Ihr persönlicher Link zur Bewerbung {ref[3]}",
    )
    # The history on the form shows the correction.
    expect(page.locator(".history-changes")).to_have_text(
        f"E-Mail: {old_email} → {CORRECTED_EMAIL}"
    )

    # 6. On the overview, DS-…-009 moves up to the first reserve place, and then
    # takes the free place from the application list's "Nachrücker auswählen".
    page.goto(live_server.url + ADMIN)
    page.get_by_role("link", name=f"Übersicht: {title}").click()
    reserves = page.locator(".overview-reserves tbody th")
    expect(reserves).to_have_text([str(applications[n]) for n in (7, 8, 6)])
    page.get_by_role("button", name=f"{ref[9]} nach oben").click()
    expect_messages(page, [f"{applications[8]} ist jetzt Nachrücker 1."])
    expect(reserves).to_have_text([str(applications[n]) for n in (8, 7, 6)])
    assert [statuses(new)[ref[n]] for n in (9, 8, 7)] == [
        (S.RESERVE, 1),
        (S.RESERVE, 2),
        (S.RESERVE, 3),
    ]
    page.get_by_role("link", name="Alle Bewerbungen dieser Runde").click()
    places = page.locator("#plaetze")
    expect(places).to_contain_text("6 von 7 Plätzen vergeben")
    expect(places).to_contain_text(f"Erster Nachrücker: {applications[8]}")
    places.get_by_role("button", name="Nachrücker auswählen").click()
    expect_messages(page, [f"Ausgewählt: {ref[9]}."])
    expect(places).to_contain_text("7 von 7 Plätzen vergeben")
    assert [statuses(new)[ref[n]] for n in (9, 8, 7)] == [
        (S.SELECTED, None),
        (S.RESERVE, 1),
        (S.RESERVE, 2),
    ]

    # 7. The selected firms for the selection meeting, as CSV and as XLSX.
    selected = [1, 2, 3, 4, 5, 6, 9]
    assert [r for r, (status, _position) in statuses(new).items() if status == S.SELECTED] == [
        ref[n] for n in selected
    ]
    page.goto(live_server.url + ADMIN)
    page.get_by_role("link", name=f"Übersicht: {title}").click()
    expect(page.locator(".places-taken")).to_have_text("7 von 7 Plätzen vergeben")

    csv_file = download(page, "Ausgewählte Unternehmen der Runde (CSV)", tmp_path)
    assert csv_file.name == f"digiscouts-{slug}-ausgewaehlt-{today:%Y-%m-%d}.csv"
    raw = csv_file.read_bytes()
    # Excel opens a ";"-separated file with a BOM as UTF-8 in its German setting.
    assert raw.startswith(b"\xef\xbb\xbfBewerbungsnummer;Unternehmen;")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    column = {name: header.index(name) for name in ("E-Mail", "Telefon", "Status", "PLZ")}
    assert [(row[0], row[column["Status"]]) for row in rows[1:]] == [
        (ref[n], "ausgewählt") for n in selected
    ]
    by_reference = {row[0]: row for row in rows[1:]}
    # The phone keeps its leading zero as text, without an apostrophe guard.
    assert by_reference[ref[2]][column["Telefon"]] == PHONE
    assert by_reference[ref[3]][column["E-Mail"]] == CORRECTED_EMAIL

    xlsx_file = download(page, "Ausgewählte Unternehmen der Runde (Excel)", tmp_path)
    assert xlsx_file.name == f"digiscouts-{slug}-ausgewaehlt-{today:%Y-%m-%d}.xlsx"
    sheet = openpyxl.load_workbook(xlsx_file).active
    cells = list(sheet.iter_rows())
    assert [c.value for c in cells[0]] == header
    assert [row[0].value for row in cells[1:]] == [ref[n] for n in selected]
    phone = cells[1 + selected.index(2)][column["Telefon"]]
    postcode = cells[1][column["PLZ"]]
    assert (phone.value, phone.data_type, postcode.value, postcode.data_type) == (
        PHONE,
        "s",
        "45657",
        "s",
    )
    assert cells[1 + selected.index(3)][column["E-Mail"]].value == CORRECTED_EMAIL
    # Typed cells: numbers as numbers, real dates, the motivation for the meeting.
    first = {name: cell for name, cell in zip(header, cells[1], strict=True)}
    assert (first["Beschäftigte"].value, first["Beschäftigte"].data_type) == (45, "n")
    assert (first["Eingegangen am"].is_date, first["Eingegangen am"].value.date()) == (
        True,
        today,
    )
    assert first["Motivation"].value == "Unsere Azubis sollen die Digitalisierung voranbringen."
    sent_on = header.index("Entscheidung versandt am")
    # DS-…-009 moved up from the reserve list: its decision is still to be sent.
    assert [row[sent_on].value and row[sent_on].value.date() for row in cells[1:]] == [
        today
    ] * 6 + [None]
    assert sheet.title == "Ausgewählte Unternehmen"
    assert [c.coordinate for row in cells for c in row if c.data_type == "f"] == []
