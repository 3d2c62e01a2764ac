"""Calendar days and spans in the portal's time zone (Europe/Berlin)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .choices import TimePosition


def start_of_day(day):
    """The first moment of a calendar day in Europe/Berlin, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of_day(day):
    """The first moment after a calendar day in Europe/Berlin (exclusive end)."""
    return start_of_day(day + timedelta(days=1))


def position_between(now, start, end):
    """Past, current or future for the half-open span [start, end)."""
    if now < start:
        return TimePosition.FUTURE
    if now < end:
        return TimePosition.CURRENT
    return TimePosition.PAST
