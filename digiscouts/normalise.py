"""The normal forms under which values are compared, in Python and by constraints.

A unique constraint compares the stored normal form, never a database function
(PostgreSQL's lower() folds case differently from Python), so the duplicate
lookup before an insert and the constraint always agree.
"""

import unicodedata

NORMALISED_NAME_LENGTH = 200
# The length of an e-mail column; the normal form is cut to it (folding can lengthen).
EMAIL_KEY_LENGTH = 254


def normalise_email(address):
    """An e-mail address as duplicates are compared: NFKC and case-folded.

    "Info@Example.org", "\u212aontakt@…" (Kelvin sign) and "İnfo@…" (dotted capital I)
    meet their plain forms. Full case folding turns "İ" into "i" plus a combining
    dot above, which nobody can tell from "i"; the dot is dropped. Folding can make
    an address longer ("ß" becomes "ss"), so the result is cut to the column.
    """
    text = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFC", text.replace("i\u0307", "i"))[:EMAIL_KEY_LENGTH]


def normalise_company_name(name):
    """The company name as the uniqueness constraint compares it.

    Unicode NFKC, case-folded, and only letters and digits kept: "Müller & Söhne
    G.m.b.H." and "müller  &  söhne gmbh" are one company ("müllersöhnegmbh"). The
    legal form is kept, so two firms that differ only in it stay apart.

    NFKC and case-folding can make a name longer ("ß" becomes "ss"), so the result
    is cut to the column's length: names alike in their first 200 letters and
    digits count as one company.
    """
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(char for char in text if char.isalnum())[:NORMALISED_NAME_LENGTH]
