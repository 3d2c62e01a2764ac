import re

import phonenumbers
from django.db import migrations


def _stored_phone(value):
    # A frozen copy of digiscouts.phones.normalise_phone at the time of this migration:
    # German numbers in national format ("02361 532129"), foreign ones as dialled from
    # Germany ("00 31 20 123 4567"); what is no valid number (or empty) stays as it is.
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


def normalise_registration_phones(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.exclude(phone="").only("pk", "phone").iterator():
        stored = _stored_phone(registration.phone)
        if stored != registration.phone:
            registration.phone = stored
            registration.save(update_fields=["phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_registration_protect_and_history"),
    ]

    operations = [
        migrations.RunPython(normalise_registration_phones, migrations.RunPython.noop),
    ]
