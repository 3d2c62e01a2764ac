"""Who may see the staff's workplace: the group's permissions, plain staff, anonymous."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from applications import permissions
from applications.permissions import STAFF_GROUP_NAME
from tests.factories import ApplicationFactory
from tests.factories.applications import staff_member

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

# What the office needs to run a round alone (migration 0005): no deleting of
# registrations or applications, nothing of auth, no admin log.
STAFF_GROUP_PERMISSIONS = sorted(
    [
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
