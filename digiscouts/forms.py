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


def _has_invisible_format_character(value):
    # Category Cf: zero-width spaces, bidi overrides and the like, which can hide
    # or reorder text for the reader.
    return any(unicodedata.category(char) == "Cf" for char in value)


def validate_plain_text(value):
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
        return value.replace("\r\n", "\n") if self.multiline else value
