"""iCalendar files (.ics) for a round's dates and for single events.

Every file names an event by the same UID and carries its SEQUENCE (Event.ics_sequence),
so a calendar that holds the event updates the entry when a changed file arrives, and
removes or marks it on a cancelling one. The online link is private: only the files in a
registrant's e-mails carry it, never the public round calendar. The round's own dates
(application period, deadline, decisions) are all-day entries with UIDs of their own.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as IcsEvent

from .selectors import APPLICATION, DEADLINE, round_dates


def _calendar(method=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Kreis Recklinghausen//Digiscouts-Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


# The VTIMEZONE covers the calendar's entries and a year either side, not icalendar's
# default 1970–2038: computing Europe/Berlin's transitions for 68 years took most of a
# registration's calendar attachment (5.2 → 1.2 ms; 2.8 → 1.0 kB; docs/performance.md).
TIMEZONE_MARGIN = timedelta(days=366)


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def _add_timezones(calendar):
    """Add the VTIMEZONE of every time zone used, for the span of the entries only."""
    days = [
        _day(component[name].dt)
        for component in calendar.subcomponents
        for name in ("dtstart", "dtend")
        if name in component and isinstance(component[name].dt, date)
    ]
    if not days:
        days = [timezone.localdate()]
    calendar.add_missing_timezones(
        first_date=min(days) - TIMEZONE_MARGIN, last_date=max(days) + TIMEZONE_MARGIN
    )


def event_uid(event):
    """Stable across downloads and e-mails, so calendars update instead of duplicating."""
    return f"digiscouts-event-{event.pk}@{settings.SITE_DOMAIN}"


def _organizer(round_):
    organizer = vCalAddress(f"mailto:{round_.contact_email}")
    organizer.params["cn"] = vText(round_.contact_name)
    return organizer


def _event_component(event, *, private):
    """The VEVENT; ``private``: for a registrant, with the online link and the organizer."""
    component = IcsEvent()
    component.add("uid", event_uid(event))
    component.add("sequence", event.ics_sequence)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", timezone.localtime(event.starts_at))
    component.add("dtend", timezone.localtime(event.ends_at))
    component.add("summary", event.title)
    if event.is_cancelled:
        component.add("status", "CANCELLED")
    description = [event.description] if event.description else []
    if event.online_url and private:
        description.append(_("Online-Teilnahme: %(url)s") % {"url": event.online_url})
        component.add("url", event.online_url)
    elif event.online_url:
        description.append(
            _("Online-Veranstaltung: Den Zugangslink erhalten angemeldete Teilnehmende per E-Mail.")
        )
    if description:
        component.add("description", "\n\n".join(description))
    if event.location:
        component.add("location", event.location)
    if private:
        component.add("organizer", _organizer(event.round))
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


def round_date_uid(round_, key):
    """E.g. digiscouts-round-3-deadline@host: stable, so a moved deadline moves the entry."""
    return f"digiscouts-round-{round_.pk}-{key}@{settings.SITE_DOMAIN}"


def _round_date_description(round_, day):
    where = _("Zeitplan und Bewerbung: %(url)s") % {
        "url": f"{settings.SITE_URL}{round_.get_absolute_url()}"
    }
    if day.key == APPLICATION:
        text = _("Bewerbungen für „%(title)s“ sind vom %(start)s bis zum %(end)s möglich.") % {
            "title": round_.title,
            "start": date_format(day.first_day, "DATE_FORMAT"),
            "end": date_format(day.last_day, "DATE_FORMAT"),
        }
        return f"{text}\n\n{where}"
    if day.key == DEADLINE:
        text = _("Letzter Tag für Bewerbungen für „%(title)s“.") % {"title": round_.title}
        return f"{text}\n\n{where}"
    return _(
        "Bis zu diesem Tag erfahren alle Unternehmen, die sich für „%(title)s“ beworben "
        "haben, per E-Mail, ob sie ausgewählt sind."
    ) % {"title": round_.title}


def _round_date_component(round_, day):
    """An all-day entry (DTSTART;VALUE=DATE, DTEND exclusive) that keeps the day free."""
    component = IcsEvent()
    component.add("uid", round_date_uid(round_, day.key))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", day.first_day)
    component.add("dtend", day.last_day + timedelta(days=1))
    component.add("summary", _("Digiscouts: %(title)s") % {"title": day.title})
    component.add("description", _round_date_description(round_, day))
    component.add("transp", "TRANSPARENT")
    return component


def event_ics(event):
    """The event for a registrant's calendar (confirmation, change, reminder): with the link."""
    calendar = _calendar()
    calendar.add_component(_event_component(event, private=True))
    _add_timezones(calendar)
    return calendar.to_ical()


def event_cancel_ics(event):
    """The cancellation (METHOD:CANCEL, STATUS:CANCELLED, same UID, the raised SEQUENCE)."""
    calendar = _calendar(method="CANCEL")
    calendar.add_component(_event_component(event, private=False))
    component = calendar.subcomponents[0]
    if "status" not in component:
        component.add("status", "CANCELLED")
    component.add("organizer", _organizer(event.round))
    _add_timezones(calendar)
    return calendar.to_ical()


def round_ics(round_):
    """The public calendar of a round: its own dates, every event and phase, no online
    link."""
    calendar = _calendar()
    calendar.add("x-wr-calname", round_.title)
    for day in round_dates(round_):
        calendar.add_component(_round_date_component(round_, day))
    for event in round_.events.all():
        calendar.add_component(_event_component(event, private=False))
    for phase in round_.phases.all():
        calendar.add_component(_phase_component(phase))
    _add_timezones(calendar)
    return calendar.to_ical()
