"""The decision e-mail action: the mails are shown first and sent only after the confirmation."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from events.choices import ApplicationWindow

from ..mails import render_application_decision
from ..services import ApplicationError, DecisionAlreadySent, application_decision_send

TEMPLATE = "admin/applications/application/decision_confirm.html"


def decision_preview(modeladmin, request, applications):
    """The confirmation page of send_decisions: each mail as it will go out.

    It posts back the status each mail was previewed with. It warns (never refuses)
    when a round still takes applications: a firm applying later is decided after
    the others were told.
    """
    sendable = [application for application in applications if application.has_decision_to_send]
    now = timezone.now()
    early_rounds = {
        application.round_id: application.round
        for application in sendable
        if application.round.application_window(now) != ApplicationWindow.CLOSED
    }
    return confirmation_page(
        modeladmin,
        request,
        template=TEMPLATE,
        title=_("Entscheidung per E-Mail senden"),
        action="send_decisions",
        objects=applications,
        submit_label=_("Ja, E-Mails jetzt senden") if sendable else None,
        hidden_fields=[
            (f"previewed_status_{application.pk}", application.status) for application in sendable
        ],
        previews=[
            (application, render_application_decision(application)) for application in sendable
        ],
        skipped=[application for application in applications if application not in sendable],
        early_rounds=list(early_rounds.values()),
    )


@admin.action(description=gettext_lazy("Entscheidung per E-Mail senden"), permissions=["change"])
def send_decisions(modeladmin, request, queryset):
    """Shows the mails first; sends only after the confirmation, never twice.

    The confirmation posts the status each mail was previewed with; an application
    whose status has changed since is not sent.
    """
    applications = list(queryset.select_related("round").order_by("round_id", "number"))
    if not action_confirmed(request):
        return decision_preview(modeladmin, request, applications)
    sent = []
    for application in applications:
        previewed = request.POST.get(f"previewed_status_{application.pk}")
        if previewed is None and not application.decision_published:
            continue  # listed as "not sent" in the preview
        try:
            application_decision_send(
                application=application,
                by=request.user,
                previewed_status=application.status if previewed is None else previewed,
            )
        except DecisionAlreadySent as exc:
            messages.warning(request, exc.message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            sent.append(application.reference)
    if sent:
        messages.success(
            request,
            _("Entscheidung versandt: %(references)s.") % {"references": ", ".join(sent)},
        )
    return None
