import unicodedata

from django.db import migrations, models


def _normalise_email(address):
    # A frozen copy of digiscouts.normalise.normalise_email at the time of this migration.
    text = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFC", text.replace("i\u0307", "i"))


def fill_email_key(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.only("pk", "email").iterator():
        registration.email_key = _normalise_email(registration.email)
        registration.save(update_fields=["email_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registration_refinements"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_unique_email_per_event",
        ),
        migrations.AddField(
            model_name="registration",
            name="email_key",
            field=models.CharField(default="", editable=False, max_length=254),
            preserve_default=False,
        ),
        migrations.RunPython(fill_email_key, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                fields=("event", "email_key"), name="registration_unique_email_per_event"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="language",
            field=models.CharField(
                choices=[("de", "Deutsch")],
                default="de",
                editable=False,
                max_length=10,
                verbose_name="Sprache",
            ),
        ),
    ]
