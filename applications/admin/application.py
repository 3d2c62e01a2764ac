from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from digiscouts.admin import outbox_table
from digiscouts.admin_history import HistoryInline, OwnHistoryMixin, history_changes
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin

from ..duplicates import duplicate_reasons
from ..eligibility import eligibility_reasons
from ..models import APPLICANT_FIELDS, Application, ApplicationStatusChange
from ..services import application_correct
from .actions import ACTIONS
from .correction import ApplicationCorrectionForm, PersonalLinkViewMixin
from .export_views import ExportViewsMixin
from .filters import AttendedFilter, LikelyDuplicateFilter, MunicipalityFilter


class StatusChangeInline(HistoryInline):
    """The application's history ("Verlauf"): status changes and staff corrections."""

    model = ApplicationStatusChange
    fields = ["at", "change", "by", "note", "changed_fields"]
    readonly_fields = fields

    @admin.display(description=_("Status"))
    def change(self, obj):
        if not obj.from_status:
            return obj.get_to_status_display()
        if obj.from_status == obj.to_status:
            return format_html("{} ({})", obj.get_to_status_display(), _("unverändert"))
        return str(obj)

    @admin.display(description=_("Korrigierte Angaben"))
    def changed_fields(self, obj):
        if not obj.changes:
            return "–"
        return format_html(
            '<ul class="history-changes">{}</ul>',
            format_html_join("", "<li>{}: {} → {}</li>", history_changes(Application, obj.changes)),
        )


@admin.register(Application)
class ApplicationAdmin(
    OwnHistoryMixin,
    ServiceErrorsAtFieldsMixin,
    PersonalLinkViewMixin,
    ExportViewsMixin,
    admin.ModelAdmin,
):
    # Seven columns: they fit 1280 px with the filter panel open.
    list_display = [
        "reference",
        "company_name",
        "municipality",
        "status_with_position",
        "attended_info_event",
        "submitted_on",
        "has_likely_duplicates",
    ]
    list_display_links = ["reference", "company_name"]
    list_filter = ["round", "status", LikelyDuplicateFilter, MunicipalityFilter, AttendedFilter]
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
    form = ApplicationCorrectionForm
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
                    "likely_duplicate_links",
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
                    "personal_link",
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
        (_("E-Mails"), {"fields": ["outbox"]}),
    ]
    # The company's data is editable: save_model passes it to application_correct.
    readonly_fields = [
        "reference",
        "round",
        "status_with_position",
        "eligibility",
        "attended_info_event",
        "likely_duplicate_links",
        "submitted_at",
        "updated_at",
        "decision_sent_status",
        "decision_sent_at",
        "decision_sent_by",
        "consent_at",
        "consent_version",
        "personal_link",
        "outbox",
    ]

    def get_queryset(self, request):
        through = Application.likely_duplicates.through
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_likely_duplicates=Exists(
                    through.objects.filter(from_application_id=OuterRef("pk"))
                )
            )
        )

    def has_delete_permission(self, request, obj=None):
        # Deleting would leave the history and the outbox behind the erasure service's
        # back (application_erase); withdraw or erase instead.
        return False

    def save_model(self, request, obj, form, change):
        """Staff notes are saved as they are; the company's data through the service.

        A refusal of the service (CorrectionRefused, naming its field) rolls the whole
        save back, the notes too; ServiceErrorsAtFieldsMixin shows it at the field.
        """
        if not change:
            return super().save_model(request, obj, form, change)
        corrected = form.corrected()
        other = [name for name in form.changed_data if name not in APPLICANT_FIELDS]
        if other:
            obj.save(update_fields=[*other, "updated_at"])
        if corrected:
            application_correct(application=obj, by=request.user, **corrected)
            if "contact_email" in corrected:
                self._offer_link(request, obj)
        return None

    def _offer_link(self, request, obj):
        url = reverse("admin:applications_application_send_link", args=[obj.pk])
        self.note_after_save(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _gettext("Die E-Mail-Adresse wurde geändert auf %(email)s.")
                % {"email": obj.contact_email},
                url,
                _gettext("Persönlichen Link an die neue Adresse senden"),
            ),
            messages.WARNING,
        )

    def has_add_permission(self, request):
        # Applications come from the public form only.
        return False

    @admin.display(description=_("Status"), ordering="status")
    def status_with_position(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>', obj.status, obj.status_display
        )

    @admin.display(description=_("Eingang"), ordering="submitted_at")
    def submitted_on(self, obj):
        # The date is enough in the list; the change form shows the time.
        return date_format(localtime(obj.submitted_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("Dublette?"), boolean=True, ordering="has_likely_duplicates")
    def has_likely_duplicates(self, obj):
        return obj.has_likely_duplicates

    @admin.display(description=_("Mögliche Dubletten"))
    def likely_duplicate_links(self, obj):
        others = list(obj.likely_duplicates.order_by("number"))
        if not others:
            return _gettext("keine")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:applications_application_change", args=[other.pk]),
                        other,
                        ", ".join(str(reason) for reason in duplicate_reasons(obj, other)),
                    )
                    for other in others
                ),
            ),
        )

    @admin.display(description=_("Persönlicher Link"))
    def personal_link(self, obj):
        url = reverse("admin:applications_application_send_link", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _gettext("Persönlichen Link senden")
        )

    @admin.display(description=_("E-Mails an das Unternehmen und den Fachdienst"))
    def outbox(self, obj):
        return outbox_table(obj)

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
            postcode=obj.postcode,
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
