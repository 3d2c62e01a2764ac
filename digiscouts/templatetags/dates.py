"""Dates with their weekday, in the active language's format (the formats modules).

Django's named formats (DATE_FORMAT and the like) cover the rest:
``{{ value|date:"DATE_FORMAT" }}``.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils.formats import get_format, iter_format_modules
from django.utils.translation import get_language

register = template.Library()


def _portal_format(name, fallback):
    for module in iter_format_modules(get_language(), settings.FORMAT_MODULE_PATH):
        value = getattr(module, name, None)
        if value is not None:
            return value
    return get_format(fallback)


@register.filter(expects_localtime=True, is_safe=False)
def weekday_date(value):
    """E.g. "Donnerstag, 15. April 2021"."""
    return date_filter(value, _portal_format("WEEKDAY_DATE_FORMAT", "DATE_FORMAT"))


@register.filter(expects_localtime=True, is_safe=False)
def weekday_datetime(value):
    """E.g. "Donnerstag, 15. April 2021, 10:00"."""
    return date_filter(value, _portal_format("WEEKDAY_DATETIME_FORMAT", "DATETIME_FORMAT"))
