"""Admin actions: each calls a service per application and reports in German."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digiscouts.admin_confirm import action_confirmed, confirmation_page

from ..exports import export_response
from ..mails import render_application_decision
from ..models import ApplicationStatus
from ..selectors import first_reserve
from ..services import (
    ApplicationError,
    DecisionAlreadySent,
    PlacesExhausted,
    application_decision_send,
    application_reject,
    application_reserve,
    application_select,
    application_shortlist,
)


def _run(modeladmin, request, queryset, service, done_message):
    """Call the service for each marked application; report successes and refusals."""
    done, refused, exhausted = [], [], None
    freed_rounds = set()
    for application in queryset.select_related("round").order_by("round_id", "number"):
        was_selected = application.status == ApplicationStatus.SELECTED
        try:
            result = service(application=application, by=request.user)
        except PlacesExhausted as exc:
            exhausted = exhausted or exc.message
            refused.append(application.reference)
            continue
        except ApplicationError as exc:
            messages.error(request, exc.message)
            continue
        done.append(result.reference)
        if was_selected and result.status != ApplicationStatus.SELECTED:
            freed_rounds.add(result.round)
    if done:
        messages.success(request, done_message % {"references": ", ".join(done)})
    if exhausted:
        messages.error(
            request,
            _("%(message)s Nicht ausgewählt: %(references)s.")
            % {"message": exhausted, "references": ", ".join(refused)},
        )
    for round_ in freed_rounds:
        _offer_first_reserve(request, round_)


def _offer_first_reserve(request, round_):
    reserve = first_reserve(round_)
    if reserve is None:
        message = _("%(round)s: Ein Platz ist frei geworden. Die Nachrückerliste ist leer.")
        messages.warning(request, message % {"round": round_})
        return
    messages.warning(
        request,
        _(
            "%(round)s: Ein Platz ist frei geworden. Erster Nachrücker ist %(application)s – "
            "Sie können ihn mit „Auswählen“ nachrücken lassen."
        )
        % {"round": round_, "application": reserve},
    )


@admin.action(description=gettext_lazy("In die engere Auswahl nehmen"), permissions=["change"])
def shortlist_applications(modeladmin, request, queryset):
    message = _("In die engere Auswahl genommen: %(references)s.")
    _run(modeladmin, request, queryset, application_shortlist, message)


@admin.action(description=gettext_lazy("Auswählen"), permissions=["change"])
def select_applications(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, application_select, _("Ausgewählt: %(references)s."))


@admin.action(description=gettext_lazy("Auf die Nachrückerliste setzen"), permissions=["change"])
def reserve_applications(modeladmin, request, queryset):
    message = _("Auf die Nachrückerliste gesetzt: %(references)s.")
    _run(modeladmin, request, queryset, application_reserve, message)


@admin.action(description=gettext_lazy("Absagen"), permissions=["change"])
def reject_applications(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, application_reject, _("Abgesagt: %(references)s."))


@admin.action(description=gettext_lazy("Entscheidung per E-Mail senden"), permissions=["change"])
def send_decisions(modeladmin, request, queryset):
    """Shows the mails first; sends only after the confirmation, never twice.

    The confirmation posts the status each mail was previewed with; an application
    whose status has changed since is not sent.
    """
    applications = list(queryset.select_related("round").order_by("round_id", "number"))
    if not action_confirmed(request):
        sendable = [application for application in applications if application.has_decision_to_send]
        return confirmation_page(
            modeladmin,
            request,
            template="admin/applications/application/decision_confirm.html",
            title=_("Entscheidung per E-Mail senden"),
            action="send_decisions",
            objects=applications,
            submit_label=_("Ja, E-Mails jetzt senden") if sendable else None,
            hidden_fields=[
                (f"previewed_status_{application.pk}", application.status)
                for application in sendable
            ],
            previews=[
                (application, render_application_decision(application)) for application in sendable
            ],
            skipped=[application for application in applications if application not in sendable],
        )
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


@admin.action(
    description=gettext_lazy("Markierte Unternehmen als CSV exportieren"), permissions=["view"]
)
def export_applications(modeladmin, request, queryset):
    rounds = {application.round for application in queryset.select_related("round")}
    round_ = rounds.pop() if len(rounds) == 1 else None
    return export_response(round_=round_, queryset=queryset)


# The actions of the application list, in the order staff see them.
ACTIONS = [
    shortlist_applications,
    select_applications,
    reserve_applications,
    reject_applications,
    send_decisions,
    export_applications,
]
