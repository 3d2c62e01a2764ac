from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..eligibility import eligibility_reasons
from ..models import APPLICANT_FIELDS, Application, ApplicationStatusChange
from .actions import ACTIONS
from .export_views import ExportViewsMixin
from .filters import AttendedFilter, MunicipalityFilter


class StatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    verbose_name_plural = _("Statusverlauf")
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Application)
class ApplicationAdmin(ExportViewsMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "company_name",
        "municipality",
        "employees",
        "apprentices",
        "attended_info_event",
        "is_eligible",
        "status_with_position",
        "submitted_at",
    ]
    list_display_links = ["reference", "company_name"]
    list_filter = ["round", "status", MunicipalityFilter, AttendedFilter]
    search_fields = [
        "reference",
        "company_name",
        "contact_last_name",
        "contact_email",
        "trainer_name",
    ]
    list_select_related = ["round", "info_registration"]
    ordering = ["round", "number"]
    list_per_page = 100
    actions = ACTIONS
    inlines = [StatusChangeInline]
    fieldsets = [
        (
            _("Bewerbung"),
            {
                "fields": [
                    "reference",
                    "round",
                    "status_with_position",
                    "eligibility",
                    "attended_info_event",
                    "submitted_at",
                    "updated_at",
                    ("decision_sent_status", "decision_sent_at", "decision_sent_by"),
                ]
            },
        ),
        (_("Notizen des Fachdienstes"), {"fields": ["staff_notes"]}),
        (
            _("Unternehmen"),
            {
                "fields": [
                    "company_name",
                    "legal_form",
                    ("street", "postcode"),
                    "municipality",
                    "website",
                    "sector",
                    "employees",
                ]
            },
        ),
        (_("Team der Auszubildenden"), {"fields": ["apprentices", "training_occupations"]}),
        (
            _("Ansprechperson"),
            {
                "fields": [
                    ("contact_first_name", "contact_last_name"),
                    "contact_function",
                    ("contact_email", "contact_phone"),
                ]
            },
        ),
        (_("Ausbilder/in"), {"fields": ["trainer_name", "trainer_email"]}),
        (
            _("Geschäftsführung, Motivation und Ideen"),
            {
                "fields": [
                    "management_support",
                    "team_time",
                    "motivation",
                    "first_ideas",
                    "heard_about",
                ]
            },
        ),
        (_("Einwilligung"), {"fields": ["consent_at", "consent_version"]}),
    ]
    readonly_fields = [
        "reference",
        "round",
        "status_with_position",
        "eligibility",
        "attended_info_event",
        "submitted_at",
        "updated_at",
        "decision_sent_status",
        "decision_sent_at",
        "decision_sent_by",
        "consent_at",
        "consent_version",
        *APPLICANT_FIELDS,
    ]

    def has_add_permission(self, request):
        # Applications come from the public form only.
        return False

    @admin.display(description=_("Status"), ordering="status")
    def status_with_position(self, obj):
        return obj.status_display

    @admin.display(description=_("Infoveranstaltung besucht"))
    def attended_info_event(self, obj):
        registration = obj.info_registration
        if registration is None:
            return _("nicht angemeldet")
        if registration.attended is None:
            return _("angemeldet")
        return _("ja") if registration.attended else _("nein")

    def _reasons(self, obj):
        return eligibility_reasons(
            obj.round,
            employees=obj.employees,
            municipality=obj.municipality,
            apprentices=obj.apprentices,
        )

    @admin.display(description=_("Voraussetzungen erfüllt"), boolean=True)
    def is_eligible(self, obj):
        return not self._reasons(obj)

    @admin.display(description=_("Voraussetzungen"))
    def eligibility(self, obj):
        reasons = self._reasons(obj)
        if not reasons:
            return _("erfüllt")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in reasons))
        )
