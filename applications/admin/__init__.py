"""The staff's workplace: applications with review actions, decisions and the export; the
round overview; the participating firms."""

from .application import ApplicationAdmin
from .overview import RoundOverviewAdmin
from .participation import ParticipationAdmin

__all__ = ["ApplicationAdmin", "ParticipationAdmin", "RoundOverviewAdmin"]
