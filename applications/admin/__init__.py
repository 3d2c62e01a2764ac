"""The staff's workplace: applications with review actions, decisions and the export."""

from .application import ApplicationAdmin
from .overview import RoundOverviewAdmin

__all__ = ["ApplicationAdmin", "RoundOverviewAdmin"]
