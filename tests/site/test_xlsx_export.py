"""The shared XLSX writer: typed cells, never a formula, read back with openpyxl."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from digiscouts.xlsx_export import CONTENT_TYPE, write_workbook, xlsx_response
from tests.factories import berlin


def written(header, rows, title="Export"):
    file = io.BytesIO()
    write_workbook(file, header, rows, title=title)
    file.seek(0)
    return load_workbook(file).active


def cells(sheet):
    return [
        [(cell.value, cell.data_type, cell.number_format) for cell in row]
        for row in sheet.iter_rows()
    ]


def test_xlsx_text_that_looks_like_a_formula_or_an_error_stays_text():
    texts = ['=HYPERLINK("http://böse.example")', "+49 2361 532129", "-1", "@SUMME(A1)", "#NV"]

    sheet = written(["Wert"], [[text] for text in texts])

    assert cells(sheet)[1:] == [[(text, "s", "@")] for text in texts]


def test_xlsx_numbers_dates_and_yes_no_are_typed():
    sheet = written(
        ["Zahl", "Betrag", "Datum", "Zeitpunkt", "Ja/Nein", "Leer"],
        [[45, Decimal("1.5"), date(2021, 4, 15), berlin(2021, 5, 26, 23, 30), True, None]],
    )

    assert cells(sheet)[1] == [
        (45, "n", "General"),
        (1.5, "n", "General"),
        (datetime(2021, 4, 15), "d", "DD.MM.YYYY"),
        # Local time (Europe/Berlin): Excel knows no time zones.
        (datetime(2021, 5, 26, 23, 30), "d", "DD.MM.YYYY HH:MM"),
        ("ja", "s", "@"),
        (None, "n", "General"),
    ]


def test_xlsx_keeps_leading_zeros_and_line_breaks_and_drops_control_characters():
    sheet = written(["Telefon", "PLZ", "Text", "Leer"], [["02361 98765", "04567", "a\nb\x0bc", ""]])

    assert cells(sheet)[1] == [
        ("02361 98765", "s", "@"),
        ("04567", "s", "@"),
        ("a\nbc", "s", "@"),
        (None, "n", "@"),
    ]
    assert sheet["C2"].alignment.wrap_text is True


def test_xlsx_header_is_bold_frozen_and_filtered():
    sheet = written(["Name", "PLZ"], [["A", "45657"], ["B", "45699"]], title="Ausgewählte")

    assert (sheet.title, sheet.freeze_panes, sheet.auto_filter.ref) == (
        "Ausgewählte",
        "A2",
        "A1:B3",
    )
    assert [cell.font.bold for cell in sheet[1]] == [True, True]


def test_xlsx_response_is_a_download_of_the_workbook():
    response = xlsx_response("liste.xlsx", ["Name"], iter([["Müller & Söhne"]]))

    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).active
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        CONTENT_TYPE,
        'attachment; filename="liste.xlsx"',
    )
    assert int(response["Content-Length"]) == len(body)
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Name"],
        ["Müller & Söhne"],
    ]
