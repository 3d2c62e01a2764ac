"""The office keeps the legal texts (Impressum, Datenschutzerklärung, Erklärung zur
Barrierefreiheit) in the admin: view and change, never add or delete.

Adds to the group "Fachdienst Wirtschaft" of 0005 and 0012; copied on purpose, a migration must
not import live code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"
ADDED_PERMISSIONS = (
    ("digiscouts", "view_legaltext"),
    ("digiscouts", "change_legaltext"),
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
        ("applications", "0013_language_english"),
        ("digiscouts", "0002_legal_text"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
