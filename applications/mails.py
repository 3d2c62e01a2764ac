"""The e-mails of an application, through the one e-mail helper, in the company's language.

Templates: templates/emails/application_<kind>_subject.txt, .txt and .html. Every
mail carries the personal link to the status page. The staff's mails
(templates/emails/staff_<kind>.*) go to the round's contact address, in German,
with the link to the application in the admin.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from digiscouts.emails import queue_mail, render_mail

from .choices import ApplicationStatus
from .links import application_invitation_url, application_status_url
from .models import Application, Participation


def _mail(kind, application):
    """The helper's arguments for one mail: template, context, recipient and language."""
    return {
        "name": f"application_{kind}",
        "context": {
            "application": application,
            "round": application.round,
            "status_url": application_status_url(application),
        },
        "to": [application.contact_email],
        "language": application.language,
        "reply_to": [application.round.contact_email],
    }


def application_admin_url(application):
    """The absolute address of the application's page in the admin, for staff mails."""
    path = reverse("admin:applications_application_change", args=[application.pk])
    return f"{settings.SITE_URL}{path}"


def _staff_mail(kind, application, **context):
    return {
        "name": f"staff_{kind}",
        "context": {
            "application": application,
            "round": application.round,
            "admin_url": application_admin_url(application),
            **context,
        },
        "to": [application.round.contact_email],
        "language": settings.LANGUAGE_CODE,
    }


def send_application_received(application):
    queue_mail(**_mail("received", application), record=application)
    send_staff_application_received(application)


def send_application_link(application, *, reason="duplicate"):
    """The personal link again: ``reason`` is "duplicate" (the company or address applied
    once more on the public form), "sent" (by staff) or "reissued" (a new link by staff)."""
    mail = _mail("link", application)
    mail["context"]["reason"] = reason
    queue_mail(**mail, record=application)


def send_application_withdrawn(application, *, from_status, by=None):
    """Tell the company; and staff, when the company withdrew itself (``by`` is None).

    A participating firm (told it is selected) that ended its participation itself is
    told its participation ended (participation_dropped_out, ``self_ended``), not that
    an application was withdrawn.
    """
    participation = Participation.objects.filter(application_id=application.pk).first()
    if (
        by is None
        and participation is not None
        and from_status == ApplicationStatus.SELECTED
        and application.decision_sent_status == ApplicationStatus.SELECTED
    ):
        send_participation_dropped_out(participation, self_ended=True)
    else:
        queue_mail(**_mail("withdrawn", application), record=application)
    if by is None:
        send_staff_application_withdrawn(application, from_status=from_status)


def send_application_decision(application):
    """Write the decision to the outbox in the caller's transaction; a worker sends it.

    Called before the caller records the decision as sent: the mail names the earlier,
    different decision it corrects (decision_sent_status), if there was one.
    """
    queue_mail(**_mail("decision", application), record=application)


def render_application_decision(application):
    """The decision e-mail as it would be sent, for the preview in the admin."""
    return render_mail(**_mail("decision", application))


def send_staff_application_received(application):
    """A new application has arrived: the round's contact address is told."""
    # By reference only: erasing one company must leave its name in no other mail.
    duplicates = list(
        application.likely_duplicates.order_by("number").values_list("reference", flat=True)
    )
    mail = _staff_mail("application_received", application, duplicates=duplicates)
    queue_mail(**mail, record=application)


def send_staff_application_withdrawn(application, *, from_status):
    """The company withdrew through its personal link, from ``from_status`` (given by
    the service that changed it); a selected firm says so loudly."""
    was_selected = from_status == ApplicationStatus.SELECTED
    round_ = application.round
    mail = _staff_mail(
        "application_withdrawn",
        application,
        from_status=ApplicationStatus(from_status).label,
        was_selected=was_selected,
        # The reserve list matters only for a freed place before the round's start.
        check_reserve=was_selected
        and timezone.localdate() < round_.start_date
        and Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE).exists(),
    )
    queue_mail(**mail, record=application)


def send_application_change_requested(application, requested, *, conflicts):
    """The company asked, through its personal link, to change its name, municipality or
    address (``requested``: {field: typed value}); the stored data stay.

    The company's mail, to the stored address, reads the same whether the new values are
    free or another application's; only staff learn that (``conflicts``: German sentences
    naming the other application by reference) and settle it.
    """
    changes = [
        {
            "label": application._meta.get_field(name).verbose_name,
            "old": getattr(application, name),
            "new": value,
        }
        for name, value in requested.items()
    ]
    mail = _mail("change_requested", application)
    mail["context"]["changes"] = changes
    queue_mail(**mail, record=application)
    staff = _staff_mail(
        "application_change_requested", application, changes=changes, conflicts=conflicts
    )
    queue_mail(**staff, record=application)


def send_participation_dropped_out(participation, *, self_ended=False):
    """The firm left during the six months: staff recorded it, or the firm ended it
    itself through its personal link (``self_ended``); the company is told."""
    mail = _mail("dropped_out", participation.application)
    mail["name"] = "participation_dropped_out"
    mail["context"]["participation"] = participation
    mail["context"]["self_ended"] = self_ended
    queue_mail(**mail, record=participation.application)


def send_closing_invitation(participation, event):
    """Invite a participating firm to register for ``event`` (the closing event, or any
    other event of its round with registration) through its personal link."""
    application = participation.application
    mail = _mail("invitation", application)
    mail["name"] = "closing_invitation"
    mail["context"].update(
        participation=participation,
        event=event,
        invitation_url=application_invitation_url(application, event),
    )
    queue_mail(**mail, record=application)
