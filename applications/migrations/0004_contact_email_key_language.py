import unicodedata

from django.db import migrations, models


def _contact_email_key(address):
    # A frozen copy of applications.models.contact_email_key (digiscouts.normalise.
    # normalise_email cut to the column) at the time of this migration.
    text = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFC", text.replace("i\u0307", "i"))[:254]


def fill_contact_email_key(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    seen = {}
    for application in Application.objects.only("pk", "round_id", "contact_email").iterator():
        application.contact_email_key = key = _contact_email_key(application.contact_email)
        application.save(update_fields=["contact_email_key"])
        other = seen.setdefault((application.round_id, key), application.pk)
        if other != application.pk:
            # The old constraint (lower()) let these through; the new one refuses them.
            raise RuntimeError(
                f"Applications {other} and {application.pk} have the same contact address "
                f"in another spelling ({key!r}) in one round. Correct one address in the "
                "database and run the migration again."
            )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_decision_sent_by_and_company_name_check"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="application",
            name="application_unique_email_per_round",
        ),
        migrations.AddField(
            model_name="application",
            name="contact_email_key",
            field=models.CharField(default="", editable=False, max_length=254),
            preserve_default=False,
        ),
        migrations.RunPython(fill_contact_email_key, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                fields=("round", "contact_email_key"), name="application_unique_email_per_round"
            ),
        ),
        migrations.AddField(
            model_name="application",
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
