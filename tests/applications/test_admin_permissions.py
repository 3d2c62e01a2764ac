"""Who may see the staff's workplace: the group's permissions, plain staff, anonymous."""

import importlib

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from applications import permissions
from applications.permissions import STAFF_GROUP_NAME
from digiscouts.admin_history import OwnHistoryMixin
from events.models import Event, Phase, Registration, Round
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    PhaseFactory,
    RegistrationFactory,
    RoundFactory,
)
from tests.factories.applications import staff_member
from tests.helpers import run_action

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"

# What migration 0002 gave the group: review applications, read rounds and events.
GROUP_PERMISSIONS_0002 = [
    ("applications", "change_application"),
    ("applications", "view_application"),
    ("applications", "view_applicationstatuschange"),
    ("events", "change_registration"),
    ("events", "view_event"),
    ("events", "view_phase"),
    ("events", "view_registration"),
    ("events", "view_round"),
]

# What the office needs to run a round alone (applications 0005, announcements 0002:
# write announcements, watch and resend the outbox): no deleting of registrations or
# applications, nothing of auth, no admin log.
STAFF_GROUP_PERMISSIONS = sorted(
    [
        ("announcements", "add_announcement"),
        ("announcements", "view_announcement"),
        ("post_office", "change_email"),
        ("post_office", "view_email"),
        ("applications", "change_application"),
        ("applications", "view_application"),
        ("applications", "view_applicationstatuschange"),
        *(
            ("events", f"{verb}_{model}")
            for model in ("round", "event", "phase")
            for verb in ("add", "change", "delete", "view")
        ),
        ("events", "add_registration"),
        ("events", "change_registration"),
        ("events", "view_registration"),
        *(("events", f"{verb}_milestone") for verb in ("add", "change", "delete", "view")),
        ("applications", "view_participation"),
        ("applications", "change_participation"),
        ("applications", "view_milestonereached"),
        ("applications", "add_milestonereached"),
        ("applications", "delete_milestonereached"),
        ("applications", "view_participationchange"),
        ("digiscouts", "view_legaltext"),
        ("digiscouts", "change_legaltext"),
    ]
)


def group_permissions():
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    return sorted(group.permissions.values_list("content_type__app_label", "codename"))


def test_staff_group_created_by_the_data_migration_has_exactly_the_needed_permissions():
    assert group_permissions() == STAFF_GROUP_PERMISSIONS


def test_staff_group_migration_keeps_its_own_permissions_when_the_live_ones_change(monkeypatch):
    migration = importlib.import_module("applications.migrations.0002_staff_group")
    state = MigrationLoader(connection).project_state(("applications", "0002_staff_group"))
    monkeypatch.setattr(permissions, "STAFF_PERMISSIONS", (("auth", "delete_user"),))
    Group.objects.filter(name=STAFF_GROUP_NAME).delete()

    migration.forwards(state.apps, None)

    assert group_permissions() == GROUP_PERMISSIONS_0002


def test_admin_group_user_sees_applications_but_cannot_add_or_delete(staff_client):
    application = ApplicationFactory()

    codes = [
        staff_client.get(CHANGELIST).status_code,
        staff_client.get(f"{CHANGELIST}{application.pk}/change/").status_code,
        staff_client.get(f"{CHANGELIST}add/").status_code,
        staff_client.get(f"{CHANGELIST}{application.pk}/delete/").status_code,
        staff_client.get("/verwaltung/events/round/").status_code,
        staff_client.get(f"/verwaltung/events/round/{application.round.pk}/change/").status_code,
        staff_client.get("/verwaltung/auth/user/").status_code,
        staff_client.get("/verwaltung/auth/group/").status_code,
    ]

    assert codes == [200, 200, 403, 403, 200, 200, 403, 403]


def test_admin_not_even_a_superuser_deletes_an_application(admin_client):
    # Deleting would pass the erasure service by (history rows, outbox): erase instead.
    application = ApplicationFactory()

    delete = admin_client.get(f"{CHANGELIST}{application.pk}/delete/")
    changelist = admin_client.get(CHANGELIST)

    assert delete.status_code == 403
    assert [
        name
        for name, _label in changelist.context["action_form"].fields["action"].choices
        if name == "delete_selected"
    ] == []


def test_admin_plain_staff_user_sees_no_applications(client):
    application = ApplicationFactory()
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    codes = [
        client.get(url).status_code
        for url in (
            CHANGELIST,
            f"{CHANGELIST}{application.pk}/change/",
            f"{CHANGELIST}export/{application.round.pk}/",
        )
    ]

    assert codes == [403, 403, 403]
    assert "Bewerbungen" not in client.get("/verwaltung/").content.decode()


def test_admin_anonymous_is_sent_to_the_login(client):
    application = ApplicationFactory()

    responses = [
        client.get(url) for url in (CHANGELIST, f"{CHANGELIST}export/{application.round.pk}/")
    ]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [
        (302, "/verwaltung/login/"),
        (302, "/verwaltung/login/"),
    ]


def test_seed_staff_demo_creates_a_group_member_without_superuser_rights():
    call_command("seed_staff_demo", "--username", "demo", "--password", "Demo-Passwort-2021")

    user = get_user_model().objects.get(username="demo")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Fachdienst Wirtschaft"]
    assert user.check_password("Demo-Passwort-2021")
    assert user.has_perm("applications.change_application")


# -- the events side: the group builds rounds, events and phases; deletes only what
#    holds no personal data (PROTECT); plain staff and anonymous get nothing ----------

ADMIN = "/verwaltung/events"


def _event_pages(event):
    round_, phase = event.round, PhaseFactory(round=event.round)
    return [
        f"{ADMIN}/round/add/",
        f"{ADMIN}/round/{round_.pk}/change/",
        f"{ADMIN}/event/add/",
        f"{ADMIN}/event/{event.pk}/change/",
        f"{ADMIN}/phase/add/",
        f"{ADMIN}/phase/{phase.pk}/change/",
        f"{ADMIN}/registration/add/",
    ]


def test_admin_group_user_opens_the_round_event_phase_and_registration_forms(staff_client):
    pages = _event_pages(EventFactory(capacity=10))

    assert [staff_client.get(url).status_code for url in pages] == [200] * 7


def test_admin_plain_staff_user_is_refused_the_round_event_phase_and_registration_forms(
    client,
):
    pages = _event_pages(EventFactory(capacity=10))
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    assert [client.get(url).status_code for url in pages] == [403] * 7


def test_admin_anonymous_is_sent_to_the_login_from_the_event_forms(client):
    pages = _event_pages(EventFactory(capacity=10))

    responses = [client.get(url) for url in pages]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [
        (302, "/verwaltung/login/")
    ] * 7


def test_admin_group_user_deletes_a_round_copied_by_mistake(staff_client):
    event = EventFactory(capacity=10)
    PhaseFactory(round=event.round)
    url = f"{ADMIN}/round/{event.round.pk}/delete/"

    page = staff_client.get(url)
    response = staff_client.post(url, {"post": "yes"})

    assert (page.status_code, page.context["protected"]) == (200, [])
    assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/round/")
    assert (Round.objects.count(), Event.objects.count(), Phase.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    "holder",
    [
        lambda event: RegistrationFactory(event=event, company="Muster GmbH"),
        lambda event: ApplicationFactory(round=event.round),
    ],
    ids=["registration", "application"],
)
def test_admin_round_holding_personal_data_cannot_be_deleted(staff_client, holder):
    event = EventFactory(capacity=10)
    holder(event)
    url = f"{ADMIN}/round/{event.round.pk}/delete/"

    page = staff_client.get(url)
    response = staff_client.post(url, {"post": "yes"})

    assert page.templates[0].name == "admin/delete_confirmation.html"
    assert len(page.context["protected"]) == 1
    assert page.context["title"] == "Kann Programmrunde nicht löschen"
    assert response.status_code == 200
    assert (Round.objects.count(), Event.objects.count()) == (1, 1)


def test_admin_event_holding_a_registration_cannot_be_deleted_alone_or_in_bulk(staff_client):
    event = EventFactory(capacity=10)
    RegistrationFactory(event=event)

    single = staff_client.post(f"{ADMIN}/event/{event.pk}/delete/", {"post": "yes"})
    bulk = run_action(
        staff_client, "admin:events_event_changelist", "delete_selected", [event], post="yes"
    )
    rounds = run_action(
        staff_client, "admin:events_round_changelist", "delete_selected", [event.round], post="yes"
    )

    assert single.templates[0].name == "admin/delete_confirmation.html"
    assert [r.templates[0].name for r in (bulk, rounds)] == [
        "admin/delete_selected_confirmation.html"
    ] * 2
    assert (Event.objects.count(), Registration.objects.count()) == (1, 1)


def test_admin_group_user_may_not_delete_registrations(staff_client):
    registration = RegistrationFactory()

    response = staff_client.post(f"{ADMIN}/registration/{registration.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Registration.objects.count() == 1


def test_admin_group_user_sees_neither_users_nor_the_log_of_others(staff_client, admin_user):
    round_ = RoundFactory(title="Fremde Runde")
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[round_], action_flag=CHANGE, change_message="geheim"
    )
    group_user = get_user_model().objects.get(username="sachbearbeitung")

    codes = [
        staff_client.get(url).status_code
        for url in (
            "/verwaltung/auth/user/",
            f"/verwaltung/auth/user/{admin_user.pk}/change/",
            "/verwaltung/auth/group/",
            "/verwaltung/auth/group/add/",
            "/verwaltung/admin/logentry/",
        )
    ]
    index = staff_client.get("/verwaltung/")

    assert codes == [403, 403, 403, 403, 404]
    assert group_user.has_perm("admin.view_logentry") is False
    assert "Fremde Runde" not in index.content.decode()


# -- Django's history page of an object: the group user reads only their own entries ----


def _log(user, obj, message):
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[obj], action_flag=CHANGE, change_message=message
    )


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("admin:events_round_history", RoundFactory),
        ("admin:events_event_history", EventFactory),
        ("admin:events_registration_history", RegistrationFactory),
        ("admin:applications_application_history", ApplicationFactory),
    ],
    ids=["round", "event", "registration", "application"],
)
def test_admin_history_page_shows_the_group_user_only_their_own_entries(
    staff_client, admin_user, url_name, factory
):
    obj = factory()
    group_user = get_user_model().objects.get(username="sachbearbeitung")
    _log(admin_user, obj, "geheime Änderung des Superusers")
    _log(group_user, obj, "eigene Änderung")

    response = staff_client.get(reverse(url_name, args=[obj.pk]))

    entries = [(e.user.username, e.change_message) for e in response.context["action_list"]]
    assert entries == [("sachbearbeitung", "eigene Änderung")]
    assert response.context["subtitle"] == "Nur Ihre eigenen Änderungen"
    assert "geheime Änderung" not in response.content.decode()


def test_admin_history_page_shows_a_superuser_every_entry(admin_client, admin_user):
    application = ApplicationFactory()
    _log(staff_member(), application, "Änderung der Sachbearbeitung")
    _log(admin_user, application, "Änderung des Superusers")

    response = admin_client.get(
        reverse("admin:applications_application_history", args=[application.pk])
    )

    entries = [e.change_message for e in response.context["action_list"]]
    assert entries == ["Änderung der Sachbearbeitung", "Änderung des Superusers"]


def test_admin_every_modeladmin_of_the_portal_hides_the_log_of_others():
    portal_apps = {"applications", "events", "announcements", "post_office", "digiscouts"}

    admins = {
        f"{model._meta.app_label}.{model._meta.model_name}": isinstance(
            model_admin, OwnHistoryMixin
        )
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in portal_apps
    }

    assert admins == {
        "announcements.announcement": True,
        "applications.application": True,
        "applications.participation": True,
        "digiscouts.legaltext": True,
        "events.event": True,
        "events.phase": True,
        "events.registration": True,
        "events.round": True,
        "post_office.email": True,
    }
