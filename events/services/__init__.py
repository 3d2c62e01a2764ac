"""Every write of the events app: rounds, registrations, the waiting list, attendance,
changes and cancellation of events, reminders.

Split by subject; ``from events.services import X`` stays the way to call them.
"""

from .errors import (
    CapacityError,
    EmailTakenError,
    EventCancelledError,
    EventsServiceError,
    EventStartedError,
    NothingToNotifyError,
    RegistrationClosedError,
    RoundCopyError,
)
from .event_changes import (
    EventChangeResult,
    event_cancel,
    event_change,
    event_change_notify,
    event_change_recipients,
)
from .milestones import milestones_add_defaults
from .privacy import ErasureRefused, registration_erase, rounds_due_for_anonymisation
from .registrations import (
    CORRECTABLE_FIELDS,
    CorrectionResult,
    RegistrationResult,
    registration_attendance_set,
    registration_cancel,
    registration_correct,
    registration_create,
    registration_link_reissue,
    registration_link_resend,
    registration_link_send,
)
from .reminders import event_reminders_send, registrations_due_for_reminder
from .rounds import round_copy
from .seats import event_capacity_update, event_waitlist_promote

__all__ = [
    "CORRECTABLE_FIELDS",
    "CapacityError",
    "CorrectionResult",
    "EmailTakenError",
    "ErasureRefused",
    "EventCancelledError",
    "EventChangeResult",
    "EventStartedError",
    "EventsServiceError",
    "NothingToNotifyError",
    "RegistrationClosedError",
    "RegistrationResult",
    "RoundCopyError",
    "event_cancel",
    "event_capacity_update",
    "event_change",
    "event_change_notify",
    "event_change_recipients",
    "event_reminders_send",
    "event_waitlist_promote",
    "milestones_add_defaults",
    "registration_attendance_set",
    "registration_cancel",
    "registration_correct",
    "registration_create",
    "registration_erase",
    "registration_link_reissue",
    "registration_link_resend",
    "registration_link_send",
    "registrations_due_for_reminder",
    "round_copy",
    "rounds_due_for_anonymisation",
]
