from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.errors import ServiceError

from .exports import registrations_csv_response
from .models import Event, Phase, Registration, Round
from .services import (
    event_capacity_update,
    registration_attendance_set,
    registration_cancel,
)


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


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "round",
            "kind",
            "title",
            "description",
            "starts_at",
            "duration_minutes",
            "location",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
        ]

    def clean_capacity(self):
        # The message next to the field; the service checks again under the lock.
        capacity = self.cleaned_data["capacity"]
        problem = self.instance.capacity_problem(capacity)
        if problem:
            raise forms.ValidationError(problem[0], code=problem[1])
        return capacity


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:  # raised inside the admin's transaction: nothing saved
            message = _("Es wurde nichts gespeichert. %(reason)s")
            self.message_user(request, message % {"reason": error.message}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        # A changed capacity goes through the service (lock, check, waiting list);
        # everything else is a plain save.
        if not (change and "capacity" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        other_fields = [name for name in form.changed_data if name != "capacity"]
        if other_fields:
            obj.save(update_fields=other_fields)
        # A refusal (seats taken since the form's check) propagates to changeform_view,
        # which rolls the whole save back.
        promoted = event_capacity_update(event=obj, capacity=obj.capacity)
        if promoted:
            self.message_user(
                request,
                _("%(count)d Anmeldung(en) sind von der Warteliste nachgerückt.")
                % {"count": len(promoted)},
                messages.SUCCESS,
            )


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "company",
        "full_name_display",
        "event",
        "status",
        "persons",
        "municipality_column",
        "attended",
        "created_at",
    ]
    list_filter = ["event", "status", "attended", "municipality"]
    search_fields = ["company", "first_name", "last_name", "email"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    actions = ["mark_attended", "mark_not_attended", "cancel_registrations", "export_csv"]
    # Status and persons decide about seats, the e-mail is unique per event: all of
    # them change only through the services (a new registration or a cancel).
    readonly_fields = [
        "event",
        "status",
        "persons",
        "email",
        "consent_at",
        "created_at",
        "cancelled_at",
        "attended",
    ]
    fieldsets = [
        (None, {"fields": ["event", "status", "persons", "attended"]}),
        (
            _("Person und Unternehmen"),
            {
                "fields": [
                    "company",
                    ("first_name", "last_name"),
                    "function",
                    ("email", "phone"),
                    "municipality",
                    "remark",
                ]
            },
        ),
        (_("Verlauf"), {"fields": ["consent_at", "created_at", "cancelled_at"]}),
    ]

    def has_add_permission(self, request):
        # Registrations come through the public form (the service), never typed in here.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a seat behind the waiting list's back: cancel instead.
        return False

    @admin.display(description=_("Name"), ordering="last_name")
    def full_name_display(self, obj):
        return obj.full_name

    @admin.display(description=_("Kommune"), ordering="municipality")
    def municipality_column(self, obj):
        return obj.municipality_display

    @admin.action(description=_("Als teilgenommen markieren"))
    def mark_attended(self, request, queryset):
        self._set_attendance(request, queryset, attended=True)

    @admin.action(description=_("Als nicht teilgenommen markieren"))
    def mark_not_attended(self, request, queryset):
        self._set_attendance(request, queryset, attended=False)

    def _set_attendance(self, request, queryset, *, attended):
        changed = registration_attendance_set(registrations=list(queryset), attended=attended)
        self.message_user(
            request,
            ngettext(
                "%(count)d bestätigte Anmeldung geändert.",
                "%(count)d bestätigte Anmeldungen geändert.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stornieren (Warteliste rückt nach)"))
    def cancel_registrations(self, request, queryset):
        """Shows what will be cancelled first; acts only after the confirmation."""
        registrations = list(queryset.select_related("event").order_by("event__starts_at", "pk"))
        to_cancel = [r for r in registrations if not r.is_cancelled]
        if not action_confirmed(request):
            return confirmation_page(
                self,
                request,
                template="admin/events/registration/cancel_confirm.html",
                title=_("Anmeldungen stornieren"),
                action="cancel_registrations",
                objects=registrations,
                submit_label=_("Ja, stornieren und E-Mails senden") if to_cancel else None,
                to_cancel=to_cancel,
                already_cancelled=[r for r in registrations if r.is_cancelled],
            )
        promoted = 0
        for registration in to_cancel:
            promoted += len(registration_cancel(registration=registration, by=request.user))
        self.message_user(
            request,
            _("%(cancelled)d storniert, %(promoted)d von der Warteliste nachgerückt.")
            % {"cancelled": len(to_cancel), "promoted": promoted},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Ausgewählte als CSV exportieren"))
    def export_csv(self, request, queryset):
        return registrations_csv_response(queryset)
