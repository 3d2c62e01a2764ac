"""The e-mails of an application, through the one e-mail helper, in the company's language.

Templates: templates/emails/application_<kind>_subject.txt, .txt and .html. Every
mail carries the personal link to the status page.
"""

from digiscouts.emails import render_mail, send_mail, send_mail_on_commit

from .links import application_status_url


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
    }


def send_application_received(application):
    send_mail_on_commit(**_mail("received", application))


def send_application_link(application):
    send_mail_on_commit(**_mail("link", application))


def send_application_withdrawn(application):
    send_mail_on_commit(**_mail("withdrawn", application))


def send_application_decision(application):
    """Send the decision now (under the caller's row lock); True if it went out."""
    return send_mail(**_mail("decision", application))


def render_application_decision(application):
    """The decision e-mail as it would be sent, for the preview in the admin."""
    return render_mail(**_mail("decision", application))
