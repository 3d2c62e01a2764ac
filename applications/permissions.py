"""The staff group "Fachdienst Wirtschaft" and exactly the permissions its work needs.

Used by tests (a transactional test flushes the group) and the seed_staff_demo
command. Migration 0002 keeps its own copy of the permissions; a change here needs
a new data migration.
"""

from django.apps import apps as global_apps

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"

# (app label, codename): review and change applications and registrations,
# read rounds, events and phases, read the status history.
STAFF_PERMISSIONS = (
    ("applications", "view_application"),
    ("applications", "change_application"),
    ("applications", "view_applicationstatuschange"),
    ("events", "view_registration"),
    ("events", "change_registration"),
    ("events", "view_round"),
    ("events", "view_event"),
    ("events", "view_phase"),
)


def staff_group_ensure(apps=global_apps):
    """Create the group if needed and give it exactly STAFF_PERMISSIONS."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    permissions = []
    for app_label, codename in STAFF_PERMISSIONS:
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    group.permissions.set(permissions)
    return group
