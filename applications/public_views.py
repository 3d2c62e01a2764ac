"""The public page of a round's ideas, shown from the end of its closing event on."""

from django.shortcuts import render
from django.utils import timezone

from events.choices import EventKind
from events.dates import end_of_day
from events.selectors import published_round_or_404

from .models import Participation


def closing_event(events):
    """The round's closing event (the first not cancelled) among ``events``, or None."""
    return next(
        (e for e in events if e.kind == EventKind.CLOSING and not e.is_cancelled),
        None,
    )


def ideas_published_at(round_, events):
    """From when the ideas the firms consented to publish appear: the end of the
    closing event (its start plus its duration: the teams present them there first),
    or, for a round without one, the day after its end date (Berlin).

    ``events``: the round's events in date order (read once by the caller).
    """
    closing = closing_event(events)
    if closing is not None:
        return closing.ends_at
    return end_of_day(round_.end_date)


def ideas(request, slug):
    """Company, municipality, title, description and tools of each idea whose firm
    consented; nothing about people. Until the closing event's end: when they will appear."""
    round_ = published_round_or_404(slug)
    events = list(round_.events.all())
    published_at = ideas_published_at(round_, events)
    published = timezone.now() >= published_at
    entries = []
    if published:
        entries = list(
            Participation.objects.published_ideas()
            .filter(round=round_)
            .select_related("application")
            .only(
                "idea_title",
                "idea_description",
                "idea_tools",
                "application__company_name",
                "application__municipality",
            )
            .order_by("application__company_name", "application__number")
        )
    context = {
        "round": round_,
        "nav_round": round_,  # the navigation's "Zeitplan" is this round's
        "published": published,
        "published_at": published_at,
        "closing": closing_event(events),
        "entries": entries,
    }
    return render(request, "applications/ideas.html", context)
