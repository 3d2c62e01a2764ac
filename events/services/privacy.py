"""Deleting the personal data of registrations (DSGVO): a round's, once its keeping period
is over, or one company's on request.

What goes: the company's name, the person's name, function, e-mail address and phone,
the remark; the values of those fields and the notes in the registration's history;
what its e-mails said and to whom (digiscouts.outbox.emails_erase); the personal
link (an empty link secret opens nothing). What stays: the event, status, persons,
municipality, attendance, language and dates: the counts and statistics of the round.

The address becomes ``anonymisiert-registration-<pk>@anonymisiert.invalid``: unique per
event as the constraint wants, and undeliverable (.invalid is reserved, RFC 2606).

The applications app deletes an application's part and calls these for the
registrations (events never imports applications).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from digiscouts import outbox

from ..models import Registration, RegistrationChange, Round
from .errors import EventsServiceError

# What an anonymised name field reads, where the field may not stay empty.
ANONYMISED = "anonymisiert"
ANONYMOUS_DOMAIN = "anonymisiert.invalid"
# The history entry of an erasure on request; written in German, as every history note.
ERASED_NOTE = gettext_noop("Personenbezogene Daten auf Verlangen gelöscht.")

# Registration fields that hold personal data, with the value they get.
REGISTRATION_PERSONAL_VALUES = {
    "company": ANONYMISED,
    "first_name": "",
    "last_name": "",
    "function": "",
    "phone": "",
    "remark": "",
    "link_secret": "",
}
# Fields whose values a history entry ({field: [old, new]}) must not keep.
REGISTRATION_PERSONAL_FIELDS = frozenset({*REGISTRATION_PERSONAL_VALUES, "email", "email_key"})


class ErasureRefused(EventsServiceError):
    """The record is still in use: the data may be deleted only once it is settled."""

    code = "erasure_refused"


def anonymous_email(model_name, pk):
    return f"{ANONYMISED}-{model_name}-{pk}@{ANONYMOUS_DOMAIN}"


def anonymous_email_expression(model_name):
    """anonymous_email of each row, for a queryset's update()."""
    return Concat(
        Value(f"{ANONYMISED}-{model_name}-"),
        Cast("pk", CharField()),
        Value(f"@{ANONYMOUS_DOMAIN}"),
        output_field=CharField(),
    )


def anonymised_changes(changes, personal_fields):
    """A history's {field: [old, new]} with the values of ``personal_fields`` replaced."""
    return {
        name: [ANONYMISED, ANONYMISED] if name in personal_fields else values
        for name, values in changes.items()
    }


def history_anonymise(rows, personal_fields):
    """Blank the notes of history ``rows`` (a queryset with ``note`` and ``changes``)
    and the personal values of their changes; returns how many rows there are."""
    count = rows.update(note="")
    for row in rows.exclude(changes={}).only("pk", "changes"):
        changes = anonymised_changes(row.changes, personal_fields)
        if changes != row.changes:
            type(row).objects.filter(pk=row.pk).update(changes=changes)
    return count


def admin_log_anonymise(model, pks, representation=ANONYMISED):
    """The admin's log names each object as it was then (``object_repr``): no longer."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=representation)


def _anonymise(registrations):
    """Anonymise the registrations of a queryset, their history, e-mails and log."""
    rows = list(registrations.only("pk"))
    if not rows:
        return {"registrations": 0, "registration history": 0, "e-mails": 0}
    email = anonymous_email_expression("registration")
    registrations.update(**REGISTRATION_PERSONAL_VALUES, email=email, email_key=email)
    history = history_anonymise(
        RegistrationChange.objects.filter(registration__in=registrations.values("pk")),
        REGISTRATION_PERSONAL_FIELDS,
    )
    emails = outbox.emails_erase(rows)
    admin_log_anonymise(Registration, [row.pk for row in rows])
    return {"registrations": len(rows), "registration history": history, "e-mails": emails}


def round_registrations(round_):
    return Registration.objects.filter(event__round=round_)


def rounds_due_for_anonymisation(today=None):
    """Rounds whose keeping period (PERSONAL_DATA_RETENTION_DAYS after the end date) is
    over and whose personal data is still there."""
    today = today or timezone.localdate()
    last_end = today - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    return Round.objects.filter(personal_data_deleted_at__isnull=True, end_date__lte=last_end)


def round_registrations_plan(round_):
    """What round_registrations_anonymise would change: counts, nothing written."""
    registrations = round_registrations(round_)
    return {
        "registrations": registrations.count(),
        "registration history": RegistrationChange.objects.filter(
            registration__event__round=round_
        ).count(),
        "e-mails": outbox.emails_of(registrations.only("pk")).count(),
    }


def round_registrations_anonymise(*, round_, now=None):
    """Anonymise every registration of the round and mark the round as anonymised.

    The caller holds the round's row locked (applications.services.privacy.round_anonymise,
    which deletes the applications' part first) and has checked that the keeping
    period is over. Returns the counts of what changed.
    """
    counts = _anonymise(round_registrations(round_))
    round_.personal_data_deleted_at = now or timezone.now()
    round_.save(update_fields=["personal_data_deleted_at"])
    return counts


def registration_erasure_problem(registration, now=None):
    """Why the registration's data cannot be deleted now (a German sentence), or None.

    A registration still waiting for its event is cancelled first (which tells the
    company and moves the waiting list up); erasing it would keep a seat for nobody.
    """
    if registration.email_key == anonymous_email("registration", registration.pk):
        return _("Die Daten dieser Anmeldung sind bereits gelöscht.")
    if registration.is_cancelled or registration.event.has_started(now):
        return None
    return _(
        "Die Anmeldung zu „%(event)s“ ist noch aktiv. Stornieren Sie sie zuerst; danach "
        "lassen sich die Daten löschen."
    ) % {"event": registration.event}


def registration_erase(*, registration, by, now=None):
    """Delete one registration's personal data on request (Art. 17 DSGVO), recorded.

    Refused (ErasureRefused) while the registration still holds or waits for a seat
    of an event to come. The history records who erased and when, nothing else.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        problem = registration_erasure_problem(current, now)
        if problem:
            raise ErasureRefused(problem)
        counts = _anonymise(Registration.objects.filter(pk=current.pk))
        RegistrationChange.objects.create(registration=current, at=now, by=by, note=_(ERASED_NOTE))
    return counts


def address_registrations(registration):
    """The registrations in ``registration``'s round under the same address (email_key):
    what one person's request for Auskunft or erasure concerns."""
    return Registration.objects.filter(
        event__round_id=registration.event.round_id, email_key=registration.email_key
    )


def address_erasure_plan(registration, now=None):
    """(registrations, problems) of address_registrations_erase: what it would delete,
    and why it cannot yet (German sentences; empty when it can)."""
    registrations = list(
        address_registrations(registration).select_related("event").order_by("created_at", "pk")
    )
    problems = [registration_erasure_problem(row, now) for row in registrations]
    return registrations, [problem for problem in problems if problem]


def address_registrations_erase(*, registration, by, now=None):
    """Delete the personal data of every registration of ``registration``'s address in
    its round (registration_erase each), all or none. Returns the summed counts."""
    now = now or timezone.now()
    totals = {}
    with transaction.atomic():
        registrations, _problems = address_erasure_plan(registration, now)
        for row in registrations:
            counts = registration_erase(registration=row, by=by, now=now)
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
    return totals
