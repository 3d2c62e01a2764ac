"""Events of a round on their own page (with their history, notify page and cancel
action), and phases."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digiscouts.admin_history import OwnHistoryMixin
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin

from ..models import Event, Phase
from .event_changes import EventChangeInline, EventChangesAdminMixin
from .event_saves import hold_back, save_held_back
from .forms import EventAdminForm

__all__ = ["EventAdmin", "PhaseAdmin"]


@admin.register(Event)
class EventAdmin(
    OwnHistoryMixin, EventChangesAdminMixin, ServiceErrorsAtFieldsMixin, admin.ModelAdmin
):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "duration_minutes",
        "round",
        "seats_display",
        "waitlist_display",
        "cancelled_display",
    ]
    actions = ["cancel_events"]
    inlines = [EventChangeInline]
    readonly_fields = ["cancelled_at", "ics_sequence"]
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
            {
                "fields": [
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "participants_only",
                ]
            },
        ),
        (_("Stand"), {"fields": ["cancelled_at", "ics_sequence"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("Plätze belegt"), ordering="seats_taken")
    def seats_display(self, obj):
        if obj.capacity is None:
            return "–"
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("%(taken)d von %(capacity)d") % {"taken": obj.seats_taken, "capacity": obj.capacity},
        )

    @admin.display(description=_("Warteliste"), ordering="waitlist_count")
    def waitlist_display(self, obj):
        return obj.waitlist_count

    @admin.display(description=pgettext_lazy("event", "abgesagt"), ordering="cancelled_at")
    def cancelled_display(self, obj):
        if obj.cancelled_at is None:
            return "–"
        return date_format(timezone.localtime(obj.cancelled_at), "SHORT_DATE_FORMAT")

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        # Capacity, time and place change through their services (lock, seat rules,
        # history, calendar SEQUENCE); everything else is a plain save.
        if not change:
            obj.save()
            return
        held = hold_back(form, obj)
        # Only what the form changed: the service-owned columns (cancellation, calendar
        # version) are never written back from the page's copy.
        fields = [name for name in form.changed_data if name not in held]
        if fields:
            obj.save(update_fields=fields)
        save_held_back(self, request, obj, held)


@admin.register(Phase)
class PhaseAdmin(OwnHistoryMixin, admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
