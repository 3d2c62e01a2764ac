"""Staff correct an application: the company's and the contact's data, every change recorded.

A correction is a row of the application's history ("Verlauf"): from_status and
to_status both the current status, ``changes`` {field: [old, new]}, who and when.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.normalise import normalise_company_name, normalise_email

from ..duplicates import duplicate_keys, likely_duplicates_refresh
from ..links import application_link_invalidate
from ..mails import send_application_link
from ..models import APPLICANT_FIELDS, Application, ApplicationStatusChange
from ..selectors import info_registration_for
from .common import ApplicationError

CORRECTION_NOTE = gettext_lazy("Angaben korrigiert")
LINK_SENT_NOTE = gettext_lazy("Persönlicher Link gesendet an %(email)s")
LINK_REISSUED_NOTE = gettext_lazy(
    "Neuer persönlicher Link gesendet an %(email)s; der bisherige Link gilt nicht mehr"
)


class CorrectionRefused(ApplicationError):
    """The corrected value is another application's of the round; ``field`` names it
    (None when the database refused without naming a field)."""

    code = "correction_refused"

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


def correction_conflicts(application, changes):
    """{field: German message} for corrected values that another application of the round holds.

    The admin form asks before saving (the message stands next to the field); the
    service asks again under the row's lock.
    """
    values = {name: getattr(application, name) for name in APPLICANT_FIELDS} | changes
    others = Application.objects.filter(round_id=application.round_id).exclude(pk=application.pk)
    conflicts = {}
    if "contact_email" in changes:
        other = others.filter(contact_email_key=normalise_email(values["contact_email"])).first()
        if other is not None:
            conflicts["contact_email"] = _(
                "Diese E-Mail-Adresse ist bereits bei der Bewerbung %(reference)s angegeben. "
                "Eine Adresse kann in einer Runde nur zu einer Bewerbung gehören."
            ) % {"reference": other.reference}
    if {"company_name", "municipality"} & set(changes):
        name = normalise_company_name(values["company_name"])
        if not name:
            conflicts["company_name"] = _(
                "Bitte geben Sie einen Firmennamen mit Buchstaben oder Ziffern an."
            )
        else:
            other = others.filter(
                normalised_company_name=name, municipality=values["municipality"]
            ).first()
            if other is not None:
                conflicts["company_name"] = _(
                    "Ein Unternehmen dieses Namens in %(municipality)s hat sich mit der "
                    "Bewerbung %(reference)s bereits beworben."
                ) % {"municipality": values["municipality"], "reference": other.reference}
    return conflicts


def _refuse(conflicts):
    field, message = next(iter(conflicts.items()))
    raise CorrectionRefused(message, field)


def application_correct(*, application, by, now=None, **changes):
    """Staff correct company or contact data (any of APPLICANT_FIELDS, the e-mail included).

    Values equal to the stored ones are ignored; with nothing changed nothing is
    recorded. Recomputes the normal forms, the info-event registration (by e-mail)
    and the likely duplicates. Raises CorrectionRefused (with the field) when the
    new e-mail or company is another application's of the round.
    """
    unknown = set(changes) - set(APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"not correctable: {sorted(unknown)}")
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        changed = {
            name: value for name, value in changes.items() if getattr(application, name) != value
        }
        if not changed:
            return application
        conflicts = correction_conflicts(application, changed)
        if conflicts:
            _refuse(conflicts)
        before = {name: getattr(application, name) for name in changed}
        fields = {name: getattr(application, name) for name in APPLICANT_FIELDS} | changed
        derived = {
            "normalised_company_name": normalise_company_name(fields["company_name"]),
            "contact_email_key": normalise_email(fields["contact_email"]),
            **duplicate_keys(fields),
        }
        if "contact_email" in changed:
            derived["info_registration"] = info_registration_for(
                application.round, fields["contact_email"]
            )
        for name, value in {**changed, **derived}.items():
            setattr(application, name, value)
        try:
            with transaction.atomic():
                application.save(update_fields=[*changed, *derived, "updated_at"])
        except IntegrityError:
            # Another application took the value after the check (no lock covers it).
            _refuse(
                correction_conflicts(application, changed)
                or {
                    None: _("Die Korrektur wurde nicht gespeichert; bitte versuchen Sie es erneut.")
                }
            )
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=application.status,
            to_status=application.status,
            by=by,
            at=now,
            note=str(CORRECTION_NOTE),
            changes={name: [before[name], changed[name]] for name in changed},
        )
        likely_duplicates_refresh(application)
    return application


def application_link_send(*, application, by, now=None):
    """Staff send the personal link to the stored contact address (after a correction).

    Not bound by the company's once-an-hour limit: that limit protects the contact
    from anonymous repeats; staff act deliberately, signed in, and each send is
    recorded in the history.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=application.status,
            to_status=application.status,
            by=by,
            at=now or timezone.now(),
            note=str(LINK_SENT_NOTE % {"email": application.contact_email}),
        )
        send_application_link(application, reason="sent")
    return application


def application_link_reissue(*, application, by, now=None):
    """Staff give the application a new personal link: every link sent before stops
    working (a forwarded or lost e-mail, a contact who left the company). The new one
    goes to the stored contact address; the history records who did it (the secret
    itself is never recorded).
    """
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        application_link_invalidate(current)
        current.save(update_fields=["link_secret", "updated_at"])
        ApplicationStatusChange.objects.create(
            application=current,
            from_status=current.status,
            to_status=current.status,
            by=by,
            at=now or timezone.now(),
            note=str(LINK_REISSUED_NOTE % {"email": current.contact_email}),
        )
        send_application_link(current, reason="reissued")
    application.link_secret = current.link_secret
    return current
