"""The "confirm first" pages of the admin: actions that change or send something, and
"Persönlichen Link senden" of a change form.

An action shows its page on the first POST (from the changelist) and acts only
when the page's form posts back with post=yes; the form, with an optional form of
the action's own fields, is templates/admin/includes/confirm_form.html.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import ServiceError


def action_confirmed(request):
    return request.POST.get("post") == "yes"


def confirmation_page(modeladmin, request, *, template, title, action, objects, **context):
    """Render ``template`` (extending the admin base) with the confirm form's context.

    ``objects`` are posted back as the marked rows, ``action`` is the action's name;
    ``submit_label`` (none: nothing to confirm), ``form`` (fields shown with their
    errors) and ``hidden_fields`` ((name, value) pairs) go to the form.
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


def send_link_page(
    modeladmin, request, obj, *, send, sent_message, paragraphs, reissue=None, reissued_message=""
):
    """ "Persönlichen Link senden" for ``obj``: asks on GET, calls ``send()`` on POST.

    ``paragraphs`` tell staff who gets which e-mail; after sending, ``sent_message``
    (or the refusal of the service) is shown on the change form. Needs the change
    permission of ``obj``.

    With ``reissue``, the page offers a second button: a new link, the old one stops
    working. Sending never invalidates a link unless staff choose that button
    (POST reissue=yes calls ``reissue()`` and shows ``reissued_message``).
    """
    if not modeladmin.has_change_permission(request, obj):
        raise PermissionDenied
    opts = modeladmin.model._meta
    change_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[obj.pk],
        current_app=modeladmin.admin_site.name,
    )
    if request.method == "POST":
        reissuing = reissue is not None and request.POST.get("reissue") == "yes"
        try:
            if reissuing:
                reissue()
            else:
                send()
        except ServiceError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
        else:
            message = reissued_message if reissuing else sent_message
            modeladmin.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(change_url)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Persönlichen Link senden"),
        "opts": opts,
        "original": obj,
        "change_url": change_url,
        "paragraphs": paragraphs,
        "can_reissue": reissue is not None,
    }
    return TemplateResponse(request, "admin/includes/send_link_confirm.html", context)
