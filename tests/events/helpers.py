"""Shared arguments for registering through the service in tests."""

import re

from events.selectors import registration_for_token
from events.services import registration_create

PERSONAL_LINK = re.compile(r"^(https?://\S+/anmeldung/([^/\s]+)/)$", re.MULTILINE)


def person(email, persons=1, **overrides):
    return {
        "company": "Muster GmbH",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "function": "Ausbildungsleitung",
        "email": email,
        "municipality": "Marl",
        "persons": persons,
        **overrides,
    }


def register(event, email, persons=1, **overrides):
    return registration_create(event=event, **person(email, persons, **overrides))


def personal_link(message):
    """The one personal link in a mail's text part, and the registration it opens."""
    ((link, token),) = PERSONAL_LINK.findall(message.body)
    return link, registration_for_token(token)
