"""Rounds of the programme, their timeline (events and phases) and registrations."""

from .events import Event
from .registrations import Registration, RegistrationChange
from .rounds import KREIS_RECKLINGHAUSEN_MUNICIPALITIES, Phase, Round, default_municipalities

__all__ = [
    "KREIS_RECKLINGHAUSEN_MUNICIPALITIES",
    "Event",
    "Phase",
    "Registration",
    "RegistrationChange",
    "Round",
    "default_municipalities",
]
