"""The review: the status transitions, reopening, the company's withdrawal, the decision e-mail."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import Round

from ..mails import send_application_decision, send_application_withdrawn
from ..models import Application, Participation
from ..public_views import ideas_published_at
from ..selectors import places_taken
from .common import (
    REFUSALS,
    DecisionAlreadySent,
    DecisionChanged,
    DecisionPublished,
    NoteRequired,
    PlacesExhausted,
    S,
    TransitionNotAllowed,
    record_change,
)
from .participation import participation_follow_status


def _close_reserve_gap(application, old_position):
    """Move the reserves behind a leaving one up by one place."""
    if old_position is None:
        return
    Application.objects.filter(
        round_id=application.round_id, status=S.RESERVE, reserve_position__gt=old_position
    ).order_by("reserve_position").update(reserve_position=F("reserve_position") - 1)


def _refuse_published_change(application, to_status, confirm_published):
    """A decision the company has been told changes only when the caller says so."""
    if confirm_published or not application.decision_published or to_status == application.status:
        return
    raise DecisionPublished(
        _(
            "%(reference)s: Die Entscheidung „%(sent)s“ wurde dem Unternehmen am %(at)s "
            "per E-Mail mitgeteilt. Sie wird nur nach ausdrücklicher Bestätigung geändert."
        )
        % {
            "reference": application.reference,
            "sent": application.get_decision_sent_status_display(),
            "at": date_format(
                timezone.localtime(application.decision_sent_at), "SHORT_DATETIME_FORMAT"
            )
            if application.decision_sent_at
            else "–",
        }
    )


def _transition(application, to_status, **options):
    """Move to ``to_status`` if ApplicationStatus.allowed_from(to_status) permits it.

    A decision already e-mailed (Application.decision_published) is changed only with
    confirm_published=True; the caller then offers the corrected decision e-mail.
    """
    return _change_status(application, to_status, **options)[0]


def _change_status(
    application, to_status, *, by=None, note="", round_lock=True, confirm_published=False
):
    """_transition's work; returns the application and the status it came from."""
    round_ = None
    with transaction.atomic():
        if round_lock:
            round_ = Round.objects.select_for_update().get(pk=application.round_id)
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        if application.status not in S.allowed_from(to_status):
            raise TransitionNotAllowed(
                REFUSALS[to_status]
                % {"reference": application.reference, "status": application.status_display}
            )
        _refuse_published_change(application, to_status, confirm_published)
        if to_status == S.SELECTED and places_taken(round_) >= round_.places:
            raise PlacesExhausted(
                _("Alle %(places)d Plätze sind vergeben.") % {"places": round_.places}
            )
        from_status = application.status
        old_position = application.reserve_position
        application.status = to_status
        application.reserve_position = None
        if to_status == S.RESERVE:
            last = Application.objects.filter(
                round_id=application.round_id, status=S.RESERVE
            ).aggregate(n=Max("reserve_position"))["n"]
            application.reserve_position = (last or 0) + 1
        application.save(update_fields=["status", "reserve_position", "updated_at"])
        if from_status == S.RESERVE:
            _close_reserve_gap(application, old_position)
        record_change(application, from_status, by=by, note=note)
        participation_follow_status(application, from_status, by=by, note=note)
    return application, from_status


def application_shortlist(*, application, by=None, note="", confirm_published=False):
    return _transition(
        application,
        S.SHORTLISTED,
        by=by,
        note=note,
        round_lock=False,
        confirm_published=confirm_published,
    )


def application_select(*, application, by=None, note="", confirm_published=False):
    """Select the firm; refuses with PlacesExhausted once all places of the round are taken."""
    return _transition(
        application, S.SELECTED, by=by, note=note, confirm_published=confirm_published
    )


def application_reserve(*, application, by=None, note="", confirm_published=False):
    """Put the firm at the end of the reserve list (Nachrücker)."""
    return _transition(
        application, S.RESERVE, by=by, note=note, confirm_published=confirm_published
    )


def application_reject(*, application, by=None, note="", confirm_published=False):
    return _transition(
        application, S.REJECTED, by=by, note=note, confirm_published=confirm_published
    )


def application_reopen(*, application, by, note, confirm_published=False):
    """Wieder aufnehmen: a rejected or withdrawn application goes back to "eingegangen".

    The note (why it is reopened) is required and kept in the history.
    """
    note = (note or "").strip()
    if not note:
        raise NoteRequired(
            _("%(reference)s: Bitte geben Sie an, warum die Bewerbung wieder aufgenommen wird.")
            % {"reference": application.reference}
        )
    return _transition(
        application,
        S.SUBMITTED,
        by=by,
        note=note,
        round_lock=False,
        confirm_published=confirm_published,
    )


class ParticipationComplete(TransitionNotAllowed):
    """A participating firm cannot leave once the closing event is over."""


def _refuse_leaving_after_the_closing_event(application, now):
    """A firm told it is selected, taking part, once the closing event is over."""
    participation = Participation.objects.filter(application_id=application.pk).first()
    told_selected = application.decision_sent_status == S.SELECTED
    if application.status != S.SELECTED or not told_selected:
        return
    if participation is None or not participation.is_active:
        return
    round_ = application.round
    if now >= ideas_published_at(round_, list(round_.events.all())):
        raise ParticipationComplete(
            _("Die Abschlussveranstaltung hat stattgefunden; die Teilnahme ist abgeschlossen."),
            "participation_complete",
        )


def application_withdraw(*, application, by=None, note="", now=None):
    """The company withdraws (through its personal link, or staff on its behalf).

    The company's own decision: it may withdraw after a decision was mailed. A
    participating firm leaving by itself (``by`` None) is refused once the closing
    event is over (ParticipationComplete): its participation is complete then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if by is None:
            current = Application.objects.select_for_update().get(pk=application.pk)
            _refuse_leaving_after_the_closing_event(current, now)
        application, from_status = _change_status(
            application, S.WITHDRAWN, by=by, note=note, confirm_published=True
        )
        send_application_withdrawn(application, by=by, from_status=from_status)
    return application


def application_decision_send(*, application, by=None, now=None, previewed_status=None):
    """Mail the current decision once; record when, which decision and by whom it was sent.

    With previewed_status (the status staff saw in the preview), nothing is sent if
    the status has changed since. The mail is queued in the same transaction as the
    record (the outbox sends it after the commit): both are written or neither, and a
    second click, waiting for the row's lock, finds it sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        names = {"reference": application.reference, "status": application.status_display}
        if previewed_status is not None and previewed_status != application.status:
            raise DecisionChanged(
                _(
                    "%(reference)s: Der Status hat sich seit der Vorschau geändert (jetzt "
                    "„%(status)s“). Die E-Mail wurde nicht gesendet; bitte sehen Sie sie "
                    "sich erneut an."
                )
                % names
            )
        if application.status not in S.decisions():
            raise TransitionNotAllowed(
                _("%(reference)s: Für „%(status)s“ gibt es keine Entscheidung zu versenden.")
                % names,
                "no_decision",
            )
        if application.decision_published:
            raise DecisionAlreadySent(
                _("%(reference)s: Die Entscheidung „%(status)s“ wurde bereits versandt.") % names
            )
        # Before the record: the mail names the earlier decision it corrects, if any.
        send_application_decision(application)
        application.decision_sent_at = now
        application.decision_sent_status = application.status
        application.decision_sent_by = by
        application.save(
            update_fields=[
                "decision_sent_at",
                "decision_sent_status",
                "decision_sent_by",
                "updated_at",
            ]
        )
    return application
