"""The milestones a new round starts with."""

from ..models import Milestone, default_milestones


def milestones_add_defaults(*, round_):
    """Give a round without milestones RKW's steps (a round that has some keeps them)."""
    if round_.milestones.exists():
        return []
    return Milestone.objects.bulk_create(
        Milestone(round=round_, position=position, title=str(title), due_date=due_date)
        for position, (title, due_date) in enumerate(default_milestones(round_), start=1)
    )
