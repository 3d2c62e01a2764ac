"""The site-wide pieces: signed tokens, plain-text fields, the client key, CSV cells, mail."""

from datetime import date

import pytest
from django import forms
from django.core import signing

from digiscouts.abuse import client_key, submission_limit_exceeded
from digiscouts.csv_export import csv_lines, format_cell
from digiscouts.forms import PlainTextField
from digiscouts.normalise import normalise_email
from digiscouts.tokens import make_token, new_link_secret, read_token, secret_matches
from tests.factories import berlin


def test_token_is_the_same_for_every_mail():
    assert make_token("registration", 42, "ab12") == make_token("registration", 42, "ab12")


def test_token_reads_back_its_id_and_secret():
    assert read_token("registration", make_token("registration", 42, "ab12")) == (42, "ab12")


def test_token_with_another_secret_differs():
    assert make_token("registration", 42, "ab12") != make_token("registration", 42, "cd34")


@pytest.mark.parametrize(
    "token",
    ["", "42", "42:abc", "garbage:with:colons", "x" * 500],
)
def test_token_malformed_reads_as_none(token):
    assert read_token("registration", token) is None


def test_token_tampered_reads_as_none():
    signature = make_token("registration", 42, "ab12").split(":")[1]

    assert read_token("registration", f"43.ab12:{signature}") is None


def test_token_signed_without_a_secret_reads_as_none():
    # The format before links carried a secret (events 0007, applications 0009).
    old = signing.Signer(salt="registration").sign("42")

    assert read_token("registration", old) is None


def test_token_of_another_kind_reads_as_none():
    assert read_token("application", make_token("registration", 42, "ab12")) is None


def test_token_secret_matches_only_the_same_non_empty_secret():
    assert [
        secret_matches("ab12", "ab12"),
        secret_matches("ab12", "ab13"),
        secret_matches("", ""),
    ] == [True, False, False]


def test_token_new_link_secrets_are_random_hex():
    first, second = new_link_secret(), new_link_secret()

    assert (len(first), set(first) <= set("0123456789abcdef"), first != second) == (16, True, True)


class _Form(forms.Form):
    name = PlainTextField(max_length=10)
    note = PlainTextField(max_length=10, widget=forms.Textarea, required=False)


def _errors(**data):
    form = _Form(data={"name": "Firma", **data})
    form.is_valid()
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def test_plain_text_field_counts_a_browser_line_break_once():
    form = _Form(data={"name": "Firma", "note": "12345\r\n6789"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "12345\n6789"


def test_plain_text_field_refuses_line_breaks_in_one_line_fields():
    assert _errors(name="Foo\rBar") == {"name": ["Bitte geben Sie alles in einer Zeile ein."]}


def test_plain_text_field_refuses_control_characters():
    assert _errors(name="Fi\x01rma") == {"name": ["Bitte verwenden Sie keine Steuerzeichen."]}


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ufeff"])
def test_plain_text_field_refuses_invisible_format_characters(char):
    assert _errors(name=f"Fi{char}rma") == {"name": ["Bitte verwenden Sie keine Steuerzeichen."]}


def test_plain_text_field_refuses_markup():
    assert _errors(note="<b>x</b>") == {
        "note": ["Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."]
    }


def test_plain_text_field_keeps_a_comparison_that_is_no_markup():
    assert _errors(note="3 < 5 > 4") == {}


def test_plain_text_field_says_the_limit_in_german():
    assert _errors(name="x" * 11) == {"name": ["Bitte höchstens 10 Zeichen eingeben (jetzt: 11)."]}


def test_client_key_ignores_forwarded_header_unless_trusted(rf, settings):
    settings.TRUST_X_FORWARDED_FOR = False
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")

    assert client_key(request) == "10.0.0.1"


def test_client_key_takes_the_entry_our_proxy_appended(rf, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4", REMOTE_ADDR="10.0.0.1")

    assert client_key(request) == "1.2.3.4"


def test_submission_limit_counts_per_client_and_scope(rf, settings):
    settings.SUBMISSION_LIMIT = 2
    first, other = rf.get("/", REMOTE_ADDR="1.1.1.1"), rf.get("/", REMOTE_ADDR="2.2.2.2")

    outcomes = [submission_limit_exceeded(first, "form") for _ in range(3)]

    assert outcomes == [False, False, True]
    assert submission_limit_exceeded(other, "form") is False
    assert submission_limit_exceeded(first, "other-form") is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+49 2361", "'+49 2361"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Müller", "Müller"),
        (None, ""),
        (True, "ja"),
        (False, "nein"),
        (date(2021, 4, 15), "15.04.2021"),
        (berlin(2021, 4, 15, 10, 0), "15.04.2021 10:00"),
        (499, "499"),
    ],
)
def test_csv_cell_formatting(value, expected):
    assert format_cell(value) == expected


def test_csv_lines_bom_semicolon_crlf_and_quoting():
    lines = list(
        csv_lines(["Firma", "Ort"], [["A;B", "Zeile 1\nZeile 2"], ['Sagt "Hallo"', "Marl"]])
    )

    assert "".join(lines).encode("utf-8") == (
        b'\xef\xbb\xbfFirma;Ort\r\n"A;B";"Zeile 1\nZeile 2"\r\n"Sagt ""Hallo""";Marl\r\n'
    )


def test_normalise_email_is_cut_to_the_column_after_folding():
    # "ß" folds to "ss": the folded form of a 252-character address has 492.
    folded = normalise_email("ß" * 240 + "@example.org")

    assert folded == "ss" * 127
    assert len(folded) == 254
