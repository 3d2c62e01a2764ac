"""Public pages of the application: pre-check, form, confirmation and the personal status page.

Behind the same personal link, a participating firm finds its page of the six months:
where the round stands, its milestones, its next events and registrations, its idea.

Views only coordinate: bind the form, call the service, message, redirect.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from digiscouts.abuse import form_status, public_form_valid
from digiscouts.errors import ServiceError
from digiscouts.languages import current_language
from events.choices import RegistrationWindow
from events.forms import RegistrationForm
from events.models import Event, Registration
from events.selectors import published_round_or_404
from events.services import RegistrationClosedError, registration_create

from .choices import ApplicationStatus
from .firm_page import (
    AFTER,
    ENDED,
    PARTICIPANT,
    firm_page_context,
    firm_state_of,
    participation_of,
    round_stage,
)
from .forms import ApplicationForm, PreCheckForm, WithdrawForm
from .idea_forms import ConsentWithdrawForm, IdeaForm, LeaveForm
from .links import application_for_token
from .models import Application
from .progress import berlin_today
from .services import (
    ApplicationError,
    ApplicationWindowClosed,
    NotEligible,
    ParticipationError,
    application_submit,
    application_update,
    application_withdraw,
    participation_idea_save,
)
from .services.participation import participation_consent_withdraw

# The round and the address just typed, for the thank-you page. The page reads the same
# whether the company or address had applied already: that goes only by e-mail to the
# address stored with the earlier application (nobody learns who has applied). Shown
# once: the thank-you page takes the address out of the session.
SESSION_SUBMITTED = "applications:submitted"
PRECHECK_FIELDS = ("employees", "municipality", "apprentices", "postcode")
IDENTITY_CHANGE_NOTE = _lazy(
    "Den Namen des Unternehmens, die Kommune und die E-Mail-Adresse ändern wir nur nach "
    "Prüfung. Wir haben Ihnen dazu eine E-Mail an Ihre bisherige Adresse geschickt; bis "
    "dahin gelten die bisherigen Angaben."
)


def _not_open(request, round_, state):
    return render(request, "applications/not_open.html", {"round": round_, "state": state})


def precheck(request, slug):
    """Passt Digiscouts zu Ihrem Unternehmen? Three questions, answered at once, nothing stored."""
    round_ = published_round_or_404(slug)
    bound = any(name in request.GET for name in PRECHECK_FIELDS)
    form = PreCheckForm(request.GET if bound else None, round_=round_)
    eligible = form.is_valid() if bound else None
    apply_url = reverse("applications:apply", kwargs={"slug": round_.slug})
    if eligible:
        apply_url += "?" + urlencode(
            {name: request.GET[name] for name in PRECHECK_FIELDS if request.GET.get(name)}
        )
    context = {
        "round": round_,
        "form": form,
        "eligible": eligible,
        "reasons": getattr(form, "eligibility_reasons", []) if bound else [],
        "state": round_.application_window(),
        "apply_url": apply_url,
    }
    return render(request, "applications/precheck.html", context)


def apply(request, slug):
    round_ = published_round_or_404(slug)
    now = timezone.now()
    if not round_.accepts_applications(now):
        return _not_open(request, round_, round_.application_window(now))
    if request.method == "POST":
        form = ApplicationForm(request.POST, round_=round_)
        if public_form_valid(request, form, "application"):
            try:
                application_submit(
                    round_=round_,
                    language=current_language(),
                    now=now,
                    **form.service_arguments(),
                )
            except ApplicationWindowClosed:
                return _not_open(request, round_, round_.application_window())
            except NotEligible as exc:
                form.add_error(None, exc.message)
            else:
                request.session[SESSION_SUBMITTED] = {
                    "round": round_.pk,
                    "email": form.cleaned_data["contact_email"].strip(),
                }
                return redirect("applications:submitted", slug=round_.slug)
    else:
        initial = {name: request.GET[name] for name in PRECHECK_FIELDS if name in request.GET}
        form = ApplicationForm(initial=initial, round_=round_)
    context = {"round": round_, "form": form}
    return render(request, "applications/form.html", context, status=form_status(form))


def submitted(request, slug):
    """The same page after a new and after a repeated application (see SESSION_SUBMITTED)."""
    round_ = published_round_or_404(slug)
    last = request.session.pop(SESSION_SUBMITTED, None)
    email = last.get("email") if isinstance(last, dict) and last.get("round") == round_.pk else None
    return render(request, "applications/submitted.html", {"round": round_, "email": email})


def duplicate(request, slug):
    """Formerly the page after a repeated application; it now reads as any other."""
    return redirect("applications:submitted", slug=slug)


def _application_or_invalid(request, token):
    application = application_for_token(token)
    if application is None:
        return None, render(request, "applications/link_invalid.html", status=404)
    return application, None


def _nav(round_):
    """The navigation's round: the firm's own (no query of its own), if it is public."""
    return {"nav_round": round_} if round_.is_published else {}


def _status_page(request, application, token, *, participation, idea_form=None, consent_form=None):
    now = timezone.now()
    firm_state = firm_state_of(application, participation)
    context = {
        "application": application,
        "round": application.round,
        "token": token,
        "participation": participation,
        "firm_state": firm_state,
        **_nav(application.round),
    }
    if firm_state == PARTICIPANT:
        context.update(firm_page_context(application, participation, now=now, idea_form=idea_form))
    elif firm_state == ENDED and participation.idea_publish_consent:
        context["consent_form"] = ConsentWithdrawForm()
    if consent_form is not None:
        context["consent_form"] = consent_form
    return render(request, "applications/status.html", context)


def status(request, token):
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    participation = participation_of(application)
    return _status_page(request, application, token, participation=participation)


def idea_save(request, token):
    """The participant's idea: saved on POST (then back to the page), the page with the
    form and its errors otherwise."""
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    page = reverse("applications:status", kwargs={"token": token})
    participation = participation_of(application)
    if request.method != "POST":
        return redirect(page)
    if firm_state_of(application, participation) != PARTICIPANT:
        messages.error(request, _("Eine Idee können nur teilnehmende Unternehmen eintragen."))
        return redirect(page)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            participation_idea_save(participation=participation, **form.service_arguments())
        except ParticipationError as exc:
            if exc.field not in form.fields:
                # Not about what was typed (the round ended, the firm no longer takes
                # part): the page shows the idea read-only and says why.
                messages.error(request, exc.message)
                return redirect(page + "#idee")
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Ihre Idee wurde gespeichert."))
            return redirect(page + "#idee")
    return _status_page(request, application, token, participation=participation, idea_form=form)


def consent_withdraw(request, token):
    """The firm withdraws its consent to publish its idea: at any time, also after the
    round's end or after it left (POST only; the page shows the form)."""
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    page = reverse("applications:status", kwargs={"token": token})
    if request.method != "POST":
        return redirect(page)
    participation = participation_of(application)
    if firm_state_of(application, participation) not in {PARTICIPANT, ENDED}:
        messages.error(request, _("Eine Idee können nur teilnehmende Unternehmen eintragen."))
        return redirect(page)
    form = ConsentWithdrawForm(request.POST)
    if not form.is_valid():
        return _status_page(
            request, application, token, participation=participation, consent_form=form
        )
    try:
        participation_consent_withdraw(participation=participation)
    except ParticipationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Ihre Einwilligung ist widerrufen; die Idee wird nicht veröffentlicht."),
        )
    return redirect(page + "#idee")


def invitation(request, token, event_pk):
    """A participant registers for an event of its round through its personal link, the
    invitation's: also for an event the public form keeps to participants."""
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    event = (
        Event.objects.select_related("round")
        .with_registration_counts()
        .filter(pk=event_pk, round_id=application.round_id)
        .first()
    )
    if event is None:
        raise Http404
    round_ = application.round
    context = {
        "application": application,
        "round": round_,
        "event": event,
        "token": token,
        **_nav(round_),
    }
    participation = participation_of(application)
    if firm_state_of(application, participation) != PARTICIPANT:
        context["state"] = "not_participant"
        return render(request, "applications/invitation.html", context, status=403)
    state = event.registration_window()
    if state == RegistrationWindow.OPEN and (
        event.registrations.active().with_email(application.contact_email).exists()
    ):
        state = "registered"
    form = None
    if state == RegistrationWindow.OPEN:
        form = RegistrationForm(
            request.POST if request.method == "POST" else None,
            event=event,
            initial=_registration_initial(application, round_),
        )
        if request.method == "POST" and public_form_valid(request, form, "registration"):
            try:
                registration_create(
                    event=event,
                    language=current_language(),
                    invited=True,
                    **form.service_arguments(),
                )
            except RegistrationClosedError as exc:
                messages.error(request, exc.message)
                return redirect(request.path)
            except ServiceError as exc:  # the capacity changed since the form checked
                form.add_error("persons", exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Vielen Dank für Ihre Anmeldung zu „%(title)s“. Eine E-Mail mit allen "
                        "Einzelheiten und Ihrem persönlichen Link zur Anmeldung ist an "
                        "%(email)s unterwegs."
                    )
                    % {"title": event.title, "email": form.cleaned_data["email"].strip()},
                )
                return redirect(reverse("applications:status", kwargs={"token": token}))
    context.update({"state": state, "form": form})
    return render(request, "applications/invitation.html", context, status=form_status(form))


def _registration_initial(application, round_):
    """The registration form filled in from the application's contact."""
    municipality = application.municipality
    if municipality not in round_.municipality_names():
        municipality = Registration.OTHER_MUNICIPALITY
    return {
        "company": application.company_name,
        "first_name": application.contact_first_name,
        "last_name": application.contact_last_name,
        "function": application.contact_function,
        "email": application.contact_email,
        "phone": application.contact_phone,
        "municipality": municipality,
    }


def edit(request, token):
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    if not application.is_editable():
        messages.error(request, _("Ihre Bewerbung kann nicht mehr geändert werden."))
        return redirect("applications:status", token=token)
    round_ = application.round
    if request.method == "POST":
        form = ApplicationForm(request.POST, round_=round_, editing=True)
        if public_form_valid(request, form, "application"):
            try:
                result = application_update(application=application, **form.service_arguments())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Ihre Änderungen wurden gespeichert."))
                if result.requested:
                    # Said for every change of company or address, free or taken alike.
                    messages.info(request, IDENTITY_CHANGE_NOTE)
                return redirect("applications:status", token=token)
    else:
        initial = ApplicationForm.initial_from(application)
        form = ApplicationForm(initial=initial, round_=round_, editing=True)
    context = {"round": round_, "form": form, "application": application, "token": token}
    return render(request, "applications/form.html", context, status=form_status(form))


def withdraw(request, token):
    """Asks on GET, withdraws on POST. For a participating firm this ends its
    participation (a drop-out, see participation_follow_status); the place is free."""
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    if not application.is_withdrawable():
        messages.error(request, _("Diese Bewerbung kann nicht zurückgezogen werden."))
        return redirect("applications:status", token=token)
    round_ = application.round
    participant = firm_state_of(application, participation_of(application)) == PARTICIPANT
    now = timezone.now()
    if participant and round_stage(round_, list(round_.events.all()), now) == AFTER:
        messages.error(
            request,
            _("Die Abschlussveranstaltung hat stattgefunden; die Teilnahme ist abgeschlossen."),
        )
        return redirect("applications:status", token=token)
    form_class = LeaveForm if participant else WithdrawForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if participant:
            note = _("Teilnahme vom Unternehmen über den persönlichen Link beendet.")
            done = _("Ihre Teilnahme ist beendet. Wir haben den Fachdienst informiert.")
        else:
            note = _("Vom Unternehmen über den persönlichen Link zurückgezogen.")
            done = _("Ihre Bewerbung wurde zurückgezogen.")
        try:
            application_withdraw(application=application, note=note)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("applications:status", token=token)
    context = {
        "round": round_,
        "application": application,
        "form": form,
        "participant": participant,
        "before_start": berlin_today(now) < round_.start_date,
        "reserve_waiting": participant
        and Application.objects.filter(round=round_, status=ApplicationStatus.RESERVE).exists(),
    }
    return render(request, "applications/withdraw.html", context)
