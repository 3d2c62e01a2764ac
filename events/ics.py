"""iCalendar files (.ics) for a round's dates and for single events."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent


def _calendar():
    calendar = Calendar()
    calendar.add("prodid", "-//Kreis Recklinghausen//Digiscouts-Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _event_component(event):
    component = IcsEvent()
    # Stable across downloads and e-mails, so calendars update instead of duplicating.
    component.add("uid", f"digiscouts-event-{event.pk}@{settings.SITE_DOMAIN}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", timezone.localtime(event.starts_at))
    component.add("dtend", timezone.localtime(event.ends_at))
    component.add("summary", event.title)
    description = [event.description] if event.description else []
    if event.online_url:
        description.append(_("Online-Teilnahme: %(url)s") % {"url": event.online_url})
        component.add("url", event.online_url)
    if description:
        component.add("description", "\n\n".join(description))
    if event.location:
        component.add("location", event.location)
    return component


def _phase_component(phase):
    component = IcsEvent()
    component.add("uid", f"digiscouts-phase-{phase.pk}@{settings.SITE_DOMAIN}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", phase.start_date)
    component.add("dtend", phase.end_date + timedelta(days=1))  # DTEND of a date is exclusive
    component.add("summary", phase.title)
    if phase.description:
        component.add("description", phase.description)
    return component


def event_ics(event):
    calendar = _calendar()
    calendar.add_component(_event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def round_ics(round_):
    calendar = _calendar()
    calendar.add("x-wr-calname", round_.title)
    for event in round_.events.all():
        calendar.add_component(_event_component(event))
    for phase in round_.phases.all():
        calendar.add_component(_phase_component(phase))
    calendar.add_missing_timezones()
    return calendar.to_ical()
