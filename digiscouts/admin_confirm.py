"""The "confirm first" page of admin actions that change or send something.

The action shows this page on the first POST (from the changelist) and acts only
when the page's form posts back with post=yes. Both apps' confirmations use it,
with the form in templates/admin/includes/confirm_form.html.
"""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def action_confirmed(request):
    return request.POST.get("post") == "yes"


def confirmation_page(modeladmin, request, *, template, title, action, objects, **context):
    """Render ``template`` (extending the admin base) with the confirm form's context.

    ``objects`` are posted back as the marked rows, ``action`` is the action's name;
    ``submit_label`` (none: nothing to confirm) and ``hidden_fields`` ((name, value)
    pairs) go to the form.
    """
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": action,
        "marked_objects": objects,
        **context,
    }
    return TemplateResponse(request, template, context)
