"""Where the participants stand with the round's milestones, on a Berlin calendar day.

A milestone not yet reached is "offen" up to and including its due date and
"im Rückstand" from the next day on (Europe/Berlin, whatever the server's clock).
The round's table is read in three queries, however many participants it has.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from .choices import MilestoneState
from .models import MilestoneReached, Participation


def berlin_today(now=None):
    return timezone.localdate(now or timezone.now())


def milestone_state(milestone, reached, today):
    """REACHED if ``reached`` (its MilestoneReached or None), else DUE or BEHIND."""
    if reached is not None:
        return MilestoneState.REACHED
    if today > milestone.due_date:
        return MilestoneState.BEHIND
    return MilestoneState.DUE


@dataclass(frozen=True)
class Cell:
    milestone: object
    state: MilestoneState
    reached: MilestoneReached | None


@dataclass
class Row:
    participation: Participation
    cells: list = field(default_factory=list)

    @property
    def behind(self):
        return [cell.milestone for cell in self.cells if cell.state == MilestoneState.BEHIND]

    @property
    def is_behind(self):
        return bool(self.behind)


def _row(participation, milestones, reached_by_milestone, today):
    return Row(
        participation,
        [
            Cell(
                m,
                milestone_state(m, reached_by_milestone.get(m.pk), today),
                reached_by_milestone.get(m.pk),
            )
            for m in milestones
        ],
    )


def round_progress(round_, *, now=None):
    """(milestones, rows) of the round's active participants, in application order."""
    today = berlin_today(now)
    milestones = list(round_.milestones.all())
    participations = list(
        Participation.objects.active()
        .filter(round=round_)
        .select_related("application")
        .order_by("application__number")
    )
    reached = {}
    for record in MilestoneReached.objects.filter(
        participation__round=round_, participation__ended_on__isnull=True
    ):
        reached.setdefault(record.participation_id, {})[record.milestone_id] = record
    rows = [_row(p, milestones, reached.get(p.pk, {}), today) for p in participations]
    return milestones, rows


def participation_progress(participation, *, now=None):
    """The one firm's row (for its own page and the certificate)."""
    today = berlin_today(now)
    milestones = list(participation.round.milestones.all())
    reached = {record.milestone_id: record for record in participation.milestones_reached.all()}
    return _row(participation, milestones, reached, today)


def participants_behind(round_, *, milestone=None, now=None):
    """The active participants behind with ``milestone`` (or with any milestone)."""
    _milestones, rows = round_progress(round_, now=now)
    if milestone is None:
        return [row.participation for row in rows if row.is_behind]
    return [row.participation for row in rows if milestone in row.behind]
