"""The seed round as the 2021 press article states it, and a demo copy in the future.

Facts from the article: Kreis Recklinghausen, up to 7 companies, at most 499
employees, one-hour info event on 15 April 2021, start 26 May 2021, closing event
24 November 2021, contact Dr. Julia aus der Wiesche. The article names no times of
day, no application deadline and no phases: those below are defaults (RKW's usual
schedule) that staff change in the admin.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .choices import EventKind
from .models import Event, Milestone, Phase, Round, default_milestones

SEED_SLUG = "kreis-recklinghausen-2021"
DEMO_SLUG = "demo"

ROUND_FACTS = {
    "partner_region": "Kreis Recklinghausen",
    "places": 7,
    "max_employees": 499,
    "min_apprentices": 2,
    "contact_name": "Dr. Julia aus der Wiesche",
    "contact_unit": "Fachdienst Wirtschaft, Kreis Recklinghausen",
    "contact_phone": "02361 / 53-2129",
    "contact_email": "j.ausderwiesche@kreis-re.de",
    "is_published": True,
}

INFO_DAY = date(2021, 4, 15)
SCHEDULE = {
    "application_start": date(2021, 4, 15),
    "application_end": date(2021, 5, 7),
    "decisions_by": date(2021, 5, 14),
    "start_date": date(2021, 5, 26),
    "end_date": date(2021, 11, 24),
}
EVENTS = [
    # kind, title, day, time, minutes, location, capacity
    (EventKind.INFO, "Infoveranstaltung Digiscouts", INFO_DAY, time(10, 0), 60, "Online", 40),
    (
        EventKind.KICKOFF,
        "Offizieller Projektstart (Kick-off)",
        date(2021, 5, 26),
        time(10, 0),
        180,
        "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1, 45657 Recklinghausen",
        None,
    ),
    (
        EventKind.CLOSING,
        "Abschlussveranstaltung: Die Digiscouts stellen ihre Ideen vor",
        date(2021, 11, 24),
        time(14, 0),
        180,
        "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1, 45657 Recklinghausen",
        None,
    ),
]
PHASES = [
    ("Analysephase", date(2021, 5, 27), date(2021, 6, 23)),
    ("Projektvorschlag und Pitch vor der Geschäftsführung", date(2021, 6, 24), date(2021, 7, 14)),
    ("Umsetzung", date(2021, 7, 15), date(2021, 11, 23)),
]


def _upsert_round(*, slug, title, year, shift, application_start=None):
    dates = {name: day + shift for name, day in SCHEDULE.items()}
    if application_start is not None:
        dates["application_start"] = application_start
    round_, _ = Round.objects.update_or_create(
        slug=slug, defaults={"title": title, "year": year, **ROUND_FACTS, **dates}
    )
    for kind, event_title, day, clock, minutes, location, capacity in EVENTS:
        starts_at = timezone.make_aware(datetime.combine(day + shift, clock))
        Event.objects.update_or_create(
            round=round_,
            kind=kind,
            defaults={
                "title": event_title,
                "starts_at": starts_at,
                "duration_minutes": minutes,
                "location": location,
                "capacity": capacity,
                "registration_opens_at": (
                    starts_at - timedelta(days=31) if capacity is not None else None
                ),
            },
        )
    for phase_title, start, end in PHASES:
        Phase.objects.update_or_create(
            round=round_,
            title=phase_title,
            defaults={"start_date": start + shift, "end_date": end + shift},
        )
    for position, (milestone_title, due_date) in enumerate(default_milestones(round_), start=1):
        Milestone.objects.update_or_create(
            round=round_,
            position=position,
            defaults={"title": str(milestone_title), "due_date": due_date},
        )
    return round_


@transaction.atomic
def seed_round_upsert():
    return _upsert_round(
        slug=SEED_SLUG,
        title="Digiscouts 2021 im Kreis Recklinghausen",
        year=2021,
        shift=timedelta(0),
    )


@transaction.atomic
def demo_round_upsert(*, today=None):
    """The seed's schedule shifted so the info event is two weeks ahead.

    Applications are open from today, so every public flow can be tried at once.
    """
    today = today or timezone.localdate()
    shift = (today + timedelta(days=14)) - INFO_DAY
    year = (SCHEDULE["start_date"] + shift).year
    return _upsert_round(
        slug=DEMO_SLUG,
        title=f"Digiscouts {year} im Kreis Recklinghausen (Demo)",
        year=year,
        shift=shift,
        application_start=today,
    )
