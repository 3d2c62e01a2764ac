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
    DecisionPublished,
    NotEligible,
    NoteRequired,
    PlacesExhausted,
    ReserveListChanged,
    TransitionNotAllowed,
)
from .corrections import (
    CorrectionRefused,
    application_correct,
    application_link_reissue,
    application_link_send,
    correction_conflicts,
)
from .invitations import participants_invite
from .participation import (
    DropOutResult,
    ParticipationError,
    milestone_reach,
    milestone_undo,
    participation_consent_withdraw,
    participation_drop_out,
    participation_idea_save,
    participation_update,
)
from .privacy import application_erase, round_anonymisation_plan, round_anonymise
from .reserve import application_reserve_move
from .review import (
    application_decision_send,
    application_reject,
    application_reopen,
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
    "CorrectionRefused",
    "DecisionAlreadySent",
    "DecisionChanged",
    "DecisionPublished",
    "DropOutResult",
    "NotEligible",
    "NoteRequired",
    "ParticipationError",
    "PlacesExhausted",
    "ReserveListChanged",
    "SubmitResult",
    "TransitionNotAllowed",
    "application_correct",
    "application_decision_send",
    "application_erase",
    "application_link_reissue",
    "application_link_resend",
    "application_link_send",
    "application_reject",
    "application_reopen",
    "application_reserve",
    "application_reserve_move",
    "application_select",
    "application_shortlist",
    "application_submit",
    "application_update",
    "application_withdraw",
    "correction_conflicts",
    "milestone_reach",
    "milestone_undo",
    "participants_invite",
    "participation_consent_withdraw",
    "participation_drop_out",
    "participation_idea_save",
    "participation_update",
    "round_anonymisation_plan",
    "round_anonymise",
]
