"""Helpers every test folder uses: admin actions, form errors, page text."""

import re

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse


def run_action(client, changelist, action, objects, *, follow=True, **extra):
    """Post an admin changelist action for the given objects, as the changelist does.

    ``changelist`` is the URL name, e.g. "admin:events_registration_changelist".
    """
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(reverse(changelist), data, follow=follow)


def field_errors(response):
    """{field name: [messages]} of the form the page rendered."""
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def main_content(response):
    """The page's <main> element: what the page says, without the site's navigation."""
    (main,) = re.findall(r"<main\b.*?</main>", response.content.decode(), flags=re.DOTALL)
    return main


def text_of(html):
    """The visible text of an HTML fragment, tags dropped and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def registration_form_url(event):
    return reverse("events:registration_form", kwargs={"slug": event.round.slug, "pk": event.pk})


def application_form_url(round_):
    return reverse("applications:apply", kwargs={"slug": round_.slug})
