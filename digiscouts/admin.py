"""The outbox in the admin: every e-mail with its state, attempts and reason; send again.

Replaces django-post-office's own admin, which staff do not need (templates, a
resend that would make the request wait for the mail server, inline styles).
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.models import STATUS, Attachment, Email, EmailTemplate, Log

from . import admin_legal  # noqa: F401  (registers the legal texts)
from .admin_history import OwnHistoryMixin
from .outbox import emails_for, requeue

for model in (Email, Log, EmailTemplate, Attachment):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

STATES = {
    STATUS.queued: _("wartet auf Versand"),
    STATUS.requeued: _("neuer Versuch geplant"),
    STATUS.sent: _("versandt"),
    STATUS.failed: _("fehlgeschlagen"),
}


def state_of(email):
    return STATES.get(email.status, "–")


def last_reason(email):
    """The reason of the last failed attempt (logs prefetched or queried)."""
    failures = [log for log in email.logs.all() if log.status == STATUS.failed]
    return failures[-1].message if failures else ""


class LogInline(admin.TabularInline):
    model = Log
    verbose_name_plural = _("Versuche")
    fields = ["date", "status", "exception_type", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("post_office.view_email")


@admin.register(Email)
class OutboxEmailAdmin(OwnHistoryMixin, admin.ModelAdmin):
    list_display = ["created", "to_display", "subject", "state", "attempts", "reason"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    ordering = ["-created", "-pk"]
    date_hierarchy = "created"
    list_per_page = 100
    inlines = [LogInline]
    fields = [
        "created",
        "to_display",
        "reply_to",
        "subject",
        "state",
        "attempts",
        "scheduled_time",
        "record",
        "message",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("logs")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("An"))
    def to_display(self, obj):
        return ", ".join(obj.to)

    @admin.display(description=_("Antwort an"))
    def reply_to(self, obj):
        return (obj.headers or {}).get("Reply-To", "")

    @admin.display(description=_("Status"), ordering="status")
    def state(self, obj):
        return state_of(obj)

    @admin.display(description=_("Versuche"))
    def attempts(self, obj):
        return len(obj.logs.all())

    @admin.display(description=_("Grund des letzten Fehlschlags"))
    def reason(self, obj):
        return last_reason(obj)

    @admin.display(description=_("Gehört zu"))
    def record(self, obj):
        return (obj.context or {}).get("record", "")

    @admin.action(description=_("Erneut senden"), permissions=["change"])
    def send_again(self, request, queryset):
        count = requeue(list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d E-Mail wird erneut gesendet.",
                "%(count)d E-Mails werden erneut gesendet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def outbox_table(obj):
    """The e-mails of a registration or application, for a read-only field of its admin."""
    emails = list(emails_for(obj).prefetch_related("logs"))
    if not emails:
        return _("Noch keine E-Mails.")
    rows = format_html_join(
        "",
        '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
        (
            (
                date_format(localtime(email.created), "SHORT_DATETIME_FORMAT"),
                reverse("admin:post_office_email_change", args=[email.pk]),
                email.subject,
                state_of(email),
                last_reason(email),
            )
            for email in emails
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        _("Angelegt"),
        _("Betreff"),
        _("Status"),
        _("Grund"),
        rows,
    )


# The navigation sidebar repeats the start page's links and takes a third of a 1280 px
# screen: without it the lists show their columns beside the open filter panel.
admin.site.enable_nav_sidebar = False
