"""The one XLSX writer for every export: the CSV's rows with typed cells (openpyxl).

- Text is a string cell formatted as text ("@"): phone numbers and postcodes keep
  their leading zero, and a value starting with "=", "+", "-" or "@" (or looking
  like "#NV") stays text. openpyxl would otherwise store a string beginning with
  "=" as a formula, so the type is set on every cell, never guessed.
- Dates are real dates (dd.mm.yyyy), date-times in local time; numbers are numbers;
  yes/no is "ja"/"nein" as in the CSV.

A write-only workbook writes each row to a temporary file as it comes, so a long
export never sits in memory; the finished file is sent from disk. (An .xlsx is a
zip archive whose directory is written last, so it cannot be streamed while the
rows are read, as the CSV is.)
"""

import tempfile
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 10, 40


def _text(sheet, text):
    # Control characters other than tab and line breaks are not allowed in XLSX.
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell = WriteOnlyCell(sheet, value=text or None)
    if text:
        cell.data_type = "s"  # never "f" (formula) or "e" (error), whatever the text says
    cell.number_format = TEXT_FORMAT  # what staff type into it later stays text too
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def typed_cell(sheet, value):
    """One cell of the given value, with the type a spreadsheet should see."""
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        return _text(sheet, gettext("ja") if value else gettext("nein"))
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, (int, float, Decimal)):
        return WriteOnlyCell(sheet, value=value)
    return _text(sheet, str(value))


def write_workbook(file, header, rows, *, title):
    """Write the header (bold, frozen, with a filter) and the rows to ``file``."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Digiscouts-Portal"
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit for sheet names
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = min(max(len(str(name)) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = _text(sheet, str(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([typed_cell(sheet, value) for value in row])
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    workbook.save(file)


def xlsx_response(filename, header, rows, *, title=None):
    """The rows as an .xlsx download, written to a temporary file and sent from it."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        write_workbook(file, header, rows, title=title or gettext("Export"))
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
