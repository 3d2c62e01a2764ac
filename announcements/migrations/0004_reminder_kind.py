"""A reminder proposed by the round overview, sent unchanged, goes to each firm in its
language: the announcement keeps what it reminds of. A new audience: the participants
behind with any milestone (the reminder of an upcoming event to them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0003_participant_audiences"),
    ]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="reminder_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("milestone", "Erinnerung an einen Meilenstein"),
                    ("event", "Erinnerung an einen Termin"),
                ],
                help_text="Ging in der Sprache jedes Unternehmens an die Empfänger.",
                max_length=20,
                verbose_name="Vorgeschlagene Erinnerung",
            ),
        ),
        migrations.AlterField(
            model_name="announcement",
            name="audience",
            field=models.CharField(
                choices=[
                    ("event_confirmed", "Bestätigte Anmeldungen eines Termins"),
                    ("event_waitlisted", "Warteliste eines Termins"),
                    ("applicants", "Bewerbungen mit einem bestimmten Status"),
                    ("selected", "Ausgewählte Unternehmen"),
                    ("participants", "Teilnehmende Unternehmen (alle)"),
                    (
                        "participants_open",
                        "Teilnehmende, die einen Meilenstein noch nicht erreicht haben",
                    ),
                    ("participants_behind", "Teilnehmende im Rückstand mit einem Meilenstein"),
                    (
                        "participants_behind_any",
                        "Teilnehmende im Rückstand mit irgendeinem Meilenstein",
                    ),
                ],
                max_length=30,
                verbose_name="Empfängerkreis",
            ),
        ),
    ]
