"""Data protection (DSGVO): `anonymise_rounds` deletes a finished round's personal data,
the Auskunft exports everything stored about one company, and one company's data is
deleted on request."""

import html
import json
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from post_office.models import Email, Log

from applications.links import application_for_token, application_token
from applications.models import Application, ApplicationStatusChange
from applications.privacy_export import company_data
from applications.services import (
    application_correct,
    application_erase,
    application_reject,
    application_submit,
    round_anonymise,
)
from applications.services.privacy import RoundNotDue
from events.models import Registration, RegistrationChange, Round
from events.services import ErasureRefused, registration_cancel
from tests.events.helpers import register
from tests.factories import open_event, open_round
from tests.factories.applications import application_submit_data, staff_member
from tests.helpers import messages_of, run_action, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:applications_application_changelist"
CONTACT = "j.mueller@mueller-soehne.de"
# Every value of the company's data that names it or a person, as the fixture stores it.
PERSONAL_VALUES = (
    "Müller",
    "mueller",
    "Jürgen",
    "Schäfer",
    "schaefer",
    "Hauptstraße",
    "98765",
    "11111",
    "Lagerverwaltung",
    "Kuchen",
    "Rückruf",
)


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 180


@pytest.fixture
def clerk(db):
    return staff_member("clerk")


def _company(clerk, capture, **overrides):
    """A company of an open round: registered for the info event, applied, its phone
    corrected by staff, rejected with a note, a staff note; the mails sent."""
    round_ = open_round(**overrides)
    event = open_event(round=round_)
    with capture(execute=True):
        registration = register(
            event,
            CONTACT,
            company="Müller & Söhne GmbH",
            first_name="Jürgen",
            last_name="Müller",
            function="Geschäftsführer",
            phone="02361 98765",
            remark="Wir bringen Kuchen mit.",
        ).registration
        application = application_submit(
            round_=round_,
            language="de",
            **application_submit_data(
                website="https://www.mueller-soehne.de", first_ideas="Digitale Lagerverwaltung"
            ),
        ).application
    application_correct(application=application, by=clerk, contact_phone="02361 11111")
    application_reject(application=application, by=clerk, note="Telefonat mit Herrn Müller")
    Application.objects.filter(pk=application.pk).update(staff_notes="Rückruf Herr Müller")
    application.refresh_from_db()
    return SimpleNamespace(round=round_, event=event, registration=registration, app=application)


@pytest.fixture
def company(clerk, django_capture_on_commit_callbacks):
    return _company(clerk, django_capture_on_commit_callbacks)


def _finish(round_, days_ago=180):
    """Move the round's dates so that it ended ``days_ago`` days ago."""
    end = timezone.localdate() - timedelta(days=days_ago)
    Round.objects.filter(pk=round_.pk).update(
        application_start=end - timedelta(days=200),
        application_end=end - timedelta(days=190),
        start_date=end - timedelta(days=180),
        end_date=end,
    )
    round_.refresh_from_db()
    return round_


def _snapshot(round_):
    """Every stored value of the round's applications, registrations, histories and e-mails."""
    applications = Application.objects.filter(round=round_)
    registrations = Registration.objects.filter(event__round=round_)
    records = [f"applications.application:{pk}" for pk in applications.values_list("pk", flat=True)]
    records += [f"events.registration:{pk}" for pk in registrations.values_list("pk", flat=True)]
    emails = Email.objects.filter(context__record__in=records)
    return {
        "round": list(Round.objects.filter(pk=round_.pk).values()),
        "applications": list(applications.order_by("pk").values()),
        "history": list(
            ApplicationStatusChange.objects.filter(application__round=round_)
            .order_by("pk")
            .values()
        ),
        "registrations": list(registrations.order_by("pk").values()),
        "registration history": list(
            RegistrationChange.objects.filter(registration__event__round=round_)
            .order_by("pk")
            .values()
        ),
        "e-mails": list(emails.order_by("pk").values()),
        "logs": list(Log.objects.filter(email__in=emails).order_by("pk").values()),
    }


def _personal_values_in(snapshot):
    text = json.dumps(snapshot, default=str, ensure_ascii=False)
    return [value for value in PERSONAL_VALUES if value in text]


def _page_text(response):
    return html.unescape(text_of(response.content.decode()))


def _anonymise(*args):
    out = StringIO()
    call_command("anonymise_rounds", *args, stdout=out)
    return out.getvalue().splitlines()


def test_anonymise_rounds_dry_run_lists_what_it_would_change_and_changes_nothing(company):
    round_ = _finish(company.round)
    before = _snapshot(round_)

    output = _anonymise("--dry-run")

    assert output == [
        f"Would anonymise {round_.title} (ended {round_.end_date:%Y-%m-%d}): applications: 1, "
        "application history: 3, participations: 0, registrations: 1, "
        "registration history: 0, e-mails: 3",
        "Dry run: nothing was changed.",
    ]
    assert _snapshot(round_) == before


def test_anonymise_rounds_deletes_the_personal_data_of_a_finished_round(company):
    round_ = _finish(company.round)
    token = application_token(company.app)
    assert _personal_values_in(_snapshot(round_)) == list(PERSONAL_VALUES)

    output = _anonymise()

    assert output == [
        f"Anonymised {round_.title} (ended {round_.end_date:%Y-%m-%d}): applications: 1, "
        "application history: 3, participations: 0, registrations: 1, "
        "registration history: 0, e-mails: 3"
    ]
    application = Application.objects.get(pk=company.app.pk)
    email = f"anonymisiert-application-{application.pk}@anonymisiert.invalid"
    assert [getattr(application, name) for name in PERSONAL_FIELDS] == [
        f"anonymisiert {application.reference}",
        "",
        "",
        "",
        "",
        "",
        "",
        email,
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    registration = Registration.objects.get(pk=company.registration.pk)
    assert (registration.company, registration.first_name, registration.email) == (
        "anonymisiert",
        "",
        f"anonymisiert-registration-{registration.pk}@anonymisiert.invalid",
    )
    assert list(ApplicationStatusChange.objects.order_by("pk").values_list("note", "changes")) == [
        ("", {}),
        ("", {"contact_phone": ["anonymisiert", "anonymisiert"]}),
        ("", {}),
    ]
    assert _personal_values_in(_snapshot(round_)) == []
    assert application_for_token(token) is None
    round_.refresh_from_db()
    assert round_.personal_data_deleted_at is not None


PERSONAL_FIELDS = (
    "company_name",
    "street",
    "website",
    "training_occupations",
    "contact_first_name",
    "contact_last_name",
    "contact_function",
    "contact_email",
    "contact_phone",
    "trainer_name",
    "trainer_email",
    "motivation",
    "first_ideas",
    "staff_notes",
)
# What the round's statistics read; it stays.
KEPT_FIELDS = (
    "reference",
    "status",
    "legal_form",
    "postcode",
    "municipality",
    "sector",
    "employees",
    "apprentices",
    "management_support",
    "team_time",
    "heard_about",
    "consent_at",
    "consent_version",
    "submitted_at",
    "info_registration",
)


def test_anonymise_rounds_keeps_the_counts_and_statistics(company):
    round_ = _finish(company.round)
    kept = list(Application.objects.values_list(*KEPT_FIELDS))
    registrations = list(Registration.objects.values_list("status", "persons", "municipality"))

    _anonymise()

    assert list(Application.objects.values_list(*KEPT_FIELDS)) == kept
    assert list(Registration.objects.values_list("status", "persons", "municipality")) == (
        registrations
    )
    assert (
        ApplicationStatusChange.objects.filter(application__round=round_).count(),
        Email.objects.count(),
    ) == (3, 3)


def test_anonymise_rounds_leaves_a_running_round_untouched(
    company, clerk, django_capture_on_commit_callbacks
):
    _finish(company.round)
    # Ended 179 days ago: still in its keeping period. And one still running.
    kept = _company(clerk, django_capture_on_commit_callbacks, slug="gerade-beendet")
    _finish(kept.round, days_ago=179)
    running = _company(clerk, django_capture_on_commit_callbacks, slug="laufend")
    before = [_snapshot(kept.round), _snapshot(running.round)]

    _anonymise()

    assert [_snapshot(kept.round), _snapshot(running.round)] == before


def test_anonymise_rounds_run_again_changes_nothing_more(company):
    round_ = _finish(company.round)
    _anonymise()
    after = _snapshot(round_)

    output = _anonymise()

    assert output == ["No round ended 180 or more days ago still holds personal data."]
    assert _snapshot(round_) == after


def test_round_anonymise_refuses_a_round_in_its_keeping_period(company):
    round_ = _finish(company.round, days_ago=179)
    before = _snapshot(round_)

    with pytest.raises(RoundNotDue) as refusal:
        round_anonymise(round_=round_)

    assert refusal.value.message == (
        f"Die personenbezogenen Daten der Runde „{round_.title}“ werden erst ab "
        f"{round_.personal_data_deletion_date:%d.%m.%Y} gelöscht."
    )
    assert _snapshot(round_) == before


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def test_company_data_holds_everything_stored_about_the_company(company):
    application, registration = company.app, company.registration
    registration.refresh_from_db()
    history = list(application.status_changes.order_by("pk"))
    emails = list(Email.objects.order_by("created", "pk"))
    now = timezone.now()

    data = company_data(application, now=now)

    assert data["Auskunft nach Art. 15 DSGVO"] == {
        "Erstellt am": _local(now),
        "Verantwortliche Stelle": "Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft",
        "Programmrunde": company.round.title,
        "Zweck": "Auswahl der teilnehmenden Unternehmen und Durchführung des Projekts "
        "Digiscouts mit dem RKW Kompetenzzentrum.",
        "Speicherdauer": "Bis "
        + date_format(company.round.end_date + timedelta(days=180), "DATE_FORMAT")
        + "; danach werden die personenbezogenen Daten gelöscht.",
    }
    assert data["Bewerbung"] == {
        "Bewerbungsnummer": application.reference,
        "Status": "abgesagt",
        "Nachrücker-Platz": None,
        "Unternehmen": "Müller & Söhne GmbH",
        "Rechtsform": "GmbH",
        "Straße und Hausnummer": "Hauptstraße 5",
        "PLZ": "45657",
        "Kommune": "Recklinghausen",
        "Website": "https://www.mueller-soehne.de",
        "Branche": "Metallbau",
        "Beschäftigte": 120,
        "Auszubildende im Team": 3,
        "Ausbildungsberufe": "Metallbauer/in",
        "Vorname": "Jürgen",
        "Nachname": "Müller",
        "Funktion im Unternehmen": "Geschäftsführer",
        "E-Mail": CONTACT,
        "Telefon": "02361 11111",
        "Ausbilder/in": "Anna Schäfer",
        "E-Mail Ausbilder/in": "a.schaefer@mueller-soehne.de",
        "Geschäftsführung unterstützt das Projekt": True,
        "Team erhält etwa 1–3 Stunden pro Woche": True,
        "Motivation": "Digitalisierung",
        "Erste Ideen": "Digitale Lagerverwaltung",
        "Aufmerksam geworden durch": "Presse",
        "Einwilligung Datenschutz am": _local(application.consent_at),
        "Fassung der Datenschutzerklärung": "2021-04",
        "Sprache": "Deutsch",
        "Notizen des Fachdienstes": "Rückruf Herr Müller",
        "Eingegangen am": _local(application.submitted_at),
        "Zuletzt geändert am": _local(application.updated_at),
        "Entscheidung versandt am": None,
        "Versandte Entscheidung": "",
    }
    assert data["Verlauf der Bewerbung"] == [
        {
            "Am": _local(history[0].at),
            "Status vorher": None,
            "Status nachher": "eingegangen",
            "Notiz": "",
            "Änderungen": {},
        },
        {
            "Am": _local(history[1].at),
            "Status vorher": "eingegangen",
            "Status nachher": "eingegangen",
            "Notiz": "Angaben korrigiert",
            "Änderungen": {"Telefon": ["02361 98765", "02361 11111"]},
        },
        {
            "Am": _local(history[2].at),
            "Status vorher": "eingegangen",
            "Status nachher": "abgesagt",
            "Notiz": "Telefonat mit Herrn Müller",
            "Änderungen": {},
        },
    ]
    assert data["Anmeldungen"] == [
        {
            "Termin": str(company.event),
            "Unternehmen": "Müller & Söhne GmbH",
            "Vorname": "Jürgen",
            "Nachname": "Müller",
            "Funktion im Unternehmen": "Geschäftsführer",
            "E-Mail": CONTACT,
            "Telefon": "02361 98765",
            "Kommune": "Marl",
            "Anzahl Personen": 1,
            "Anmerkung": "Wir bringen Kuchen mit.",
            "Einwilligung Datenschutz am": _local(registration.consent_at),
            "Status": "bestätigt",
            "Teilgenommen": None,
            "Angemeldet am": _local(registration.created_at),
            "Storniert am": None,
            "Erinnert am": None,
            "Sprache": "Deutsch",
            "Verlauf": [],
        }
    ]
    # The confirmation of the registration (with its calendar file), the application's
    # confirmation, and the Fachdienst's notice of the new application.
    assert data["E-Mails"] == [
        {
            "Angelegt am": _local(email.created),
            "An": to,
            "Betreff": subject,
            "Text": email.message,
            "Anhänge": attachments,
            "Status": "versandt",
            "Zuletzt geändert am": _local(email.last_updated),
        }
        for email, to, subject, attachments in zip(
            emails,
            [[CONTACT], [CONTACT], ["j.ausderwiesche@kreis-re.de"]],
            [
                "Anmeldung bestätigt: Infoveranstaltung Digiscouts am "
                + date_format(timezone.localtime(company.event.starts_at), "j. F Y"),
                f"Ihre Bewerbung bei Digiscouts ist eingegangen ({application.reference})",
                f"Neue Bewerbung {application.reference}: Müller & Söhne GmbH",
            ],
            [[f"digiscouts-termin-{company.event.pk}.ics"], [], []],
            strict=True,
        )
    ]
    assert "Guten Tag Jürgen Müller," in data["E-Mails"][1]["Text"]


def test_company_data_leaves_out_secrets_and_derived_keys(company):
    data = company_data(company.app)

    text = json.dumps(data, ensure_ascii=False)
    assert "Geheimnis des persönlichen Links" not in text
    assert "muellersoehnegmbh" not in text  # the normal forms for comparing
    assert "Anna Schäfer" in text


def test_company_data_lists_only_the_company_s_registrations(company):
    other = register(company.event, "someone@example.org").registration

    data = company_data(company.app)

    assert [entry["E-Mail"] for entry in data["Anmeldungen"]] == [CONTACT]
    assert other.email not in json.dumps(data)


def test_auskunft_action_downloads_the_company_data_as_json(
    staff_client, company, django_assert_num_queries
):
    # The changelist's own ten (session, user, permissions, filters, counts, the marked
    # row), then company_data's: registrations, their history, the application's
    # history, e-mails and their attachments; whatever their number.
    # The application, its participation, registrations, e-mails, the history …
    with django_assert_num_queries(17):
        response = run_action(
            staff_client, CHANGELIST, "export_company_data", [company.app], follow=False
        )

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="auskunft-{company.app.reference}.json"'
    )
    data = json.loads(response.content)
    assert data["Bewerbung"]["Unternehmen"] == "Müller & Söhne GmbH"
    assert [email["Betreff"] for email in data["E-Mails"]][1] == (
        f"Ihre Bewerbung bei Digiscouts ist eingegangen ({company.app.reference})"
    )


def test_auskunft_action_needs_exactly_one_application(staff_client, company, clerk):
    second = _company(clerk, _no_capture, slug="zweite").app

    response = run_action(staff_client, CHANGELIST, "export_company_data", [company.app, second])

    assert messages_of(response) == [
        "Bitte markieren Sie genau eine Bewerbung: Die Aktion betrifft ein Unternehmen."
    ]


class _NoCapture:
    """django_capture_on_commit_callbacks' shape, for a second company without its mails sent."""

    def __call__(self, execute=False):
        return self

    def __enter__(self):
        return []

    def __exit__(self, *exc):
        return False


_no_capture = _NoCapture()


def test_erase_action_is_refused_without_the_erasure_permission(staff_client, company):
    before = _snapshot(company.round)

    response = run_action(staff_client, CHANGELIST, "erase_company_data", [company.app])

    assert messages_of(response) == [
        "Personenbezogene Daten löschen darf nur, wer dafür berechtigt ist (Berechtigung "
        "„Kann die Daten eines Unternehmens auf Verlangen löschen“). Bitte wenden Sie sich an "
        "die Administration."
    ]
    assert _snapshot(company.round) == before


@pytest.fixture
def eraser_client(client, db):
    """A member of the staff group who was also given the erasure permission."""
    user = staff_member("datenschutz")
    user.user_permissions.add(Permission.objects.get(codename="erase_personal_data"))
    client.force_login(user)
    return client


def test_erase_action_asks_first_and_then_erases_the_company_data(eraser_client, company, clerk):
    registration_cancel(registration=company.registration, by=clerk)
    before = _snapshot(company.round)

    page = run_action(eraser_client, CHANGELIST, "erase_company_data", [company.app])

    assert _snapshot(company.round) == before
    assert (
        f"Die personenbezogenen Daten von {company.app} werden auf Verlangen des Unternehmens "
        "unwiderruflich gelöscht (Art. 17 DSGVO):"
    ) in _page_text(page)
    assert (f"die Anmeldung zu „{company.event}“ Empfänger und Text von 4 E-Mails") in _page_text(
        page
    )

    done = run_action(eraser_client, CHANGELIST, "erase_company_data", [company.app], post="yes")

    assert messages_of(done) == [
        f"Die personenbezogenen Daten von {company.app.reference} sind gelöscht: die Bewerbung, "
        "1 Anmeldung und 4 E-Mails."
    ]
    assert _personal_values_in(_snapshot(company.round)) == []
    last = ApplicationStatusChange.objects.order_by("pk").last()
    assert (last.by.username, last.note) == (
        "datenschutz",
        "Personenbezogene Daten auf Verlangen gelöscht.",
    )


def test_erase_action_page_says_why_an_application_in_the_procedure_cannot_be_erased(
    eraser_client, clerk, django_capture_on_commit_callbacks
):
    round_ = open_round()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(
            round_=round_, language="de", **application_submit_data()
        ).application

    page = run_action(eraser_client, CHANGELIST, "erase_company_data", [application])

    assert (
        f"Noch nicht möglich Die Bewerbung {application.reference} ist noch im Verfahren "
        "(„eingegangen“). Sagen Sie sie zuerst ab oder lassen Sie das Unternehmen sie "
        "zurückziehen; danach lassen sich die Daten löschen."
    ) in _page_text(page)
    assert 'value="Ja, Daten unwiderruflich löschen"' not in page.content.decode()


def test_application_erase_is_refused_while_the_application_is_in_the_procedure(
    clerk, django_capture_on_commit_callbacks
):
    round_ = open_round()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(
            round_=round_, language="de", **application_submit_data()
        ).application
    before = _snapshot(round_)

    with pytest.raises(ErasureRefused):
        application_erase(application=application, by=clerk)

    assert _snapshot(round_) == before


def test_application_erase_leaves_no_personal_data_in_history_rows_or_the_outbox(company, clerk):
    other = _company(clerk, _no_capture, slug="andere")
    other_before = _snapshot(other.round)
    token = application_token(company.app)
    registration_cancel(registration=company.registration, by=clerk)

    counts = application_erase(application=company.app, by=clerk)

    assert counts == {
        "applications": 1,
        "application history": 3,
        "participations": 0,
        "e-mails": 4,
        "registrations": 1,
        "registration history": 1,
    }
    snapshot = _snapshot(company.round)
    assert _personal_values_in(snapshot) == []
    assert [row["note"] for row in snapshot["history"]] == [
        "",
        "",
        "",
        "Personenbezogene Daten auf Verlangen gelöscht.",
    ]
    assert [(row["note"], row["changes"]) for row in snapshot["registration history"]] == [
        ("", {"status": ["confirmed", "cancelled"]}),
        ("Personenbezogene Daten auf Verlangen gelöscht.", {}),
    ]
    assert [(row["subject"], row["message"], row["to"]) for row in snapshot["e-mails"]] == [
        ("(anonymisiert)", "", [])
    ] * 4
    assert application_for_token(token) is None
    assert _snapshot(other.round) == other_before


def test_application_erase_twice_is_refused(company, clerk):
    registration_cancel(registration=company.registration, by=clerk)
    application_erase(application=company.app, by=clerk)

    with pytest.raises(ErasureRefused) as refusal:
        application_erase(application=company.app, by=clerk)

    assert refusal.value.message == (
        f"Die Daten der Bewerbung {company.app.reference} sind bereits gelöscht."
    )


def test_datenschutz_page_states_the_keeping_period(client, settings, company):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    deletion = company.round.end_date + timedelta(days=90)

    text = text_of(client.get(reverse("datenschutz")).content.decode())

    assert (
        "Nur so lange, wie die Programmrunde es erfordert: 90 Tage nach dem Projektende der "
        "Runde löschen wir die personenbezogenen Daten der Anmeldungen und Bewerbungen "
        "automatisch"
    ) in text
    assert (
        f"Für die Runde „{company.round.title}“ (Projektende "
        f"{date_format(company.round.end_date, 'DATE_FORMAT')}) geschieht das am "
        f"{date_format(deletion, 'DATE_FORMAT')}."
    ) in text


def test_seed_rounds_demo_prints_the_keeping_periods(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("seed_rounds", "--demo", stdout=out)

    seed = Round.objects.get(slug="kreis-recklinghausen-2021")
    lines = out.getvalue().splitlines()
    assert lines[2:4] == [
        "Personal data is deleted 180 days after a round's end date "
        "(PERSONAL_DATA_RETENTION_DAYS; `manage.py anonymise_rounds`, daily):",
        f"  {seed.title}: ends 2021-11-24, deleted from 2022-05-23",
    ]
