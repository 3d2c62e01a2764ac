"""Histories in the admin: how a stored value reads in an object's "Verlauf", and
Django's history page of an object, which shows a non-superuser only their own entries.

The admin's "Geschichte" page (``…/<pk>/history/``) lists every LogEntry of the
object, whoever wrote it; staff may not read the log of other users' actions.
The page stays (its link is on every change form, a refusal would be a dead end)
and lists the requesting user's own entries; the object's record of who changed
what lives in its "Verlauf" on the change form. Superusers see the whole log.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import get_content_type_for_model
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HISTORY_PAGE_SIZE = 100  # as Django's history_view


def history_value(value, field=None):
    """A stored value as staff read it in a history: yes and no as words, a choice of
    ``field`` (the model field) by its label, nothing as "–"."""
    if value is True:
        return gettext("ja")
    if value is False:
        return gettext("nein")
    if value in ("", None):
        return "–"
    labels = dict(field.flatchoices) if field is not None else {}
    return str(labels.get(value, value))


def history_changes(model, changes):
    """(label, old, new) of a recorded change {field name: [old, new]} of ``model``, in
    the model's field order (PostgreSQL's jsonb keeps no order of its own), the values
    as history_value shows them."""
    fields = {field.name: field for field in model._meta.fields}
    order = {name: index for index, name in enumerate(fields)}
    return [
        (
            fields[name].verbose_name if name in fields else name,
            history_value(old, fields.get(name)),
            history_value(new, fields.get(name)),
        )
        for name, (old, new) in sorted(
            changes.items(), key=lambda item: order.get(item[0], len(order))
        )
    ]


class OwnHistoryMixin:
    """For every ModelAdmin: the history page lists only the user's own entries."""

    def history_view(self, request, object_id, extra_context=None):
        # Django's view checks the permission, finds the object and renders lazily.
        response = super().history_view(request, object_id, extra_context)
        if request.user.is_superuser or not isinstance(response, TemplateResponse):
            return response
        own = (
            LogEntry.objects.filter(
                object_id=unquote(object_id),
                content_type=get_content_type_for_model(self.model),
                user=request.user,
            )
            .select_related("user", "content_type")
            .order_by("action_time")
        )
        paginator = self.get_paginator(request, own, HISTORY_PAGE_SIZE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        response.context_data.update(
            {
                "subtitle": _("Nur Ihre eigenen Änderungen"),
                "action_list": page,
                "page_range": paginator.get_elided_page_range(page.number),
                "pagination_required": paginator.count > HISTORY_PAGE_SIZE,
            }
        )
        return response


class HistoryInline(admin.TabularInline):
    """An object's "Verlauf" beneath its change form: read-only, written only by services.

    Whoever may see the parent sees its history (``parent_permissions``: the parent's
    view and change permission names), so no extra permission is needed for it.
    """

    extra = 0
    can_delete = False
    verbose_name = _("Eintrag")
    verbose_name_plural = _("Verlauf")
    parent_permissions = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_view_permission(self, request, obj=None):
        if not self.parent_permissions:
            return super().has_view_permission(request, obj)
        return any(request.user.has_perm(name) for name in self.parent_permissions)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
