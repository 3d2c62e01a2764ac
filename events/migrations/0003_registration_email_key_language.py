import unicodedata

from django.db import migrations, models


def _normalise_email(address):
    # A frozen copy of digiscouts.normalise.normalise_email at the time of this migration.
    text = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFC", text.replace("i\u0307", "i"))[:254]


def fill_email_key(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    seen = {}
    for registration in Registration.objects.only("pk", "event_id", "email").iterator():
        registration.email_key = key = _normalise_email(registration.email)
        registration.save(update_fields=["email_key"])
        other = seen.setdefault((registration.event_id, key), registration.pk)
        if other != registration.pk:
            # The old constraint (lower()) let these through; the new one refuses them.
            raise RuntimeError(
                f"Registrations {other} and {registration.pk} have the same e-mail address "
                f"in another spelling ({key!r}) for one event. Cancel one of them in the "
                "admin (or delete it in the database) and run the migration again."
            )


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
