import re

import phonenumbers
from django.db import migrations


def _stored_phone(value):
    # A frozen copy of digiscouts.phones.normalise_phone at the time of this migration:
    # German numbers in national format ("02361 532129"), foreign ones as dialled from
    # Germany ("00 31 20 123 4567"); what is no valid number stays as it is.
    text = value.strip()
    if not re.fullmatch(r"[0-9+()/.\-\s]+", text):
        return value
    try:
        number = phonenumbers.parse(text, "DE")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_out_of_country_calling_number(number, "DE")


def normalise_contact_phones(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for application in Application.objects.only("pk", "contact_phone").iterator():
        stored = _stored_phone(application.contact_phone)
        if stored != application.contact_phone:
            application.contact_phone = stored
            application.save(update_fields=["contact_phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_likely_duplicates_and_change_details"),
    ]

    operations = [
        migrations.RunPython(normalise_contact_phones, migrations.RunPython.noop),
    ]
