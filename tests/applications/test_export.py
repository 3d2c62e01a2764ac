"""Exports of firms: the exact CSV bytes German Excel and LibreOffice open, and the XLSX
file read back with openpyxl (typed cells, no formulas)."""

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, ApplicationStatus
from applications.services import application_select
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    application_form_data,
    berlin,
    open_round,
)
from tests.factories.applications import staff_member
from tests.helpers import application_form_url, run_action

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "admin:applications_application_changelist"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "Bewerbungsnummer",
    "Unternehmen",
    "Rechtsform",
    "Straße und Hausnummer",
    "PLZ",
    "Kommune",
    "Website",
    "Branche",
    "Beschäftigte",
    "Auszubildende im Team",
    "Ausbildungsberufe",
    "Ansprechperson",
    "Funktion",
    "E-Mail",
    "Telefon",
    "Ausbilder/in",
    "E-Mail Ausbilder/in",
    "Status",
    "Infoveranstaltung besucht",
    "Eingegangen am",
    "Entscheidung versandt am",
    "Motivation",
    "Erste Ideen",
]
PHONE, POSTCODE, EMPLOYEES, STATUS, SUBMITTED, SENT = 14, 4, 8, 17, 19, 20
MOTIVATION = "Unsere Azubis sollen die Digitalisierung voranbringen."


def firm(round_, number, company_name, **kwargs):
    defaults = {
        "round": round_,
        "number": number,
        "company_name": company_name,
        "status": S.SELECTED,
        "contact_email": f"kontakt{number}@firma.de",
        "submitted_at": berlin(2021, 4, 20, 9, 30),
    }
    return ApplicationFactory(**{**defaults, **kwargs})


def csv_url(round_):
    return reverse("admin:applications_application_export", kwargs={"round_id": round_.pk})


def xlsx_url(round_):
    return reverse("admin:applications_application_export_xlsx", kwargs={"round_id": round_.pk})


def all_csv_url(round_):
    return reverse("admin:applications_application_export_all", kwargs={"round_id": round_.pk})


def all_xlsx_url(round_):
    return reverse("admin:applications_application_export_all_xlsx", kwargs={"round_id": round_.pk})


def content(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))


def sheet_of(response):
    return load_workbook(io.BytesIO(content(response))).active


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_selected_firms_exact_bytes(staff_client):
    round_ = RoundFactory(slug="kreis-recklinghausen-2021", year=2021)
    firm(round_, 1, "Müller & Söhne GmbH", municipality="Castrop-Rauxel", employees=120)
    firm(
        round_,
        2,
        "Schmidt; Weber OHG",
        legal_form="OHG",
        municipality="Oer-Erkenschwick",
        contact_phone="00 31 20 123 4567",
        first_ideas="Lager digital",
    )
    firm(
        round_,
        3,
        '=HYPERLINK("http://böse.example")',
        training_occupations="Industriekaufleute\nMechatroniker/in",
        contact_phone="+49 2361 (alte Angabe)",
        motivation="-Azubis digital",
        decision_sent_at=berlin(2021, 5, 10, 12, 0),
        decision_sent_status=S.SELECTED,
    )
    firm(round_, 4, "Nicht ausgewählt GmbH", status=S.RESERVE, reserve_position=1)
    firm(RoundFactory(), 1, "Andere Runde GmbH")

    response = staff_client.get(csv_url(round_))

    common = (
        "Kurt-Schumacher-Allee 1;45657;{municipality};;Handwerk;{employees};3;{occupations};"
        "Erika Muster;Ausbildungsleitung;kontakt{n}@firma.de;{phone};Max Ausbilder;"
        "ausbildung@beispiel.de;ausgewählt;nicht angemeldet;20.04.2021;{sent};{motivation};"
        "{ideas}\r\n"
    )
    expected = (
        "\ufeff"
        + ";".join(HEADER)
        + "\r\n"
        + "DS-2021-001;Müller & Söhne GmbH;GmbH;"
        + common.format(
            municipality="Castrop-Rauxel",
            employees=120,
            occupations="Industriekaufleute",
            n=1,
            phone="02361 12345",
            sent="",
            motivation=MOTIVATION,
            ideas="",
        )
        + 'DS-2021-002;"Schmidt; Weber OHG";OHG;'
        + common.format(
            municipality="Oer-Erkenschwick",
            employees=45,
            occupations="Industriekaufleute",
            n=2,
            phone="00 31 20 123 4567",
            sent="",
            motivation=MOTIVATION,
            ideas="Lager digital",
        )
        + 'DS-2021-003;"\'=HYPERLINK(""http://böse.example"")";GmbH;'
        + common.format(
            municipality="Recklinghausen",
            employees=45,
            occupations='"Industriekaufleute\nMechatroniker/in"',
            n=3,
            # Only a value stored before the phone format (left by the migration) can
            # start with "+"; the guard still keeps it from being read as a formula.
            phone="'+49 2361 (alte Angabe)",
            sent="10.05.2021",
            motivation="'-Azubis digital",
            ideas="",
        )
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"digiscouts-kreis-recklinghausen-2021-ausgewaehlt-{timezone.localdate()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert content(response) == expected.encode("utf-8")


def test_export_reads_back_with_every_column(staff_client):
    round_ = RoundFactory()
    firm(
        round_,
        1,
        "Bäckerei Größe; Söhne",
        training_occupations="Bäcker/in\nVerkäufer/in",
        first_ideas="Online-Bestellung;\nKassensystem",
    )

    response = staff_client.get(csv_url(round_))

    rows = csv_rows(response)
    assert len(rows) == 2
    assert len(rows[0]) == len(rows[1]) == 23
    assert rows[1][1] == "Bäckerei Größe; Söhne"
    assert rows[1][10] == "Bäcker/in\nVerkäufer/in"
    assert rows[1][21:] == [MOTIVATION, "Online-Bestellung;\nKassensystem"]


def test_export_all_applications_of_the_round_for_the_selection_meeting_as_csv(staff_client):
    round_ = RoundFactory(slug="kreis-recklinghausen-2021", year=2021)
    firm(round_, 2, "Abgesagt GmbH", status=S.REJECTED, first_ideas="Lager digital")
    firm(round_, 1, "Eingegangen GmbH", status=S.SUBMITTED, motivation="Azubis fördern")
    firm(round_, 3, "Ausgewählt GmbH")
    firm(round_, 4, "Nachrücker GmbH", status=S.RESERVE, reserve_position=1)
    firm(RoundFactory(), 1, "Andere Runde GmbH", status=S.SUBMITTED)

    response = staff_client.get(all_csv_url(round_))

    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert [[*row[:2], row[STATUS], *row[21:]] for row in rows[1:]] == [
        ["DS-2021-001", "Eingegangen GmbH", "eingegangen", "Azubis fördern", ""],
        ["DS-2021-002", "Abgesagt GmbH", "abgesagt", MOTIVATION, "Lager digital"],
        ["DS-2021-003", "Ausgewählt GmbH", "ausgewählt", MOTIVATION, ""],
        ["DS-2021-004", "Nachrücker GmbH", "Nachrücker 1", MOTIVATION, ""],
    ]
    filename = f"digiscouts-kreis-recklinghausen-2021-alle-{timezone.localdate()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_export_all_applications_of_the_round_as_xlsx(staff_client):
    round_ = RoundFactory(slug="runde", year=2021)
    firm(round_, 1, "Eingegangen GmbH", status=S.SUBMITTED, first_ideas="Lager digital")
    firm(round_, 2, "Ausgewählt GmbH")

    response = staff_client.get(all_xlsx_url(round_))

    sheet = sheet_of(response)
    assert sheet.title == "Alle Bewerbungen"
    assert [[*row[:2], row[STATUS], *row[21:]] for row in values(sheet)[1:]] == [
        ["DS-2021-001", "Eingegangen GmbH", "eingegangen", MOTIVATION, "Lager digital"],
        ["DS-2021-002", "Ausgewählt GmbH", "ausgewählt", MOTIVATION, None],
    ]
    filename = f"digiscouts-runde-alle-{timezone.localdate()}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def submit_and_select(client, round_, **answers):
    """The company applies through the public form; staff select it."""
    client.post(application_form_url(round_), application_form_data(**answers))
    application = Application.objects.get()
    return application_select(application=application, by=staff_member("auswahl"))


def test_export_phone_typed_without_spaces_opens_as_text_with_its_leading_zero(staff_client):
    # German Excel and LibreOffice read "0236198765" as the number 236198765; the
    # stored "02361 98765" has a space and stays text, without an apostrophe.
    round_ = open_round()
    submit_and_select(staff_client, round_, contact_phone="0236198765", postcode="45657")

    csv_response = staff_client.get(csv_url(round_))
    xlsx_response = staff_client.get(xlsx_url(round_))

    body = content(csv_response)
    assert b";j.mueller@mueller-soehne.de;02361 98765;Anna Sch\xc3\xa4fer;" in body
    sheet = sheet_of(xlsx_response)
    phone = sheet.cell(row=2, column=PHONE + 1)
    assert (phone.value, phone.data_type, phone.number_format) == ("02361 98765", "s", "@")


def test_export_xlsx_has_typed_cells_and_no_formula(staff_client):
    round_ = RoundFactory(slug="kreis-recklinghausen-2021")
    firm(
        round_,
        1,
        '=HYPERLINK("http://böse.example","Klick")',
        postcode="45657",
        contact_phone="02361 98765",
        employees=120,
        legal_form="#NV",
        sector="+Handel",
        street="-1",
        training_occupations="Bäcker/in\nVerkäufer/in",
        first_ideas="@Lager",
        decision_sent_at=berlin(2021, 5, 10, 23, 30),
        decision_sent_status=S.SELECTED,
    )

    response = staff_client.get(xlsx_url(round_))

    sheet = sheet_of(response)
    assert response["Content-Type"] == XLSX_TYPE
    filename = f"digiscouts-kreis-recklinghausen-2021-ausgewaehlt-{timezone.localdate()}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert sheet.title == "Ausgewählte Unternehmen"
    assert values(sheet) == [
        HEADER,
        [
            "DS-2021-001",
            '=HYPERLINK("http://böse.example","Klick")',
            "#NV",
            "-1",
            "45657",
            "Recklinghausen",
            None,
            "+Handel",
            120,
            3,
            "Bäcker/in\nVerkäufer/in",
            "Erika Muster",
            "Ausbildungsleitung",
            "kontakt1@firma.de",
            "02361 98765",
            "Max Ausbilder",
            "ausbildung@beispiel.de",
            "ausgewählt",
            "nicht angemeldet",
            datetime(2021, 4, 20),
            datetime(2021, 5, 10),
            MOTIVATION,
            "@Lager",
        ],
    ]
    row = sheet[2]
    assert [cell.data_type for cell in sheet[1]] == ["s"] * 23
    # Text, numbers (and empty cells), dates; never "f" (formula) or "e" (error).
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s", "n", "d"}
    assert [(row[i].data_type, row[i].number_format) for i in (1, 2, 3, PHONE, POSTCODE)] == [
        ("s", "@")
    ] * 5
    assert (row[EMPLOYEES].data_type, type(row[EMPLOYEES].value)) == ("n", int)
    assert [(row[i].is_date, row[i].number_format) for i in (SUBMITTED, SENT)] == [
        (True, "DD.MM.YYYY")
    ] * 2
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:W2")


def test_export_action_exports_the_marked_applications_as_csv(staff_client):
    round_ = RoundFactory(slug="runde")
    reserve = firm(round_, 1, "Reserve GmbH", status=S.RESERVE, reserve_position=1)
    firm(round_, 2, "Nicht markiert GmbH")

    response = run_action(staff_client, CHANGELIST, "export_applications", [reserve], follow=False)

    assert [(row[0], row[1], row[STATUS]) for row in csv_rows(response)[1:]] == [
        ("DS-2021-001", "Reserve GmbH", "Nachrücker 1")
    ]
    filename = f"digiscouts-runde-markiert-{timezone.localdate()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_export_action_exports_the_marked_applications_as_xlsx(staff_client):
    round_ = RoundFactory(slug="runde")
    marked = [
        firm(round_, 1, "Eingereicht GmbH", status=S.SUBMITTED),
        firm(round_, 3, "Abgesagt GmbH", status=S.REJECTED),
    ]
    firm(round_, 2, "Nicht markiert GmbH")

    response = run_action(
        staff_client, CHANGELIST, "export_applications_xlsx", marked, follow=False
    )

    sheet = sheet_of(response)
    assert [row[:2] + row[STATUS : STATUS + 1] for row in values(sheet)[1:]] == [
        ["DS-2021-001", "Eingereicht GmbH", "eingegangen"],
        ["DS-2021-003", "Abgesagt GmbH", "abgesagt"],
    ]
    assert sheet.title == "Markierte Bewerbungen"
    assert response["Content-Type"] == XLSX_TYPE
    filename = f"digiscouts-runde-markiert-{timezone.localdate()}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_export_action_of_several_rounds_is_named_after_the_applications(staff_client):
    marked = [firm(RoundFactory(), 1, "Erste GmbH"), firm(RoundFactory(), 1, "Zweite GmbH")]

    response = run_action(staff_client, CHANGELIST, "export_applications", marked, follow=False)

    assert [row[1] for row in csv_rows(response)[1:]] == ["Erste GmbH", "Zweite GmbH"]
    filename = f"digiscouts-bewerbungen-markiert-{timezone.localdate()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_export_buttons_and_actions_name_round_and_marked_rows_apart(staff_client):
    round_ = RoundFactory()
    firm(round_, 1, "Firma GmbH")

    response = staff_client.get(reverse(CHANGELIST))

    html = response.content.decode()
    assert [
        f'<a class="button" href="{url(round_)}">{label}</a>' in html
        for url, label in (
            (csv_url, "Ausgewählte Unternehmen der Runde (CSV)"),
            (xlsx_url, "Ausgewählte Unternehmen der Runde (Excel)"),
            (all_csv_url, "Alle Bewerbungen der Runde (CSV)"),
            (all_xlsx_url, "Alle Bewerbungen der Runde (Excel)"),
        )
    ] == [True] * 4
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert (actions["export_applications"], actions["export_applications_xlsx"]) == (
        "Markierte Bewerbungen als CSV exportieren",
        "Markierte Bewerbungen als Excel-Datei (XLSX) exportieren",
    )


def test_export_xlsx_refused_to_staff_without_the_group_and_to_anonymous(client):
    round_ = RoundFactory()
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    refused = client.get(xlsx_url(round_))
    client.logout()
    anonymous = client.get(xlsx_url(round_))

    assert refused.status_code == 403
    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (
        302,
        "/verwaltung/login/",
    )


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(
    ("url", "start"),
    [
        (csv_url, b"\xef\xbb\xbfBewerbungsnummer;"),
        (xlsx_url, b"PK"),
        (all_csv_url, b"\xef\xbb\xbfBewerbungsnummer;"),
        (all_xlsx_url, b"PK"),
    ],
    ids=["selected-csv", "selected-xlsx", "all-csv", "all-xlsx"],
)
def test_export_query_count_is_fixed(staff_client, django_assert_num_queries, count, url, start):
    round_ = RoundFactory()
    for number in range(1, count + 1):
        firm(round_, number, f"Firma {number}")

    # Session, user, the user's and the group's permissions, the round, the rows.
    with django_assert_num_queries(6):
        response = staff_client.get(url(round_))
        body = content(response)

    assert body.startswith(start)


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("action", ["export_applications", "export_applications_xlsx"])
def test_export_action_query_count_is_fixed(staff_client, django_assert_num_queries, count, action):
    round_ = RoundFactory()
    marked = [firm(round_, number, f"Firma {number}") for number in range(1, count + 1)]

    # Session, user, permissions (2), the list's filters and counts as Django's
    # changelist reads them before any action (6), the one round, the rows.
    with django_assert_num_queries(12):
        response = run_action(staff_client, CHANGELIST, action, marked, follow=False)
        body = content(response)

    assert body.startswith(
        b"\xef\xbb\xbfBewerbungsnummer;" if action == "export_applications" else b"PK"
    )


def test_csv_response_sends_a_hundred_lines_per_chunk():
    from digiscouts.csv_export import csv_response

    response = csv_response("x.csv", ["Nr"], ([n] for n in range(250)))

    chunks = list(response.streaming_content)
    assert [chunk.count(b"\r\n") for chunk in chunks] == [100, 100, 51]
    assert b"".join(chunks) == "\ufeffNr\r\n".encode() + b"".join(
        f"{n}\r\n".encode() for n in range(250)
    )


def test_status_display_is_the_label_or_the_reserve_place():
    assert [
        ApplicationFactory.build(status=S.SELECTED).status_display,
        ApplicationFactory.build(status=S.RESERVE, reserve_position=3).status_display,
    ] == ["ausgewählt", "Nachrücker 3"]
