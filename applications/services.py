"""Every write to applications: submit, edit, withdraw, the review transitions, decisions.

Each state change checks the allowed source states (ApplicationStatus.allowed_from),
locks what it must (select_for_update), saves with update_fields, records an
ApplicationStatusChange and sends mail through applications.mails after the commit.
Every refusal is an ApplicationError (a ServiceError) with a German message.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.abuse import link_resend_allowed
from digiscouts.errors import ServiceError
from digiscouts.normalise import normalise_company_name, normalise_email
from events.models import Round

from .eligibility import eligibility_reasons
from .mails import (
    send_application_decision,
    send_application_link,
    send_application_received,
    send_application_withdrawn,
)
from .models import (
    APPLICANT_FIELDS,
    PRIVACY_NOTICE_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
)
from .selectors import info_registration_for, places_taken

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


class DuplicateApplication(ApplicationError):
    """The company or the e-mail address has another application in the round."""

    code = "duplicate"


class DecisionAlreadySent(ApplicationError):
    code = "decision_already_sent"


class DecisionChanged(ApplicationError):
    """The status differs from the one staff saw in the preview of the mail."""

    code = "decision_changed"


# One whole sentence per transition: "<reference>: „<status>“ cannot be …".
REFUSALS = {
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


@dataclass(frozen=True)
class SubmitResult:
    application: Application
    # True when the company or address had applied already: nothing was stored, the
    # personal link of the existing application was sent again (at most once an hour).
    duplicate: bool = False


def _applicant_fields(fields):
    """The company's answers, exactly APPLICANT_FIELDS (a TypeError for any other name)."""
    unknown = set(fields) - set(APPLICANT_FIELDS)
    missing = set(APPLICANT_FIELDS) - set(fields)
    if unknown or missing:
        raise TypeError(f"unknown fields {sorted(unknown)}, missing fields {sorted(missing)}")
    return fields


def _check_eligible(round_, fields):
    reasons = eligibility_reasons(
        round_,
        employees=fields["employees"],
        municipality=fields["municipality"],
        apprentices=fields["apprentices"],
    )
    if reasons:
        raise NotEligible(reasons)


def _existing_application(round_, fields, exclude_pk=None):
    """The application a constraint would find equal: same company or same address."""
    duplicates = Application.objects.filter(round=round_).filter(
        Q(
            normalised_company_name=normalise_company_name(fields["company_name"]),
            municipality=fields["municipality"],
        )
        | Q(contact_email_key=normalise_email(fields["contact_email"]))
    )
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("number").first()


def _derived_fields(round_, fields):
    """The stored normal forms and links that follow from the company's answers."""
    return {
        "normalised_company_name": normalise_company_name(fields["company_name"]),
        "contact_email_key": normalise_email(fields["contact_email"]),
        "info_registration": info_registration_for(round_, fields["contact_email"]),
    }


def _record(application, from_status, *, by=None, note="", now=None):
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
        at=now or timezone.now(),
        note=note,
    )


def _duplicate(existing):
    application_link_resend(application=existing)
    return SubmitResult(existing, duplicate=True)


def application_submit(*, round_, language, now=None, **fields):
    """Store a new application and mail the confirmation with the personal link.

    ``fields`` are the company's answers (APPLICANT_FIELDS). A company or address
    that has applied already stores nothing and gets the personal link of its
    application again (result.duplicate). Raises ApplicationWindowClosed or NotEligible.
    """
    fields = _applicant_fields(fields)
    now = now or timezone.now()
    if not round_.accepts_applications(now):
        raise ApplicationWindowClosed(_("Bewerbungen sind derzeit nicht möglich."))
    _check_eligible(round_, fields)
    with transaction.atomic():
        # The round's row serialises submissions: numbers and duplicates are decided in turn.
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        existing = _existing_application(round_, fields)
        if existing is not None:
            return _duplicate(existing)
        number = (round_.applications.aggregate(n=Max("number"))["n"] or 0) + 1
        application = Application(
            round=round_,
            number=number,
            reference=f"DS-{round_.year}-{number:03d}",
            language=language,
            consent_at=now,
            consent_version=PRIVACY_NOTICE_VERSION,
            submitted_at=now,
            **_derived_fields(round_, fields),
            **fields,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            # A constraint found the duplicate the lookup above did not see (a writer
            # without the round's lock): the duplicate it is.
            existing = _existing_application(round_, fields)
            if existing is None:
                raise
            return _duplicate(existing)
        _record(application, "", now=now)
        send_application_received(application)
    return SubmitResult(application)


def application_link_resend(*, application):
    """Mail the personal link again, to the address stored with the application.

    At most once an hour per application, so repeated attempts cannot flood the contact.
    """
    if link_resend_allowed("application", application.pk):
        with transaction.atomic():
            send_application_link(application)


def application_update(*, application, now=None, **fields):
    """The company corrects its data: only while Application.is_editable."""
    fields = _applicant_fields(fields)
    now = now or timezone.now()
    taken = DuplicateApplication(
        _(
            "Mit diesem Unternehmen oder dieser E-Mail-Adresse liegt bereits eine "
            "andere Bewerbung vor. Bitte wenden Sie sich an den Fachdienst Wirtschaft."
        )
    )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        if not application.is_editable(now):
            raise TransitionNotAllowed(
                _("Ihre Bewerbung kann nicht mehr geändert werden."), "not_editable"
            )
        _check_eligible(application.round, fields)
        if _existing_application(application.round, fields, exclude_pk=application.pk):
            raise taken
        changes = {**fields, **_derived_fields(application.round, fields)}
        for name, value in changes.items():
            setattr(application, name, value)
        try:
            with transaction.atomic():
                application.save(update_fields=[*changes, "updated_at"])
        except IntegrityError:
            raise taken from None
    return application


def _close_reserve_gap(application, old_position):
    """Move the reserves behind a leaving one up by one place."""
    if old_position is None:
        return
    Application.objects.filter(
        round_id=application.round_id, status=S.RESERVE, reserve_position__gt=old_position
    ).order_by("reserve_position").update(reserve_position=F("reserve_position") - 1)


def _transition(application, to_status, *, by=None, note="", round_lock=True):
    """Move to ``to_status`` if ApplicationStatus.allowed_from(to_status) permits it."""
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
        _record(application, from_status, by=by, note=note)
    return application


def application_shortlist(*, application, by=None, note=""):
    return _transition(application, S.SHORTLISTED, by=by, note=note, round_lock=False)


def application_select(*, application, by=None, note=""):
    """Select the firm; refuses with PlacesExhausted once all places of the round are taken."""
    return _transition(application, S.SELECTED, by=by, note=note)


def application_reserve(*, application, by=None, note=""):
    """Put the firm at the end of the reserve list (Nachrücker)."""
    return _transition(application, S.RESERVE, by=by, note=note)


def application_reject(*, application, by=None, note=""):
    return _transition(application, S.REJECTED, by=by, note=note)


def application_withdraw(*, application, by=None, note=""):
    """The company withdraws (through its personal link, or staff on its behalf)."""
    with transaction.atomic():
        application = _transition(application, S.WITHDRAWN, by=by, note=note)
        send_application_withdrawn(application)
    return application


def application_decision_send(*, application, by=None, now=None, previewed_status=None):
    """Mail the current decision once; record when, which decision and by whom it was sent.

    With previewed_status (the status staff saw in the preview), nothing is sent if
    the status has changed since. The mail goes out before the record is saved,
    under the row's lock: a failed send records nothing (staff can retry), and a
    second click finds it sent.
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
        if not send_application_decision(application):
            raise ApplicationError(
                _("%(reference)s: Die E-Mail konnte nicht gesendet werden.") % names,
                "mail_failed",
            )
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
