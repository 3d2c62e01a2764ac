"""The company's writes: submit an application, have its link sent again, correct it."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digiscouts.abuse import link_resend_allowed
from digiscouts.normalise import normalise_company_name, normalise_email
from events.models import Round

from ..choices import ApplicationStatus
from ..duplicates import duplicate_keys, likely_duplicates_refresh
from ..eligibility import eligibility_reasons
from ..mails import (
    send_application_change_requested,
    send_application_link,
    send_application_received,
)
from ..models import APPLICANT_FIELDS, PRIVACY_NOTICE_VERSION, Application
from ..selectors import info_registration_for
from .common import (
    ApplicationWindowClosed,
    NotEligible,
    TransitionNotAllowed,
    record_change,
)
from .corrections import correction_conflicts


@dataclass(frozen=True)
class SubmitResult:
    application: Application
    # True when the company or address had applied already: nothing was stored, the
    # personal link of the existing application was sent again (at most once an hour;
    # for a withdrawn one with whom to ask, see ``withdrawn``).
    duplicate: bool = False

    @property
    def withdrawn(self):
        """The earlier application was withdrawn: only staff can take it up again."""
        return self.duplicate and self.application.status == ApplicationStatus.WITHDRAWN


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
        postcode=fields["postcode"],
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
        **duplicate_keys(fields),
    }


def _duplicate(existing):
    # Told only by e-mail to the stored address (the page reads as after a new
    # application); for a withdrawn application the mail says whom to ask.
    application_link_resend(application=existing)
    return SubmitResult(existing, duplicate=True)


def application_submit(*, round_, language, now=None, **fields):
    """Store a new application and mail the confirmation with the personal link.

    ``fields`` are the company's answers (APPLICANT_FIELDS). A company or address
    that has applied already stores nothing and gets the personal link of its
    application again (result.duplicate). One that merely looks like another of
    the round (applications.duplicates) is stored and linked to it for staff.
    Raises ApplicationWindowClosed or NotEligible.
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
        record_change(application, "", now=now)
        likely_duplicates_refresh(application)
        send_application_received(application)
    return SubmitResult(application)


def application_link_resend(*, application):
    """Mail the personal link again, to the address stored with the application.

    At most once an hour per application, so repeated attempts cannot flood the contact.
    """
    if link_resend_allowed(application, "application_link"):
        with transaction.atomic():
            send_application_link(application)


# Who the company is: the company (by name and municipality) and the contact address. A
# change of these through the personal link could tell whether another company or address
# has applied (the round holds each once), so it is never applied there: staff are asked to
# make it (application_correct), and the page reads the same whether it is free or taken.
IDENTITY_FIELDS = ("company_name", "municipality", "contact_email")


@dataclass(frozen=True)
class UpdateResult:
    application: Application
    # {field: typed value} of IDENTITY_FIELDS the company changed: kept as stored, passed to
    # staff, the company told by e-mail to the stored address. Empty for other changes.
    requested: dict


def _identity_changes(application, fields):
    """The changed identity fields; spelling that keeps the normal forms is no change."""
    requested = {}
    if normalise_email(fields["contact_email"]) != application.contact_email_key:
        requested["contact_email"] = fields["contact_email"]
    if (normalise_company_name(fields["company_name"]), fields["municipality"]) != (
        application.normalised_company_name,
        application.municipality,
    ):
        requested |= {name: fields[name] for name in ("company_name", "municipality")}
    return requested


def application_update(*, application, now=None, **fields):
    """The company corrects its data: only while Application.is_editable.

    A change of company or contact address is kept as stored and handed to staff (see
    IDENTITY_FIELDS); result.requested names it. Raises TransitionNotAllowed or NotEligible.
    """
    fields = _applicant_fields(fields)
    now = now or timezone.now()
    with transaction.atomic():
        # The round first, as application_submit and the review do: one lock order.
        round_ = Round.objects.select_for_update().get(pk=application.round_id)
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        if not application.is_editable(now):
            raise TransitionNotAllowed(
                _("Ihre Bewerbung kann nicht mehr geändert werden."), "not_editable"
            )
        _check_eligible(round_, fields)
        requested = _identity_changes(application, fields)
        fields = fields | {name: getattr(application, name) for name in requested}
        changes = {**fields, **_derived_fields(round_, fields)}
        for name, value in changes.items():
            setattr(application, name, value)
        application.save(update_fields=[*changes, "updated_at"])
        likely_duplicates_refresh(application)
        if requested:
            # Staff read German, whatever language the company's request came in.
            with translation.override(settings.LANGUAGE_CODE):
                conflicts = list(correction_conflicts(application, requested).values())
            send_application_change_requested(application, requested, conflicts=conflicts)
    return UpdateResult(application, requested)
