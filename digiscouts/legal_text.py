"""The legal texts staff edit in the admin: their small markup, the values the page fills
in from the settings, the text a page shows, and the save that records who changed it.

Staff write plain text. ``render_legal_text`` turns it into HTML and escapes everything
they typed, so no HTML of theirs ever reaches the page:

- a blank line separates paragraphs; a line break inside a paragraph stays one (<br>);
- a line starting with "## " is a heading (<h2>; "### " an <h3>);
- lines starting with "- " form a list;
- https:// and http:// addresses and e-mail addresses become links;
- a paragraph "[Platzhalter: …]" is shown as a marked placeholder box; inside a
  paragraph it is highlighted (<mark>);
- {name} is replaced by the value of a placeholder in ``PLACEHOLDERS`` (e.g. the keeping
  period the anonymisation enforces); an unknown name stays as typed (the admin form
  refuses it before it is saved).
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import LegalText, LegalTextKind

# Days after which the staff login records (django-axes) are deleted: the housekeeping
# timer of docs/deployment.md runs `manage.py axes_reset_logs --age 90` daily.
STAFF_LOGIN_RECORD_DAYS = 90


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str


PLACEHOLDERS = (
    Placeholder(
        "ansprechperson",
        _(
            "Ansprechperson der aktuellen Programmrunde mit Telefon und E-Mail; ohne "
            "veröffentlichte Runde „Fachdienst Wirtschaft, Kreis Recklinghausen“"
        ),
    ),
    Placeholder(
        "aufbewahrung_tage",
        _(
            "Tage nach dem Projektende einer Runde, bis das Portal ihre personenbezogenen "
            "Daten löscht (Einstellung PERSONAL_DATA_RETENTION_DAYS)"
        ),
    ),
    Placeholder(
        "loeschung_runde",
        _(
            "Satz zur aktuellen Programmrunde: an welchem Tag ihre personenbezogenen Daten "
            "gelöscht werden oder dass sie schon gelöscht sind; ohne Runde leer"
        ),
    ),
    Placeholder(
        "anmeldeprotokolle_tage",
        _("Tage, nach denen die Anmeldeprotokolle der Mitarbeitenden gelöscht werden"),
    ),
)
PLACEHOLDER_NAMES = frozenset(placeholder.name for placeholder in PLACEHOLDERS)

_TOKEN = r"\{(?P<token>[a-z_]+)\}"
_URL = r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)\]])"
_EMAIL = r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})"
_INLINE = re.compile(f"{_TOKEN}|{_URL}|{_EMAIL}")
_MARKER = re.compile(r"\[(?P<label>Platzhalter|Placeholder):\s*(?P<text>[^\]]*)\]")
_HEADING = re.compile(r"^(?P<level>#{1,3})\s+(?P<text>.+)$")
_LIST_ITEM = re.compile(r"^[-*•]\s+(?P<text>.*)$")


def unknown_placeholders(text):
    """The {names} in ``text`` that are no placeholder, in order of appearance."""
    found = [match.group("token") for match in re.finditer(_TOKEN, text)]
    return list(dict.fromkeys(name for name in found if name not in PLACEHOLDER_NAMES))


def placeholder_values(round_):
    """{name: HTML} of every placeholder, in the active language, for ``round_`` (or None)."""
    if round_ is None:
        contact = escape(gettext("Fachdienst Wirtschaft, Kreis Recklinghausen"))
        deletion = ""
    else:
        contact = mark_safe(
            render_to_string("includes/contact_line.html", {"round": round_}).strip()
        )
        deletion = escape(_deletion_sentence(round_))
    return {
        "ansprechperson": contact,
        "aufbewahrung_tage": escape(settings.PERSONAL_DATA_RETENTION_DAYS),
        "loeschung_runde": deletion,
        "anmeldeprotokolle_tage": escape(STAFF_LOGIN_RECORD_DAYS),
    }


def _deletion_sentence(round_):
    if round_.personal_data_deleted_at:
        return gettext(
            "Die personenbezogenen Daten der Runde „%(title)s“ sind bereits gelöscht."
        ) % {"title": round_.title}
    return gettext(
        "Für die Runde „%(title)s“ (Projektende %(end)s) geschieht das am %(deletion)s."
    ) % {
        "title": round_.title,
        "end": date_format(round_.end_date, "DATE_FORMAT"),
        "deletion": date_format(round_.personal_data_deletion_date, "DATE_FORMAT"),
    }


def render_legal_text(text, values):
    """The HTML of a legal text written in the small markup, ``values`` filled in."""
    return mark_safe("\n".join(_render_block(kind, lines, values) for kind, lines in _blocks(text)))


def _blocks(text):
    """(kind, lines) of the text: "heading" (one line), "list" (one line per item) or
    "paragraph" (its lines)."""
    blocks = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        current = blocks[-1] if blocks else None
        if not line:
            blocks.append(None)  # ends the block before it
        elif _HEADING.match(line):
            blocks.append(("heading", [line]))
            blocks.append(None)
        elif item := _LIST_ITEM.match(line):
            if current and current[0] == "list":
                current[1].append(item.group("text"))
            else:
                blocks.append(("list", [item.group("text")]))
        elif current and current[0] == "list" and raw[:1].isspace():
            current[1][-1] += " " + line  # an indented line continues the item
        elif current and current[0] == "paragraph":
            current[1].append(line)
        else:
            blocks.append(("paragraph", [line]))
    return [block for block in blocks if block is not None]


def _render_block(kind, lines, values):
    if kind == "heading":
        match = _HEADING.match(lines[0])
        tag = "h3" if len(match.group("level")) == 3 else "h2"
        return f"<{tag}>{_inline(match.group('text'), values)}</{tag}>"
    if kind == "list":
        items = "".join(f"<li>{_inline(item, values)}</li>" for item in lines)
        return f"<ul>{items}</ul>"
    marker = _MARKER.fullmatch(" ".join(lines))
    if marker:
        return format_html(
            '<p class="placeholder-legal"><strong>{}:</strong> {}</p>',
            marker.group("label"),
            _inline(marker.group("text"), values),
        )
    return "<p>" + "<br>".join(_marked(line, values) for line in lines) + "</p>"


def _marked(text, values):
    """A line with "[Platzhalter: …]" highlighted inside it."""
    parts, position = [], 0
    for match in _MARKER.finditer(text):
        parts.append(_inline(text[position : match.start()], values))
        parts.append(
            format_html(
                "<mark><strong>{}:</strong> {}</mark>",
                match.group("label"),
                _inline(match.group("text"), values),
            )
        )
        position = match.end()
    parts.append(_inline(text[position:], values))
    return mark_safe("".join(parts))


def _inline(text, values):
    """Escaped text with its addresses linked and its placeholders filled in."""
    parts, position = [], 0
    for match in _INLINE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        if match.group("token") is not None:
            parts.append(values.get(match.group("token"), escape(match.group(0))))
        elif match.group("url") is not None:
            parts.append(format_html('<a href="{}">{}</a>', match.group("url"), match.group("url")))
        else:
            parts.append(
                format_html(
                    '<a href="mailto:{}">{}</a>', match.group("email"), match.group("email")
                )
            )
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


# -- reading and saving ------------------------------------------------------------------


def default_body(kind, language):
    """The shipped default text of ``kind`` ("de" or "en"), as migration 0003 stored it."""
    return render_to_string(f"legal/defaults/{kind}.{language}.txt").strip()


def legal_text_for(kind):
    """The stored text of ``kind``; the shipped default, unsaved and without a date, when
    the row is missing (a flushed test database: the rows come from a data migration)."""
    kind = LegalTextKind(kind)
    text = LegalText.objects.filter(kind=kind).first()
    if text is None:
        text = LegalText(
            kind=kind,
            body=default_body(kind, "de"),
            body_en=default_body(kind, "en"),
            updated_at=None,
            updated_at_en=None,
        )
    return text


def english_is_current(legal_text):
    """Whether the English text exists and is at least as new as the German one (the
    shipped default, without dates, counts as current)."""
    if not legal_text.body_en.strip():
        return False
    if legal_text.updated_at is None:
        return True
    return legal_text.updated_at_en is not None and (
        legal_text.updated_at_en >= legal_text.updated_at
    )


@dataclass(frozen=True)
class ShownText:
    """What a legal page shows: the HTML; when it is not the page's language, its own and
    whether an English text exists but is older (``outdated``); the shown text's date."""

    html: SafeString
    lang: str | None
    updated_at: datetime | None = None
    outdated: bool = False


def shown_text(legal_text, round_):
    """The German text, or the English one for an English page when staff wrote it and it
    is at least as new as the German one; the German text on a page in another language
    carries lang="de". The date is the shown text's."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == "en" and english_is_current(legal_text):
        return ShownText(
            render_legal_text(legal_text.body_en, placeholder_values(round_)),
            None,
            legal_text.updated_at_en or legal_text.updated_at,
        )
    with translation.override("de"):  # the values in the language of the text
        html = render_legal_text(legal_text.body, placeholder_values(round_))
    if language == "de":
        return ShownText(html, None, legal_text.updated_at)
    return ShownText(html, "de", legal_text.updated_at, bool(legal_text.body_en.strip()))


def legal_text_save(legal_text, *, by, now=None, changed=("body", "body_en")):
    """Store the text staff edited, with who changed it and when: ``changed`` names the
    texts that changed (body: the German one, the page's "Stand"; body_en: the English
    one, which the English page shows only while it is at least as new as the German)."""
    now = now or timezone.now()
    if "body" in changed:
        legal_text.updated_at = now
    if "body_en" in changed:
        legal_text.updated_at_en = now
    legal_text.updated_by = by
    legal_text.save(update_fields=["body", "body_en", "updated_at", "updated_at_en", "updated_by"])
    return legal_text
