"""Building the next round from an existing one."""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Event, Milestone, Phase, Round
from .errors import RoundCopyError

# The round's fields copied as they are; dates are shifted, the rest is set anew.
ROUND_COPIED_FIELDS = (
    "partner_region",
    "summary",
    "places",
    "max_employees",
    "min_apprentices",
    "municipalities",
    "contact_name",
    "contact_unit",
    "contact_phone",
    "contact_email",
)
ROUND_SHIFTED_DATES = ("application_start", "application_end", "start_date", "end_date")
EVENT_COPIED_FIELDS = (
    "kind",
    "title",
    "description",
    "duration_minutes",
    "location",
    "online_url",
    "capacity",
)
EVENT_SHIFTED_TIMES = ("starts_at", "registration_opens_at", "registration_closes_at")
# A parallel copy may take the slug between our look-up and our insert: try the next one.
SLUG_ATTEMPTS = 5


def round_copy(*, round_, weeks=None, kickoff=None):
    """A new, unpublished round with the texts, places, limits and contact of ``round_``.

    Exactly one of ``weeks`` (a shift of every date) or ``kickoff`` (the new round's
    start_date; the shift is the difference in days) is given. Events, phases and milestones
    are copied with their dates shifted (times of day stay in Berlin time across a
    change of summer time); registrations and applications are not. The year is
    the new start date's; the old year in the title becomes the new one; the slug
    is new and unique (the old year replaced, else the year appended, then -2, -3 …).
    Who copied is the caller's to record (the admin's log). Refusals: RoundCopyError.
    """
    if (weeks is None) == (kickoff is None):
        raise RoundCopyError(
            _(
                "Bitte geben Sie entweder eine Zahl von Wochen oder das Datum des neuen "
                "Projektstarts an."
            ),
            code="shift_missing",
        )
    days = weeks * 7 if weeks is not None else (kickoff - round_.start_date).days
    if days <= 0:
        raise RoundCopyError(
            _("Der neue Projektstart muss nach dem Projektstart der kopierten Runde liegen."),
            code="shift_not_forward",
            field="weeks" if weeks is not None else "kickoff",
        )
    shift = timedelta(days=days)
    for _attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                return _copy(round_, shift)
        except IntegrityError:
            # Only a slug taken meanwhile is worth another try; anything else is a bug.
            if not Round.objects.filter(slug=_slug_base(round_, shift)).exists():
                raise
    raise RoundCopyError(
        _(
            "Die Runde konnte nicht kopiert werden, weil gerade gleichzeitig weitere Kopien "
            "angelegt werden. Bitte versuchen Sie es noch einmal."
        ),
        code="slug_race",
    )


def _copy(round_, shift):
    source = Round.objects.get(pk=round_.pk)
    year = (source.start_date + shift).year
    new = Round(
        **{name: getattr(source, name) for name in ROUND_COPIED_FIELDS},
        **{name: getattr(source, name) + shift for name in ROUND_SHIFTED_DATES},
        decisions_by=source.decisions_by + shift if source.decisions_by else None,
        year=year,
        title=_replace_year(source.title, source.year, year),
        slug=_free_slug(_slug_base(source, shift)),
        is_published=False,
    )
    new.save()
    Event.objects.bulk_create(
        Event(
            round=new,
            **{name: getattr(event, name) for name in EVENT_COPIED_FIELDS},
            **{name: _shift_time(getattr(event, name), shift) for name in EVENT_SHIFTED_TIMES},
        )
        for event in source.events.order_by("starts_at", "pk")
    )
    Phase.objects.bulk_create(
        Phase(
            round=new,
            title=phase.title,
            description=phase.description,
            start_date=phase.start_date + shift,
            end_date=phase.end_date + shift,
        )
        for phase in source.phases.order_by("start_date", "pk")
    )
    Milestone.objects.bulk_create(
        Milestone(
            round=new,
            position=milestone.position,
            title=milestone.title,
            description=milestone.description,
            due_date=milestone.due_date + shift,
        )
        for milestone in source.milestones.all()
    )
    return new


def _shift_time(moment, shift):
    """The same time of day in Berlin, ``shift`` days later (None stays None)."""
    if moment is None:
        return None
    wall_clock = timezone.make_naive(moment) + shift
    return timezone.make_aware(wall_clock)


def _replace_year(text, old_year, new_year):
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(new_year), text)


def _slug_base(round_, shift):
    """The old year in the slug replaced by the new one, else the new year appended."""
    year = (round_.start_date + shift).year
    max_length = Round._meta.get_field("slug").max_length - 4  # room for "-99"
    if re.search(rf"(?<!\d){round_.year}(?!\d)", round_.slug):
        base = _replace_year(round_.slug, round_.year, year)
    else:
        base = f"{round_.slug[: max_length - 5]}-{year}"
    return base[:max_length].strip("-")


def _free_slug(base):
    taken = set(Round.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
