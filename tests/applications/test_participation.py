"""The six months' services: participation from selection to drop-out, milestones, the idea."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from applications.choices import ApplicationStatus, MilestoneState, ParticipationEnd
from applications.models import MilestoneReached, Participation
from applications.privacy_export import company_data
from applications.progress import milestone_state, participants_behind, round_progress
from applications.services import (
    ParticipationError,
    application_reserve,
    application_select,
    milestone_reach,
    milestone_undo,
    participation_drop_out,
    participation_idea_save,
    participation_update,
    round_anonymise,
)
from events.models import Milestone
from events.services import milestones_add_defaults, round_copy
from tests.factories import ApplicationFactory, RoundFactory, open_round, staff_member
from tests.factories.events import berlin

pytestmark = pytest.mark.django_db


def _selected(round_, **kwargs):
    application = ApplicationFactory(round=round_, **kwargs)
    return application_select(application=application).participation


def _history(participation):
    return [(c.kind, c.note) for c in participation.changes.order_by("at", "pk")]


def test_participation_selection_starts_it_with_team_and_trainer():
    round_ = open_round()
    application = ApplicationFactory(round=round_, apprentices=4, trainer_name="Anna Schäfer")

    participation = application_select(application=application, note="passt").participation

    assert (participation.round, participation.team_size, participation.trainer_name) == (
        round_,
        4,
        "Anna Schäfer",
    )
    assert participation.is_active
    assert _history(participation) == [("started", "passt")]


def test_participation_deselection_ends_it_and_reselection_resumes_it():
    round_ = open_round()
    participation = _selected(round_)

    application_reserve(application=participation.application, note="Versehen")
    participation.refresh_from_db()
    assert (participation.end_kind, participation.end_reason) == (
        ParticipationEnd.DESELECTED,
        "Versehen",
    )
    assert list(Participation.objects.active()) == []

    application_select(application=participation.application)
    participation.refresh_from_db()
    assert (participation.ended_on, participation.end_kind) == (None, "")
    assert [kind for kind, _note in _history(participation)] == ["started", "ended", "resumed"]


def test_participation_drop_out_before_start_offers_first_reserve(
    mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round()
    staff = staff_member()
    participation = _selected(round_, company_name="Aussteiger GmbH")
    first = application_reserve(application=ApplicationFactory(round=round_))
    application_reserve(application=ApplicationFactory(round=round_))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = participation_drop_out(
            participation=participation,
            on=timezone.localdate(),
            reason="Azubis gekündigt",
            by=staff,
        )

    assert result.reserve_offer == first
    participation.refresh_from_db()
    assert (participation.ended_on, participation.end_kind, participation.end_reason) == (
        timezone.localdate(),
        ParticipationEnd.DROPPED_OUT,
        "Azubis gekündigt",
    )
    assert participation.application.status == ApplicationStatus.WITHDRAWN
    assert [kind for kind, _note in _history(participation)] == ["started", "dropped_out"]
    change = participation.application.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("selected", "withdrawn", staff)
    assert [m.to for m in mailoutbox] == [[participation.application.contact_email]]
    assert mailoutbox[0].subject == (
        f"Ihr Ausstieg aus dem Programm ist eingetragen ({participation.application.reference})"
    )
    # The freed place can be given to the offered firm.
    assert application_select(application=first).status == ApplicationStatus.SELECTED


def test_participation_drop_out_after_start_offers_nobody():
    round_ = RoundFactory(start_date=date(2021, 5, 26))
    participation = _selected(round_)
    application_reserve(application=ApplicationFactory(round=round_))

    result = participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="Insolvenz", by=None
    )

    assert result.reserve_offer is None


@pytest.mark.parametrize(
    ("reason", "days", "code", "field"),
    [
        ("  ", 0, "reason_required", "reason"),
        ("Grund", 1, "date_out_of_range", "on"),
        ("Grund", -1, "date_out_of_range", "on"),
    ],
)
def test_participation_drop_out_refuses_bad_input(reason, days, code, field):
    participation = _selected(open_round())

    with pytest.raises(ParticipationError) as refused:
        participation_drop_out(
            participation=participation,
            on=timezone.localdate() + timedelta(days=days),
            reason=reason,
            by=None,
        )

    assert (refused.value.code, refused.value.field) == (code, field)
    participation.refresh_from_db()
    assert participation.is_active


def test_participation_drop_out_twice_refused():
    participation = _selected(open_round())
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="A", by=None
    )

    with pytest.raises(ParticipationError) as refused:
        participation_drop_out(
            participation=participation, on=timezone.localdate(), reason="B", by=None
        )

    assert refused.value.code == "not_active"


def test_participation_update_records_old_and_new():
    participation = _selected(open_round())
    staff = staff_member()

    participation_update(
        participation=participation, by=staff, coach_name="Petra Coach", team_size=3
    )

    change = participation.changes.get(kind="corrected")
    assert (change.by, change.changes) == (staff, {"coach_name": ["", "Petra Coach"]})


def test_milestone_reach_and_undo_keep_history():
    round_ = open_round()
    milestones_add_defaults(round_=round_)
    participation = _selected(round_)
    first = round_.milestones.first()

    reached = milestone_reach(
        participation=participation,
        milestone=first,
        reached_on=date(2026, 11, 2),
        by=None,
        note="alle da",
    )
    milestone_undo(reached=reached, by=None, note="Versehen")

    assert MilestoneReached.objects.count() == 0
    assert _history(participation)[1:] == [
        ("milestone_reached", "Auftaktveranstaltung besucht (02.11.2026): alle da"),
        ("milestone_undone", "Auftaktveranstaltung besucht (02.11.2026): Versehen"),
    ]


def test_milestone_reach_refusals():
    round_ = open_round()
    other = open_round()
    milestones_add_defaults(round_=round_)
    milestones_add_defaults(round_=other)
    participation = _selected(round_)
    milestone = round_.milestones.first()
    milestone_reach(
        participation=participation, milestone=milestone, reached_on=timezone.localdate(), by=None
    )

    codes = []
    for kwargs in (
        {"milestone": milestone, "reached_on": timezone.localdate()},
        {"milestone": other.milestones.first(), "reached_on": timezone.localdate()},
        {
            "milestone": round_.milestones.last(),
            "reached_on": timezone.localdate() + timedelta(days=1),
        },
    ):
        with pytest.raises(ParticipationError) as refused:
            milestone_reach(participation=participation, by=None, **kwargs)
        codes.append(refused.value.code)

    assert codes == ["already_reached", "other_round", "future_date"]


def test_participation_idea_consent_dated_and_cleared():
    participation = _selected(open_round())
    given = berlin(2026, 11, 20, 10)

    participation_idea_save(
        participation=participation,
        now=given,
        idea_title="Digitales Lager",
        idea_publish_consent=True,
    )
    participation.refresh_from_db()
    assert (participation.idea_consent_at, participation.idea_updated_at) == (given, given)

    participation_idea_save(participation=participation, idea_publish_consent=False)
    participation.refresh_from_db()
    assert participation.idea_consent_at is None
    assert [c.changes for c in participation.changes.filter(kind="idea_saved")] == [
        {"idea_title": ["", "Digitales Lager"], "idea_publish_consent": [False, True]},
        {"idea_publish_consent": [True, False]},
    ]


def test_participation_idea_refused_after_round_end():
    round_ = RoundFactory(end_date=date(2021, 11, 24))
    participation = _selected(round_)

    with pytest.raises(ParticipationError) as refused:
        participation_idea_save(participation=participation, idea_title="Zu spät")

    assert refused.value.code == "round_over"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Summer time: the due day ends at 22:00 UTC.
        (berlin(2021, 6, 23, 23, 59, 59), MilestoneState.DUE),
        (berlin(2021, 6, 24, 0, 0, 0), MilestoneState.BEHIND),
        (berlin(2021, 6, 22, 12), MilestoneState.DUE),
    ],
)
def test_milestone_state_summer_boundary(now, expected):
    milestone = Milestone(due_date=date(2021, 6, 23))

    assert milestone_state(milestone, None, timezone.localdate(now)) == expected


@pytest.mark.parametrize(
    ("utc_hour", "utc_minute", "expected"),
    [
        # Winter time: 23:59 Berlin is 22:59 UTC the same day, midnight is 23:00 UTC.
        (22, 59, MilestoneState.DUE),
        (23, 0, MilestoneState.BEHIND),
    ],
)
def test_milestone_state_winter_boundary_in_berlin_days(utc_hour, utc_minute, expected):
    now = datetime(2021, 11, 23, utc_hour, utc_minute, tzinfo=UTC)
    milestone = Milestone(due_date=date(2021, 11, 23))

    assert milestone_state(milestone, None, timezone.localdate(now)) == expected


def test_milestone_state_reached_is_never_behind():
    milestone = Milestone(due_date=date(2021, 6, 23))

    assert milestone_state(milestone, object(), date(2022, 1, 1)) == MilestoneState.REACHED


def test_round_progress_rows_and_behind_at_boundary():
    round_ = RoundFactory(start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))
    milestones_add_defaults(round_=round_)
    on_time = _selected(round_, company_name="Pünktlich GmbH")
    late = _selected(round_, company_name="Später GmbH")
    kickoff, analysis = list(round_.milestones.all())[:2]
    for participation in (on_time, late):
        milestone_reach(
            participation=participation, milestone=kickoff, reached_on=date(2021, 5, 26), by=None
        )
    milestone_reach(
        participation=on_time, milestone=analysis, reached_on=date(2021, 6, 20), by=None
    )

    last_day = berlin(2021, 6, 23, 23, 59)
    next_day = berlin(2021, 6, 24, 0, 0)

    assert analysis.due_date == date(2021, 6, 23)
    assert participants_behind(round_, milestone=analysis, now=last_day) == []
    assert participants_behind(round_, milestone=analysis, now=next_day) == [late]
    _milestones, rows = round_progress(round_, now=next_day)
    assert [cell.state for cell in rows[1].cells] == [
        "reached",
        "behind",
        "due",
        "due",
        "due",
        "due",
    ]
    assert [row.participation for row in rows] == [on_time, late]


@pytest.mark.parametrize("participants", [1, 7])
def test_round_progress_query_count_fixed(participants, django_assert_num_queries):
    round_ = open_round()
    milestones_add_defaults(round_=round_)
    for _n in range(participants):
        participation = _selected(round_)
        milestone_reach(
            participation=participation,
            milestone=round_.milestones.first(),
            reached_on=timezone.localdate(),
            by=None,
        )

    with django_assert_num_queries(3):
        _milestones, rows = round_progress(round_)
        states = [cell.state for row in rows for cell in row.cells]

    assert states.count("reached") == participants


def test_round_copy_copies_milestones_shifted():
    round_ = RoundFactory(start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))
    milestones_add_defaults(round_=round_)

    copy = round_copy(round_=round_, weeks=52)

    assert [(m.position, m.title, m.due_date) for m in copy.milestones.all()] == [
        (m.position, m.title, m.due_date + timedelta(weeks=52)) for m in round_.milestones.all()
    ]


def test_milestones_defaults_follow_rkw_steps():
    round_ = RoundFactory(start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))

    milestones_add_defaults(round_=round_)

    assert [(m.title, m.due_date) for m in round_.milestones.all()] == [
        ("Auftaktveranstaltung besucht", date(2021, 5, 26)),
        ("Analyse abgeschlossen", date(2021, 6, 23)),
        ("Projektvorschlag erstellt", date(2021, 7, 21)),
        ("Go der Geschäftsführung", date(2021, 8, 4)),
        ("Umsetzung abgeschlossen", date(2021, 11, 3)),
        ("Bei der Abschlussveranstaltung präsentiert", date(2021, 11, 24)),
    ]


def test_round_anonymise_erases_the_participants_people_and_ideas():
    round_ = RoundFactory(start_date=date(2021, 5, 26), end_date=date(2021, 11, 24))
    milestones_add_defaults(round_=round_)
    participation = _selected(round_)
    participation_update(
        participation=participation,
        by=None,
        team_first_names="Anna, Ben",
        coach_name="Petra Coach",
        coach_email="coach@rkw.de",
    )
    Participation.objects.filter(pk=participation.pk).update(
        idea_title="Digitales Lager", idea_publish_consent=True
    )
    milestone_reach(
        participation=participation,
        milestone=round_.milestones.first(),
        reached_on=date(2021, 5, 26),
        by=None,
        note="Anna war krank",
    )
    participation.refresh_from_db()
    auskunft = company_data(participation.application)["Teilnahme"]
    assert (auskunft["Vornamen des Teams"], auskunft["RKW-Coach"]) == ("Anna, Ben", "Petra Coach")
    assert auskunft["Erreichte Meilensteine"] == [
        {
            "Meilenstein": "Auftaktveranstaltung besucht",
            "erreicht am": "2021-05-26",
            "Notiz": "Anna war krank",
        }
    ]

    counts = round_anonymise(round_=round_)

    participation.refresh_from_db()
    assert counts["participations"] == 1
    assert (
        participation.team_first_names,
        participation.trainer_name,
        participation.coach_name,
        participation.coach_email,
        participation.idea_title,
        participation.idea_publish_consent,
        participation.team_size,
    ) == ("", "", "", "", "", False, 3)
    assert list(MilestoneReached.objects.values_list("note", flat=True)) == [""]
    assert [c.note for c in participation.changes.all()] == ["", "", ""]
    corrected = participation.changes.get(kind="corrected").changes
    assert "Anna" not in str(corrected) and "Petra" not in str(corrected)
    assert list(Participation.objects.published_ideas()) == []
