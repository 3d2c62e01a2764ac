"""Every write to applications: submit, edit, withdraw, the review transitions, decisions.

Each state change checks the allowed source states, locks what it must
(select_for_update), saves with update_fields, records an ApplicationStatusChange
and sends mail only after the commit.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts.abuse import link_resend_allowed
from digiscouts.emails import send_mail, send_mail_on_commit
from events.choices import ApplicationWindow
from events.models import Round

from .eligibility import eligibility_reasons
from .models import (
    DECISION_STATUSES,
    PRIVACY_NOTICE_VERSION,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    normalise_company_name,
)
from .selectors import info_registration_for, mail_context, places_taken

S = ApplicationStatus

# The fields a company fills in (and may edit while the application is unreviewed).
APPLICANT_FIELDS = (
    "company_name",
    "legal_form",
    "street",
    "postcode",
    "municipality",
    "website",
    "sector",
    "employees",
    "apprentices",
    "training_occupations",
    "contact_first_name",
    "contact_last_name",
    "contact_function",
    "contact_email",
    "contact_phone",
    "trainer_name",
    "trainer_email",
    "management_support",
    "team_time",
    "motivation",
    "first_ideas",
    "heard_about",
)

# Allowed source states of each transition.
SHORTLIST_FROM = frozenset({S.SUBMITTED})
SELECT_FROM = frozenset({S.SUBMITTED, S.SHORTLISTED, S.RESERVE})
RESERVE_FROM = frozenset({S.SUBMITTED, S.SHORTLISTED, S.SELECTED})
REJECT_FROM = frozenset({S.SUBMITTED, S.SHORTLISTED, S.RESERVE, S.SELECTED})
WITHDRAW_FROM = frozenset({S.SUBMITTED, S.SHORTLISTED, S.SELECTED, S.RESERVE})


class ApplicationError(Exception):
    """A refused action; str(error) is the German message for the user or staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class TransitionNotAllowed(ApplicationError):
    pass


class PlacesExhausted(ApplicationError):
    pass


class ApplicationWindowClosed(ApplicationError):
    pass


class NotEligible(ApplicationError):
    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class DuplicateApplication(ApplicationError):
    """The company or e-mail address has applied to the round already."""

    def __init__(self, existing):
        super().__init__(_("Für dieses Unternehmen liegt bereits eine Bewerbung vor."))
        self.existing = existing


class DecisionAlreadySent(ApplicationError):
    pass


class DecisionChanged(ApplicationError):
    """The status differs from the one staff saw in the preview of the mail."""


def _check_window(round_, now):
    if round_.application_window(now) != ApplicationWindow.OPEN:
        raise ApplicationWindowClosed(_("Bewerbungen sind derzeit nicht möglich."))


def _check_eligible(round_, data):
    reasons = eligibility_reasons(
        round_,
        employees=data.get("employees"),
        municipality=data.get("municipality"),
        apprentices=data.get("apprentices"),
    )
    if reasons:
        raise NotEligible(reasons)


def _existing_application(round_, data, exclude_pk=None):
    duplicates = Application.objects.filter(round=round_).filter(
        Q(
            normalised_company_name=normalise_company_name(data["company_name"]),
            municipality=data["municipality"],
        )
        | Q(contact_email__iexact=data["contact_email"])
    )
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("number").first()


def _record(application, from_status, *, by=None, note="", now=None):
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
        at=now or timezone.now(),
        note=note,
    )


def application_submit(*, round_, data, now=None):
    """Store a new application and mail the confirmation with the personal link.

    Raises ApplicationWindowClosed, NotEligible or DuplicateApplication; nothing is
    stored then.
    """
    now = now or timezone.now()
    _check_window(round_, now)
    _check_eligible(round_, data)
    with transaction.atomic():
        # The round's row serialises submissions: numbers and duplicates are decided in turn.
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        existing = _existing_application(round_, data)
        if existing is not None:
            raise DuplicateApplication(existing)
        number = (round_.applications.aggregate(n=Max("number"))["n"] or 0) + 1
        application = Application(
            round=round_,
            number=number,
            reference=f"DS-{round_.year}-{number:03d}",
            normalised_company_name=normalise_company_name(data["company_name"]),
            consent_at=now,
            consent_version=PRIVACY_NOTICE_VERSION,
            submitted_at=now,
            info_registration=info_registration_for(round_, data["contact_email"]),
            **{name: data[name] for name in APPLICANT_FIELDS},
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            existing = _existing_application(round_, data)
            if existing is None:
                raise
            raise DuplicateApplication(existing) from None
        _record(application, "", now=now)
        send_mail_on_commit(
            "application_received", mail_context(application), to=[application.contact_email]
        )
    return application


def application_link_resend(*, application):
    """Mail the personal link again, to the address stored with the application.

    At most once an hour per application, so repeated attempts cannot flood the contact.
    """
    if link_resend_allowed("application", application.pk):
        send_mail_on_commit(
            "application_link", mail_context(application), to=[application.contact_email]
        )


def application_is_editable(application, now=None):
    return application.status == S.SUBMITTED and (
        application.round.application_window(now) == ApplicationWindow.OPEN
    )


def application_update(*, application, data, now=None):
    """The company corrects its data: only while unreviewed and before the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application_is_editable(application, now):
            raise TransitionNotAllowed(_("Ihre Bewerbung kann nicht mehr geändert werden."))
        _check_eligible(application.round, data)
        if _existing_application(application.round, data, exclude_pk=application.pk):
            raise ApplicationError(
                _(
                    "Mit diesem Unternehmen oder dieser E-Mail-Adresse liegt bereits eine "
                    "andere Bewerbung vor. Bitte wenden Sie sich an den Fachdienst Wirtschaft."
                )
            )
        for name in APPLICANT_FIELDS:
            setattr(application, name, data[name])
        application.normalised_company_name = normalise_company_name(data["company_name"])
        application.info_registration = info_registration_for(
            application.round, data["contact_email"]
        )
        fields = [*APPLICANT_FIELDS, "normalised_company_name", "info_registration", "updated_at"]
        try:
            with transaction.atomic():
                application.save(update_fields=fields)
        except IntegrityError:
            raise ApplicationError(
                _(
                    "Ihre Änderungen konnten nicht gespeichert werden. "
                    "Bitte versuchen Sie es erneut."
                )
            ) from None
    return application


def _refuse(application, verb):
    return TransitionNotAllowed(
        _("%(reference)s: „%(status)s“ lässt sich nicht %(verb)s.")
        % {"reference": application.reference, "status": application.status_display, "verb": verb}
    )


def _close_reserve_gap(application, old_position):
    """Move the reserves behind a leaving one up by one place."""
    if old_position is None:
        return
    Application.objects.filter(
        round_id=application.round_id, status=S.RESERVE, reserve_position__gt=old_position
    ).order_by("reserve_position").update(reserve_position=F("reserve_position") - 1)


def _transition(application, to_status, allowed_from, verb, *, by=None, note="", round_lock=False):
    round_ = None
    with transaction.atomic():
        if round_lock:
            round_ = Round.objects.select_for_update().get(pk=application.round_id)
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        if application.status not in allowed_from:
            raise _refuse(application, verb)
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
    return _transition(
        application,
        S.SHORTLISTED,
        SHORTLIST_FROM,
        _("in die engere Auswahl nehmen"),
        by=by,
        note=note,
    )


def application_select(*, application, by=None, note=""):
    """Select the firm; refuses with PlacesExhausted once all places of the round are taken."""
    return _transition(
        application, S.SELECTED, SELECT_FROM, _("auswählen"), by=by, note=note, round_lock=True
    )


def application_reserve(*, application, by=None, note=""):
    """Put the firm at the end of the reserve list (Nachrücker)."""
    return _transition(
        application,
        S.RESERVE,
        RESERVE_FROM,
        _("auf die Nachrückerliste setzen"),
        by=by,
        note=note,
        round_lock=True,
    )


def application_reject(*, application, by=None, note=""):
    return _transition(
        application, S.REJECTED, REJECT_FROM, _("absagen"), by=by, note=note, round_lock=True
    )


def application_withdraw(*, application, by=None, note=""):
    """The company withdraws (through its personal link, or staff on its behalf)."""
    application = _transition(
        application,
        S.WITHDRAWN,
        WITHDRAW_FROM,
        _("zurückziehen"),
        by=by,
        note=note,
        round_lock=True,
    )
    send_mail_on_commit(
        "application_withdrawn", mail_context(application), to=[application.contact_email]
    )
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
        if previewed_status is not None and previewed_status != application.status:
            raise DecisionChanged(
                _(
                    "%(reference)s: Der Status hat sich seit der Vorschau geändert (jetzt "
                    "„%(status)s“). Die E-Mail wurde nicht gesendet; bitte sehen Sie sie "
                    "sich erneut an."
                )
                % {"reference": application.reference, "status": application.status_display}
            )
        if application.status not in DECISION_STATUSES:
            raise TransitionNotAllowed(
                _("%(reference)s: Für „%(status)s“ gibt es keine Entscheidung zu versenden.")
                % {"reference": application.reference, "status": application.status_display}
            )
        if application.decision_published:
            raise DecisionAlreadySent(
                _("%(reference)s: Die Entscheidung „%(status)s“ wurde bereits versandt.")
                % {"reference": application.reference, "status": application.status_display}
            )
        sent = send_mail(
            "application_decision", mail_context(application), to=[application.contact_email]
        )
        if not sent:
            raise ApplicationError(
                _("%(reference)s: Die E-Mail konnte nicht gesendet werden.")
                % {"reference": application.reference}
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
