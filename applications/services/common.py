"""What every application service shares: the refusals and the record of a change."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from digiscouts.errors import ServiceError

from ..models import ApplicationStatus, ApplicationStatusChange

S = ApplicationStatus


class ApplicationError(ServiceError):
    """A refused change of an application; nothing was written."""


class TransitionNotAllowed(ApplicationError):
    code = "transition_not_allowed"


class PlacesExhausted(ApplicationError):
    code = "places_exhausted"


class ApplicationWindowClosed(ApplicationError):
    code = "window_closed"


class NotEligible(ApplicationError):
    code = "not_eligible"

    def __init__(self, reasons):
        super().__init__(" ".join(str(reason) for reason in reasons))
        self.reasons = reasons


class DecisionAlreadySent(ApplicationError):
    code = "decision_already_sent"


class DecisionChanged(ApplicationError):
    """The status differs from the one staff saw in the preview of the mail."""

    code = "decision_changed"


class DecisionPublished(ApplicationError):
    """The company has been told the current decision; changing it needs confirm_published."""

    code = "decision_published"


class NoteRequired(ApplicationError):
    code = "note_required"


class ReserveListChanged(ApplicationError):
    """The reserve moved since staff looked at the list, or cannot move further."""

    code = "reserve_list_changed"


# One whole sentence per transition: "<reference>: „<status>“ cannot be …".
REFUSALS = {
    S.SUBMITTED: gettext_lazy("%(reference)s: „%(status)s“ lässt sich nicht wieder aufnehmen."),
    S.SHORTLISTED: gettext_lazy(
        "%(reference)s: „%(status)s“ lässt sich nicht in die engere Auswahl nehmen."
    ),
    S.SELECTED: gettext_lazy("%(reference)s: „%(status)s“ lässt sich nicht auswählen."),
    S.RESERVE: gettext_lazy(
        "%(reference)s: „%(status)s“ lässt sich nicht auf die Nachrückerliste setzen."
    ),
    S.REJECTED: gettext_lazy("%(reference)s: „%(status)s“ lässt sich nicht absagen."),
    S.WITHDRAWN: gettext_lazy("%(reference)s: „%(status)s“ lässt sich nicht zurückziehen."),
}


def record_change(application, from_status, *, by=None, note="", now=None):
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
        at=now or timezone.now(),
        note=note,
    )
