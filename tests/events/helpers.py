"""Shared test helpers: registering through the service, admin form data."""

import re

from django.forms import CheckboxInput

from events.links import registration_for_token
from events.services import registration_create

PERSONAL_LINK = re.compile(r"^(https?://\S+/anmeldung/([^/\s]+)/)$", re.MULTILINE)


def person(email, persons=1, **overrides):
    return {
        "company": "Muster GmbH",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "function": "Ausbildungsleitung",
        "email": email,
        "municipality": "Marl",
        "persons": persons,
        **overrides,
    }


def form_data(**overrides):
    """What a browser posts to the public registration form."""
    return {
        "company": "Muster GmbH",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "function": "Ausbildungsleitung",
        "email": "erika@example.org",
        "phone": "",
        "municipality": "Marl",
        "persons": "1",
        "remark": "",
        "consent": "on",
        "website_url": "",
        **overrides,
    }


def register(event, email, persons=1, **overrides):
    return registration_create(event=event, **person(email, persons, **overrides))


def personal_link(message):
    """The one personal link in a mail's text part, and the registration it opens."""
    ((link, token),) = PERSONAL_LINK.findall(message.body)
    return link, registration_for_token(token)


def admin_change_form_data(admin_client, url, **changes):
    """The POST data of an admin change form and its inlines as a browser sends it."""
    context = admin_client.get(url).context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.initial_forms]
    for form in forms:
        for name, field in form.fields.items():
            data.update(_widget_values(form[name], form.initial.get(name, field.initial)))
    data.update(changes)
    return data


def _widget_values(bound, value):
    """The POST values a browser sends for a field, split date/time widgets included."""
    widget = bound.field.widget
    if isinstance(widget, CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if hasattr(widget, "widgets"):
        parts = widget.decompress(value) if value is not None else [None] * len(widget.widgets)
        names = [bound.html_name + suffix for suffix in widget.widgets_names]
        return {
            name: sub.format_value(part) or ""
            for sub, name, part in zip(widget.widgets, names, parts, strict=True)
        }
    if value is None:
        return {bound.html_name: ""}
    if hasattr(value, "pk"):
        value = value.pk
    return {bound.html_name: widget.format_value(value) or ""}
