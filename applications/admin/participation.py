"""The participating firms in the admin: team and coach, milestones reached, the idea,
the drop-out with the offer of the first reserve, and the history.

Participations come from the selection (applications.services.participation), so
there is no add and no delete. Every change goes through a service: the team and
coach through participation_update on the change form (a refusal stands at its
field), a milestone reached or taken back and the drop-out through pages of their
own that ask on GET and act on POST.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiscouts.admin_history import HistoryInline, OwnHistoryMixin, history_changes
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin

from ..choices import MilestoneState, ParticipationEnd
from ..models import Participation, ParticipationChange
from ..models.participation import TEAM_FIELDS
from ..progress import berlin_today, participation_progress
from ..selectors import first_reserves, places_taken
from ..services import (
    participation_update,
)
from .participation_forms import ParticipationForm
from .participation_list import StateFilter, with_progress
from .participation_pages import CHANGE, REACH, UNDO, VIEW, ParticipationPagesMixin


def certificate_view(request, participation_id):
    """The Teilnahmebescheinigung (applications.admin.certificate), which says itself when
    there is none yet. Imported on the first download: WeasyPrint takes a while to load."""
    from .certificate import certificate_download

    return certificate_download(request, participation_id)


class ParticipationChangeInline(HistoryInline):
    """The participation's history ("Verlauf"): start, end, corrections, milestones, idea."""

    model = ParticipationChange
    fields = ["at", "kind", "by", "note", "changed_fields"]
    readonly_fields = fields
    parent_permissions = (VIEW, CHANGE)

    @admin.display(description=_("Geänderte Angaben"))
    def changed_fields(self, obj):
        if not obj.changes:
            return "–"
        return format_html(
            '<ul class="history-changes">{}</ul>',
            format_html_join(
                "", "<li>{}: {} → {}</li>", history_changes(Participation, obj.changes)
            ),
        )


@admin.register(Participation)
class ParticipationAdmin(
    ParticipationPagesMixin, OwnHistoryMixin, ServiceErrorsAtFieldsMixin, admin.ModelAdmin
):
    list_display = [
        "company",
        "round",
        "team_size",
        "coach",
        "state",
        "milestones_reached",
        "behind",
    ]
    list_display_links = ["company"]
    list_filter = ["round", StateFilter]
    search_fields = ["application__company_name", "application__reference"]
    list_select_related = ["application", "round"]
    ordering = ["round", "application__number"]
    list_per_page = 100
    form = ParticipationForm
    inlines = [ParticipationChangeInline]
    change_form_template = "admin/applications/participation/change_form.html"
    fieldsets = [
        (
            _("Teilnahme"),
            {"fields": ["application_link", "round", "state", "started_at"]},
        ),
        (
            _("Team"),
            {"fields": ["team_size", "team_first_names", ("trainer_name", "trainer_email")]},
        ),
        (_("RKW-Coach"), {"fields": [("coach_name", "coach_email")]}),
        (
            _("Idee des Unternehmens"),
            {
                "fields": [
                    "idea_title",
                    "idea_description",
                    "idea_tools",
                    "idea_consent",
                    "idea_updated_at",
                ]
            },
        ),
        (_("Ende der Teilnahme"), {"fields": ["end"]}),
    ]
    readonly_fields = [
        "application_link",
        "round",
        "state",
        "started_at",
        "idea_title",
        "idea_description",
        "idea_tools",
        "idea_consent",
        "idea_updated_at",
        "end",
    ]

    # -- the list ------------------------------------------------------------------

    def get_queryset(self, request):
        return with_progress(super().get_queryset(request), berlin_today())

    def has_add_permission(self, request):
        return False  # a participation starts with the selection

    def has_delete_permission(self, request, obj=None):
        return False  # it ends with a drop-out; the history stays

    @admin.display(description=_("Unternehmen"), ordering="application__company_name")
    def company(self, obj):
        return obj.application.company_name

    @admin.display(description=_("RKW-Coach"), ordering="coach_name")
    def coach(self, obj):
        return obj.coach_name or "–"

    @admin.display(description=_("Stand"), ordering="ended_on")
    def state(self, obj):
        if obj.is_active:
            return format_html(
                '<span class="status-badge status-active">{}</span>', _gettext("nimmt teil")
            )
        if obj.end_kind == ParticipationEnd.DROPPED_OUT:
            text = _gettext("ausgestiegen am %(date)s")
        else:
            text = _gettext("Auswahl geändert am %(date)s")
        return format_html(
            '<span class="status-badge status-ended">{}</span>',
            text % {"date": date_format(obj.ended_on, "SHORT_DATE_FORMAT")},
        )

    @admin.display(description=_("Meilensteine erreicht"), ordering="reached_count")
    def milestones_reached(self, obj):
        return _gettext("%(reached)d von %(total)d") % {
            "reached": obj.reached_count,
            "total": obj.milestone_count,
        }

    @admin.display(description=_("Rückstand"), ordering="behind_count")
    def behind(self, obj):
        if not obj.is_active or not obj.behind_count:
            return "–"
        if obj.behind_count == 1:
            text = _gettext("im Rückstand: %(title)s") % {"title": obj.first_behind}
        else:
            others = obj.behind_count - 1
            text = ngettext(
                "im Rückstand: %(title)s und %(count)d weiterer",
                "im Rückstand: %(title)s und %(count)d weitere",
                others,
            ) % {"title": obj.first_behind, "count": others}
        return format_html('<span class="status-badge status-behind">{}</span>', text)

    # -- the change form -----------------------------------------------------------

    @admin.display(description=_("Bewerbung"))
    def application_link(self, obj):
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)

    @admin.display(description=_("Einwilligung zur Veröffentlichung"))
    def idea_consent(self, obj):
        if not obj.idea_publish_consent:
            return _gettext("nein")
        return _gettext("ja, erteilt am %(at)s") % {
            "at": date_format(timezone.localtime(obj.idea_consent_at), "SHORT_DATETIME_FORMAT")
        }

    @admin.display(description=_("Ende"))
    def end(self, obj):
        if obj.is_active:
            return _gettext("Das Unternehmen nimmt teil.")
        kind = (
            _gettext("Ausgestiegen")
            if obj.end_kind == ParticipationEnd.DROPPED_OUT
            else _gettext("Auswahl geändert")
        )
        text = _gettext("%(kind)s am %(date)s") % {
            "kind": kind,
            "date": date_format(obj.ended_on, "DATE_FORMAT"),
        }
        if obj.end_reason:
            text = _gettext("%(text)s. Grund: %(reason)s") % {
                "text": text,
                "reason": obj.end_reason,
            }
        return text

    def save_model(self, request, obj, form, change):
        """Team, trainer and coach through the service, which records old and new values;
        its refusal (ParticipationError) rolls the save back and stands at the field."""
        values = {
            name: form.cleaned_data[name] for name in form.changed_data if name in TEAM_FIELDS
        }
        if change and values:
            participation_update(participation=obj, by=request.user, **values)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        participation = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if participation is not None:
            context.update(self._page_context(request, participation))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _page_context(self, request, participation):
        row = participation_progress(participation)
        active = participation.is_active
        user = request.user
        return {
            "progress": [
                {
                    "cell": cell,
                    "behind": cell.state == MilestoneState.BEHIND,
                    "reach_url": self._url("reach", participation, cell.milestone),
                    "undo_url": self._url("undo", participation, cell.milestone),
                }
                for cell in row.cells
            ],
            "today": berlin_today(),
            "can_reach": active and user.has_perm(REACH),
            "can_undo": user.has_perm(UNDO),
            "drop_out_url": (
                reverse("admin:applications_participation_drop_out", args=[participation.pk])
                if active and user.has_perm(CHANGE)
                else None
            ),
            # The download says itself when there is none yet (before the closing event).
            "certificate_url": (
                reverse("admin:applications_participation_certificate", args=[participation.pk])
                if active
                else None
            ),
            **self._reserve_context(request, participation),
        }

    def _reserve_context(self, request, participation):
        """After the end: who may take the free place (as participation_drop_out offers it),
        or why nobody moves up."""
        if participation.is_active:
            return {}
        round_ = participation.round
        if berlin_today() >= round_.start_date:
            return {"reserve_note": _gettext("Die Runde hat begonnen; es rückt niemand nach.")}
        if places_taken(round_) >= round_.places:
            return {}
        offer = first_reserves([round_]).get(round_.pk)
        if offer is None:
            return {"reserve_note": _gettext("Der Platz ist frei. Die Nachrückerliste ist leer.")}
        if not request.user.has_perm("applications.change_application"):
            return {"reserve_offer": offer}
        return {
            "reserve_offer": offer,
            # The application list's "Auswählen" action: asks first where it must (a
            # decision already e-mailed) and then offers the corrected decision e-mail.
            "select_url": reverse("admin:applications_application_changelist")
            + "?"
            + urlencode({"round__id__exact": round_.pk}),
            "select_action": "select_applications",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }

    # -- pages of their own --------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path(
                "<int:participation_id>/ausstieg/",
                view(self.drop_out_view),
                name="applications_participation_drop_out",
            ),
            path(
                "<int:participation_id>/meilenstein/<int:milestone_id>/",
                view(self.reach_view),
                name="applications_participation_reach",
            ),
            path(
                "<int:participation_id>/meilenstein/<int:milestone_id>/zuruecknehmen/",
                view(self.undo_view),
                name="applications_participation_undo",
            ),
            path(
                "<int:participation_id>/bescheinigung.pdf",
                view(certificate_view),
                name="applications_participation_certificate",
            ),
        ]
        return urls + super().get_urls()
