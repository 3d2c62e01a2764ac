"""The three legal texts with the shipped defaults, their placeholders clearly marked.

The texts are copied here on purpose (a migration must not import live code); the live
copy, templates/legal/defaults/, stands in for a missing row (digiscouts.legal_text).
Backwards deletes the rows: 0002 would drop the table anyway.
"""

from django.db import migrations

IMPRESSUM_DE = '''\
[Platzhalter: Der Kreis Recklinghausen muss hier den verbindlichen Text seines Impressums einsetzen (Angaben nach § 5 DDG und § 18 MStV).]

## Herausgeber

Kreis Recklinghausen
Der Landrat
Kurt-Schumacher-Allee 1
45657 Recklinghausen

[Platzhalter: Vertretungsberechtigte Person, Umsatzsteuer-Identifikationsnummer und Aufsichtsbehörde ergänzt der Kreis Recklinghausen.]

## Verantwortlich für dieses Portal

{ansprechperson}

## Programm

„Digiscouts“ ist ein Projekt des Bundesministeriums für Wirtschaft, durchgeführt vom RKW Rationalisierungs- und Innovationszentrum der Deutschen Wirtschaft e. V. (RKW Kompetenzzentrum). Der Kreis Recklinghausen ist Partnerregion.
'''

IMPRESSUM_EN = '''\
[Placeholder: Kreis Recklinghausen must insert the binding text of its legal notice here (information according to § 5 DDG and § 18 MStV).]

## Publisher

Kreis Recklinghausen
Der Landrat
Kurt-Schumacher-Allee 1
45657 Recklinghausen
Germany

[Placeholder: Kreis Recklinghausen adds the person authorised to represent it, the VAT identification number and the supervisory authority.]

## Responsible for this portal

{ansprechperson}

## Programme

“Digiscouts” is a project of the Federal Ministry for Economic Affairs, carried out by RKW Rationalisierungs- und Innovationszentrum der Deutschen Wirtschaft e. V. (RKW Kompetenzzentrum). Kreis Recklinghausen is a partner region.
'''

DATENSCHUTZ_DE = '''\
[Platzhalter: Der Kreis Recklinghausen prüft und ergänzt diesen Text; die oder der behördliche Datenschutzbeauftragte ist einzutragen.]

## Verantwortliche Stelle

Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft, Kurt-Schumacher-Allee 1, 45657 Recklinghausen.
Ansprechperson: {ansprechperson}

[Platzhalter: Kontaktdaten der oder des Datenschutzbeauftragten des Kreises Recklinghausen.]

## Welche Daten wir speichern und warum

- Anmeldung zur Infoveranstaltung: Unternehmen, Name, Funktion, E-Mail-Adresse, auf Wunsch Telefonnummer, Kommune, Anzahl der Personen und Ihre Anmerkung – um die Veranstaltung zu planen, Sie einzuladen und Sie über Änderungen zu informieren.
- Bewerbung: die Angaben zu Ihrem Unternehmen, zu den Ansprechpersonen, zur Ausbilderin oder zum Ausbilder und zum Team der Auszubildenden – um die Teilnahmevoraussetzungen zu prüfen, die teilnehmenden Unternehmen auszuwählen und das Projekt mit dem RKW Kompetenzzentrum durchzuführen.
- Ihre Einwilligung mit Zeitpunkt und der Fassung dieses Textes, um sie nachweisen zu können.

Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO) und die Durchführung des Projekts (Art. 6 Abs. 1 lit. b und e DSGVO).

## Wer die Daten erhält

Die Daten der ausgewählten Unternehmen gibt der Fachdienst Wirtschaft an das RKW Kompetenzzentrum weiter, das das Projekt durchführt. Eine Weitergabe an andere Dritte findet nicht statt.

## Wie lange wir die Daten speichern

Nur so lange, wie die Programmrunde es erfordert: {aufbewahrung_tage} Tage nach dem Projektende der Runde löschen wir die personenbezogenen Daten der Anmeldungen und Bewerbungen automatisch – Namen, E-Mail-Adressen, Telefonnummern, Anschriften, Firmennamen, Ihre Angaben in freien Textfeldern, Notizen und die E-Mails, die das Portal Ihnen geschickt hat. {loeschung_runde} Ihr persönlicher Link funktioniert danach nicht mehr.

Es bleiben nur Angaben ohne Personenbezug für die Statistik: wie viele Unternehmen sich angemeldet und beworben haben, mit welchem Ergebnis, aus welcher Kommune und Branche, mit wie vielen Beschäftigten und Auszubildenden.

Auf Ihren Wunsch löschen wir Ihre Daten schon früher, sobald Ihre Bewerbung oder Anmeldung abgeschlossen ist (zurückgezogen, abgesagt oder storniert). Eine Auskunft über alle zu Ihrem Unternehmen gespeicherten Daten, die versandten E-Mails eingeschlossen, erhalten Sie bei der Ansprechperson als Datei.

## Anmeldeprotokolle der Mitarbeitenden

Wenn sich Mitarbeitende des Kreises in der Verwaltung des Portals anmelden, speichern wir zum Schutz vor Angriffen auf ihre Zugänge den Benutzernamen, die IP-Adresse, den Browser und den Zeitpunkt jeder Anmeldung, auch einer fehlgeschlagenen. Diese Einträge löschen wir nach {anmeldeprotokolle_tage} Tagen.

## Keine Dienste Dritter

Dieses Portal lädt keine Schriften, Skripte oder Bilder von anderen Servern. Es setzt nur technisch notwendige Cookies (Sitzung und Schutz vor Formularmissbrauch).

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerspruch. Eine Einwilligung können Sie jederzeit mit Wirkung für die Zukunft widerrufen. Sie können sich bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen beschweren.
'''

DATENSCHUTZ_EN = '''\
[Placeholder: Kreis Recklinghausen reviews and completes this text; the data protection officer of the authority is to be named.]

## Controller

Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft, Kurt-Schumacher-Allee 1, 45657 Recklinghausen, Germany.
Contact: {ansprechperson}

[Placeholder: Contact details of the data protection officer of Kreis Recklinghausen.]

## What data we store and why

- Registration for the information event: company, name, position, e-mail address, telephone number if you wish, municipality, number of persons and your remark – to plan the event, to invite you and to inform you of changes.
- Application: the details of your company, of the contact persons, of the trainer and of the team of apprentices – to check the conditions of participation, to select the participating companies and to carry out the project with RKW Kompetenzzentrum.
- Your consent with its time and the version of this text, so that we can prove it.

The legal basis is your consent (Art. 6(1)(a) GDPR) and the carrying out of the project (Art. 6(1)(b) and (e) GDPR).

## Who receives the data

Fachdienst Wirtschaft passes the data of the selected companies on to RKW Kompetenzzentrum, which carries out the project. The data is not passed on to any other third party.

## How long we keep the data

Only as long as the programme round requires: {aufbewahrung_tage} days after the end of the round's project we automatically delete the personal data of the registrations and applications – names, e-mail addresses, telephone numbers, addresses, company names, what you wrote in free text fields, notes and the e-mails the portal sent you. {loeschung_runde} Your personal link no longer works after that.

Only data without any personal reference remains for statistics: how many companies registered and applied, with what result, from which municipality and sector, with how many employees and apprentices.

At your request we delete your data earlier, as soon as your application or registration is closed (withdrawn, declined or cancelled). You can obtain information on all data stored about your company, including the e-mails sent, as a file from the contact person.

## Login records of staff

When staff of the district log in to the administration of the portal, we store the user name, the IP address, the browser and the time of every login, including failed ones, to protect their accounts against attacks. We delete these records after {anmeldeprotokolle_tage} days.

## No third-party services

This portal loads no fonts, scripts or images from other servers. It only sets technically necessary cookies (session and protection against form abuse).

## Your rights

You have the right of access, rectification, erasure, restriction of processing, data portability and objection. You can withdraw a consent at any time with effect for the future. You can lodge a complaint with the State Commissioner for Data Protection and Freedom of Information of North Rhine-Westphalia (Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen).
'''

BARRIEREFREIHEIT_DE = '''\
[Platzhalter: Der Kreis Recklinghausen ergänzt das Datum der Erstellung und der letzten Überprüfung sowie den Stand der Prüfung.]

Der Kreis Recklinghausen ist bemüht, dieses Portal im Einklang mit der Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) und der BITV 2.0 barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit

Die öffentlichen Seiten werden bei jeder Änderung automatisch auf die Anforderungen der WCAG 2.1 Stufe AA geprüft. Sie sind mit der Tastatur bedienbar, Formularfelder sind beschriftet und Fehlermeldungen stehen direkt am Feld.

## Barriere melden

Ist Ihnen eine Barriere aufgefallen? Schreiben Sie uns: {ansprechperson}

## Schlichtungsverfahren

Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden.

[Platzhalter: Kontaktdaten der Ombudsstelle ergänzt der Kreis Recklinghausen.]
'''

BARRIEREFREIHEIT_EN = '''\
[Placeholder: Kreis Recklinghausen adds the date on which this statement was prepared and last reviewed, and the state of the review.]

Kreis Recklinghausen endeavours to make this portal accessible in accordance with the accessibility regulation of North Rhine-Westphalia (Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen, BITV NRW) and BITV 2.0.

## Compliance status

The public pages are checked automatically against the requirements of WCAG 2.1 level AA with every change. They can be used with the keyboard, form fields are labelled and error messages appear next to the field.

## Report a barrier

Have you come across a barrier? Write to us: {ansprechperson}

## Enforcement procedure

If you do not receive a satisfactory answer to your report, you can contact the ombudsman's office for accessible information technology of the State of North Rhine-Westphalia (Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen).

[Placeholder: Kreis Recklinghausen adds the contact details of the ombudsman's office.]
'''

DEFAULTS = (
    ("impressum", IMPRESSUM_DE, IMPRESSUM_EN),
    ("datenschutz", DATENSCHUTZ_DE, DATENSCHUTZ_EN),
    ("barrierefreiheit", BARRIEREFREIHEIT_DE, BARRIEREFREIHEIT_EN),
)


def forwards(apps, schema_editor):
    LegalText = apps.get_model("digiscouts", "LegalText")
    for kind, body, body_en in DEFAULTS:
        LegalText.objects.get_or_create(
            kind=kind, defaults={"body": body.strip(), "body_en": body_en.strip()}
        )


def backwards(apps, schema_editor):
    apps.get_model("digiscouts", "LegalText").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("digiscouts", "0002_legal_text")]

    operations = [migrations.RunPython(forwards, backwards)]
