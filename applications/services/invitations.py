"""Invitations: the round's participating firms are asked by e-mail to register for an event.

Each invitation carries the firm's personal link to register (applications.views.
invitation), which registers for an event of the firm's own round only, also for an
event the public form keeps to participants (Event.participants_only).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.choices import RegistrationWindow
from events.models import Event

from ..mails import send_closing_invitation
from ..models import Participation
from .participation import ParticipationError


def invitation_problem(event, now=None):
    """Why no invitation can go out for ``event`` now (a German sentence), or None.

    An event whose registration opens later may be invited to: the link says from when.
    """
    window = event.registration_window(now)
    if window == RegistrationWindow.CANCELLED:
        return _("„%(title)s“ ist abgesagt; es werden keine Einladungen verschickt.")
    if not event.takes_registrations:
        return _(
            "Für „%(title)s“ ist keine Anmeldung freigeschaltet. Tragen Sie die Zahl der "
            "Plätze und den Beginn der Anmeldung ein, dann können Sie einladen."
        )
    if window == RegistrationWindow.CLOSED:
        return _(
            "Die Anmeldung zu „%(title)s“ ist geschlossen; Einladungen sind nicht mehr möglich."
        )
    return None


def participants_invite(*, event, by, now=None):
    """E-mail each active participant of the event's round an invitation with its personal
    link to register; returns the number of invitations written to the outbox.

    A firm whose contact address holds a registration for the event already (confirmed
    or waiting) gets none: inviting twice sends only to those still missing. Refused
    with a ParticipationError for a cancelled event, one without registration, or one
    whose registration has closed. ``by`` is the staff member who sends them (the
    outbox lists each mail with the firm's application).
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_related("round").get(pk=event.pk)
        problem = invitation_problem(event, now)
        if problem:
            raise ParticipationError(problem % {"title": event.title}, "not_invitable")
        registered = set(event.registrations.active().values_list("email_key", flat=True))
        participations = (
            Participation.objects.active()
            .filter(round_id=event.round_id)
            .select_related("application__round")
            .order_by("application__number")
        )
        sent = 0
        for participation in participations:
            if participation.application.contact_email_key in registered:
                continue
            send_closing_invitation(participation, event)
            sent += 1
    return sent
