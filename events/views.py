from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from digiscouts.abuse import submission_over_limit, too_many_submissions

from .forms import RegistrationForm
from .ics import round_ics
from .models import RegistrationState, RegistrationStatus, TimePosition
from .selectors import (
    published_round_or_404,
    registrable_event_or_404,
    registration_for_token,
    timeline_entries,
)
from .services import RegistrationClosedError, registration_cancel, registration_create

# The session remembers the last registration, so the thank-you page can show its outcome.
SESSION_KEY = "events_last_registration"


def round_timeline(request, slug):
    round_ = published_round_or_404(slug)
    now = timezone.now()
    context = {
        "round": round_,
        "timeline": timeline_entries(round_, now),
        "now": now,
        "application_state": round_.application_state(now),
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
    state = event.registration_state()
    form = None
    if state == RegistrationState.OPEN:
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event)
            if submission_over_limit(request, form, "registration"):
                return too_many_submissions(request)
            if form.honeypot_filled():
                form.refuse_as_bot()
            elif form.is_valid():
                try:
                    result = registration_create(event=event, **form.service_arguments())
                except RegistrationClosedError:
                    return redirect("events:registration_form", **_event_url_kwargs(event))
                except ValidationError as error:  # the capacity changed since the form checked
                    form.add_error("persons", error)
                else:
                    if result.duplicate:
                        return redirect("events:registration_duplicate", **_event_url_kwargs(event))
                    request.session[SESSION_KEY] = result.registration.pk
                    return redirect("events:registration_done", **_event_url_kwargs(event))
        else:
            form = RegistrationForm(event=event)
    context = {
        "event": event,
        "round": event.round,
        "state": state,
        "form": form,
        "seats_free": max(event.capacity - event.seats_taken, 0),
        "queue_exists": event.waitlist_count > 0,
    }
    return render(request, "events/registration_form.html", context)


@never_cache
def registration_done(request, slug, pk):
    event = registrable_event_or_404(slug, pk)
    registration = event.registrations.filter(pk=request.session.get(SESSION_KEY)).first()
    if registration is None:
        return redirect("events:registration_form", **_event_url_kwargs(event))
    context = {
        "event": event,
        "round": event.round,
        "registration": registration,
        "waitlist_position": registration.waitlist_position(),
    }
    return render(request, "events/registration_done.html", context)


def registration_duplicate(request, slug, pk):
    event = registrable_event_or_404(slug, pk)
    return render(
        request, "events/registration_duplicate.html", {"event": event, "round": event.round}
    )


def _invalid_link(request):
    return render(request, "events/registration_invalid_link.html", status=404)


def _can_cancel(registration):
    return (
        not registration.is_cancelled
        and registration.event.position(timezone.now()) == TimePosition.FUTURE
    )


@never_cache
def registration_manage(request, token):
    registration = registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    context = {
        "registration": registration,
        "event": registration.event,
        "round": registration.event.round,
        "token": token,
        "waitlist_position": registration.waitlist_position(),
        "can_cancel": _can_cancel(registration),
    }
    return render(request, "events/registration_manage.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel_view(request, token):
    """Asks on GET, cancels on POST."""
    registration = registration_for_token(token)
    if registration is None:
        return _invalid_link(request)
    if not _can_cancel(registration):
        return redirect("registrations:manage", token=token)
    if request.method == "POST":
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration_cancel(registration=registration)
        if was_confirmed:
            messages.success(request, _("Ihre Anmeldung ist storniert. Ihr Platz wird frei."))
        else:
            messages.success(request, _("Ihre Anmeldung ist storniert."))
        return redirect("registrations:manage", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "round": registration.event.round,
        "token": token,
    }
    return render(request, "events/registration_cancel.html", context)
