"""An event's changes reach its registrants: the history, the notify page, "Termin absagen"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.admin_history import HistoryInline
from digiscouts.errors import ServiceError

from ..mails import preview_event_changed
from ..models import Event, EventChange
from ..models.event_changes import change_lines, unnotified_changes
from ..services import event_cancel, event_change_notify, event_change_recipients


class EventChangeInline(HistoryInline):
    """The event's history, read-only: changes of time and place, notifications, the
    cancellation; who, when, how many e-mails."""

    model = EventChange
    fields = ["at", "kind", "by", "changes_display", "sequence", "recipients"]
    readonly_fields = fields
    parent_permissions = ("events.view_event", "events.change_event")

    @admin.display(description=gettext_lazy("Änderungen"))
    def changes_display(self, obj):
        return obj.changes_display() or "–"


def notification_pending(event):
    """Confirmed registrations that still hold facts changed since the last notification."""
    if event.is_cancelled or not unnotified_changes(event):
        return False
    return event.registrations.confirmed().exists()


class EventChangesAdminMixin:
    """For EventAdmin: the notify page (GET shows, POST sends) and the cancel action."""

    notify_template = "admin/events/event/notify_confirm.html"
    cancel_template = "admin/events/event/cancel_confirm.html"

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/benachrichtigen/",
                self.admin_site.admin_view(self.notify_view),
                name="events_event_notify",
            )
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = Event.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "notification_pending": event is not None and notification_pending(event),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def notify_view(self, request, object_id):
        """The recipients and the e-mail first (GET); sent on POST through the service."""
        event = get_object_or_404(Event.objects.select_related("round"), pk=object_id)
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        change_url = reverse("admin:events_event_change", args=[event.pk])
        if request.method == "POST":
            try:
                count = event_change_notify(event=event, by=request.user)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d E-Mail mit dem geänderten Termin ist unterwegs.",
                        "%(count)d E-Mails mit dem geänderten Termin sind unterwegs.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        changes = unnotified_changes(event)
        recipients = event_change_recipients(event)
        ready = bool(changes and recipients and not event.is_cancelled)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Angemeldete über die Änderung benachrichtigen"),
            "opts": self.opts,
            "event": event,
            "change_url": change_url,
            "change_lines": change_lines(changes),
            "recipients": recipients,
            "waitlisted": event.registrations.waitlisted().count(),
            "preview": preview_event_changed(recipients[0], changes) if ready else None,
            "ready": ready,
        }
        return TemplateResponse(request, self.notify_template, context)

    @admin.action(description=gettext_lazy("Termin absagen"), permissions=["change"])
    def cancel_events(self, request, queryset):
        """Shows what will be called off and who is told first; acts after the confirmation."""
        events = list(queryset.select_related("round").order_by("starts_at", "pk"))
        now = timezone.now()
        to_cancel = [e for e in events if not e.is_cancelled and not e.has_started(now)]
        if not action_confirmed(request):
            return confirmation_page(
                self,
                request,
                template=self.cancel_template,
                title=_("Termine absagen"),
                action="cancel_events",
                objects=events,
                submit_label=_("Ja, absagen und E-Mails senden") if to_cancel else None,
                to_cancel=to_cancel,
                not_cancellable=[e for e in events if e not in to_cancel],
            )
        cancelled, mails = 0, 0
        for event in to_cancel:
            try:
                registrations = event_cancel(event=event, by=request.user)
            except ServiceError as error:  # cancelled or started meanwhile
                self.message_user(request, error.message, messages.ERROR)
                continue
            cancelled += 1
            mails += len(registrations)
        if cancelled:
            self.message_user(
                request,
                ngettext("%(count)d Termin abgesagt.", "%(count)d Termine abgesagt.", cancelled)
                % {"count": cancelled}
                + " "
                + ngettext(
                    "%(count)d Anmeldung storniert, die E-Mail ist unterwegs.",
                    "%(count)d Anmeldungen storniert, die E-Mails sind unterwegs.",
                    mails,
                )
                % {"count": mails},
                messages.SUCCESS,
            )
        return None
