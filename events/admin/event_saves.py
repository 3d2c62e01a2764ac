"""Event fields the admin does not save itself: capacity, time and place go through services.

Both the event's own page and the round's inline of events save a change form in
the admin's transaction. The fields below are held back (reset to their stored value
for the plain save) and then handed to their service: the capacity to
event_capacity_update (seat rules, waiting list), the schedule to event_change
(history, calendar SEQUENCE). A refusal rolls the whole save back
(ServiceErrorsAtFieldsMixin shows it at the field).
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from ..models import SCHEDULE_FIELDS
from ..services import event_capacity_update, event_change

HELD_BACK_FIELDS = ("capacity", *SCHEDULE_FIELDS)


def promoted_message(promoted):
    return ngettext(
        "%(count)d Anmeldung ist von der Warteliste nachgerückt.",
        "%(count)d Anmeldungen sind von der Warteliste nachgerückt.",
        len(promoted),
    ) % {"count": len(promoted)}


def hold_back(form, event):
    """The changed HELD_BACK_FIELDS {name: new value}; ``event`` keeps the stored values."""
    held = {}
    for name in HELD_BACK_FIELDS:
        if name in form.changed_data:
            held[name] = getattr(event, name)
            setattr(event, name, form.initial[name])
    return held


def notify_message(event, confirmed):
    url = reverse("admin:events_event_notify", args=[event.pk])
    text = ngettext(
        "Zeit oder Ort von „{event}“ haben sich geändert. {count} bestätigte Anmeldung kennt "
        'noch die bisherigen Angaben: <a href="{url}">Angemeldete benachrichtigen</a>',
        "Zeit oder Ort von „{event}“ haben sich geändert. {count} bestätigte Anmeldungen "
        'kennen noch die bisherigen Angaben: <a href="{url}">Angemeldete benachrichtigen</a>',
        confirmed,
    )
    return format_html(text, event=event, count=confirmed, url=url)


def save_held_back(modeladmin, request, event, held):
    """Hand the held-back values to their services, after the plain save of the rest."""
    schedule = {name: value for name, value in held.items() if name in SCHEDULE_FIELDS}
    if schedule:
        result = event_change(event=event, by=request.user, **schedule)
        if result.changes and result.confirmed and not event.is_cancelled:
            message = notify_message(event, result.confirmed)
            modeladmin.note_after_save(request, message, messages.WARNING)
    if "capacity" in held:
        promoted = event_capacity_update(event=event, capacity=held["capacity"])
        if promoted:
            modeladmin.note_after_save(request, promoted_message(promoted))
