"""The default Datenschutzerklärung names the participation's data (team, trainer, coach,
milestones, the idea and its publication with consent, the certificate).

Only a text staff have not changed is updated: its German or English body still equals
the default that 0003 stored. The anchor (the application's item) and the new item are
copied here on purpose (a migration must not import live code); the full old text is
0003's, read from there as frozen code of this app's own history.
"""

from django.db import migrations

DE_ANCHOR = (
    "- Bewerbung: die Angaben zu Ihrem Unternehmen, zu den Ansprechpersonen, zur Ausbilderin "
    "oder zum Ausbilder und zum Team der Auszubildenden – um die Teilnahmevoraussetzungen zu "
    "prüfen, die teilnehmenden Unternehmen auszuwählen und das Projekt mit dem RKW "
    "Kompetenzzentrum durchzuführen.\n"
)
DE_ITEM = (
    "- Teilnahme der ausgewählten Unternehmen: die Größe des Teams und, freiwillig, die "
    "Vornamen der Auszubildenden, die Ausbilderin oder der Ausbilder, Name und E-Mail-Adresse "
    "der Coachin oder des Coaches des RKW Kompetenzzentrums, die erreichten Meilensteine mit "
    "Notizen und die Idee Ihres Teams – um das Projekt zu begleiten und die "
    "Teilnahmebescheinigung (mit den Vornamen des Teams) auszustellen. Die Idee – Titel, "
    "Kurzbeschreibung und Werkzeuge mit dem Namen und der Kommune Ihres Unternehmens, ohne "
    "Namen von Personen – veröffentlichen wir nach der Abschlussveranstaltung auf diesem "
    "Portal nur, wenn Sie eingewilligt haben; diese Einwilligung können Sie jederzeit über "
    "Ihren persönlichen Link widerrufen. Die Daten der Teilnahme löschen wir mit den übrigen "
    "personenbezogenen Daten der Runde.\n"
)
EN_ANCHOR = (
    "- Application: the details of your company, of the contact persons, of the trainer and "
    "of the team of apprentices – to check the conditions of participation, to select the "
    "participating companies and to carry out the project with RKW Kompetenzzentrum.\n"
)
EN_ITEM = (
    "- Participation of the selected companies: the size of the team and, if you wish, the "
    "first names of the apprentices, the trainer, the name and e-mail address of the coach of "
    "RKW Kompetenzzentrum, the milestones reached with notes and your team's idea – to "
    "accompany the project and to issue the certificate of participation (with the team's "
    "first names). We publish the idea – title, short description and tools with the name "
    "and municipality of your company, without names of persons – on this portal after the "
    "closing event only if you have consented; you can withdraw this consent at any time "
    "through your personal link. We delete the data of the participation together with the "
    "other personal data of the round.\n"
)


def _old_defaults():
    """0003's stored defaults (stripped, as 0003 stored them)."""
    from importlib import import_module

    frozen = import_module("digiscouts.migrations.0003_legal_text_defaults")
    return frozen.DATENSCHUTZ_DE.strip(), frozen.DATENSCHUTZ_EN.strip()


def _new(old, anchor, item):
    assert old.count(anchor) == 1
    return old.replace(anchor, anchor + item)


def _replace(apps, direction):
    LegalText = apps.get_model("digiscouts", "LegalText")
    old_de, old_en = _old_defaults()
    new_de = _new(old_de, DE_ANCHOR, DE_ITEM)
    new_en = _new(old_en, EN_ANCHOR, EN_ITEM)
    pairs = {"body": (old_de, new_de), "body_en": (old_en, new_en)}
    for field, (old, new) in pairs.items():
        source, target = (old, new) if direction == "forwards" else (new, old)
        # Compared in the database: a text staff changed stays as it is.
        LegalText.objects.filter(kind="datenschutz", **{field: source}).update(**{field: target})


def forwards(apps, schema_editor):
    _replace(apps, "forwards")


def backwards(apps, schema_editor):
    _replace(apps, "backwards")


class Migration(migrations.Migration):
    dependencies = [("digiscouts", "0003_legal_text_defaults")]

    operations = [migrations.RunPython(forwards, backwards)]
