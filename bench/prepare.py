"""What each benchmark run needs in the filled database, printed as JSON for bench/run.py.

    python -m bench.prepare context              # refresh, clean up, the scenarios' paths
    python -m bench.prepare race-event --capacity 50
    python -m bench.prepare race-count --event 123

`context` moves the current round's dates to today (a fill made weeks ago still has
open applications and an info event ahead), removes what earlier runs left (the load's
registrations, the race's events, the outbox, sessions, login records), makes sure the
staff login exists and returns the paths of the scenarios, reversed from the portal's
URL names so they follow its URL configuration.
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.choices import ApplicationStatus  # noqa: E402
from applications.links import application_token  # noqa: E402
from applications.models import Application  # noqa: E402
from applications.permissions import staff_group_ensure  # noqa: E402
from bench.fill import (  # noqa: E402
    CURRENT_INFO_CAPACITY,
    CURRENT_SLUG,
    _events,
    aware,
    current_schedule,
    phases,
)
from bench.urls import FLOOR_PATH  # noqa: E402
from events.choices import EventKind  # noqa: E402
from events.models import Event, Phase, Registration, Round  # noqa: E402

# Addresses of the registrations the benchmark itself makes (load and race).
LOAD_DOMAIN = "last.bench.example.org"
RACE_TITLE = "Workshop: Wettlauf um die Plätze (Benchmark)"
STAFF_USERNAME = "bench-fachdienst"
STAFF_PASSWORD = "Bench-Fachdienst-2021!"


def current_round():
    return Round.objects.get(slug=CURRENT_SLUG)


def refresh_current_round(now):
    """Move the current round's schedule to today; its info event takes registrations."""
    schedule = current_schedule(timezone.localdate(now))
    Round.objects.filter(slug=CURRENT_SLUG).update(**schedule["round"])
    round_ = current_round()
    for kind, title, day, clock, minutes, _location, _capacity in _events(
        round_, schedule["info_day"], current=True
    ):
        changes = {"starts_at": aware(day, clock), "duration_minutes": minutes}
        if kind == EventKind.INFO:
            changes |= {
                "capacity": CURRENT_INFO_CAPACITY,
                "registration_opens_at": now - timedelta(days=7),
                "registration_closes_at": None,
                "cancelled_at": None,
            }
        Event.objects.filter(round=round_, kind=kind, title=title).update(**changes)
    for title, start, end in phases(round_):
        Phase.objects.filter(round=round_, title=title).update(start_date=start, end_date=end)
    try:
        from events.models import Milestone, default_milestones
    except ImportError:
        return round_
    for position, (_title, due) in enumerate(default_milestones(round_), start=1):
        Milestone.objects.filter(round=round_, position=position).update(due_date=due)
    return round_


def _delete_all(label):
    try:
        model = apps.get_model(label)
    except LookupError:
        return
    model.objects.all().delete()


def clean_up():
    """Remove what earlier runs left; the fill itself stays as it was."""
    with transaction.atomic():
        Registration.objects.filter(email_key__endswith=f"@{LOAD_DOMAIN}").delete()
        race = Event.objects.filter(round__slug=CURRENT_SLUG, title=RACE_TITLE)
        Registration.objects.filter(event__in=race).delete()
        race.delete()
        # The fill writes no e-mails, sessions or login records: all of these are the runs'.
        for label in (
            "post_office.Log",
            "post_office.Email",
            "post_office.Attachment",
            "digiscouts.OutboxFile",
            "axes.AccessAttempt",
            "axes.AccessLog",
            "axes.AccessFailureLog",
        ):
            _delete_all(label)
        Session.objects.all().delete()


def staff_user():
    """A member of "Fachdienst Wirtschaft" (no superuser), as district staff log in."""
    user, created = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True, "email": "bench@kreis-re.de"}
    )
    if created or not user.check_password(STAFF_PASSWORD):
        user.set_password(STAFF_PASSWORD)
        user.is_staff = True
        user.is_active = True
        user.save()
    user.groups.add(staff_group_ensure())
    return user


def status_application(round_):
    """The firm whose personal page is measured: selected, the decision e-mailed."""
    applications = Application.objects.filter(round=round_).order_by("number")
    return (
        applications.filter(
            status=ApplicationStatus.SELECTED, decision_sent_status=ApplicationStatus.SELECTED
        ).first()
        or applications.first()
    )


def registration_data(email):
    """A valid POST of the registration form for one person (events/forms.py)."""
    return {
        "company": "Lasttest Metallbau GmbH",
        "first_name": "Erika",
        "last_name": "Muster",
        "function": "Ausbildungsleitung",
        "email": email,
        "phone": "",
        "municipality": "Marl",
        "persons": "1",
        "remark": "",
        "consent": "on",
        "website_url": "",
    }


def context(*, clean=True):
    """Everything the runner and bench.queries need to build their requests."""
    now = timezone.now()
    round_ = refresh_current_round(now)
    if clean:
        clean_up()
    staff_user()
    info = Event.objects.get(round=round_, kind=EventKind.INFO)
    application = status_application(round_)
    admin = "admin:applications_application_changelist"
    paths = {
        "floor": "/" + FLOOR_PATH,
        "home": reverse("home"),
        "timeline": reverse("events:timeline", kwargs={"slug": round_.slug}),
        "precheck": reverse("applications:precheck", kwargs={"slug": round_.slug}),
        "apply": reverse("applications:apply", kwargs={"slug": round_.slug}),
        "register_form": reverse(
            "events:registration_form", kwargs={"slug": round_.slug, "pk": info.pk}
        ),
        "register_post": reverse(
            "events:registration_form", kwargs={"slug": round_.slug, "pk": info.pk}
        ),
        "status": reverse("applications:status", kwargs={"token": application_token(application)}),
        "changelist": reverse(admin),
        "overview": reverse("admin:events_round_overview", kwargs={"round_id": round_.pk}),
    }
    return {
        "paths": paths,
        "login_path": reverse("admin:login"),
        "admin_index": reverse("admin:index"),
        "staff": {"username": STAFF_USERNAME, "password": STAFF_PASSWORD},
        "load_domain": LOAD_DOMAIN,
        "registration_data": registration_data(f"vorlage@{LOAD_DOMAIN}"),
        # The ticked rows of the list's first page, sent with "select all" (select_across).
        "first_page_ids": list(
            Application.objects.order_by("round", "number").values_list("pk", flat=True)[:100]
        ),
        "counts": {
            "rounds": Round.objects.count(),
            "applications": Application.objects.count(),
            "registrations": Registration.objects.count(),
            "current_round_applications": Application.objects.filter(round=round_).count(),
        },
        "site_url": settings.SITE_URL,
    }


def race_event(capacity):
    """A fresh workshop of the current round with ``capacity`` seats, open for registration."""
    now = timezone.now()
    round_ = current_round()
    event = Event.objects.create(
        round=round_,
        kind=EventKind.WORKSHOP,
        title=RACE_TITLE,
        starts_at=now + timedelta(days=10),
        duration_minutes=120,
        location="Kreishaus Recklinghausen, Raum 1.12",
        capacity=capacity,
        registration_opens_at=now - timedelta(hours=1),
    )
    path = reverse("events:registration_form", kwargs={"slug": round_.slug, "pk": event.pk})
    return {"event": event.pk, "path": path, "capacity": capacity}


def race_count(event_id):
    """Registrations and persons of the event by status, read from the database."""
    rows = (
        Registration.objects.filter(event_id=event_id)
        .values("status")
        .annotate(registrations=Count("pk"), persons=Sum("persons"))
    )
    return {
        "capacity": Event.objects.get(pk=event_id).capacity,
        "by_status": {
            row["status"]: {"registrations": row["registrations"], "persons": row["persons"]}
            for row in rows
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("context")
    race = commands.add_parser("race-event")
    race.add_argument("--capacity", type=int, default=50)
    count = commands.add_parser("race-count")
    count.add_argument("--event", type=int, required=True)
    args = parser.parse_args(argv)
    if args.command == "context":
        result = context()
    elif args.command == "race-event":
        result = race_event(args.capacity)
    else:
        result = race_count(args.event)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
