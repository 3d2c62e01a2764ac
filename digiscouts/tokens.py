"""Personal links without accounts: signed object ids (django.core.signing).

Each kind of link has its own salt, so a registration token never opens an
application. The token is deterministic: every e-mail carries the same link for
the same object. A tampered or foreign token reads as None; the caller shows a
page that reveals nothing.
"""

from django.core import signing


def make_token(salt, pk):
    return signing.Signer(salt=salt).sign(str(pk))


def read_token(salt, token):
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isascii() and value.isdigit() else None
