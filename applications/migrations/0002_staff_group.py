"""Create the group "Fachdienst Wirtschaft" with exactly the permissions staff need.

The name and permissions are copied here on purpose: a migration must not import
live code (applications.permissions), which may change after it ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"
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


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in STAFF_PERMISSIONS
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=STAFF_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
