"""Staff write to an audience of a round: compose, see recipients and the e-mail, then send.

The round overview opens the compose page for a reminder (…/add/?round=…&audience=…
&milestone=… or &event=…): the page comes with a proposed text and already shows the
recipients and the e-mail; sending needs the button under that preview. The proposal is
German; sent unchanged, each firm gets it in its language; a text staff changed goes as
written to all.
"""

from dataclasses import replace

from django.conf import settings
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
from .reminders import reminder_kind_of, reminder_text
from .selectors import announcement_recipients
from .services import announcement_send

# The parameters of the compose page's address that choose an audience (see above).
PREFILL = ("round", "audience", "event", "milestone", "application_status")


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
        "milestone",
        "application_status",
        "reminder_kind",
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
        if request.method == "POST":
            form = AnnouncementForm(request.POST)
        else:
            form = self._prefilled_form(request)
        preview = None
        if form.is_bound and form.is_valid():
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
            message = form.message()
            draft = Announcement(
                round=selection["round_"],
                audience=selection["audience"],
                milestone=selection["milestone"],
                event=selection["event"],
                **message,
            )
            # An unchanged proposal is shown in German; the page says how many get it in
            # another language. Any other text is shown as the first recipient gets it.
            first = recipients[0] if recipients else None
            if first is not None and message["reminder_kind"]:
                first = replace(first, language=settings.LANGUAGE_CODE)
            preview = {
                "recipients": recipients,
                "message": render_announcement(draft, first) if first else None,
                "fingerprint": fingerprint,
                "proposal": bool(message["reminder_kind"]),
                "other_language": sum(
                    recipient.language != settings.LANGUAGE_CODE for recipient in recipients
                ),
            }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Mitteilung schreiben"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/announcements/announcement/compose.html", context)

    def _prefilled_form(self, request):
        """An empty form; or, opened for a reminder (round and audience in the address),
        the form bound to the audience and a proposed text, so that the page shows the
        recipients and the e-mail at once. Nothing is sent before the button is pressed."""
        chosen = {name: request.GET[name] for name in PREFILL if request.GET.get(name)}
        if not {"round", "audience"} <= chosen.keys():
            return AnnouncementForm(initial={"round": chosen.get("round")})
        selection = AnnouncementForm(chosen)
        selection.is_valid()  # the chosen round, milestone and event as objects
        about = {
            "audience": chosen["audience"],
            "milestone": selection.cleaned_data.get("milestone"),
            "event": selection.cleaned_data.get("event"),
        }
        text = reminder_text(**about)  # in German, the staff's language
        if not text:  # no proposal: staff write the text, then ask for the preview
            return AnnouncementForm(initial=chosen)
        return AnnouncementForm({**chosen, **text, "reminder": reminder_kind_of(**about)})

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
