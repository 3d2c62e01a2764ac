"""Reads that span models: which round the site shows and its timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .choices import TimePosition
from .dates import start_of_day
from .models import Event, Phase, Round


def round_for_home(today=None):
    """The published round the home page shows: the next or running one, else the latest."""
    rounds = Round.objects.published()
    return rounds.current(today).first() or rounds.past(today).first()


def published_round_or_404(slug):
    return get_object_or_404(Round.objects.published(), slug=slug)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a round's timeline: an event, a phase, or the marker for today."""

    sort_key: datetime
    position: str
    event: Event | None = None
    phase: Phase | None = None

    @property
    def is_today_marker(self):
        return self.event is None and self.phase is None


def timeline_entries(round_, now=None):
    """Events and phases of a round in date order, each placed relative to now.

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
    entries.sort(key=lambda entry: (entry.sort_key, entry.phase is None))
    marker_at = next(
        (i for i, entry in enumerate(entries) if entry.position == TimePosition.FUTURE),
        len(entries),
    )
    entries.insert(marker_at, TimelineEntry(sort_key=now, position=TimePosition.CURRENT))
    return entries


def key_dates(round_):
    """The dates the home page names: info event, kick-off and closing event."""
    by_kind = {}
    for event in round_.events.all():
        by_kind.setdefault(event.kind, event)
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
