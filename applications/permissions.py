"""The staff group "Fachdienst Wirtschaft" and exactly the permissions its work needs.

Used by tests (a transactional test flushes the group) and the seed_staff_demo
command. Migrations 0002, 0005, 0012, 0014 and announcements/0002 keep their own copy of the
permissions; a change here needs a new data migration.
"""

from django.apps import apps as global_apps

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"

# (app label, codename): review and correct applications; build rounds, events and
# phases (deleting only what holds no personal data: the PROTECT foreign keys refuse
# the rest); take and correct registrations, never delete them; read the history.
STAFF_PERMISSIONS = (
    ("applications", "view_application"),
    ("applications", "change_application"),
    ("applications", "view_applicationstatuschange"),
    ("events", "view_round"),
    ("events", "add_round"),
    ("events", "change_round"),
    ("events", "delete_round"),
    ("events", "view_event"),
    ("events", "add_event"),
    ("events", "change_event"),
    ("events", "delete_event"),
    ("events", "view_phase"),
    ("events", "add_phase"),
    ("events", "change_phase"),
    ("events", "delete_phase"),
    ("events", "view_registration"),
    ("events", "add_registration"),
    ("events", "change_registration"),
    # Migration 0012: the six months.
    ("events", "view_milestone"),
    ("events", "add_milestone"),
    ("events", "change_milestone"),
    ("events", "delete_milestone"),
    ("applications", "view_participation"),
    ("applications", "change_participation"),
    ("applications", "view_milestonereached"),
    ("applications", "add_milestonereached"),
    ("applications", "delete_milestonereached"),
    ("applications", "view_participationchange"),
    # Migration 0014: keep the legal texts (Impressum, Datenschutz, Barrierefreiheit).
    ("digiscouts", "view_legaltext"),
    ("digiscouts", "change_legaltext"),
    # Migration announcements/0002: write announcements, watch the outbox, send again.
    ("announcements", "add_announcement"),
    ("announcements", "view_announcement"),
    ("post_office", "view_email"),
    ("post_office", "change_email"),
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
