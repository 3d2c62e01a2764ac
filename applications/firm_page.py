"""The firm's page of the six months: its state, where the round stands, its milestones,
the events it can register for and its idea form. Reads only; applications.views renders."""

from events.choices import EventKind, RegistrationWindow, TimePosition
from events.models import Registration

from .choices import ApplicationStatus, CompanyStatus, MilestoneState
from .idea_forms import ConsentWithdrawForm, IdeaForm
from .models import Participation
from .progress import berlin_today, participation_progress
from .public_views import closing_event, ideas_published_at

# What the status page is for a firm that was told it is selected: its page of the six
# months ("participant"), or, once it no longer takes part, a plain statement ("ended").
PARTICIPANT = "participant"
ENDED = "ended"
# Where the round stands for a participant: before the start, the six months, after
# the closing event's end (from when the ideas are public).
BEFORE, DURING, AFTER = "before", "during", "after"


def participation_of(application):
    return Participation.objects.select_related("round").filter(application=application).first()


def firm_state_of(application, participation):
    """PARTICIPANT, ENDED or None (the status page of an application, as before)."""
    if participation is None:
        return None
    if participation.is_active:
        return PARTICIPANT if application.status_for_company == CompanyStatus.SELECTED else None
    told_selected = application.decision_sent_status == ApplicationStatus.SELECTED
    no_longer = application.status in {
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.RESERVE,
        ApplicationStatus.REJECTED,
    }
    return ENDED if told_selected and no_longer else None


def round_stage(round_, events, now):
    if now >= ideas_published_at(round_, events):
        return AFTER
    if round_.position(now) == TimePosition.FUTURE:
        return BEFORE
    return DURING


def registrations_offered(application, upcoming, now):
    """The upcoming events that take registrations (not closed), each with whether the
    firm's contact address holds a registration (confirmed or waiting) for it."""
    events = [
        event
        for event in upcoming
        if event.takes_registrations
        and event.registration_window(now) in {RegistrationWindow.OPEN, RegistrationWindow.NOT_OPEN}
    ]
    if not events:
        return []
    registered = set(
        Registration.objects.filter(event__in=events)
        .active()
        .with_email(application.contact_email)
        .values_list("event_id", flat=True)
    )
    return [
        {
            "event": event,
            "registered": event.pk in registered,
            "open": event.registration_window(now) == RegistrationWindow.OPEN,
        }
        for event in events
    ]


def firm_page_context(application, participation, *, now, idea_form=None):
    """The participant's part of the status page, read in a fixed number of queries."""
    round_ = application.round
    events = list(round_.events.all())
    stage = round_stage(round_, events, now)
    upcoming = [event for event in events if event.starts_at > now and not event.is_cancelled]
    progress = participation_progress(participation, now=now)
    states = [cell.state for cell in progress.cells]
    idea_editable = participation.is_active and berlin_today(now) <= round_.end_date
    if idea_form is None and idea_editable:
        idea_form = IdeaForm(initial=IdeaForm.initial_from(participation))
    return {
        "stage": stage,
        "kickoff": next(
            (e for e in events if e.kind == EventKind.KICKOFF and not e.is_cancelled), None
        ),
        "closing": closing_event(events),
        "progress": progress,
        "reached_count": states.count(MilestoneState.REACHED),
        "behind_count": states.count(MilestoneState.BEHIND),
        "next_event": upcoming[0] if upcoming else None,
        "registrations_offered": registrations_offered(application, upcoming, now),
        "idea_editable": idea_editable,
        "idea_form": idea_form if idea_editable else None,
        "consent_form": ConsentWithdrawForm() if participation.idea_publish_consent else None,
        "can_leave": stage != AFTER and application.is_withdrawable(),
    }
