"""Personal links without accounts: signed object ids (django.core.signing).

Each kind of link has its own salt, so a registration token never opens an
application. A tampered or foreign token reads as None; the caller shows a page
that reveals nothing.
"""

from django.core import signing


def make_token(salt, pk):
    return signing.dumps(pk, salt=salt, compress=False)


def read_token(salt, token):
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
