"""Who an announcement reaches: exactly the chosen audience of the round."""

from dataclasses import dataclass

from applications.choices import ApplicationStatus, MilestoneState
from applications.models import Application
from applications.progress import round_progress
from events.choices import RegistrationStatus

from .choices import Audience


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    record: object  # the registration or application the e-mail is listed with
    company: str = ""


def _of_application(application):
    return Recipient(
        application.contact_email,
        application.contact_name,
        application.language,
        application,
        application.company_name,
    )


def participant_recipients(*, round_, audience, milestone=None, now=None):
    """The round's active participants (never one that dropped out or was deselected), at
    their application's contact address, in application order: all of them, or those
    that have not reached ``milestone``, or those behind with it, or those behind with
    any milestone, on the Berlin day of ``now`` (applications.progress)."""
    milestones, rows = round_progress(round_, now=now)
    if audience == Audience.PARTICIPANTS_BEHIND_ANY:
        rows = [row for row in rows if row.is_behind]
    elif audience != Audience.PARTICIPANTS:
        if milestone is None or milestone not in milestones:
            return []
        index = milestones.index(milestone)
        if audience == Audience.PARTICIPANTS_OPEN:
            rows = [row for row in rows if row.cells[index].state != MilestoneState.REACHED]
        else:
            rows = [row for row in rows if row.cells[index].state == MilestoneState.BEHIND]
    return [_of_application(row.participation.application) for row in rows]


def announcement_recipients(
    *, round_, audience, event=None, application_status="", milestone=None, now=None
):
    if audience in Audience.of_an_event():
        status = (
            RegistrationStatus.CONFIRMED
            if audience == Audience.EVENT_CONFIRMED
            else RegistrationStatus.WAITLISTED
        )
        registrations = event.registrations.filter(status=status).order_by("created_at", "pk")
        return [Recipient(r.email, r.full_name, r.language, r, r.company) for r in registrations]
    if audience in Audience.of_participants():
        return participant_recipients(
            round_=round_, audience=audience, milestone=milestone, now=now
        )
    status = ApplicationStatus.SELECTED if audience == Audience.SELECTED else application_status
    applications = Application.objects.filter(round=round_, status=status).order_by("number")
    return [_of_application(a) for a in applications]
