"""The office follows the six months: milestones per round, participations, milestones reached.

Participations come from the selection and end through the drop-out service, so
the group neither adds nor deletes them; a milestone entered by mistake is taken
back (deleted) and recorded. The permissions are copied here on purpose: a
migration must not import live code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"
ADDED_PERMISSIONS = (
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
)


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in ADDED_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0011_participation"),
        ("events", "0009_milestones_and_participants_only"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
