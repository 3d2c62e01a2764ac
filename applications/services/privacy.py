"""Deleting personal data (DSGVO): a whole round's once its keeping period is over, and
one company's on request (Art. 17).

An application keeps its number, status, reserve place, municipality, postcode,
legal form, sector, employees, apprentices, the management's and team's yes, how the
company heard of the programme, the consent (when, which text), language and dates:
the round's statistics. Everything naming the company or a person goes: company
name, street, website, contact and trainer, training occupations, the free texts
and staff notes, the normal forms built from them, the likely-duplicate links, the
notes and personal values of the history, the e-mails' texts and addresses, the
name in the admin's log, and the personal link.

The company's name goes too: small firms often carry their owner's name
("Malerbetrieb Jürgen Müller e. K."), which makes it personal data. It becomes
"anonymisiert DS-2021-003", unique in the round as the constraint wants.

The registrations' part is events.services.privacy's (this module calls it).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from digiscouts import outbox
from digiscouts.normalise import normalise_company_name
from events.models import Round
from events.services.privacy import (
    ANONYMISED,
    ERASED_NOTE,
    ErasureRefused,
    admin_log_anonymise,
    anonymous_email,
    history_anonymise,
    registration_erase,
    registration_erasure_problem,
    round_registrations_anonymise,
    round_registrations_plan,
)

from ..choices import ApplicationStatus
from ..models import (
    Application,
    ApplicationStatusChange,
    MilestoneReached,
    Participation,
    ParticipationChange,
)
from ..privacy_export import company_registrations

# Application fields that hold personal data, with the value they get (the company's
# name and the contact address are set per row, see _anonymised_values).
APPLICATION_PERSONAL_VALUES = {
    "street": "",
    "website": "",
    "training_occupations": "",
    "contact_first_name": "",
    "contact_last_name": "",
    "contact_function": "",
    "contact_phone": "",
    "trainer_name": "",
    "trainer_email": "",
    "motivation": "",
    "first_ideas": "",
    "staff_notes": "",
    "name_key": "",
    "address_key": "",
    "phone_key": "",
    "website_host": "",
    "link_secret": "",
}
APPLICATION_PERSONAL_FIELDS = frozenset(
    {
        *APPLICATION_PERSONAL_VALUES,
        "company_name",
        "normalised_company_name",
        "contact_email",
        "contact_email_key",
    }
)


# Participation fields that hold personal data or free text about people: the team's
# names, trainer and coach, the reason of a drop-out and the idea (with its consent to
# publish, which refers to the text). Team size, dates and milestones stay as statistics.
PARTICIPATION_PERSONAL_VALUES = {
    "team_first_names": "",
    "trainer_name": "",
    "trainer_email": "",
    "coach_name": "",
    "coach_email": "",
    "end_reason": "",
    "idea_title": "",
    "idea_description": "",
    "idea_tools": "",
    "idea_publish_consent": False,
    "idea_consent_at": None,
}


def _anonymise_participations(rows):
    """Anonymise the participations of the applications ``rows`` (pk and reference):
    their personal values, milestone notes, history and the admin's log."""
    pks = [application.pk for application in rows]
    references = {application.pk: application.reference for application in rows}
    participations = Participation.objects.filter(application_id__in=pks)
    for pk, application_id in participations.values_list("pk", "application_id"):
        admin_log_anonymise(Participation, [pk], f"{references[application_id]} {ANONYMISED}")
    count = participations.update(**PARTICIPATION_PERSONAL_VALUES)
    MilestoneReached.objects.filter(participation__application_id__in=pks).update(note="")
    history_anonymise(
        ParticipationChange.objects.filter(participation__application_id__in=pks),
        frozenset(PARTICIPATION_PERSONAL_VALUES),
    )
    return count


def _anonymised_values(application):
    company = f"{ANONYMISED} {application.reference}"
    email = anonymous_email("application", application.pk)
    return {
        **APPLICATION_PERSONAL_VALUES,
        "company_name": company,
        "normalised_company_name": normalise_company_name(company),
        "contact_email": email,
        "contact_email_key": email,
    }


def is_anonymised(application):
    return application.contact_email == anonymous_email("application", application.pk)


def _anonymise(applications):
    """Anonymise the applications of a queryset, their history, e-mails and log."""
    rows = list(applications.only("pk", "reference"))
    pks = [application.pk for application in rows]
    for application in rows:
        values = _anonymised_values(application)
        Application.objects.filter(pk=application.pk).update(**values)
        admin_log_anonymise(Application, [application.pk], f"{application.reference} {ANONYMISED}")
    Application.likely_duplicates.through.objects.filter(
        Q(from_application_id__in=pks) | Q(to_application_id__in=pks)
    ).delete()
    history = history_anonymise(
        ApplicationStatusChange.objects.filter(application_id__in=pks),
        APPLICATION_PERSONAL_FIELDS,
    )
    participations = _anonymise_participations(rows)
    return {
        "applications": len(rows),
        "application history": history,
        "participations": participations,
        "e-mails": outbox.emails_erase(rows),
    }


def _sum(*counts):
    total = {}
    for part in counts:
        for name, count in part.items():
            total[name] = total.get(name, 0) + count
    return total


def round_anonymisation_plan(round_):
    """What round_anonymise would change, counted per kind of record; writes nothing."""
    applications = Application.objects.filter(round=round_)
    own = {
        "applications": applications.count(),
        "application history": ApplicationStatusChange.objects.filter(
            application__round=round_
        ).count(),
        "participations": Participation.objects.filter(round=round_).count(),
        "e-mails": outbox.emails_of(applications.only("pk")).count(),
    }
    return _sum(own, round_registrations_plan(round_))


class RoundNotDue(ErasureRefused):
    code = "round_not_due"


def round_anonymise(*, round_, now=None):
    """Delete the personal data of a round whose keeping period is over (see the module).

    Under the round's lock; a round anonymised already changes nothing (returns None),
    one still in its keeping period is refused (RoundNotDue). Returns the counts of
    what changed, per kind of record.
    """
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.personal_data_deleted_at is not None:
            return None
        if timezone.localdate(now) < round_.personal_data_deletion_date:
            raise RoundNotDue(
                _(
                    "Die personenbezogenen Daten der Runde „%(round)s“ werden erst ab "
                    "%(date)s gelöscht."
                )
                % {"round": round_, "date": f"{round_.personal_data_deletion_date:%d.%m.%Y}"}
            )
        own = _anonymise(Application.objects.filter(round=round_))
        return _sum(own, round_registrations_anonymise(round_=round_, now=now))


def application_erasure_problem(application, now=None):
    """Why the company's data cannot be deleted now (a German sentence), or None."""
    if is_anonymised(application):
        return _("Die Daten der Bewerbung %(reference)s sind bereits gelöscht.") % {
            "reference": application.reference
        }
    today = timezone.localdate(now)
    if application.status in ApplicationStatus.open_statuses() and (
        today <= application.round.end_date
    ):
        return _(
            "Die Bewerbung %(reference)s ist noch im Verfahren („%(status)s“). Sagen Sie sie "
            "zuerst ab oder lassen Sie das Unternehmen sie zurückziehen; danach lassen sich "
            "die Daten löschen."
        ) % {"reference": application.reference, "status": application.status_display}
    return None


def application_erasure_plan(application, now=None):
    """The company's registrations an erasure takes along, and why it cannot happen now
    (German sentences; none: it can). Registrations erased before, on their own or with
    another application, are left as they are."""
    registrations = [
        registration
        for registration in company_registrations(application).select_related("event")
        if registration.email_key != anonymous_email("registration", registration.pk)
    ]
    problems = [application_erasure_problem(application, now)] + [
        registration_erasure_problem(registration, now) for registration in registrations
    ]
    return registrations, [problem for problem in problems if problem]


def application_erase(*, application, by, now=None):
    """Delete one company's personal data on request: the application and the
    registrations of its contact and trainer in the round (privacy_export's
    company_registrations), with their histories and e-mails.

    Refused (ErasureRefused, nothing written) while the application is still in the
    running round's procedure or a registration still waits for its event. The
    application's history records who erased and when, nothing else. Returns the
    counts of what changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        )
        registrations, problems = application_erasure_plan(current, now)
        if problems:
            raise ErasureRefused(" ".join(problems))
        counts = _anonymise(Application.objects.filter(pk=current.pk))
        for registration in registrations:
            counts = _sum(counts, registration_erase(registration=registration, by=by, now=now))
        ApplicationStatusChange.objects.create(
            application=current,
            from_status=current.status,
            to_status=current.status,
            by=by,
            at=now,
            note=_(ERASED_NOTE),
        )
    return counts
