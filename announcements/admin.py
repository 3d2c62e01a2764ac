"""Staff write to an audience of a round: compose, see recipients and the e-mail, then send."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from digiscouts.admin_history import OwnHistoryMixin
from digiscouts.errors import ServiceError

from .forms import AnnouncementForm
from .mails import render_announcement
from .models import Announcement
from .selectors import announcement_recipients
from .services import announcement_send


@admin.register(Announcement)
class AnnouncementAdmin(OwnHistoryMixin, admin.ModelAdmin):
    list_display = ["sent_at", "subject", "round", "audience", "recipient_count", "sent_by"]
    list_filter = ["round", "audience"]
    list_select_related = ["round", "sent_by"]
    search_fields = ["subject", "body"]
    fields = [
        "round",
        "audience",
        "event",
        "application_status",
        "subject",
        "body",
        "sent_at",
        "sent_by",
        "recipient_count",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False  # a sent announcement is a record

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AnnouncementForm(
            request.POST if request.method == "POST" else None,
            initial={"round": request.GET.get("round")},
        )
        preview = None
        if request.method == "POST" and form.is_valid():
            recipients = announcement_recipients(**form.selection())
            fingerprint = form.fingerprint(recipients)
            if "send" in request.POST:
                if request.POST.get("fingerprint") == fingerprint:
                    return self._send(request, form)
                messages.warning(
                    request,
                    _(
                        "Text oder Empfänger haben sich seit der Vorschau geändert. Bitte "
                        "prüfen Sie die Vorschau und senden Sie dann."
                    ),
                )
            selection = form.selection()
            draft = Announcement(
                round=selection["round_"], audience=selection["audience"], **form.message()
            )
            preview = {
                "recipients": recipients,
                "message": render_announcement(draft, recipients[0]) if recipients else None,
                "fingerprint": fingerprint,
            }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Mitteilung schreiben"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/announcements/announcement/compose.html", context)

    def _send(self, request, form):
        try:
            announcement = announcement_send(**form.selection(), **form.message(), by=request.user)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        self.message_user(
            request,
            _("Die Mitteilung „%(subject)s“ geht an %(count)d Empfänger.")
            % {"subject": announcement.subject, "count": announcement.recipient_count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:announcements_announcement_changelist"))
