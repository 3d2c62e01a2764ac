"""The office runs its round alone: build rounds, events and phases, take registrations.

Least privilege: nothing that holds personal data can be deleted (registrations
not at all; a round or event only while no application or registration hangs on
it, which the PROTECT foreign keys enforce), no user management, no admin log.
The permissions are copied here on purpose: a migration must not import live code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Fachdienst Wirtschaft"
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
)


def forwards(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_contact_email_key_language"),
        ("events", "0003_registration_email_key_language"),
    ]

    # Backwards leaves the wider rights in place: narrowing them again is a decision,
    # not an undo.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
