"""Personal links without accounts: signed object ids (django.core.signing).

Each kind of link has its own salt, so a registration token never opens an
application. The token carries the object's id and its ``link_secret``, a random
value stored on the record: every e-mail carries the same link for the same object
until the secret changes. Giving the record a new secret (``new_link_secret()``)
makes every link issued before stop working: staff re-issue a link that way, and
the deletion of a round's personal data does it so that no link outlives the data.

A tampered, foreign or outdated token reads as None; the caller shows a page that
reveals nothing.
"""

import secrets

from django.core import signing

# Characters of a link secret: hex, so it never contains the token's separator.
LINK_SECRET_LENGTH = 16


def new_link_secret():
    """A fresh random link secret; storing it on a record invalidates its old links."""
    return secrets.token_hex(LINK_SECRET_LENGTH // 2)


def make_token(salt, pk, secret):
    return signing.Signer(salt=salt).sign(f"{pk}.{secret}")


def read_token(salt, token):
    """The (pk, secret) a token was signed for, or None if it is broken or foreign.

    The caller compares the secret with the record's (``secrets.compare_digest``).
    """
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    pk, dot, secret = value.partition(".")
    if not (dot and pk.isascii() and pk.isdigit() and secret):
        return None
    return int(pk), secret


def secret_matches(stored, given):
    """Whether a token's secret is the record's current one (an empty secret never is)."""
    return bool(stored) and secrets.compare_digest(stored, given)
