"""Reads of applications that span models: places, reserves, info events, the export rows."""

from django.db.models import Count, Q

from events.choices import EventKind
from events.models import Registration, Round

from .models import Application, ApplicationStatus


def info_registration_for(round_, email):
    """The contact's (not cancelled) registration for the round's info event, if any."""
    return (
        Registration.objects.filter(event__round=round_, event__kind=EventKind.INFO)
        .with_email(email)
        .active()
        .order_by("created_at", "pk")
        .first()
    )


def places_taken(round_):
    return Application.objects.filter(round=round_, status=ApplicationStatus.SELECTED).count()


def rounds_with_places(round_ids=None):
    """Rounds with applications (or the given ones), each with .taken selected firms."""
    rounds = Round.objects.annotate(
        total=Count("applications", distinct=True),
        taken=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.SELECTED),
            distinct=True,
        ),
    )
    if round_ids is not None:
        rounds = rounds.filter(pk__in=round_ids)
    else:
        rounds = rounds.filter(total__gt=0)
    return rounds.order_by("-start_date", "pk")


def first_reserves(rounds):
    """{round pk: the first reserve} for the given rounds, in one query."""
    reserves = Application.objects.filter(
        round__in=[round_.pk for round_ in rounds], status=ApplicationStatus.RESERVE
    ).order_by("round_id", "reserve_position", "pk")
    first = {}
    for application in reserves:
        first.setdefault(application.round_id, application)
    return first


def first_reserve(round_):
    return (
        Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE)
        .order_by("reserve_position", "pk")
        .first()
    )


def applications_for_export(queryset=None, *, round_=None):
    """The rows of the CSV export: the given applications or a round's selected firms."""
    if queryset is None:
        queryset = Application.objects.filter(round=round_, status=ApplicationStatus.SELECTED)
    return queryset.select_related("round", "info_registration").order_by("round_id", "number")
