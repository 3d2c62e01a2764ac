"""The one CSV writer for every export, made for German Excel and LibreOffice.

Semicolon-separated, UTF-8 with a byte order mark (so Excel detects the
encoding), CRLF line ends, dates as dd.mm.yyyy, and every cell that a spreadsheet
would read as a formula prefixed with an apostrophe (formula injection, OWASP).
Rows are streamed, so a large export never sits in memory.

Phone numbers need no guard and no apostrophe: digiscouts.phones stores them as
dialled from Germany ("02361 532129", "00 31 20 123 4567"), starting with "0" and
with a space, which Excel and LibreOffice read as text with the leading zero. A
value starting with "+" (only one stored before that format) keeps the apostrophe:
Excel would evaluate "+49 2361 …" as a formula and show an error instead.
"""

import csv
from datetime import date, datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

BOM = "\ufeff"
# Lines sent to the client at a time: one socket write per line would cost more than
# formatting it (docs/performance.md, finding 7), a batch keeps memory small.
LINES_PER_CHUNK = 100
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value):
        return value


def format_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nein")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_lines(header, rows):
    """Yield the encoded lines: BOM and header first, then one line per row."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield BOM + writer.writerow([format_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([format_cell(cell) for cell in row])


def csv_chunks(header, rows, lines_per_chunk=LINES_PER_CHUNK):
    """The encoded lines, joined into chunks of ``lines_per_chunk`` lines each."""
    batch = []
    for line in csv_lines(header, rows):
        batch.append(line)
        if len(batch) >= lines_per_chunk:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def csv_response(filename, header, rows):
    response = StreamingHttpResponse(
        csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
