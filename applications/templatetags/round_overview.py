"""The admin index's list of current rounds, each linked to its overview."""

from django import template

from events.models import Round

register = template.Library()


@register.simple_tag(takes_context=True)
def overview_rounds(context):
    """The rounds that have not ended, for a user who may see the overview; else None."""
    user = context["request"].user
    if not (user.has_perm("events.view_round") and user.has_perm("applications.view_application")):
        return None
    return list(Round.objects.current())
