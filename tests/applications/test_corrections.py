"""Staff correct an application: service, history, refusals next to the field, the link."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.services import CorrectionRefused, application_correct, application_link_send
from events.choices import EventKind
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    RegistrationFactory,
    open_round,
    staff_member,
)
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def change_url(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def admin_form_data(application, **changes):
    """The change form's POST: the stored values, some changed (no history rows posted)."""
    data = {
        name: getattr(application, name)
        for name in [
            "staff_notes",
            "company_name",
            "legal_form",
            "street",
            "postcode",
            "municipality",
            "website",
            "sector",
            "employees",
            "apprentices",
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
            "heard_about",
        ]
    }
    data.update(management_support="on", team_time="on")
    data.update(
        {
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "status_changes-MIN_NUM_FORMS": "0",
            "status_changes-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(changes)
    return data


def test_application_correct_records_old_and_new_values_and_who():
    staff = staff_member()
    application = ApplicationFactory(
        status=S.SHORTLISTED, contact_email="alt@firma.de", company_name="Alte Firma GmbH"
    )

    application_correct(
        application=application,
        by=staff,
        contact_email="Neu@Firma.de",
        company_name="Neue Firma GmbH",
        sector=application.sector,  # unchanged: not recorded
    )

    application.refresh_from_db()
    (change,) = application.status_changes.all()
    assert (
        application.contact_email,
        application.contact_email_key,
        application.normalised_company_name,
        application.name_key,
    ) == ("Neu@Firma.de", "neu@firma.de", "neuefirmagmbh", "neuefirma")
    assert (change.from_status, change.to_status, change.by, change.note, change.changes) == (
        "shortlisted",
        "shortlisted",
        staff,
        "Angaben korrigiert",
        {
            "contact_email": ["alt@firma.de", "Neu@Firma.de"],
            "company_name": ["Alte Firma GmbH", "Neue Firma GmbH"],
        },
    )


def test_application_correct_without_a_change_records_nothing():
    application = ApplicationFactory()

    application_correct(application=application, by=None, sector=application.sector)

    assert application.status_changes.count() == 0


def test_application_correct_to_another_applications_email_is_refused():
    round_ = open_round()
    other = ApplicationFactory(round=round_, contact_email="kontakt@firma.de")
    application = ApplicationFactory(round=round_, contact_email="alt@firma.de")

    with pytest.raises(CorrectionRefused) as excinfo:
        application_correct(application=application, by=None, contact_email="KONTAKT@firma.de")

    application.refresh_from_db()
    assert (excinfo.value.field, excinfo.value.message) == (
        "contact_email",
        f"Diese E-Mail-Adresse ist bereits bei der Bewerbung {other.reference} angegeben. "
        "Eine Adresse kann in einer Runde nur zu einer Bewerbung gehören.",
    )
    assert (application.contact_email, application.status_changes.count()) == ("alt@firma.de", 0)


def test_application_correct_to_another_applications_company_is_refused():
    round_ = open_round()
    other = ApplicationFactory(round=round_, company_name="Zeche Ewald GmbH", municipality="Herten")
    application = ApplicationFactory(round=round_, municipality="Herten")

    with pytest.raises(CorrectionRefused) as excinfo:
        application_correct(application=application, by=None, company_name="ZECHE  EWALD GmbH")

    assert (excinfo.value.field, excinfo.value.message) == (
        "company_name",
        f"Ein Unternehmen dieses Namens in Herten hat sich mit der Bewerbung {other.reference} "
        "bereits beworben.",
    )


def test_application_correct_relinks_the_info_registration_and_the_duplicates():
    round_ = open_round()
    registration = RegistrationFactory(
        event=EventFactory(round=round_, kind=EventKind.INFO), email="neu@firma.de"
    )
    twin = ApplicationFactory(round=round_, phone_key="0236198765", contact_phone="02361 98765")
    application = ApplicationFactory(round=round_, contact_email="alt@firma.de")

    application_correct(
        application=application, by=None, contact_email="neu@firma.de", contact_phone="02361 98765"
    )

    application.refresh_from_db()
    assert application.info_registration == registration
    assert list(application.likely_duplicates.all()) == [twin]
    assert list(twin.likely_duplicates.all()) == [application]


def test_admin_correction_saves_through_the_service_and_offers_the_link(staff_client):
    application = ApplicationFactory(contact_email="alt@firma.de")

    response = staff_client.post(
        change_url(application),
        admin_form_data(application, contact_email="neu@firma.de", contact_phone="02361/53-2129"),
        follow=True,
    )

    application.refresh_from_db()
    (change,) = application.status_changes.all()
    link = reverse("admin:applications_application_send_link", args=[application.pk])
    assert (application.contact_email, application.contact_phone) == (
        "neu@firma.de",
        "02361 532129",
    )
    assert change.changes == {
        "contact_email": ["alt@firma.de", "neu@firma.de"],
        "contact_phone": ["02361 12345", "02361 532129"],
    }
    assert change.by.username == "sachbearbeitung"
    # Django's "changed successfully" first, then what follows from the new address.
    assert messages_of(response) == [
        f'Bewerbung „<a href="{change_url(application)}">{application}</a>“ wurde erfolgreich '
        "geändert.",
        f'Die E-Mail-Adresse wurde geändert auf neu@firma.de. <a href="{link}">'
        "Persönlichen Link an die neue Adresse senden</a>",
    ]


def test_admin_correction_refused_by_the_service_saves_nothing_and_stands_next_to_the_field(
    staff_client,
):
    # The form does not check the address itself: the service's refusal under the row's
    # lock (here, as when another application took the address meanwhile) rolls back
    # the whole save, the staff notes and the admin's log entry included.
    round_ = open_round()
    other = ApplicationFactory(round=round_, contact_email="kontakt@firma.de")
    application = ApplicationFactory(
        round=round_, contact_email="alt@firma.de", staff_notes="Rückruf vereinbart"
    )

    response = staff_client.post(
        change_url(application),
        admin_form_data(
            application, contact_email="kontakt@firma.de", staff_notes="Adresse korrigiert"
        ),
    )

    application.refresh_from_db()
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert dict(form.errors) == {
        "contact_email": [
            f"Diese E-Mail-Adresse ist bereits bei der Bewerbung {other.reference} angegeben. "
            "Eine Adresse kann in einer Runde nur zu einer Bewerbung gehören."
        ]
    }
    assert (form["staff_notes"].value(), form["contact_email"].value()) == (
        "Adresse korrigiert",
        "kontakt@firma.de",
    )
    assert (application.contact_email, application.staff_notes) == (
        "alt@firma.de",
        "Rückruf vereinbart",
    )
    assert (application.status_changes.count(), LogEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "abc", "Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657."),
        (
            "contact_phone",
            "0800 FLOWERS",
            "Bitte geben Sie eine gültige Telefonnummer an, z. B. 02361 532129.",
        ),
        (
            "website",
            "www.beispiel .de",
            "Bitte geben Sie die Website als Internetadresse an, z. B. www.beispiel.de.",
        ),
        (
            "trainer_email",
            "ausbilder@",
            "Bitte geben Sie die E-Mail-Adresse der Ausbilderin oder des Ausbilders im "
            "Format name@beispiel.de an.",
        ),
        ("sector", "<b>Bau</b>", "Bitte geben Sie reinen Text ohne HTML-Auszeichnungen (<…>) ein."),
        (
            "company_name",
            "!!! & ---",
            "Der Name muss mindestens einen Buchstaben oder eine Ziffer enthalten.",
        ),
    ],
)
def test_admin_correction_is_checked_as_the_public_form_checks_it(
    staff_client, field, value, message
):
    application = ApplicationFactory(postcode="45657", staff_notes="")

    response = staff_client.post(
        change_url(application), admin_form_data(application, staff_notes="Notiz", **{field: value})
    )

    application.refresh_from_db()
    assert dict(response.context["adminform"].form.errors) == {field: [message]}
    assert (application.postcode, application.staff_notes, LogEntry.objects.count()) == (
        "45657",
        "",
        0,
    )


def test_admin_history_shows_the_correction_readably(staff_client):
    application = ApplicationFactory(contact_email="alt@firma.de", management_support=True)
    application_correct(  # in another order than the model's: shown in the model's
        application=application,
        by=None,
        heard_about="press",
        management_support=False,
        contact_email="neu@firma.de",
    )

    response = staff_client.get(change_url(application))

    html = response.content.decode()
    start = html.index('<td class="field-changed_fields">')
    cell = html[start : html.index("</td>", start)]
    assert text_of(cell) == (
        "E-Mail: alt@firma.de → neu@firma.de "
        "Geschäftsführung unterstützt das Projekt: ja → nein "
        "Aufmerksam geworden durch: Infoveranstaltung → Presse"
    )


def test_admin_send_link_asks_then_sends_without_the_hourly_limit(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(contact_email="neu@firma.de")
    url = reverse("admin:applications_application_send_link", args=[application.pk])

    asked = staff_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
        response = staff_client.post(url, follow=True)

    assert asked.templates[0].name == "admin/includes/send_link_confirm.html"
    assert (
        text_of(asked.content.decode()).count(
            f"Die Bewerbung {application.reference} erhält eine E-Mail mit ihrem persönlichen Link "
            "an neu@firma.de."
        )
        == 1
    )
    assert [m.to for m in mailoutbox] == [["neu@firma.de"], ["neu@firma.de"]]
    assert messages_of(response)[-1] == (
        f"{application.reference}: Der persönliche Link wurde an neu@firma.de gesendet."
    )
    assert list(application.status_changes.values_list("note", flat=True)) == [
        "Persönlicher Link gesendet an neu@firma.de",
        "Persönlicher Link gesendet an neu@firma.de",
    ]


def test_application_link_send_records_who_sent_it(mailoutbox, django_capture_on_commit_callbacks):
    staff = staff_member()
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        application_link_send(application=application, by=staff)

    (change,) = application.status_changes.all()
    assert (change.by, change.from_status, change.to_status, len(mailoutbox)) == (
        staff,
        "submitted",
        "submitted",
        1,
    )


def test_admin_send_link_needs_the_change_permission(client):
    viewer = staff_member("nurlesen", in_group=False)
    client.force_login(viewer)
    application = ApplicationFactory()

    response = client.post(
        reverse("admin:applications_application_send_link", args=[application.pk])
    )

    assert response.status_code == 403
