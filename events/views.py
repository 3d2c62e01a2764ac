from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .ics import round_ics
from .selectors import published_round_or_404, timeline_entries


def round_timeline(request, slug):
    round_ = published_round_or_404(slug)
    now = timezone.now()
    context = {
        "round": round_,
        "timeline": timeline_entries(round_, now),
        "now": now,
        "application_state": round_.application_state(now),
    }
    return render(request, "events/timeline.html", context)


def round_calendar(request, slug):
    round_ = published_round_or_404(slug)
    response = HttpResponse(round_ics(round_), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="digiscouts-{round_.slug}.ics"'
    return response
