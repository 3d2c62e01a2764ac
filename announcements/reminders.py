"""Reminders to the participating firms: what the compose page proposes when the round
overview opens it for a milestone or an upcoming event.

Staff read and change the text before sending; the mail adds the salutation with the
name and the round's contact details (templates/emails/announcement.*). The page proposes
the German text; sent unchanged, the proposal goes to each firm in its own language (the
announcement keeps its ``reminder_kind``); changed by staff, it goes as written to all.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import Audience, ReminderKind


def milestone_reminder(milestone, audience):
    """{subject, body} reminding of ``milestone``: still open, or past its due date."""
    names = {"title": milestone.title, "due": date_format(milestone.due_date, "DATE_FORMAT")}
    if audience == Audience.PARTICIPANTS_BEHIND:
        return {
            "subject": _("Erinnerung: „%(title)s“ war am %(due)s fällig") % names,
            "body": _(
                "der Meilenstein „%(title)s“ Ihres Digiscouts-Projekts war bis zum %(due)s "
                "vorgesehen. Bei uns ist er für Ihr Unternehmen noch nicht eingetragen.\n\n"
                "Bitte sagen Sie uns kurz, wie weit Ihr Team ist und ob Sie Unterstützung "
                "brauchen. Falls Ihr Team den Meilenstein schon erreicht hat, genügt eine "
                "kurze Antwort auf diese E-Mail."
            )
            % names,
        }
    return {
        "subject": _("Erinnerung: „%(title)s“ bis zum %(due)s") % names,
        "body": _(
            "der Meilenstein „%(title)s“ Ihres Digiscouts-Projekts ist bis zum %(due)s "
            "vorgesehen. Bitte geben Sie uns kurz Bescheid, sobald Ihr Team ihn erreicht "
            "hat.\n\nWenn Sie Unterstützung brauchen, melden Sie sich gern bei uns oder bei "
            "Ihrem RKW-Coach."
        )
        % names,
    }


def event_reminder(event):
    """{subject, body} reminding the participants of ``event``: its date, time and place."""
    starts = timezone.localtime(event.starts_at)
    names = {
        "title": event.title,
        "date": date_format(starts, "DATE_FORMAT"),
        "weekday": date_format(starts, "l"),
        "time": date_format(starts, "TIME_FORMAT"),
    }
    if event.location:
        place = _("Ort: %(location)s") % {"location": event.location}
    elif event.online_url:
        place = _("Die Veranstaltung findet online statt.")
    else:
        place = ""
    body = _("wir erinnern Sie an „%(title)s“ am %(weekday)s, %(date)s, um %(time)s Uhr.") % names
    if place:
        body += "\n" + place
    body += "\n\n" + _("Wir freuen uns auf Sie und Ihr Team.")
    return {"subject": _("Erinnerung: %(title)s am %(date)s") % names, "body": body}


def reminder_kind_of(*, audience, milestone=None, event=None):
    """The kind of reminder the overview's link asks for, or "" when there is none."""
    if audience in Audience.of_a_milestone() and milestone is not None:
        return ReminderKind.MILESTONE
    if audience in Audience.of_an_event_reminder() and event is not None:
        return ReminderKind.EVENT
    return ""


def reminder_text(*, audience, milestone=None, event=None, kind=None, language=None):
    """The proposed subject and body, in ``language`` (by default the staff's German), or
    {} when the audience has no proposal. ``kind`` defaults to what the audience and its
    milestone or event ask for; a kind that does not fit them has no proposal."""
    fitting = reminder_kind_of(audience=audience, milestone=milestone, event=event)
    if kind is None:
        kind = fitting
    if not kind or kind != fitting:
        return {}
    with translation.override(language or settings.LANGUAGE_CODE):
        if kind == ReminderKind.MILESTONE:
            return milestone_reminder(milestone, audience)
        return event_reminder(event)


def is_proposal(*, kind, audience, milestone, event, subject, body):
    """Whether ``subject`` and ``body`` are the unchanged German proposal of ``kind``."""
    if not kind:
        return False
    proposal = reminder_text(audience=audience, milestone=milestone, event=event, kind=kind)
    return bool(proposal) and proposal == {"subject": subject, "body": body}


def announcement_text(announcement, language):
    """{subject, body} of ``announcement`` for a recipient speaking ``language``: an
    unchanged proposal in that language, otherwise the text as staff wrote it."""
    if announcement.reminder_kind:
        text = reminder_text(
            audience=announcement.audience,
            milestone=announcement.milestone,
            event=announcement.event,
            kind=announcement.reminder_kind,
            language=language,
        )
        if text:
            return text
    return {"subject": announcement.subject, "body": announcement.body}
