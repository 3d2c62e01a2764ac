"""Rounds of the programme, their timeline (events and phases) and registrations."""

from .event_changes import EventChange
from .events import SCHEDULE_FIELDS, Event
from .milestones import Milestone, default_milestones
from .registrations import Registration, RegistrationChange
from .rounds import KREIS_RECKLINGHAUSEN_MUNICIPALITIES, Phase, Round, default_municipalities

__all__ = [
    "KREIS_RECKLINGHAUSEN_MUNICIPALITIES",
    "SCHEDULE_FIELDS",
    "Event",
    "EventChange",
    "Milestone",
    "Phase",
    "Registration",
    "RegistrationChange",
    "Round",
    "default_milestones",
    "default_municipalities",
]
