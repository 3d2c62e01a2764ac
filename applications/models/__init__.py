"""Applications to a round, their history, and the participation of the selected firms."""

from .applications import (
    APPLICANT_FIELDS,
    PRIVACY_NOTICE_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    CompanyStatus,
    HeardAbout,
)
from .participation import (
    MilestoneReached,
    Participation,
    ParticipationChange,
)

__all__ = [
    "APPLICANT_FIELDS",
    "PRIVACY_NOTICE_VERSION",
    "Application",
    "ApplicationStatus",
    "ApplicationStatusChange",
    "CompanyStatus",
    "HeardAbout",
    "MilestoneReached",
    "Participation",
    "ParticipationChange",
]
