"""Likely duplicates: applications of one round that look like the same company.

Never a refusal (two firms may share a name or a building): the application is
stored and staff see the link. Four normal forms are compared, each stored on the
application so the lookup is one indexed query:

- name_key: the company name folded ("&", "+" and "und" dropped, umlauts → "ae"/"oe"/"ue",
  "ß" → "ss", case, punctuation) without its legal form ("GmbH & Co. KG", "e.K." …);
- address_key: postcode and street ("Straße", "Str." and "Strasse" are one);
- phone_key: the phone number's digits (a leading +49 read as 0);
- website_host: the website's host without "www.".

An empty key (no website, a name that is only a legal form) matches nothing.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Application

# Umlauts as the company may have typed them without a German keyboard. Case-folding
# has already turned "ß" into "ss".
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})

# Legal forms, case-folded and umlaut-folded, as they end a company name. Longest first,
# so "gmbh & co. kg" is dropped whole, not just its "kg".
_LEGAL_FORMS = [
    r"g?gmbh\s*(?:&|\+|und)\s*co\.?\s*(?:kgaa|kg|ohg)",
    r"ag\s*(?:&|\+|und)\s*co\.?\s*(?:kgaa|kg|ohg)",
    r"ug\s*\(?haftungsbeschraenkt\)?",
    r"g?gmbh",
    r"g\.\s*m\.\s*b\.\s*h\.?",
    r"mbh",
    r"kgaa",
    r"kg",
    r"ag",
    r"ug",
    r"ohg",
    r"gbr",
    r"e\.\s*k(?:fm|fr)?\.?",
    r"ek",
    r"e\.\s*v\.?",
    r"ev",
    r"eg",
    r"e\.\s*g\.?",
    r"partg(?:mbb)?",
    r"se",
    r"ltd\.?",
]
_LEGAL_FORM_AT_END = re.compile(r"(?:^|[\s,;/-])(?:" + "|".join(_LEGAL_FORMS) + r")[\s.,;]*$")
_STREET = re.compile(r"str(?:asse(?![a-z])|\.)")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text):
    """NFKC, case-folded, umlauts spelled out, surrounding space gone."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_UMLAUTS)
    return " ".join(folded.split())


def _letters_and_digits(text):
    return _NOT_ALNUM.sub("", text)


def name_key(company_name):
    """'Müller & Söhne GmbH', 'Mueller und Soehne' and 'MÜLLER + SÖHNE e.K.' → 'muellersoehne'."""
    text = _fold(company_name)
    while True:  # "Müller Holding GmbH & Co. KG, e.K." may end in more than one form
        shorter = _LEGAL_FORM_AT_END.sub("", text).rstrip(" ,;/-")
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"[&+]|\bund\b", " ", text)
    return _letters_and_digits(text)[: Application._meta.get_field("name_key").max_length]


def address_key(postcode, street):
    """'45657' and 'Hauptstraße 5' → '45657|hauptstr5'; empty without street or postcode."""
    code = _letters_and_digits(_fold(postcode))
    street = _letters_and_digits(_STREET.sub("str", _fold(street)))
    if not code or not street:
        return ""
    return f"{code}|{street}"[: Application._meta.get_field("address_key").max_length]


def phone_key(phone):
    """The digits of a phone number, '+49 2361 98765' and '02361/98765' alike."""
    text = (phone or "").strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+49") or text.startswith("0049"):
        digits = "0" + digits.removeprefix("00").removeprefix("49")
    # Too short to tell one company from another (an extension typed alone).
    return digits if len(digits) >= 6 else ""


def website_host(website):
    """'https://www.Mueller-Soehne.de/kontakt' → 'mueller-soehne.de'."""
    text = (website or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"//{text}"
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").rstrip(".")


def duplicate_keys(fields):
    """The four normal forms of the company's answers, as stored on the application."""
    return {
        "name_key": name_key(fields["company_name"]),
        "address_key": address_key(fields["postcode"], fields["street"]),
        "phone_key": phone_key(fields["contact_phone"]),
        "website_host": website_host(fields["website"]),
    }


# Why two applications look alike, in the order staff read it.
REASONS = {
    "address_key": _("gleiche Anschrift"),
    "name_key": _("ähnlicher Name"),
    "phone_key": _("gleiche Telefonnummer"),
    "website_host": _("gleiche Website"),
}


def duplicate_reasons(application, other):
    """The German reasons why ``other`` looks like ``application``."""
    return [
        reason
        for key, reason in REASONS.items()
        if getattr(application, key) and getattr(application, key) == getattr(other, key)
    ]


def likely_duplicates_refresh(application):
    """Link the application to every other of its round that shares a non-empty key.

    The relation is symmetric: links that no longer hold (after a correction) are
    removed on both sides, new ones appear on both sides.
    """
    match = Q()
    for key in REASONS:
        value = getattr(application, key)
        if value:
            match |= Q(**{key: value})
    others = []
    if match:
        others = list(
            Application.objects.filter(match, round_id=application.round_id)
            .exclude(pk=application.pk)
            .values_list("pk", flat=True)
        )
    application.likely_duplicates.set(others)
    return others
