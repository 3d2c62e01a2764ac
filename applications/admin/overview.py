"""The round overview: one admin page per round for the office's daily look.

The round list (events.admin.RoundAdmin) gets a column linking to it; the page and
its reserve-list buttons are URLs of this subclass, registered in its place, because
events never imports applications.

During the six months it shows the participants × milestones table, the firms no
longer taking part, the reminders (links to the announcements' compose page, prefilled)
and the invitation of the participants to an event with registration.
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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from events.admin import RoundAdmin
from events.choices import EventKind, TimePosition
from events.models import Event, Round

from ..choices import MilestoneState, ReserveMove
from ..models import Application, Participation
from ..progress import round_progress
from ..selectors import round_overview
from ..services import ApplicationError, application_reserve_move, participants_invite
from ..services.invitations import invitation_problem
from .export_views import round_export_links

CHANGELIST = "admin:applications_application_changelist"
COMPOSE = "admin:announcements_announcement_add"
# The announcements' audiences of participants (announcements.choices.Audience; the
# announcements app builds on this one, so the values are named here, not imported).
ALL_PARTICIPANTS = "participants"
MILESTONE_OPEN = "participants_open"
MILESTONE_BEHIND = "participants_behind"
BEHIND_ANY = "participants_behind_any"  # behind with any milestone


def invite_problem(event):
    """Why the participants cannot be invited to ``event`` now (a sentence), or ""."""
    problem = invitation_problem(event)
    return problem % {"title": event.title} if problem else ""


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
            path(
                "<int:round_id>/uebersicht/einladen/<int:event_id>/",
                self.admin_site.admin_view(self.invite_view),
                name="{}_{}_invite".format(*info),
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
        if request.user.has_perm("applications.view_participation"):
            context.update(self._participants_context(request, round_, overview))
        return TemplateResponse(request, "admin/applications/round_overview.html", context)

    def _participants_context(self, request, round_, overview):
        """The participants × milestones table, the ended participations, the reminders
        and invitations: four queries, however many participants."""
        milestones, rows = round_progress(round_)
        ended = list(
            Participation.objects.filter(round=round_, ended_on__isnull=False)
            .select_related("application")
            .order_by("ended_on", "application__number")
        )
        may_write = request.user.has_perm("announcements.add_announcement")
        columns = []
        for index, milestone in enumerate(milestones):
            states = [row.cells[index].state for row in rows]
            open_count = sum(state != MilestoneState.REACHED for state in states)
            behind_count = states.count(MilestoneState.BEHIND)
            columns.append(
                {
                    "milestone": milestone,
                    "open": open_count,
                    "behind": behind_count,
                    "remind_open_url": (
                        self._compose_url(round_, MILESTONE_OPEN, milestone=milestone.pk)
                        if may_write and open_count
                        else None
                    ),
                    "remind_behind_url": (
                        self._compose_url(round_, MILESTONE_BEHIND, milestone=milestone.pk)
                        if may_write and behind_count
                        else None
                    ),
                }
            )
        # The info event is for applicants: neither reminded of nor invited to here.
        upcoming_events = [
            entry.event
            for entry in overview.upcoming
            if entry.event is not None
            and not entry.event.is_cancelled
            and entry.event.kind != EventKind.INFO
        ]
        any_behind = any(row.is_behind for row in rows)
        may_invite = request.user.has_perm("applications.change_participation")
        return {
            "progress": {
                "columns": columns,
                "rows": rows,
                "ended": ended,
                "event_reminders": [
                    (
                        event,
                        self._compose_url(round_, ALL_PARTICIPANTS, event=event.pk),
                        self._compose_url(round_, BEHIND_ANY, event=event.pk)
                        if any_behind
                        else None,
                    )
                    for event in upcoming_events
                ]
                if may_write and rows
                else [],
                "invitations": [
                    (
                        event,
                        invite_problem(event),
                        reverse(
                            "admin:events_round_invite",
                            kwargs={"round_id": round_.pk, "event_id": event.pk},
                        ),
                    )
                    for event in overview.events
                    if event.position() != TimePosition.PAST and event.kind != EventKind.INFO
                ]
                if may_invite
                else [],
            }
        }

    @staticmethod
    def _compose_url(round_, audience, **selection):
        """The announcements' compose page, prefilled for a reminder to participants."""
        return (
            reverse(COMPOSE)
            + "?"
            + urlencode({"round": round_.pk, "audience": audience, **selection})
        )

    def invite_view(self, request, round_id, event_id):
        """Invite the active participants to register for an event: lists the recipients
        on GET, sends on POST (participants_invite), back to the overview."""
        if not (
            self._may_see_overview(request)
            and request.user.has_perm("applications.change_participation")
        ):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        # The info event is for applicants, not for the participants.
        event = get_object_or_404(
            Event.objects.filter(round=round_).exclude(kind=EventKind.INFO), pk=event_id
        )
        back = (
            reverse("admin:events_round_overview", kwargs={"round_id": round_.pk}) + "#teilnehmende"
        )
        if request.method == "POST":
            try:
                count = participants_invite(event=event, by=request.user)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d Einladung zu „%(event)s“ ist in den Versand gegeben.",
                        "%(count)d Einladungen zu „%(event)s“ sind in den Versand gegeben.",
                        count,
                    )
                    % {"count": count, "event": event.title},
                )
            return HttpResponseRedirect(back)
        # The service invites each active participant whose contact address holds no
        # registration for the event yet; the page shows the same split.
        registered = set(event.registrations.active().values_list("email_key", flat=True))
        participants = list(
            Participation.objects.active()
            .filter(round=round_)
            .select_related("application")
            .order_by("application__number")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Teilnehmende zur Veranstaltung einladen"),
            "opts": self.opts,
            "original": round_,
            "change_url": reverse("admin:events_round_overview", kwargs={"round_id": round_.pk}),
            "event": event,
            "problem": invite_problem(event),
            "recipients": [
                p for p in participants if p.application.contact_email_key not in registered
            ],
            "registered": [
                p for p in participants if p.application.contact_email_key in registered
            ],
            "back": back,
        }
        return TemplateResponse(request, "admin/applications/invite_confirm.html", context)

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
