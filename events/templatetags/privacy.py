"""The keeping period of personal data, for the Datenschutzerklärung."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def personal_data_retention_days():
    """Days after a round's end date until `anonymise_rounds` deletes its personal data."""
    return settings.PERSONAL_DATA_RETENTION_DAYS
