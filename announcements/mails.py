from digiscouts.emails import queue_mail, render_mail

from .reminders import announcement_text


def _mail(announcement, recipient):
    return {
        "name": "announcement",
        "context": {
            "announcement": announcement,
            # An unchanged reminder proposal in the recipient's language, else as written.
            **announcement_text(announcement, recipient.language),
            "round": announcement.round,
            "name": recipient.name,
        },
        "to": [recipient.email],
        "language": recipient.language,
        "reply_to": [announcement.round.contact_email],
    }


def send_announcement(announcement, recipient):
    queue_mail(**_mail(announcement, recipient), record=recipient.record)


def render_announcement(announcement, recipient):
    """The e-mail as the recipient will get it, for the preview."""
    return render_mail(**_mail(announcement, recipient))
