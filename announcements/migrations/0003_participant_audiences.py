"""Announcements to the participating firms: all, those with a milestone still open, and
those behind with it (the milestone is kept with the announcement)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0002_staff_rights"),
        ("events", "0009_milestones_and_participants_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="milestone",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="events.milestone",
                verbose_name="Meilenstein",
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
                ],
                max_length=30,
                verbose_name="Empfängerkreis",
            ),
        ),
    ]
