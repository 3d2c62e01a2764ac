"""The English legal text's own date: the English page shows it only while it is at
least as new as the German text. Existing English texts count as written with the
German one (their date is the row's)."""

from django.db import migrations, models
from django.db.models import F


def date_the_english_texts(apps, schema_editor):
    LegalText = apps.get_model("digiscouts", "LegalText")
    LegalText.objects.exclude(body_en="").update(updated_at_en=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("digiscouts", "0004_privacy_text_participation"),
    ]

    operations = [
        migrations.AddField(
            model_name="legaltext",
            name="updated_at_en",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="englischer Text zuletzt geändert am"
            ),
        ),
        migrations.RunPython(date_the_english_texts, migrations.RunPython.noop),
    ]
