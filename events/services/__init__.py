"""Every write of the events app: rounds, registrations, the waiting list, attendance.

Split by subject; ``from events.services import X`` stays the way to call them.
"""

from .errors import (
    CapacityError,
    EmailTakenError,
    EventsServiceError,
    EventStartedError,
    RegistrationClosedError,
    RoundCopyError,
)
from .registrations import (
    CORRECTABLE_FIELDS,
    CorrectionResult,
    RegistrationResult,
    registration_attendance_set,
    registration_cancel,
    registration_correct,
    registration_create,
    registration_link_resend,
    registration_link_send,
)
from .rounds import round_copy
from .seats import event_capacity_update, event_waitlist_promote

__all__ = [
    "CORRECTABLE_FIELDS",
    "CapacityError",
    "CorrectionResult",
    "EmailTakenError",
    "EventStartedError",
    "EventsServiceError",
    "RegistrationClosedError",
    "RegistrationResult",
    "RoundCopyError",
    "event_capacity_update",
    "event_waitlist_promote",
    "registration_attendance_set",
    "registration_cancel",
    "registration_correct",
    "registration_create",
    "registration_link_resend",
    "registration_link_send",
    "round_copy",
]
