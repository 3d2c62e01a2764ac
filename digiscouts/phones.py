"""Phone numbers: validated and stored in one format, as dialled from Germany.

`phonenumbers` (region DE) parses what the company typed ("02361 / 53-2129",
"+49 2361 532129", "0236198765") and the number is stored as dialled from a German
office phone:

- German numbers in national format, area code and number apart: "02361 532129",
  "0171 1234567" (mobiles: the network prefix), "030 12345678";
- foreign numbers with the international prefix 00: "00 31 20 123 4567".

So every stored number starts with "0" and contains a space: German Excel and
LibreOffice read it as text and keep the leading zero, and the CSV writer's formula
guard (which prefixes "+", "-", "=", "@") never applies to it.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import PlainTextField

REGION = "DE"
INVALID_MESSAGE = _("Bitte geben Sie eine gültige Telefonnummer an, z. B. 02361 532129.")

# What people type around the digits. Letters are refused: phonenumbers would
# read them as a keypad word ("0800 FLOWERS").
_PHONE_CHARACTERS = re.compile(r"[0-9+()/.\-\s]+")


def normalise_phone(value):
    """The number in its stored format, or ValidationError (code "invalid_phone")."""
    text = (value or "").strip()
    if not _PHONE_CHARACTERS.fullmatch(text):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    return phonenumbers.format_out_of_country_calling_number(number, REGION)


def normalised_or_unchanged(value):
    """For stored rows: the stored format, or the value as it was when it is no number."""
    try:
        return normalise_phone(value)
    except ValidationError:
        return value


class PhoneField(PlainTextField):
    """A phone number field: German error next to the field, cleaned to the stored format."""

    def __init__(self, *, max_length=40, **kwargs):
        kwargs.setdefault(
            "widget",
            PlainTextField.widget(attrs={"type": "tel", "autocomplete": "tel"}),
        )
        super().__init__(max_length=max_length, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        return normalise_phone(value)
