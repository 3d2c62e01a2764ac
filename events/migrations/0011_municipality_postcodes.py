"""Rounds keep their municipalities with their postcodes: "Marl: 45768, 45770, 45772".

Existing rounds get the postcodes of the ten municipalities of Kreis Recklinghausen
where a line names one of them alone; every other line stays as staff wrote it.
"""

from django.db import migrations, models

import events.models.rounds

# Frozen here: the model's table may change, this migration must not.
POSTCODES = {
    "Castrop-Rauxel": ("44575", "44577", "44579", "44581"),
    "Datteln": ("45711",),
    "Dorsten": ("46282", "46284", "46286"),
    "Gladbeck": ("45964", "45966", "45968"),
    "Haltern am See": ("45721",),
    "Herten": ("45699", "45701"),
    "Marl": ("45768", "45770", "45772"),
    "Oer-Erkenschwick": ("45739",),
    "Recklinghausen": ("45657", "45659", "45661", "45663", "45665"),
    "Waltrop": ("45731",),
}


def _with_postcodes(text):
    lines = []
    for line in text.splitlines():
        name = line.strip()
        lines.append(f"{name}: {', '.join(POSTCODES[name])}" if name in POSTCODES else line)
    return "\n".join(lines)


def _names_only(text):
    return "\n".join(line.partition(":")[0].rstrip() for line in text.splitlines())


def _rewrite(apps, change):
    Round = apps.get_model("events", "Round")
    for round_ in Round.objects.only("pk", "municipalities").iterator():
        municipalities = change(round_.municipalities)
        if municipalities != round_.municipalities:
            Round.objects.filter(pk=round_.pk).update(municipalities=municipalities)


def add_postcodes(apps, schema_editor):
    _rewrite(apps, _with_postcodes)


def remove_postcodes(apps, schema_editor):
    _rewrite(apps, _names_only)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_language_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="round",
            name="municipalities",
            field=models.TextField(
                default=events.models.rounds.default_municipalities,
                help_text=(
                    "Eine Kommune pro Zeile: der Name, ein Doppelpunkt und ihre Postleitzahlen "
                    "mit Kommas dazwischen, z. B. „Marl: 45768, 45770, 45772“. Nur Unternehmen "
                    "aus diesen Kommunen sind zugelassen, und die Postleitzahl im "
                    "Bewerbungsformular muss zur gewählten Kommune gehören. Steht eine Kommune "
                    "ohne Postleitzahlen da, wird die Postleitzahl für sie nicht geprüft."
                ),
                validators=[events.models.rounds.validate_municipalities],
                verbose_name="Kommunen der Partnerregion",
            ),
        ),
        migrations.RunPython(add_postcodes, remove_postcodes),
    ]
