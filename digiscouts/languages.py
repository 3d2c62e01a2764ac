"""The language a person uses the portal in, stored so their e-mails follow it."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def current_language():
    """The active language if the portal offers it, else the default (German)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE


def language_field():
    """The model field for the recipient's language of a registration or application."""
    return models.CharField(
        _("Sprache"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
