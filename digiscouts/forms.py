"""Form fields shared by the public forms: plain text only, German messages."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0/C1 control characters except tab and line breaks, which a text area may hold.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def validate_plain_text(value):
    if _CONTROL_CHARS.search(value):
        raise ValidationError(_("Bitte verwenden Sie keine Steuerzeichen."), code="control")
    if _MARKUP.search(value):
        raise ValidationError(
            _("Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."), code="markup"
        )


class PlainTextField(forms.CharField):
    """A CharField that refuses control characters and HTML tags, with German errors."""

    default_validators = [validate_plain_text]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.error_messages.setdefault(
                "max_length",
                _("Bitte höchstens %(limit_value)d Zeichen eingeben (jetzt: %(show_value)d)."),
            )
