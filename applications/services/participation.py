"""The six months: participation starts with the selection and ends with a drop-out;
milestones reached, team and coach, and the firm's idea."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import Registration, Round
from events.services import registration_cancel

from ..choices import ParticipationChangeKind as Kind
from ..choices import ParticipationEnd
from ..mails import send_participation_dropped_out
from ..models import Application, MilestoneReached, Participation, ParticipationChange
from ..models.participation import IDEA_FIELDS, TEAM_FIELDS
from .common import ApplicationError, S


class ParticipationError(ApplicationError):
    """A refused change of a participation; nothing was written."""

    def __init__(self, message, code=None, field=None):
        # ``field``: the form field the message belongs next to (None: above the form).
        super().__init__(message, code)
        self.field = field


def _record(participation, kind, *, by=None, note="", changes=None, now=None):
    ParticipationChange.objects.create(
        participation=participation,
        kind=kind,
        by=by,
        at=now or timezone.now(),
        note=note,
        changes=changes or {},
    )


def participation_follow_status(application, from_status, *, by=None, note="", now=None):
    """Called by every status change, under the application's lock: selecting a firm
    starts (or resumes) its participation; leaving "ausgewählt" ends it."""
    now = now or timezone.now()
    if application.status == S.SELECTED:
        participation, created = Participation.objects.get_or_create(
            application=application,
            defaults={
                "round_id": application.round_id,
                "team_size": max(application.apprentices, 1),
                "trainer_name": application.trainer_name,
                "trainer_email": application.trainer_email,
                "started_at": now,
            },
        )
        if created:
            _record(participation, Kind.STARTED, by=by, note=note, now=now)
        elif not participation.is_active:
            participation.ended_on = None
            participation.end_kind = ""
            participation.end_reason = ""
            participation.save(update_fields=["ended_on", "end_kind", "end_reason"])
            _record(participation, Kind.RESUMED, by=by, note=note, now=now)
    elif from_status == S.SELECTED:
        participation = Participation.objects.filter(application=application).first()
        if participation is not None and participation.is_active:
            # Withdrawn (by the firm, or by staff for it) is a drop-out; any other
            # status means the selection itself was changed.
            dropped = application.status == S.WITHDRAWN
            participation.ended_on = timezone.localdate(now)
            participation.end_kind = (
                ParticipationEnd.DROPPED_OUT if dropped else ParticipationEnd.DESELECTED
            )
            participation.end_reason = note
            participation.save(update_fields=["ended_on", "end_kind", "end_reason"])
            cancelled = (
                _cancel_participant_registrations(application, by=by, now=now) if dropped else []
            )
            _record(
                participation,
                Kind.DROPPED_OUT if dropped else Kind.ENDED,
                by=by,
                note=note,
                now=now,
                changes={"registrations_cancelled": cancelled} if cancelled else None,
            )


def _cancel_participant_registrations(application, *, by, now):
    """A firm that dropped out keeps no seat at its round's events for
    participants only: its contact address's active registrations for those not yet
    started are cancelled (events' registration_cancel: the waiting list moves up, the
    registrant is told). Returns the events, "title (dd.mm.yyyy)", for the history."""
    registrations = (
        Registration.objects.active()
        .with_email(application.contact_email)
        .filter(
            event__round_id=application.round_id,
            event__participants_only=True,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    cancelled = []
    for registration in registrations:
        registration_cancel(registration=registration, by=by, now=now)
        event = registration.event
        day = date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
        cancelled.append(f"{event.title} ({day})")
    return cancelled


@dataclass(frozen=True)
class DropOutResult:
    participation: Participation
    # The first firm of the reserve list, offered for the freed place while the round
    # has not started (None after the start, or with an empty list).
    reserve_offer: Application | None


def participation_drop_out(*, participation, on, reason, by, now=None):
    """The firm leaves during the six months: recorded with date and reason, its
    application withdrawn (the place is free), the company told by e-mail."""
    from .review import _change_status  # the one status change; review imports us

    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ParticipationError(
            _("Bitte geben Sie den Grund für den Ausstieg an."), "reason_required", "reason"
        )
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=participation.round_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if not participation.is_active:
            raise ParticipationError(
                _("%(firm)s nimmt bereits nicht mehr teil.")
                % {"firm": participation.application.company_name},
                "not_active",
            )
        if on < timezone.localdate(participation.started_at) or on > timezone.localdate(now):
            raise ParticipationError(
                _(
                    "Das Datum des Ausstiegs muss zwischen dem Beginn der Teilnahme (%(start)s) "
                    "und heute liegen."
                )
                % {"start": date_format(timezone.localdate(participation.started_at))},
                "date_out_of_range",
                "on",
            )
        # The status change ends the participation (participation_follow_status) and
        # records the drop-out in both histories; here it gets its own date and reason.
        _change_status(
            participation.application,
            S.WITHDRAWN,
            by=by,
            note=_("Ausstieg am %(date)s: %(reason)s")
            % {"date": date_format(on), "reason": reason},
            round_lock=False,
            confirm_published=True,
        )
        participation.refresh_from_db()
        participation.ended_on = on
        participation.end_reason = reason
        participation.save(update_fields=["ended_on", "end_reason"])
        send_participation_dropped_out(participation)
        offer = None
        if timezone.localdate(now) < round_.start_date:
            offer = (
                Application.objects.filter(round=round_, status=S.RESERVE)
                .order_by("reserve_position")
                .first()
            )
    return DropOutResult(participation, offer)


def _apply_changes(participation, values):
    """Set the values that differ; returns them as {field: [old, new]} for the history."""
    changes = {
        name: [getattr(participation, name), value]
        for name, value in values.items()
        if getattr(participation, name) != value
    }
    for name, (_old, new) in changes.items():
        setattr(participation, name, new)
    return changes


def participation_update(*, participation, by, note="", **values):
    """Staff change team, trainer or coach; every change recorded as {field: [old, new]}."""
    unknown = set(values) - set(TEAM_FIELDS)
    if unknown:
        raise TypeError(f"not a team field: {sorted(unknown)}")
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        changes = _apply_changes(participation, values)
        if not changes:
            return participation
        participation.full_clean(exclude=["application", "round"])
        participation.save(update_fields=list(changes))
        _record(participation, Kind.CORRECTED, by=by, note=note, changes=changes)
    return participation


def milestone_reach(*, participation, milestone, reached_on, by, note="", now=None):
    """Staff record a milestone as reached on ``reached_on`` (not in the future)."""
    now = now or timezone.now()
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if milestone.round_id != participation.round_id:
            raise ParticipationError(
                _("Der Meilenstein gehört zu einer anderen Runde."), "other_round", "milestone"
            )
        if not participation.is_active:
            raise ParticipationError(
                _(
                    "Für ein Unternehmen, das nicht mehr teilnimmt, werden keine Meilensteine "
                    "eingetragen."
                ),
                "not_active",
            )
        if reached_on > timezone.localdate(now):
            raise ParticipationError(
                _("Das Datum darf nicht in der Zukunft liegen."), "future_date", "reached_on"
            )
        if participation.milestones_reached.filter(milestone=milestone).exists():
            raise ParticipationError(
                _("„%(milestone)s“ ist für dieses Unternehmen bereits eingetragen.")
                % {"milestone": milestone.title},
                "already_reached",
                "milestone",
            )
        reached = MilestoneReached.objects.create(
            participation=participation,
            milestone=milestone,
            reached_on=reached_on,
            note=note,
            recorded_by=by,
            recorded_at=now,
        )
        _record(
            participation,
            Kind.MILESTONE_REACHED,
            by=by,
            note=f"{milestone.title} ({date_format(reached_on, 'SHORT_DATE_FORMAT')})"
            + (f": {note}" if note else ""),
            now=now,
        )
    return reached


def milestone_undo(*, reached, by, note=""):
    """A milestone entered by mistake is taken back; the history keeps both entries."""
    with transaction.atomic():
        reached = (
            MilestoneReached.objects.select_for_update()
            .select_related("milestone", "participation")
            .get(pk=reached.pk)
        )
        text = f"{reached.milestone.title} ({date_format(reached.reached_on, 'SHORT_DATE_FORMAT')})"
        reached.delete()
        _record(
            reached.participation,
            Kind.MILESTONE_UNDONE,
            by=by,
            note=text + (f": {note}" if note else ""),
        )


def participation_idea_save(*, participation, now=None, **values):
    """The firm enters or updates its idea through its personal link.

    Consent to publish is dated when given and cleared when taken back.
    """
    unknown = set(values) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"not an idea field: {sorted(unknown)}")
    now = now or timezone.now()
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update()
            .select_related("round")
            .get(pk=participation.pk)
        )
        if not participation.is_active:
            raise ParticipationError(
                _(
                    "Ihr Unternehmen nimmt nicht mehr teil; die Idee kann nicht mehr geändert "
                    "werden."
                ),
                "not_active",
            )
        if timezone.localdate(now) > participation.round.end_date:
            raise ParticipationError(
                _("Die Runde ist abgeschlossen; die Idee kann nicht mehr geändert werden."),
                "round_over",
            )
        changes = _apply_changes(participation, values)
        if not changes:
            return participation
        if "idea_publish_consent" in changes:
            participation.idea_consent_at = now if participation.idea_publish_consent else None
        participation.idea_updated_at = now
        participation.save(update_fields=[*changes, "idea_consent_at", "idea_updated_at"])
        _record(participation, Kind.IDEA_SAVED, changes=changes, now=now)
    return participation


def participation_consent_withdraw(*, participation, by=None, now=None):
    """The firm (or staff for it, ``by``) withdraws its consent to publish the idea.

    Possible at any time, also after the round's end and after the firm left: the
    idea itself stays as it is (read-only after the end), only the consent and its date
    are cleared, recorded in the history. Refused when no consent is given.
    """
    now = now or timezone.now()
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if not participation.idea_publish_consent:
            raise ParticipationError(
                _("Es liegt keine Einwilligung zur Veröffentlichung vor."), "no_consent"
            )
        participation.idea_publish_consent = False
        participation.idea_consent_at = None
        participation.save(update_fields=["idea_publish_consent", "idea_consent_at"])
        _record(
            participation,
            Kind.IDEA_SAVED,
            by=by,
            note=_("Einwilligung zur Veröffentlichung widerrufen."),
            changes={"idea_publish_consent": [True, False]},
            now=now,
        )
    return participation
