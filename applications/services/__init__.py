"""Every write to applications: submit, edit, withdraw, the review transitions, decisions.

Each state change checks the allowed source states (ApplicationStatus.allowed_from),
locks what it must (select_for_update), saves with update_fields, records an
ApplicationStatusChange and sends mail through applications.mails after the commit.
Every refusal is an ApplicationError (a ServiceError) with a German message.
Callers import from here; the modules below group the services by who acts.
"""

from .common import (
    ApplicationError,
    ApplicationWindowClosed,
    DecisionAlreadySent,
    DecisionChanged,
    DuplicateApplication,
    NotEligible,
    PlacesExhausted,
    TransitionNotAllowed,
)
from .review import (
    application_decision_send,
    application_reject,
    application_reserve,
    application_select,
    application_shortlist,
    application_withdraw,
)
from .submission import (
    SubmitResult,
    application_link_resend,
    application_submit,
    application_update,
)

__all__ = [
    "ApplicationError",
    "ApplicationWindowClosed",
    "DecisionAlreadySent",
    "DecisionChanged",
    "DuplicateApplication",
    "NotEligible",
    "PlacesExhausted",
    "SubmitResult",
    "TransitionNotAllowed",
    "application_decision_send",
    "application_link_resend",
    "application_reject",
    "application_reserve",
    "application_select",
    "application_shortlist",
    "application_submit",
    "application_update",
    "application_withdraw",
]
