"""Rounds of the programme, their timeline (events and phases) and registrations."""

from .events import Event
from .registrations import Registration
from .rounds import KREIS_RECKLINGHAUSEN_MUNICIPALITIES, Phase, Round, default_municipalities

__all__ = [
    "KREIS_RECKLINGHAUSEN_MUNICIPALITIES",
    "Event",
    "Phase",
    "Registration",
    "Round",
    "default_municipalities",
]
