"""The status actions of the application list: ask first where something is lost, then act.

Nothing is lost, and the action acts at once, when every marked application is
unreviewed, shortlisted or a reserve whose decision has not been e-mailed and is
shortlisted, selected or put on the reserve list: each of these can be moved on
again. The action asks first when it would
- reject (the company's application ends; reopening puts it back to the start only),
- reopen (the history needs the reason, typed on the page),
- take the place of a selected firm (another firm may take it meanwhile), or
- change a decision the company has been told by e-mail: the page says which e-mail
  went out, when and by whom, and a checkbox must confirm it.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from digiscouts.admin_confirm import action_confirmed, confirmation_page

from ..choices import ApplicationStatus
from ..selectors import first_reserves
from ..services import ApplicationError, PlacesExhausted
from ..services.common import REFUSALS
from .decisions import decision_preview

S = ApplicationStatus
TEMPLATE = "admin/applications/application/status_confirm.html"
# Targets that always ask first (see the module's docstring).
ALWAYS_ASK = frozenset({S.REJECTED, S.SUBMITTED})


class StatusChangeForm(forms.Form):
    """The note for the history and, for a decision already e-mailed, the confirmation."""

    required_css_class = "required"

    note = forms.CharField(
        label=gettext_lazy("Notiz für den Statusverlauf"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    understood = forms.BooleanField(
        label=gettext_lazy(
            "Ich habe verstanden, dass diese Unternehmen ihre bisherige Entscheidung bereits "
            "per E-Mail erhalten haben und dass sie die geänderte Entscheidung erst mit einer "
            "berichtigten E-Mail erfahren."
        ),
        required=False,
        label_suffix="",
        error_messages={
            "required": gettext_lazy(
                "Bitte bestätigen Sie, dass Sie eine bereits versandte Entscheidung ändern."
            )
        },
    )

    def __init__(self, *args, note_required, published, **kwargs):
        super().__init__(*args, **kwargs)
        if note_required:
            note = self.fields["note"]
            note.required = True
            note.label = _("Grund der Wiederaufnahme")
            note.error_messages["required"] = _(
                "Bitte geben Sie an, warum die Bewerbung wieder aufgenommen wird."
            )
        if published:
            self.fields["understood"].required = True
        else:
            del self.fields["understood"]


@dataclass
class PlannedChange:
    """What the action would do to one marked application, as the page lists it."""

    application: object
    target: str

    @property
    def refusal(self):
        """The service's refusal sentence when the transition is not allowed, else ""."""
        if self.application.status in S.allowed_from(self.target):
            return ""
        return REFUSALS[self.target] % {
            "reference": self.application.reference,
            "status": self.application.status_display,
        }

    @property
    def published(self):
        """The change would reverse a decision the company has been told."""
        return not self.refusal and self.application.decision_published

    @property
    def loss(self):
        """What the application gives up, in German, or ""."""
        if self.refusal:
            return ""
        if self.application.status == S.SELECTED:
            return _("gibt ihren Platz in der Runde frei")
        if self.application.status == S.RESERVE and self.target != S.SELECTED:
            return _("verlässt die Nachrückerliste (Platz %(position)d)") % {
                "position": self.application.reserve_position
            }
        return ""


def _asks_first(target, plans):
    if target in ALWAYS_ASK:
        return True
    return any(plan.loss or plan.published for plan in plans)


def run_status_action(modeladmin, request, queryset, *, target, service, texts):
    """The status action's whole flow: plan, ask first if needed, act, report.

    ``texts``: title, submit (label of the button) and done (message with %(references)s).
    Returns the confirmation page, the decision e-mail preview for decisions that now
    differ from the e-mailed ones (the corrected e-mail is offered), or None.
    """
    applications = list(
        queryset.select_related("round", "decision_sent_by").order_by("round_id", "number")
    )
    plans = [PlannedChange(application, target) for application in applications]
    published = [plan for plan in plans if plan.published]
    form = StatusChangeForm(
        request.POST if action_confirmed(request) else None,
        note_required=target == S.SUBMITTED,
        published=bool(published),
    )
    asks = _asks_first(target, plans)
    if asks and not (action_confirmed(request) and form.is_valid()):
        changes = [plan for plan in plans if not plan.refusal]
        return confirmation_page(
            modeladmin,
            request,
            template=TEMPLATE,
            title=texts["title"],
            action=request.POST["action"],
            objects=applications,
            submit_label=texts["submit"] if changes else None,
            form=form,
            target_label=S(target).label,
            changes=changes,
            published=published,
            refused=[plan for plan in plans if plan.refusal],
        )
    options = form.cleaned_data if asks else {"note": "", "understood": False}
    changed = _act(request, applications, service, texts["done"], options)
    return _offer_corrected_decisions(modeladmin, request, changed)


def _act(request, applications, service, done_message, options):
    """Call the service for each application; report; return the changed applications."""
    kwargs = {"note": options.get("note", "")}
    if options.get("understood"):
        kwargs["confirm_published"] = True
    done, refused, exhausted = [], [], None
    freed_rounds = {}
    for application in applications:
        try:
            result = service(application=application, by=request.user, **kwargs)
        except PlacesExhausted as exc:
            exhausted = exhausted or exc.message
            refused.append(application.reference)
            continue
        except ApplicationError as exc:
            messages.error(request, exc.message)
            continue
        done.append(result)
        if application.status == S.SELECTED and result.status != S.SELECTED:
            freed_rounds[result.round_id] = result.round
    if done:
        references = ", ".join(result.reference for result in done)
        messages.success(request, done_message % {"references": references})
    if exhausted:
        messages.error(
            request,
            _("%(message)s Nicht ausgewählt: %(references)s.")
            % {"message": exhausted, "references": ", ".join(refused)},
        )
    _offer_first_reserves(request, list(freed_rounds.values()))
    return done


def _offer_first_reserves(request, rounds):
    """A selected firm left: name each round's first reserve, who may move up."""
    reserves = first_reserves(rounds)
    for round_ in rounds:
        reserve = reserves.get(round_.pk)
        if reserve is None:
            message = _("%(round)s: Ein Platz ist frei geworden. Die Nachrückerliste ist leer.")
            messages.warning(request, message % {"round": round_})
            continue
        messages.warning(
            request,
            _(
                "%(round)s: Ein Platz ist frei geworden. Erster Nachrücker ist %(application)s – "
                "Sie können ihn mit „Auswählen“ nachrücken lassen."
            )
            % {"round": round_, "application": reserve},
        )


def _offer_corrected_decisions(modeladmin, request, changed):
    """After a change of an e-mailed decision: offer the corrected decision e-mail."""
    corrected = [
        application
        for application in changed
        if application.decision_sent_status
        and application.decision_sent_status != application.status
    ]
    if not corrected:
        return None
    sendable = [application for application in corrected if application.has_decision_to_send]
    waiting = [application for application in corrected if not application.has_decision_to_send]
    if waiting:
        message = ngettext(
            "%(references)s: Das Unternehmen kennt noch die bisherige Entscheidung aus der "
            "E-Mail. Sobald neu entschieden ist, senden Sie ihm die berichtigte Entscheidung "
            "mit „Entscheidung per E-Mail senden“.",
            "%(references)s: Die Unternehmen kennen noch die bisherige Entscheidung aus der "
            "E-Mail. Sobald neu entschieden ist, senden Sie ihnen die berichtigte Entscheidung "
            "mit „Entscheidung per E-Mail senden“.",
            len(waiting),
        )
        references = ", ".join(application.reference for application in waiting)
        messages.warning(request, message % {"references": references})
    if not sendable:
        return None
    message = ngettext(
        "%(references)s: Das Unternehmen hat eine andere Entscheidung per E-Mail erhalten. "
        "Senden Sie ihm jetzt die berichtigte Entscheidung.",
        "%(references)s: Die Unternehmen haben eine andere Entscheidung per E-Mail erhalten. "
        "Senden Sie ihnen jetzt die berichtigte Entscheidung.",
        len(sendable),
    )
    references = ", ".join(application.reference for application in sendable)
    messages.warning(request, message % {"references": references})
    return decision_preview(modeladmin, request, sendable)
