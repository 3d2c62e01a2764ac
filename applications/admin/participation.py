"""The participating firms in the admin: team and coach, milestones reached, the idea,
the drop-out with the offer of the first reserve, and the history.

Participations come from the selection (applications.services.participation), so
there is no add and no delete. Every change goes through a service: the team and
coach through participation_update on the change form (a refusal stands at its
field), a milestone reached or taken back and the drop-out through pages of their
own that ask on GET and act on POST.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiscouts.admin_history import HistoryInline, OwnHistoryMixin, history_changes
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin
from events.models import Milestone

from ..choices import MilestoneState, ParticipationEnd
from ..models import MilestoneReached, Participation, ParticipationChange
from ..models.participation import TEAM_FIELDS
from ..progress import berlin_today, participation_progress
from ..selectors import first_reserves, places_taken
from ..services import (
    ParticipationError,
    milestone_reach,
    milestone_undo,
    participation_drop_out,
    participation_update,
)

VIEW = "applications.view_participation"
CHANGE = "applications.change_participation"
REACH = "applications.add_milestonereached"
UNDO = "applications.delete_milestonereached"


def certificate_view(request, participation_id):
    """The Teilnahmebescheinigung (applications.admin.certificate), which says itself when
    there is none yet. Imported on the first download: WeasyPrint takes a while to load."""
    from .certificate import certificate_download

    return certificate_download(request, participation_id)


def with_progress(queryset, today):
    """Annotate each participation with its round's milestone count, the milestones it
    reached, and those past their due date (Berlin ``today``) without it: the count and
    the first one's title. Subqueries, so a list of any length is one query."""
    milestones = Milestone.objects.filter(round=OuterRef("round"))
    reached = MilestoneReached.objects.filter(
        participation=OuterRef(OuterRef("pk")), milestone=OuterRef("pk")
    )
    behind = milestones.filter(due_date__lt=today).exclude(Exists(reached))

    def count(subquery, by):
        return Coalesce(
            Subquery(
                subquery.order_by().values(by).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    return queryset.annotate(
        milestone_count=count(milestones, "round"),
        reached_count=count(
            MilestoneReached.objects.filter(participation=OuterRef("pk")), "participation"
        ),
        behind_count=count(behind, "round"),
        first_behind=Subquery(behind.order_by("position", "due_date", "pk").values("title")[:1]),
    )


class StateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [
            ("aktiv", _("nimmt teil")),
            ("rueckstand", _("im Rückstand")),
            ("ausgestiegen", _("ausgestiegen")),
            ("auswahl", _("Auswahl geändert")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "aktiv":
            return queryset.filter(ended_on__isnull=True)
        if value == "rueckstand":
            return queryset.filter(ended_on__isnull=True, behind_count__gt=0)
        if value == "ausgestiegen":
            return queryset.filter(end_kind=ParticipationEnd.DROPPED_OUT)
        if value == "auswahl":
            return queryset.filter(end_kind=ParticipationEnd.DESELECTED)
        return queryset


class ParticipationForm(forms.ModelForm):
    """Team, trainer and coach; saved through participation_update."""

    team_size = forms.IntegerField(
        label=Participation._meta.get_field("team_size").verbose_name,
        min_value=1,
        max_value=99,
        error_messages={
            "required": _("Bitte geben Sie an, wie viele Auszubildende im Team sind."),
            "min_value": _("Im Team ist mindestens eine Auszubildende oder ein Auszubildender."),
            "max_value": _("Bitte geben Sie höchstens %(limit_value)s Auszubildende an."),
            "invalid": _("Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an."),
        },
    )

    class Meta:
        model = Participation
        fields = list(TEAM_FIELDS)


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


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), accessible without the admin's script."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReachForm(forms.Form):
    required_css_class = "required"

    reached_on = forms.DateField(
        label=_("erreicht am"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie an, wann der Meilenstein erreicht wurde."),
            "invalid": _("Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 12.06.2021."),
        },
    )
    note = forms.CharField(
        label=_("Notiz"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 30}),
    )


class UndoForm(forms.Form):
    note = forms.CharField(
        label=_("Grund (für den Verlauf)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class DropOutForm(forms.Form):
    required_css_class = "required"

    on = forms.DateField(
        label=_("Ausgestiegen am"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie das Datum des Ausstiegs an."),
            "invalid": _("Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 12.06.2021."),
        },
    )
    reason = forms.CharField(
        label=_("Grund"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Bitte geben Sie den Grund für den Ausstieg an.")},
    )


def add_refusal(form, error):
    """A service's refusal at its field (ParticipationError.field), else above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


@admin.register(Participation)
class ParticipationAdmin(OwnHistoryMixin, ServiceErrorsAtFieldsMixin, admin.ModelAdmin):
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

    def _url(self, kind, participation, milestone):
        return reverse(
            f"admin:applications_participation_{kind}",
            kwargs={"participation_id": participation.pk, "milestone_id": milestone.pk},
        )

    def _change_url(self, participation, anchor=""):
        url = reverse("admin:applications_participation_change", args=[participation.pk])
        return url + anchor

    def _participation(self, request, participation_id, permission):
        participation = get_object_or_404(
            Participation.objects.select_related("application", "round"), pk=participation_id
        )
        if not (request.user.has_perm(VIEW) and request.user.has_perm(permission)):
            raise PermissionDenied
        return participation

    def _page(self, request, participation, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": participation,
            "change_url": self._change_url(participation),
            **context,
        }
        return TemplateResponse(request, template, context)

    def reach_view(self, request, participation_id, milestone_id):
        """Record a milestone as reached: the row of the change form posts here; on GET,
        or with an error, the form stands on a page of its own."""
        participation = self._participation(request, participation_id, REACH)
        milestone = get_object_or_404(
            Milestone.objects.filter(round_id=participation.round_id), pk=milestone_id
        )
        form = ReachForm(
            request.POST if request.method == "POST" else None,
            initial={"reached_on": berlin_today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                reached = milestone_reach(
                    participation=participation,
                    milestone=milestone,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ParticipationError as error:
                add_refusal(form, error)
            else:
                self.message_user(
                    request,
                    _gettext(
                        "„%(milestone)s“ ist für %(company)s als erreicht am %(date)s eingetragen."
                    )
                    % {
                        "milestone": milestone.title,
                        "company": participation.application.company_name,
                        "date": date_format(reached.reached_on, "DATE_FORMAT"),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(participation, "#meilensteine"))
        return self._page(
            request,
            participation,
            "admin/applications/participation/reach_form.html",
            _gettext("Meilenstein eintragen: %(milestone)s") % {"milestone": milestone.title},
            form=form,
            milestone=milestone,
        )

    def undo_view(self, request, participation_id, milestone_id):
        """Take back a milestone entered by mistake: asks on GET, acts on POST."""
        participation = self._participation(request, participation_id, UNDO)
        reached = get_object_or_404(
            MilestoneReached.objects.select_related("milestone", "recorded_by"),
            participation=participation,
            milestone_id=milestone_id,
        )
        form = UndoForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            milestone_undo(reached=reached, by=request.user, note=form.cleaned_data["note"])
            self.message_user(
                request,
                _gettext("„%(milestone)s“ ist für %(company)s zurückgenommen.")
                % {
                    "milestone": reached.milestone.title,
                    "company": participation.application.company_name,
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(participation, "#meilensteine"))
        return self._page(
            request,
            participation,
            "admin/applications/participation/undo_confirm.html",
            _gettext("Meilenstein zurücknehmen: %(milestone)s")
            % {"milestone": reached.milestone.title},
            form=form,
            reached=reached,
        )

    def drop_out_view(self, request, participation_id):
        """The firm leaves: date and reason, then the company is told by e-mail and the
        change form shows who may take the place."""
        participation = self._participation(request, participation_id, CHANGE)
        if not participation.is_active:
            self.message_user(
                request,
                _gettext("%(company)s nimmt bereits nicht mehr teil.")
                % {"company": participation.application.company_name},
                messages.WARNING,
            )
            return HttpResponseRedirect(self._change_url(participation))
        form = DropOutForm(
            request.POST if request.method == "POST" else None,
            initial={"on": berlin_today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = participation_drop_out(
                    participation=participation,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ParticipationError as error:
                add_refusal(form, error)
            else:
                self._report_drop_out(request, result)
                return HttpResponseRedirect(self._change_url(participation))
        return self._page(
            request,
            participation,
            "admin/applications/participation/drop_out_form.html",
            _gettext("Ausstieg eintragen"),
            form=form,
            contact_email=participation.application.contact_email,
        )

    def _report_drop_out(self, request, result):
        """Said once; the change form then shows the free place: the first reserve that
        may take it (result.reserve_offer, read again there) or why nobody moves up."""
        participation = result.participation
        self.message_user(
            request,
            _gettext(
                "%(company)s ist als ausgestiegen eingetragen (am %(date)s). Die Bewerbung ist "
                "zurückgezogen; das Unternehmen erhält eine Bestätigung per E-Mail."
            )
            % {
                "company": participation.application.company_name,
                "date": date_format(participation.ended_on, "DATE_FORMAT"),
            },
            messages.SUCCESS,
        )
