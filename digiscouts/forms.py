"""Form fields shared by the public forms: plain text only, German messages."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0/C1 control characters except tab and line breaks; line breaks are checked apart.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
REPLACEMENT_CHARACTER = "\ufffd"


def _has_invisible_format_character(value):
    # Category Cf: zero-width spaces, bidi overrides and the like, which can hide
    # or reorder text for the reader.
    return any(unicodedata.category(char) == "Cf" for char in value)


def validate_no_replacement_character(value):
    # Bytes that are not UTF-8 reach the form as U+FFFD: the text was garbled on its way
    # (a wrong encoding, a broken copy), and storing it would keep the damage for good.
    if REPLACEMENT_CHARACTER in value:
        raise ValidationError(
            _(
                "Die Eingabe enthält ungültige Zeichen (�). Bitte prüfen Sie sie und "
                "tippen Sie die betroffenen Stellen neu ein."
            ),
            code="invalid_characters",
        )


def validate_plain_text(value):
    validate_no_replacement_character(value)
    if _CONTROL_CHARS.search(value) or _has_invisible_format_character(value):
        raise ValidationError(_("Bitte verwenden Sie keine Steuerzeichen."), code="control")
    if _MARKUP.search(value):
        raise ValidationError(
            _("Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."), code="markup"
        )


def validate_single_line(value):
    if _LINE_BREAKS.search(value):
        raise ValidationError(_("Bitte geben Sie alles in einer Zeile ein."), code="line_break")


class PlainTextField(forms.CharField):
    """A CharField that refuses control characters and HTML tags, with German errors.

    Line breaks are allowed only in a text area; there a browser's CRLF counts as
    one character, as the browser's own maxlength counts it.
    """

    default_validators = [validate_plain_text]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiline = isinstance(self.widget, forms.Textarea)
        if not self.multiline:
            self.validators.append(validate_single_line)
        if self.max_length is not None:
            self.error_messages.setdefault(
                "max_length",
                _("Bitte höchstens %(limit_value)d Zeichen eingeben (jetzt: %(show_value)d)."),
            )

    def to_python(self, value):
        value = super().to_python(value)
        # Refused before any other check: one message, the one that explains the problem.
        validate_no_replacement_character(value)
        return value.replace("\r\n", "\n") if self.multiline else value


class EmailField(forms.EmailField):
    """Django's EmailField, refusing U+FFFD, which Django's accepts in the domain part."""

    def to_python(self, value):
        value = super().to_python(value)
        validate_no_replacement_character(value)
        return value


def required_message(message, **others):
    """The error_messages of a public field: what to do when it is left empty, and others.

    Every message of a public form names its field and says how to fix it ("Bitte geben
    Sie die Zahl der Beschäftigten an."), never Django's "Dieses Feld ist zwingend
    erforderlich.": the error summary lists the messages apart from their fields.
    """
    return {"required": message, **others}
