"""Data protection for a company that only registered for an event: the thank-you page
keeps no address in the session, and the registration admin gives the Auskunft
(Art. 15 DSGVO) as JSON and deletes the person's data on request (Art. 17)."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from post_office.models import Email

from events.models import Registration, RegistrationChange
from events.privacy_export import registration_data
from events.services import registration_cancel, registration_correct
from events.views import SESSION_KEY
from tests.factories import open_event, open_round
from tests.factories.applications import staff_member
from tests.helpers import messages_of, registration_form_url, run_action, text_of

from .helpers import form_data, register

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:events_registration_changelist"
ERASE_REFUSED = (
    "Personenbezogene Daten löschen darf nur, wer dafür berechtigt ist (Berechtigung "
    "„Kann die Daten eines Unternehmens auf Verlangen löschen“). Bitte wenden Sie sich an "
    "die Administration."
)
# Every value that names the company or the person, as the fixture stores it.
PERSONAL_VALUES = ("Blümchen", "Ingrid", "Schäfer", "ingrid", "0209 1234", "0209 9999", "Rollstuhl")


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 180


@pytest.fixture
def clerk(db):
    return staff_member("clerk")


@pytest.fixture
def person(clerk, django_capture_on_commit_callbacks):
    """Two registrations of one address in a round (the second typed in capitals), one
    corrected by staff, and another person's registration; the mails sent."""
    round_ = open_round()
    info, workshop = open_event(round=round_), open_event(round=round_, days=20)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(
            info,
            "ingrid@bluemchen.de",
            company="Blümchen KG",
            first_name="Ingrid",
            last_name="Schäfer",
            phone="0209 1234",
            remark="Rollstuhl",
        ).registration
        second = register(
            workshop,
            "INGRID@bluemchen.de",
            company="Blümchen KG",
            first_name="Ingrid",
            last_name="Schäfer",
        ).registration
        other = register(info, "max@example.org", company="Andere GmbH").registration
        registration_correct(registration=first, by=clerk, note="Rückruf", phone="0209 9999")
    return round_, first, second, other


def _cancelled(person, clerk, django_capture_on_commit_callbacks):
    _round, first, second, _other = person
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, by=clerk)
        registration_cancel(registration=second, by=clerk)
    return person


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _day(event):
    return date_format(timezone.localtime(event.starts_at), "j. F Y")


def _stored(registrations):
    """Every stored value of the registrations, their histories and e-mails."""
    pks = [registration.pk for registration in registrations]
    labels = [f"events.registration:{pk}" for pk in pks]
    return {
        "registrations": list(Registration.objects.filter(pk__in=pks).order_by("pk").values()),
        "history": list(
            RegistrationChange.objects.filter(registration__in=pks)
            .order_by("pk")
            .values("note", "changes")
        ),
        "e-mails": list(
            Email.objects.filter(context__record__in=labels)
            .order_by("pk")
            .values("to", "subject", "message", "html_message", "headers")
        ),
    }


def _personal_values_in(stored):
    text = json.dumps(stored, default=str, ensure_ascii=False).lower()
    return [value for value in PERSONAL_VALUES if value.lower() in text]


# -- the thank-you page shows the address once ---------------------------------------


def test_registration_done_page_leaves_no_address_in_the_session(client):
    event = open_event()

    response = client.post(
        registration_form_url(event), form_data(email="erika@example.org"), follow=True
    )

    assert "erika@example.org" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert "erika@example.org" not in json.dumps(dict(client.session.items()))


def test_registration_done_page_reloaded_leads_back_to_the_form(client):
    event = open_event()
    response = client.post(registration_form_url(event), form_data())
    client.get(response["Location"])

    again = client.get(response["Location"])

    assert (again.status_code, again["Location"]) == (302, registration_form_url(event))


# -- the Auskunft ----------------------------------------------------------------------


def test_registration_data_holds_everything_stored_about_the_address(person):
    round_, first, second, _other = person
    first.refresh_from_db()
    second.refresh_from_db()
    emails = list(
        Email.objects.filter(
            context__record__in=[
                f"events.registration:{first.pk}",
                f"events.registration:{second.pk}",
            ]
        ).order_by("created", "pk")
    )
    (correction,) = RegistrationChange.objects.filter(registration=first)
    now = timezone.now()

    data = registration_data(second, now=now)

    def fields(registration, phone, remark, history):
        return {
            "Termin": str(registration.event),
            "Unternehmen": "Blümchen KG",
            "Vorname": "Ingrid",
            "Nachname": "Schäfer",
            "Funktion im Unternehmen": "Ausbildungsleitung",
            "E-Mail": registration.email,
            "Telefon": phone,
            "Kommune": "Marl",
            "Anzahl Personen": 1,
            "Anmerkung": remark,
            "Einwilligung Datenschutz am": _local(registration.consent_at),
            "Status": "bestätigt",
            "Teilgenommen": None,
            "Angemeldet am": _local(registration.created_at),
            "Storniert am": None,
            "Erinnert am": None,
            "Sprache": "Deutsch",
            "Verlauf": history,
        }

    assert data == {
        "Auskunft nach Art. 15 DSGVO": {
            "Erstellt am": _local(now),
            "Verantwortliche Stelle": "Kreis Recklinghausen, Der Landrat, Fachdienst Wirtschaft",
            "Programmrunde": round_.title,
            "Zweck": "Durchführung der Veranstaltungen des Projekts Digiscouts und "
            "Information der angemeldeten Personen.",
            "Speicherdauer": "Bis "
            + date_format(round_.end_date + timedelta(days=180), "DATE_FORMAT")
            + "; danach werden die personenbezogenen Daten gelöscht.",
        },
        "Anmeldungen": [
            fields(
                first,
                "0209 9999",
                "Rollstuhl",
                [
                    {
                        "Am": _local(correction.at),
                        "Notiz": "Rückruf",
                        "Änderungen": {"Telefon": ["0209 1234", "0209 9999"]},
                    }
                ],
            ),
            fields(second, "", "", []),
        ],
        "E-Mails": [
            {
                "Angelegt am": _local(email.created),
                "An": [email.to[0]],
                "Betreff": email.subject,
                "Text": email.message,
                "Anhänge": [attachment.name for attachment in email.attachments.all()],
                "Status": "versandt",
                "Zuletzt geändert am": _local(email.last_updated),
            }
            for email in emails
        ],
    }
    assert [(email["An"], email["Betreff"]) for email in data["E-Mails"]] == [
        (
            ["ingrid@bluemchen.de"],
            f"Anmeldung bestätigt: {first.event.title} am {_day(first.event)}",
        ),
        (
            ["INGRID@bluemchen.de"],
            f"Anmeldung bestätigt: {second.event.title} am {_day(second.event)}",
        ),
    ]


def test_auskunft_action_downloads_the_address_s_data_as_json(staff_client, person):
    _round, first, _second, _other = person

    response = run_action(staff_client, CHANGELIST, "export_person_data", [first])

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="auskunft-anmeldung-{first.pk}.json"'
    )
    data = json.loads(response.content)
    assert [row["E-Mail"] for row in data["Anmeldungen"]] == [
        "ingrid@bluemchen.de",
        "INGRID@bluemchen.de",
    ]
    assert "max@example.org" not in response.content.decode()


def test_auskunft_action_needs_exactly_one_registration(staff_client, person):
    _round, first, second, _other = person

    response = run_action(staff_client, CHANGELIST, "export_person_data", [first, second])

    assert messages_of(response) == [
        "Bitte markieren Sie genau eine Anmeldung: Die Aktion betrifft eine Person."
    ]


# -- the erasure -----------------------------------------------------------------------


@pytest.fixture
def eraser_client(client, db):
    """A member of the staff group who was also given the erasure permission."""
    user = staff_member("datenschutz")
    user.user_permissions.add(Permission.objects.get(codename="erase_personal_data"))
    client.force_login(user)
    return client


def test_erase_action_is_refused_without_the_erasure_permission(
    staff_client, person, clerk, django_capture_on_commit_callbacks
):
    _round, first, second, other = _cancelled(person, clerk, django_capture_on_commit_callbacks)
    before = _stored([first, second, other])

    response = run_action(staff_client, CHANGELIST, "erase_person_data", [first], post="yes")

    assert messages_of(response) == [ERASE_REFUSED]
    assert _stored([first, second, other]) == before


def test_erase_action_asks_first_and_then_erases_the_address_s_data(
    eraser_client, person, clerk, django_capture_on_commit_callbacks
):
    _round, first, second, other = _cancelled(person, clerk, django_capture_on_commit_callbacks)
    before = _stored([first, second, other])
    other_before = _stored([other])

    page = run_action(eraser_client, CHANGELIST, "erase_person_data", [second])

    assert _stored([first, second, other]) == before
    assert (
        "Die personenbezogenen Daten zur Adresse INGRID@bluemchen.de in dieser Runde werden "
        "auf Verlangen unwiderruflich gelöscht (Art. 17 DSGVO): "
        f"die Anmeldung zu „{first.event}“: Unternehmen, Name, Funktion, E-Mail-Adresse, "
        "Telefon und Anmerkung; der persönliche Link funktioniert nicht mehr "
        f"die Anmeldung zu „{second.event}“: Unternehmen, Name, Funktion, E-Mail-Adresse, "
        "Telefon und Anmerkung; der persönliche Link funktioniert nicht mehr "
        "Empfänger und Text von 4 E-Mails"
    ) in text_of(page.content.decode())

    done = run_action(eraser_client, CHANGELIST, "erase_person_data", [second], post="yes")

    assert messages_of(done) == [
        "Die personenbezogenen Daten sind gelöscht: 2 Anmeldungen und 4 E-Mails."
    ]
    stored = _stored([first, second])
    assert _personal_values_in(stored) == []
    assert [(row["email"], row["phone"], row["remark"]) for row in stored["registrations"]] == [
        (f"anonymisiert-registration-{first.pk}@anonymisiert.invalid", "", ""),
        (f"anonymisiert-registration-{second.pk}@anonymisiert.invalid", "", ""),
    ]
    assert [(row["note"], row["changes"]) for row in stored["history"]] == [
        ("", {"phone": ["anonymisiert", "anonymisiert"]}),
        ("", {"status": ["confirmed", "cancelled"]}),
        ("", {"status": ["confirmed", "cancelled"]}),
        ("Personenbezogene Daten auf Verlangen gelöscht.", {}),
        ("Personenbezogene Daten auf Verlangen gelöscht.", {}),
    ]
    assert [(row["to"], row["subject"], row["message"]) for row in stored["e-mails"]] == [
        ([], "(anonymisiert)", "")
    ] * 4
    assert _stored([other]) == other_before


def test_erase_action_page_says_why_an_active_registration_cannot_be_erased(eraser_client, person):
    _round, first, second, _other = person
    before = _stored([first, second])

    page = run_action(eraser_client, CHANGELIST, "erase_person_data", [first])

    assert (
        f"Noch nicht möglich Die Anmeldung zu „{first.event}“ ist noch aktiv. Stornieren Sie "
        "sie zuerst; danach lassen sich die Daten löschen. "
        f"Die Anmeldung zu „{second.event}“ ist noch aktiv."
    ) in text_of(page.content.decode())
    assert 'value="Ja, Daten unwiderruflich löschen"' not in page.content.decode()
    assert _stored([first, second]) == before


def test_erase_action_posted_for_an_active_registration_changes_nothing(
    eraser_client, person, clerk, django_capture_on_commit_callbacks
):
    _round, first, second, _other = person
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, by=clerk)
    before = _stored([first, second])

    response = run_action(eraser_client, CHANGELIST, "erase_person_data", [first], post="yes")

    assert messages_of(response) == [
        f"Die Anmeldung zu „{second.event}“ ist noch aktiv. Stornieren Sie sie zuerst; "
        "danach lassen sich die Daten löschen."
    ]
    assert _stored([first, second]) == before


def test_registration_list_offers_the_privacy_actions_to_staff(staff_client, person):
    response = staff_client.get(reverse(CHANGELIST))

    actions = dict(response.context["action_form"].fields["action"].choices)
    assert (actions["export_person_data"], actions["erase_person_data"]) == (
        "Auskunft als JSON (Art. 15 DSGVO)",
        "Daten der Person löschen (DSGVO)",
    )
