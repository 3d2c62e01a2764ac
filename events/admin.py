from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Event, Phase, Round


class EventInline(admin.StackedInline):
    model = Event
    extra = 0
    fields = [
        ("kind", "title"),
        ("starts_at", "duration_minutes"),
        ("location", "online_url"),
        "description",
    ]
    show_change_link = True


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["title", "start_date", "end_date", "description"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "partner_region",
        "year",
        "places",
        "start_date",
        "end_date",
        "is_published",
    ]
    list_filter = ["is_published", "year", "partner_region"]
    search_fields = ["title", "partner_region", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventInline, PhaseInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "partner_region", "year", "summary", "is_published"]}),
        (
            _("Teilnahmebedingungen"),
            {"fields": ["places", "max_employees", "min_apprentices", "municipalities"]},
        ),
        (
            _("Zeitraum"),
            {"fields": [("application_start", "application_end"), ("start_date", "end_date")]},
        ),
        (
            _("Ansprechperson"),
            {"fields": ["contact_name", "contact_unit", "contact_phone", "contact_email"]},
        ),
    ]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "duration_minutes", "round"]
    list_filter = ["kind", "round"]
    search_fields = ["title", "location"]
    list_select_related = ["round"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["round", "kind", "title", "description"]}),
        (
            _("Zeit und Ort"),
            {"fields": ["starts_at", "duration_minutes", "location", "online_url"]},
        ),
        (
            _("Anmeldung"),
            {"fields": ["capacity", "registration_opens_at", "registration_closes_at"]},
        ),
    ]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
