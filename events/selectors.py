"""Reads that span models: which round the site shows and its timeline."""

from dataclasses import dataclass
from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import TimePosition
from .dates import end_of_day, position_between, start_of_day
from .models import Event, Phase, Round

# The keys of a round's own dates (RoundDate.key): part of their calendar UIDs, so they
# must never change.
APPLICATION = "application"
DEADLINE = "deadline"
DECISIONS = "decisions"


def round_for_home(today=None):
    """The published round the home page shows: the next or running one, else the latest."""
    rounds = Round.objects.published()
    return rounds.current(today).first() or rounds.past(today).first()


def published_round_or_404(slug):
    return get_object_or_404(Round.objects.published(), slug=slug)


@dataclass(frozen=True)
class RoundDate:
    """A date of the round itself: its application period, the period's last day
    (Bewerbungsschluss) or the day by which the decisions are sent. Whole Berlin days,
    from the first to the end of the last."""

    key: str  # APPLICATION, DEADLINE or DECISIONS
    title: str
    first_day: date
    last_day: date

    @property
    def is_single_day(self):
        return self.first_day == self.last_day

    def position(self, now=None):
        return position_between(
            now or timezone.now(), start_of_day(self.first_day), end_of_day(self.last_day)
        )


def round_dates(round_):
    """The round's own dates in date order: the application period, its deadline and,
    when staff set it, the day by which the decisions are sent (titles in the active
    language)."""
    dates = [
        RoundDate(
            APPLICATION, _("Bewerbungsphase"), round_.application_start, round_.application_end
        ),
        RoundDate(DEADLINE, _("Bewerbungsschluss"), round_.application_end, round_.application_end),
    ]
    if round_.decisions_by is not None:
        dates.append(
            RoundDate(
                DECISIONS,
                _("Versand der Entscheidungen"),
                round_.decisions_by,
                round_.decisions_by,
            )
        )
    return dates


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a round's timeline: an event, a phase, one of the round's own dates,
    or the marker for today."""

    sort_key: datetime
    position: str
    event: Event | None = None
    phase: Phase | None = None
    round_date: RoundDate | None = None

    @property
    def is_today_marker(self):
        return self.event is None and self.phase is None and self.round_date is None

    @property
    def tie_rank(self):
        """On the same moment: a phase, then a round date, then an event."""
        if self.phase is not None:
            return 0
        return 1 if self.round_date is not None else 2


def timeline_entries(round_, now=None, *, with_round_dates=False):
    """Events and phases of a round in date order, each placed relative to now;
    ``with_round_dates``: the round's own dates too (round_dates), as the public
    timeline shows them.

    A marker for today is inserted before the first entry that lies in the future
    (or at the end), so the page can show where the project stands.
    """
    now = now or timezone.now()
    entries = [
        TimelineEntry(sort_key=event.starts_at, position=event.position(now), event=event)
        for event in round_.events.all()
    ]
    entries += [
        TimelineEntry(
            sort_key=start_of_day(phase.start_date), position=phase.position(now), phase=phase
        )
        for phase in round_.phases.all()
    ]
    if with_round_dates:
        entries += [
            TimelineEntry(
                sort_key=start_of_day(day.first_day), position=day.position(now), round_date=day
            )
            for day in round_dates(round_)
        ]
    entries.sort(key=lambda entry: (entry.sort_key, entry.tie_rank))
    marker_at = next(
        (i for i, entry in enumerate(entries) if entry.position == TimePosition.FUTURE),
        len(entries),
    )
    entries.insert(marker_at, TimelineEntry(sort_key=now, position=TimePosition.CURRENT))
    return entries


def key_dates(round_):
    """The events the home page names, by kind (info event, kick-off, closing event):
    the first of each kind that is not cancelled, else the first (shown as cancelled)."""
    by_kind = {}
    for event in round_.events.all():
        chosen = by_kind.get(event.kind)
        if chosen is None or (chosen.is_cancelled and not event.is_cancelled):
            by_kind[event.kind] = event
    return by_kind


def registrable_event_or_404(slug, pk):
    """An event of a published round that staff opened for registration."""
    event = get_object_or_404(
        Event.objects.select_related("round")
        .filter(round__is_published=True)
        .with_registration_counts(),
        round__slug=slug,
        pk=pk,
    )
    if not event.takes_registrations:
        raise Http404
    return event
