"""The office writes announcements and watches the outbox (sends a failed e-mail again).

Adds to the group "Fachdienst Wirtschaft" of applications/0005; copied on purpose,
a migration must not import live code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"
ADDED_PERMISSIONS = (
    ("announcements", "add_announcement"),
    ("announcements", "view_announcement"),
    ("post_office", "view_email"),
    ("post_office", "change_email"),
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
        ("announcements", "0001_announcement"),
        ("applications", "0005_staff_group_rights"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
