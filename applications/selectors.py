"""Reads of applications that span models: places, reserves, info events, the export rows."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.choices import EventKind, RegistrationStatus, TimePosition
from events.models import Event, Registration, Round
from events.selectors import timeline_entries

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


# The columns the export reads, in the order of applications.exports.export_row: only
# these, as tuples (no model instances, no join with the round): 10,000 rows are read
# in about a quarter of the time full instances take (docs/performance.md, finding 7).
EXPORT_COLUMNS = (
    "reference",
    "company_name",
    "legal_form",
    "street",
    "postcode",
    "municipality",
    "website",
    "sector",
    "employees",
    "apprentices",
    "training_occupations",
    "contact_first_name",
    "contact_last_name",
    "contact_function",
    "contact_email",
    "contact_phone",
    "trainer_name",
    "trainer_email",
    "status",
    "reserve_position",
    "info_registration_id",
    "info_registration__attended",
    "submitted_at",
    "decision_sent_at",
    "motivation",
    "first_ideas",
)


def applications_for_export(queryset=None, *, round_=None, selected_only=True):
    """The rows of the CSV and XLSX exports: the given applications, or a round's
    selected firms (or all its applications), as tuples of EXPORT_COLUMNS."""
    if queryset is None:
        queryset = Application.objects.filter(round=round_)
        if selected_only:
            queryset = queryset.filter(status=ApplicationStatus.SELECTED)
    return queryset.order_by("round_id", "number").values_list(*EXPORT_COLUMNS)


def reserve_list(round_):
    """The round's reserves in the order they move up."""
    return Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE).order_by(
        "reserve_position", "pk"
    )


def events_with_attendance(round_):
    """The round's events with registration: seats_taken, waitlist_count and attended
    (persons of the confirmed registrations staff marked as attended)."""
    attended = Sum(
        "registrations__persons",
        filter=Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__attended=True),
    )
    return (
        Event.objects.filter(round=round_, capacity__isnull=False)
        .with_registration_counts()
        .annotate(attended=Coalesce(attended, 0))
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class RoundOverview:
    """What the office looks at every day for one round (the admin's round overview)."""

    round: Round
    today: object
    project_position: str
    running: list
    upcoming: list
    events: list
    status_counts: list
    places_taken: int
    reserves: list


def round_overview(round_, now=None, *, upcoming_count=5):
    """The round's overview in a fixed number of queries, however many applications.

    running: timeline entries (events, phases) under way now; upcoming: the next ones;
    status_counts: (status, label, count) for every status, in the enum's order.
    """
    now = now or timezone.now()
    entries = [entry for entry in timeline_entries(round_, now) if not entry.is_today_marker]
    counts = dict(
        Application.objects.filter(round=round_)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return RoundOverview(
        round=round_,
        today=timezone.localdate(now),
        project_position=round_.position(now),
        running=[entry for entry in entries if entry.position == TimePosition.CURRENT],
        upcoming=[entry for entry in entries if entry.position == TimePosition.FUTURE][
            :upcoming_count
        ],
        events=list(events_with_attendance(round_)),
        status_counts=[
            (status, status.label, counts.get(status, 0)) for status in ApplicationStatus
        ],
        places_taken=counts.get(ApplicationStatus.SELECTED, 0),
        reserves=list(reserve_list(round_)),
    )
