"""Create the group "Fachdienst Wirtschaft" with exactly the permissions staff need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    from applications.permissions import staff_group_ensure

    staff_group_ensure(apps)


def backwards(apps, schema_editor):
    from applications.permissions import STAFF_GROUP_NAME

    apps.get_model("auth", "Group").objects.filter(name=STAFF_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
