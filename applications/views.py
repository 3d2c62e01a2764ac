"""Public pages of the application: pre-check, form, confirmation and the personal status page.

Views only coordinate: bind the form, call the service, message, redirect.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from digiscouts.abuse import form_status, public_form_valid
from digiscouts.languages import current_language
from events.selectors import published_round_or_404

from .forms import ApplicationForm, PreCheckForm, WithdrawForm
from .links import application_for_token
from .services import (
    ApplicationError,
    ApplicationWindowClosed,
    NotEligible,
    application_submit,
    application_update,
    application_withdraw,
)

# The round and the address just typed, for the thank-you page. The page reads the same
# whether the company or address had applied already: that goes only by e-mail to the
# address stored with the earlier application (nobody learns who has applied). Shown
# once: the thank-you page takes the address out of the session.
SESSION_SUBMITTED = "applications:submitted"
PRECHECK_FIELDS = ("employees", "municipality", "apprentices")
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
        apply_url += "?" + urlencode({name: request.GET.get(name, "") for name in PRECHECK_FIELDS})
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


def status(request, token):
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    context = {"application": application, "round": application.round, "token": token}
    return render(request, "applications/status.html", context)


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
    """Asks on GET, withdraws on POST."""
    application, invalid = _application_or_invalid(request, token)
    if invalid:
        return invalid
    if not application.is_withdrawable():
        messages.error(request, _("Diese Bewerbung kann nicht zurückgezogen werden."))
        return redirect("applications:status", token=token)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(
                application=application,
                note=_("Vom Unternehmen über den persönlichen Link zurückgezogen."),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Ihre Bewerbung wurde zurückgezogen."))
        return redirect("applications:status", token=token)
    context = {"round": application.round, "application": application, "form": form}
    return render(request, "applications/withdraw.html", context)
