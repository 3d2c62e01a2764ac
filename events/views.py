from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from digiscouts.abuse import form_status, public_form_valid
from digiscouts.errors import ServiceError
from digiscouts.languages import current_language

from .choices import RegistrationWindow
from .forms import RegistrationForm
from .ics import round_ics
from .links import registration_for_token
from .selectors import (
    published_round_or_404,
    registrable_event_or_404,
    timeline_entries,
)
from .services import RegistrationClosedError, registration_cancel, registration_create

# The session remembers the event and the address just typed, for the thank-you page,
# which takes them out again: shown once, the address stays in no session store. The
# page reads the same whether the address was new or already registered: that, and
# the status, go only by e-mail to the stored address (nobody learns who registered).
SESSION_KEY = "events_last_registration"
# The state of the public registration page of an event kept to the participating firms
# (Event.participants_only): they register through their invitation, the page has no form.
PARTICIPANTS_ONLY = "participants_only"


def round_timeline(request, slug):
    round_ = published_round_or_404(slug)
    now = timezone.now()
    context = {
        "round": round_,
        "timeline": timeline_entries(round_, now, with_round_dates=True),
        "now": now,
        "application_window": round_.application_window(now),
    }
    return render(request, "events/timeline.html", context)


def round_calendar(request, slug):
    round_ = published_round_or_404(slug)
    response = HttpResponse(round_ics(round_), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="digiscouts-{round_.slug}.ics"'
    return response


def _event_url_kwargs(event):
    return {"slug": event.round.slug, "pk": event.pk}


@require_http_methods(["GET", "POST"])
def registration_form(request, slug, pk):
    event = registrable_event_or_404(slug, pk)
    state = event.registration_window()
    if event.participants_only and state != RegistrationWindow.CANCELLED:
        state = PARTICIPANTS_ONLY
    form = None
    if state == RegistrationWindow.OPEN:
        form = RegistrationForm(request.POST if request.method == "POST" else None, event=event)
        if request.method == "POST" and public_form_valid(request, form, "registration"):
            try:
                registration_create(
                    event=event, language=current_language(), **form.service_arguments()
                )
            except RegistrationClosedError:
                return redirect("events:registration_form", **_event_url_kwargs(event))
            except ServiceError as error:  # the capacity changed since the form checked
                form.add_error("persons", error.message)
            else:
                request.session[SESSION_KEY] = {"event": event.pk, "email": form_email(form)}
                return redirect("events:registration_done", **_event_url_kwargs(event))
    context = {
        "event": event,
        "round": event.round,
        "state": state,
        "form": form,
    }
    return render(request, "events/registration_form.html", context, status=form_status(form))


def form_email(form):
    """The address as typed (stripped), to name it on the thank-you page."""
    return form.cleaned_data["email"].strip()


@never_cache
def registration_done(request, slug, pk):
    """The same page after a new and after a repeated registration (see SESSION_KEY)."""
    event = registrable_event_or_404(slug, pk)
    last = request.session.get(SESSION_KEY)
    if not isinstance(last, dict) or last.get("event") != event.pk:
        return redirect("events:registration_form", **_event_url_kwargs(event))
    del request.session[SESSION_KEY]  # shown once: a reload leads back to the form
    context = {"event": event, "round": event.round, "email": last["email"]}
    return render(request, "events/registration_done.html", context)


def registration_duplicate(request, slug, pk):
    """Formerly the page after a repeated registration; it now reads as any other."""
    return redirect("events:registration_done", slug=slug, pk=pk)


def _invalid_link(request):
    return render(request, "events/registration_invalid_link.html", status=404)


@never_cache
def registration_manage(request, token):
    registration = registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    now = timezone.now()
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "round": event.round,
        "token": token,
        "waitlist_position": registration.waitlist_position(),
        # Until the event starts; after that (or once cancelled) the page offers nothing
        # to change: neither cancelling nor a change of the data.
        "can_cancel": registration.is_cancellable(now),
        "event_position": event.position(now),
        # The online link is private: only a registration with a seat sees it.
        "show_online_link": registration.holds_seat,
    }
    return render(request, "events/registration_manage.html", context)


def _cancelled_message(held_seat, promoted):
    """What became of the seat: moved to the waiting list, or free again."""
    if not held_seat:
        return _("Ihre Anmeldung ist storniert.")
    if promoted:
        return _(
            "Ihre Anmeldung ist storniert. Ihr Platz ist an die nächste Person auf der "
            "Warteliste gegangen."
        )
    return _("Ihre Anmeldung ist storniert. Ihr Platz wird frei.")


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel_view(request, token):
    """Asks on GET, cancels on POST."""
    registration = registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    if not registration.is_cancellable():
        return redirect("registrations:manage", token=token)
    if request.method == "POST":
        held_seat = registration.holds_seat
        try:
            promoted = registration_cancel(registration=registration)
        except ServiceError as error:  # the event started since the page was shown
            messages.error(request, error.message)
        else:
            messages.success(request, _cancelled_message(held_seat, promoted))
        return redirect("registrations:manage", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "round": registration.event.round,
        "token": token,
        # The page promises the seat to the waiting list only when somebody waits.
        "someone_waits": registration.event.registrations.waitlisted().exists(),
    }
    return render(request, "events/registration_cancel.html", context)
