"""Reminders to the participating firms: what the compose page proposes when the round
overview opens it for a milestone or an upcoming event.

Staff read and change the text before sending; the mail adds the salutation with the
name and the round's contact details (templates/emails/announcement.*).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import Audience


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


def reminder_text(*, audience, milestone=None, event=None):
    """The proposed subject and body for the compose page, or {} without a subject."""
    if audience in Audience.of_a_milestone() and milestone is not None:
        return milestone_reminder(milestone, audience)
    if audience == Audience.PARTICIPANTS and event is not None:
        return event_reminder(event)
    return {}
