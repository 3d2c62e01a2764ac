"""Events of a round on their own page, and phases."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Event, Phase
from ..services import event_capacity_update
from .forms import EventAdminForm
from .service_errors import ServiceErrorsAtFieldsMixin


def promoted_message(promoted):
    return ngettext(
        "%(count)d Anmeldung ist von der Warteliste nachgerückt.",
        "%(count)d Anmeldungen sind von der Warteliste nachgerückt.",
        len(promoted),
    ) % {"count": len(promoted)}


def save_event_capacity(modeladmin, request, event, capacity):
    """Set a changed capacity through the service (lock, seat rules, waiting list).

    The caller saved everything else with the old capacity. A refusal propagates
    and rolls the admin's save back (ServiceErrorsAtFieldsMixin shows it).
    """
    promoted = event_capacity_update(event=event, capacity=capacity)
    if promoted:
        modeladmin.note_after_save(request, promoted_message(promoted))


@admin.register(Event)
class EventAdmin(ServiceErrorsAtFieldsMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "duration_minutes",
        "round",
        "seats_display",
        "waitlist_display",
    ]
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

    def save_model(self, request, obj, form, change):
        # A changed capacity goes through the service (lock, check, waiting list);
        # everything else is a plain save.
        if not (change and "capacity" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        capacity, obj.capacity = obj.capacity, form.initial["capacity"]
        obj.save()
        save_event_capacity(self, request, obj, capacity)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
