"""The staff's admin of the events app: rounds (with copy), events, phases, registrations.

Importing the package registers every ModelAdmin; ``from events.admin import RoundAdmin``
is the way to subclass one.
"""

from .events import EventAdmin, PhaseAdmin
from .registrations import RegistrationAdmin
from .rounds import EventInline, PhaseInline, RoundAdmin

__all__ = [
    "EventAdmin",
    "EventInline",
    "PhaseAdmin",
    "PhaseInline",
    "RegistrationAdmin",
    "RoundAdmin",
]
