"""The refusals of the events services: a German message, a code, and the field it concerns."""

from django.utils.translation import gettext as _

from digiscouts.errors import ServiceError


class EventsServiceError(ServiceError):
    """A refusal that names the form field it belongs to (None: the whole form)."""

    field = None

    def __init__(self, message, code=None, field=None):
        super().__init__(message, code)
        if field is not None:
            self.field = field


class RegistrationClosedError(EventsServiceError):
    """The event does not take registrations at this moment."""

    code = "registration_closed"
    field = "event"

    def __init__(self, message=None, code=None, field=None):
        super().__init__(message or _("Die Anmeldung ist nicht geöffnet."), code, field)


class EventStartedError(EventsServiceError):
    """The event has begun: its registrations are settled."""

    code = "event_started"


class EventCancelledError(EventsServiceError):
    """Staff called the event off: nothing more happens to it."""

    code = "event_cancelled"

    def __init__(self, message=None, code=None, field=None):
        super().__init__(message or _("Der Termin ist abgesagt."), code, field)


class NothingToNotifyError(EventsServiceError):
    """A notification without news or without anybody to tell."""

    code = "nothing_to_notify"


class CapacityError(EventsServiceError):
    """A capacity that would overbook the event or block its waiting list."""

    code = "capacity"


class EmailTakenError(EventsServiceError):
    """The address belongs to another registration of the same event."""

    code = "email_taken"
    field = "email"


class RoundCopyError(EventsServiceError):
    """A round could not be copied (no shift given, or a slug race lost too often)."""

    code = "round_copy"
