"""Factories of the six months: participations (with a selected, told application),
milestones and milestones reached."""

__all__ = [
    "MilestoneFactory",
    "MilestoneReachedFactory",
    "ParticipationFactory",
    "SelectedApplicationFactory",
    "round_at_stage",
]

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from applications.choices import ApplicationStatus
from applications.models import MilestoneReached, Participation
from events.choices import EventKind
from events.models import Milestone

from .applications import ApplicationFactory
from .events import EventFactory, RoundFactory


class SelectedApplicationFactory(ApplicationFactory):
    """An application selected and told so by the decision e-mail."""

    status = ApplicationStatus.SELECTED
    decision_sent_status = ApplicationStatus.SELECTED
    decision_sent_at = factory.LazyFunction(timezone.now)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A stored participation, as selecting the firm would have started it (active)."""

    class Meta:
        model = Participation

    application = factory.SubFactory(SelectedApplicationFactory)
    round = factory.LazyAttribute(lambda o: o.application.round)
    team_size = 3
    trainer_name = "Max Ausbilder"
    trainer_email = "ausbildung@beispiel.de"
    started_at = factory.LazyFunction(timezone.now)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    round = factory.SubFactory(RoundFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Meilenstein {n + 1}")
    due_date = date(2021, 6, 23)


class MilestoneReachedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneReached

    participation = factory.SubFactory(ParticipationFactory)
    milestone = factory.SubFactory(
        MilestoneFactory, round=factory.SelfAttribute("..participation.round")
    )
    reached_on = date(2021, 6, 20)
    recorded_at = factory.LazyFunction(timezone.now)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def round_at_stage(stage, *, closing=True, **kwargs):
    """A published round of 180 days "before" its start (in 20 days), "during" its six
    months (started 40 days ago) or "after" its end (200 days ago): a kick-off on the
    first day at 10:00 and, with ``closing``, the closing event on the last at 14:00."""
    offset = {"before": 20, "during": -40, "after": -200}[stage]
    start = timezone.localdate() + timedelta(days=offset)
    end = start + timedelta(days=180)
    round_ = RoundFactory(
        **{
            "application_start": start - timedelta(days=60),
            "application_end": start - timedelta(days=30),
            "start_date": start,
            "end_date": end,
            "year": start.year,
            "title": "Digiscouts Kreis Recklinghausen",
            **kwargs,
        }
    )
    EventFactory(
        round=round_,
        kind=EventKind.KICKOFF,
        title="Auftaktveranstaltung",
        starts_at=_at(start, 10),
        duration_minutes=120,
        location="Kreishaus Recklinghausen",
    )
    if closing:
        EventFactory(
            round=round_,
            kind=EventKind.CLOSING,
            title="Abschlussveranstaltung",
            starts_at=_at(end, 14),
            duration_minutes=180,
            location="Kreishaus Recklinghausen",
        )
    return round_
