"""The order of the reserve list (Nachrückerliste): staff move a reserve up or down."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Round

from ..choices import ReserveMove
from ..models import Application
from .common import ReserveListChanged, S, TransitionNotAllowed, record_change


def _position_note(old, new):
    return _("Nachrücker-Platz %(old)d → %(new)d") % {"old": old, "new": new}


def application_reserve_move(*, application, by, direction, seen_position=None):
    """Swap a reserve with its neighbour above (ReserveMove.UP) or below (DOWN).

    The round's row lock serialises this with every other change of the list (the
    transitions to and from reserve lock it too). The list is numbered 1..n afresh,
    so it never keeps a gap, and both moved entries get a line in the history.
    With seen_position (the place staff saw), a list that changed since is refused.
    """
    direction = ReserveMove(direction)
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=application.round_id)
        reserves = list(
            Application.objects.select_for_update()
            .filter(round_id=application.round_id, status=S.RESERVE)
            .order_by("reserve_position", "pk")
        )
        index = next((i for i, r in enumerate(reserves) if r.pk == application.pk), None)
        if index is None:
            raise TransitionNotAllowed(
                _("%(reference)s steht nicht auf der Nachrückerliste.")
                % {"reference": application.reference},
                "not_reserve",
            )
        moving = reserves[index]
        if seen_position is not None and moving.reserve_position != seen_position:
            raise ReserveListChanged(
                _(
                    "%(reference)s: Die Nachrückerliste hat sich inzwischen geändert "
                    "(jetzt Platz %(position)d). Bitte prüfen Sie die Reihenfolge erneut."
                )
                % {"reference": moving.reference, "position": moving.reserve_position}
            )
        other = index - 1 if direction == ReserveMove.UP else index + 1
        if not 0 <= other < len(reserves):
            if direction == ReserveMove.UP:
                message = _("%(reference)s steht bereits an erster Stelle der Nachrückerliste.")
            else:
                message = _("%(reference)s steht bereits an letzter Stelle der Nachrückerliste.")
            raise ReserveListChanged(message % {"reference": moving.reference}, "reserve_edge")
        reserves[index], reserves[other] = reserves[other], reserves[index]
        for position, reserve in enumerate(reserves, start=1):
            old = reserve.reserve_position
            if old == position:
                continue
            reserve.reserve_position = position
            reserve.save(update_fields=["reserve_position", "updated_at"])
            # Only the two swapped ones moved by staff's hand; others only close a gap.
            if reserve in (moving, reserves[index]):
                record_change(reserve, S.RESERVE, by=by, note=_position_note(old, position))
    return moving
