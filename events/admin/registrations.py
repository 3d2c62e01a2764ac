"""Registrations: the list with seats and queue, taking one by phone, corrections with history."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from digiscouts.admin import outbox_table
from digiscouts.admin_confirm import action_confirmed, confirmation_page, send_link_page
from digiscouts.admin_history import HistoryInline, OwnHistoryMixin
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin

from ..choices import RegistrationStatus
from ..exports import registrations_csv_response
from ..models import Registration, RegistrationChange
from ..services import (
    registration_attendance_set,
    registration_cancel,
    registration_correct,
    registration_create,
    registration_link_reissue,
    registration_link_send,
)
from .event_saves import promoted_message
from .forms import RegistrationAddForm, RegistrationCorrectionForm
from .privacy import erase_person_data, export_person_data

PHONE_NOTE = _("Von der Verwaltung angemeldet; Zustimmung zur Datenschutzerklärung mündlich.")

PERSON_FIELDS = [
    "company",
    ("first_name", "last_name"),
    "function",
    ("email", "phone"),
    "municipality",
    "remark",
]


class RegistrationChangeInline(HistoryInline):
    """The registration's history, read-only: who changed what, when, and why."""

    model = RegistrationChange
    verbose_name = _("Änderung")
    fields = ["at", "by", "changes_display", "note"]
    readonly_fields = fields
    parent_permissions = ("events.view_registration", "events.change_registration")

    @admin.display(description=_("Änderungen"))
    def changes_display(self, obj):
        return obj.changes_display() or "–"


@admin.register(Registration)
class RegistrationAdmin(OwnHistoryMixin, ServiceErrorsAtFieldsMixin, admin.ModelAdmin):
    list_display = [
        "company",
        "full_name_display",
        "event",
        "status_display",
        "persons",
        "seats_display",
        "attended",
    ]
    list_filter = ["event", "status", "attended", "municipality"]
    search_fields = ["company", "first_name", "last_name", "email"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    actions = [
        "mark_attended",
        "mark_not_attended",
        "cancel_registrations",
        "export_csv",
        export_person_data,
        erase_person_data,
    ]
    inlines = [RegistrationChangeInline]
    # Status and attendance change only through their actions; the rest through
    # registration_correct (seat rules, one address per event, history).
    readonly_fields = [
        "event",
        "status_display",
        "attended",
        "consent_at",
        "created_at",
        "cancelled_at",
        "reminded_at",
        "outbox",
    ]
    add_fieldsets = [
        (None, {"fields": ["event", "persons"]}),
        (_("Person und Unternehmen"), {"fields": PERSON_FIELDS}),
        (_("Datenschutz"), {"fields": ["consent_by_phone"]}),
    ]
    fieldsets = [
        (None, {"fields": ["event", "status_display", "persons", "attended"]}),
        (_("Person und Unternehmen"), {"fields": PERSON_FIELDS}),
        (_("Korrektur"), {"fields": ["note"]}),
        (_("Eingang"), {"fields": ["consent_at", "created_at", "cancelled_at", "reminded_at"]}),
        (_("E-Mails"), {"fields": ["outbox"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_queue_and_seats()

    @admin.display(description=_("E-Mails an diese Anmeldung"))
    def outbox(self, obj):
        return outbox_table(obj)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = RegistrationAddForm if obj is None else RegistrationCorrectionForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if not self.has_change_permission(request, obj):
            return [fieldset for fieldset in self.fieldsets if "note" not in fieldset[1]["fields"]]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a seat behind the waiting list's back: cancel instead.
        return False

    # -- the list --------------------------------------------------------------

    @admin.display(description=_("Name"), ordering="last_name")
    def full_name_display(self, obj):
        return obj.full_name

    @admin.display(description=_("Status"), ordering="status")
    def status_display(self, obj):
        rank = getattr(obj, "waitlist_rank", None)
        if obj.status == RegistrationStatus.WAITLISTED and rank is not None:
            text = gettext("Warteliste, Platz %(rank)d") % {"rank": rank}
        else:
            text = obj.get_status_display()
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            text,
        )

    @admin.display(description=_("Plätze des Termins"), ordering="event_seats_taken")
    def seats_display(self, obj):
        event = obj.event
        if event.capacity is None:
            return "–"
        text = gettext("%(taken)d von %(capacity)d belegt, %(free)d frei") % {
            "taken": obj.event_seats_taken,
            "capacity": event.capacity,
            "free": max(event.capacity - obj.event_seats_taken, 0),
        }
        if obj.event_waitlist_count:
            text += ngettext(
                ", %(count)d wartet", ", %(count)d warten", obj.event_waitlist_count
            ) % {"count": obj.event_waitlist_count}
        return text

    # -- add (a registration taken by phone) and corrections, through the services --

    def save_model(self, request, obj, form, change):
        if not change:
            result = registration_create(
                **form.service_arguments(), by=request.user, note=str(PHONE_NOTE)
            )
            # The admin goes on with ``obj`` (log entry, redirect): make it the stored row.
            obj.pk = result.registration.pk
            obj.refresh_from_db()
            obj._state.adding = False
            self.note_after_save(request, self._created_message(result.registration))
            return
        result = registration_correct(
            registration=obj,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            **form.corrections(),
        )
        if "email" in result.changes:
            url = reverse("admin:events_registration_send_link", args=[obj.pk])
            self.note_after_save(
                request,
                format_html(
                    _(
                        "Die E-Mail-Adresse ist jetzt {email}. "
                        '<a href="{url}">Persönlichen Link an die neue Adresse senden</a>'
                    ),
                    email=obj.email,
                    url=url,
                ),
                messages.WARNING,
            )
        if result.promoted:
            self.note_after_save(request, promoted_message(result.promoted))

    @staticmethod
    def _created_message(registration):
        if registration.status == RegistrationStatus.WAITLISTED:
            text = _(
                "%(person)s steht auf der Warteliste auf Platz %(rank)d. Eine E-Mail an "
                "%(email)s ist unterwegs."
            )
        else:
            text = _(
                "%(person)s ist angemeldet und bestätigt. Eine E-Mail an %(email)s ist unterwegs."
            )
        return text % {
            "person": registration,
            "rank": registration.waitlist_position() or 0,
            "email": registration.email,
        }

    def response_add(self, request, obj, post_url_continue=None):
        # One message of our own instead of Django's "added successfully".
        self._flush_notes(request)
        if "_addanother" in request.POST:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:events_registration_change", args=[obj.pk]))

    # -- the personal link, after an e-mail correction ---------------------------

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/link-senden/",
                self.admin_site.admin_view(self.send_link_view),
                name="events_registration_send_link",
            )
        ]
        return urls + super().get_urls()

    def send_link_view(self, request, object_id):
        """Asks on GET, sends on POST (without the public form's hourly limit)."""
        registration = get_object_or_404(Registration.objects.select_related("event"), pk=object_id)
        return send_link_page(
            self,
            request,
            registration,
            send=lambda: registration_link_send(registration=registration, by=request.user),
            sent_message=_("Der persönliche Link ist an %(email)s unterwegs.")
            % {"email": registration.email},
            reissue=lambda: registration_link_reissue(registration=registration, by=request.user),
            reissued_message=_(
                "Ein neuer persönlicher Link ist an %(email)s unterwegs; der bisherige gilt "
                "nicht mehr."
            )
            % {"email": registration.email},
            paragraphs=[
                _(
                    "%(person)s erhält eine E-Mail mit dem persönlichen Link zur Anmeldung für "
                    "„%(event)s“ an %(email)s. Mit dem Link sieht die Person ihre Anmeldung "
                    "und kann sie stornieren, solange die Veranstaltung nicht begonnen hat."
                )
                % {
                    "person": registration.full_name,
                    "event": registration.event,
                    "email": registration.email,
                },
                _(
                    "„Neuen Link senden“ stellt einen neuen Link aus: Der bisherige Link "
                    "öffnet die Anmeldung dann nicht mehr, etwa wenn eine E-Mail mit dem Link "
                    "weitergeleitet wurde oder in falsche Hände geraten ist."
                ),
                _("Der Versand wird im Verlauf der Anmeldung festgehalten."),
            ],
        )

    # -- actions -------------------------------------------------------------------

    @admin.action(description=_("Als teilgenommen markieren"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._set_attendance(request, queryset, attended=True)

    @admin.action(description=_("Als nicht teilgenommen markieren"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        self._set_attendance(request, queryset, attended=False)

    def _set_attendance(self, request, queryset, *, attended):
        changed = registration_attendance_set(
            registrations=list(queryset), attended=attended, by=request.user
        )
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

    @admin.action(description=_("Stornieren (Warteliste rückt nach)"), permissions=["change"])
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

    @admin.action(description=_("Markierte Anmeldungen als CSV exportieren"), permissions=["view"])
    def export_csv(self, request, queryset):
        return registrations_csv_response(queryset)
