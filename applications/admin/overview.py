"""The round overview: one admin page per round for the office's daily look.

The round list (events.admin.RoundAdmin) gets a column linking to it; the page and
its reserve-list buttons are URLs of this subclass, registered in its place, because
events never imports applications.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.admin import RoundAdmin
from events.models import Round

from ..choices import ReserveMove
from ..models import Application
from ..selectors import round_overview
from ..services import ApplicationError, application_reserve_move
from .export_views import round_export_links

CHANGELIST = "admin:applications_application_changelist"


class ReserveMoveForm(forms.Form):
    """One click on a reserve's up/down button: which, where to and the place staff saw."""

    application = forms.IntegerField(min_value=1)
    direction = forms.ChoiceField(choices=ReserveMove.choices)
    position = forms.IntegerField(min_value=1, max_value=32767)


class RoundOverviewAdmin(RoundAdmin):
    list_display = [*RoundAdmin.list_display, "overview_link"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<int:round_id>/uebersicht/",
                self.admin_site.admin_view(self.overview_view),
                name="{}_{}_overview".format(*info),
            ),
            path(
                "<int:round_id>/uebersicht/nachruecker/",
                self.admin_site.admin_view(require_POST(self.reserve_move_view)),
                name="{}_{}_reserve_move".format(*info),
            ),
        ]
        return urls + super().get_urls()

    @admin.display(description=gettext_lazy("Übersicht"))
    def overview_link(self, obj):
        url = reverse("admin:events_round_overview", kwargs={"round_id": obj.pk})
        return format_html(
            '<a href="{}" aria-label="{}">{}</a>',
            url,
            _("Übersicht: %(round)s") % {"round": obj},
            _("Übersicht"),
        )

    def _may_see_overview(self, request):
        return self.has_view_permission(request) and request.user.has_perm(
            "applications.view_application"
        )

    def overview_view(self, request, round_id):
        """Timeline, events, applications by status, places, reserve list and exports."""
        if not self._may_see_overview(request):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        overview = round_overview(round_)
        changelist = reverse(CHANGELIST)
        statuses = [
            (
                label,
                count,
                changelist
                + "?"
                + urlencode({"round__id__exact": round_.pk, "status__exact": status}),
            )
            for status, label, count in overview.status_counts
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Übersicht: %(round)s") % {"round": round_},
            "opts": self.opts,
            "original": round_,
            "change_url": reverse("admin:events_round_change", args=[round_.pk]),
            "overview": overview,
            "statuses": statuses,
            "all_applications_url": changelist + "?" + urlencode({"round__id__exact": round_.pk}),
            "exports": round_export_links(round_.pk),
            "can_move": request.user.has_perm("applications.change_application"),
            "move_url": reverse("admin:events_round_reserve_move", kwargs={"round_id": round_.pk}),
            "directions": ReserveMove,
        }
        return TemplateResponse(request, "admin/applications/round_overview.html", context)

    def reserve_move_view(self, request, round_id):
        """Move a reserve one place up or down, then back to the overview (POST only)."""
        if not (
            self._may_see_overview(request)
            and request.user.has_perm("applications.change_application")
        ):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        back = reverse("admin:events_round_overview", kwargs={"round_id": round_.pk})
        form = ReserveMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Die Nachrückerliste wurde nicht geändert."))
            return HttpResponseRedirect(back + "#nachruecker")
        # One that left the list since is refused by the service, with its message.
        application = get_object_or_404(
            Application.objects.filter(round=round_), pk=form.cleaned_data["application"]
        )
        try:
            moved = application_reserve_move(
                application=application,
                by=request.user,
                direction=form.cleaned_data["direction"],
                seen_position=form.cleaned_data["position"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(application)s ist jetzt Nachrücker %(position)d.")
                % {"application": moved, "position": moved.reserve_position},
            )
        return HttpResponseRedirect(back + "#nachruecker")


admin.site.unregister(Round)
admin.site.register(Round, RoundOverviewAdmin)
