"""The staff's workplace: applications with review actions, decisions and the export."""

from .application import ApplicationAdmin

__all__ = ["ApplicationAdmin"]
