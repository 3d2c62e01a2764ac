"""The group user takes a registration by phone and corrects one in the admin, through
the services: seat rules, mails, German errors next to the field, the history."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.choices import RegistrationStatus
from events.models import Registration, RegistrationChange
from tests.factories import future_event, open_event
from tests.factories.applications import staff_member
from tests.helpers import messages_of

from .helpers import admin_change_form_data, register

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:events_registration_add")


def change_url(registration):
    return reverse("admin:events_registration_change", args=[registration.pk])


def send_link_url(registration):
    return reverse("admin:events_registration_send_link", args=[registration.pk])


def phone_data(event, **overrides):
    return {
        "event": str(event.pk),
        "persons": "1",
        "company": "Müller & Söhne GmbH",
        "first_name": "Jürgen",
        "last_name": "Müller",
        "function": "Geschäftsführer",
        "email": "j.mueller@example.org",
        "phone": "02361 / 98765",
        "municipality": "Marl",
        "remark": "",
        "consent_by_phone": "on",
        "_save": "Sichern",
        **overrides,
    }


def form_errors(response):
    return dict(response.context["adminform"].form.errors)


# -- a registration taken by phone -------------------------------------------------


def test_registration_admin_add_by_phone_confirms_mails_and_records_who(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=10, title="Infoveranstaltung")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD_URL, phone_data(event), follow=True)

    registration = Registration.objects.get()
    assert response.redirect_chain == [(change_url(registration), 302)]
    assert messages_of(response) == [
        "Müller & Söhne GmbH – Jürgen Müller ist angemeldet und bestätigt. Eine E-Mail an "
        "j.mueller@example.org ist unterwegs."
    ]
    assert (registration.status, registration.phone, registration.persons) == (
        RegistrationStatus.CONFIRMED,
        "02361 98765",
        1,
    )
    assert [m.to for m in mailoutbox] == [["j.mueller@example.org"]]
    assert mailoutbox[0].subject.startswith("Anmeldung bestätigt")
    (change,) = RegistrationChange.objects.all()
    assert (change.by.username, change.changes, change.note) == (
        "sachbearbeitung",
        {},
        "Von der Verwaltung angemeldet; Zustimmung zur Datenschutzerklärung mündlich.",
    )
    # The admin's log names the registration the service created.
    (entry,) = LogEntry.objects.all()
    assert (entry.action_flag, entry.object_id, entry.object_repr, entry.user.username) == (
        ADDITION,
        str(registration.pk),
        "Müller & Söhne GmbH – Jürgen Müller",
        "sachbearbeitung",
    )


def test_registration_admin_add_by_phone_waits_behind_the_queue(staff_client):
    event = open_event(capacity=1)
    register(event, "a@example.org")

    response = staff_client.post(ADD_URL, phone_data(event), follow=True)

    assert messages_of(response) == [
        "Müller & Söhne GmbH – Jürgen Müller steht auf der Warteliste auf Platz 1. Eine E-Mail "
        "an j.mueller@example.org ist unterwegs."
    ]
    assert Registration.objects.get(email="j.mueller@example.org").status == "waitlisted"


def test_registration_admin_add_by_phone_ignores_the_public_window_until_the_start(
    staff_client,
):
    not_yet_open = future_event(capacity=10)  # no registration_opens_at: the website refuses

    staff_client.post(ADD_URL, phone_data(not_yet_open))

    assert Registration.objects.get().event == not_yet_open


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"consent_by_phone": ""},
            {
                "consent_by_phone": [
                    "Bitte bestätigen Sie, dass die Person der Datenschutzerklärung zugestimmt "
                    "hat. Ohne Zustimmung kann die Anmeldung nicht gespeichert werden."
                ]
            },
        ),
        (
            {"email": "A@example.org"},
            {
                "email": [
                    "Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet "
                    "(Erika Mustermann, Muster GmbH)."
                ]
            },
        ),
        (
            {"persons": "3"},
            {"persons": ["Für diese Veranstaltung können höchstens 2 Personen angemeldet werden."]},
        ),
        (
            {"municipality": "Bottrop"},
            {"municipality": ["Bitte wählen Sie eine Kommune aus der Liste."]},
        ),
        (
            {"phone": "0800 FLOWERS"},
            {"phone": ["Bitte geben Sie eine gültige Telefonnummer an, z. B. 02361 532129."]},
        ),
        ({"first_name": ""}, {"first_name": ["Bitte geben Sie den Vornamen an."]}),
    ],
)
def test_registration_admin_add_by_phone_refusals_stand_next_to_the_field(
    staff_client, overrides, errors
):
    event = open_event(capacity=2)
    register(event, "a@example.org")

    response = staff_client.post(ADD_URL, phone_data(event, **overrides))

    assert form_errors(response) == errors
    assert response.context["adminform"].form["company"].value() == "Müller & Söhne GmbH"
    assert Registration.objects.count() == 1


def test_registration_admin_add_by_phone_offers_only_events_with_seats_not_started(
    staff_client,
):
    open_ = open_event(capacity=5)
    started = future_event(days=-1, capacity=5)
    without_seats = future_event(capacity=None)

    form = staff_client.get(ADD_URL).context["adminform"].form
    response = staff_client.post(ADD_URL, phone_data(started))

    assert list(form.fields["event"].queryset) == [open_]
    assert without_seats not in form.fields["event"].queryset
    assert form_errors(response) == {"event": ["Bitte wählen Sie einen Termin aus der Liste."]}


def test_registration_admin_add_municipality_of_another_rounds_region_is_refused(staff_client):
    event = open_event(capacity=5)
    open_event(capacity=5, round__municipalities="Bottrop")

    response = staff_client.post(ADD_URL, phone_data(event, municipality="Bottrop"))

    assert form_errors(response) == {
        "municipality": [
            "Bottrop gehört nicht zur Partnerregion dieses Termins. Bitte wählen Sie eine "
            "Kommune der Runde oder „andere Kommune“."
        ]
    }


# -- corrections ---------------------------------------------------------------------


def test_registration_admin_correction_goes_through_the_service_and_offers_the_link(
    staff_client,
):
    registration = register(open_event(), "erika@exmaple.org").registration
    url = change_url(registration)
    data = admin_change_form_data(
        staff_client, url, email="erika@example.org", note="Tippfehler", persons="2"
    )

    response = staff_client.post(url, data, follow=True)

    registration.refresh_from_db()
    assert (registration.email, registration.email_key, registration.persons) == (
        "erika@example.org",
        "erika@example.org",
        2,
    )
    # Django's "changed successfully" first, then what follows from the new address.
    assert messages_of(response) == [
        f'Anmeldung „<a href="{url}">{registration}</a>“ wurde erfolgreich geändert.',
        f'Die E-Mail-Adresse ist jetzt erika@example.org. <a href="{send_link_url(registration)}">'
        "Persönlichen Link an die neue Adresse senden</a>",
    ]
    (change,) = RegistrationChange.objects.all()
    assert (change.changes, change.note) == (
        {"email": ["erika@exmaple.org", "erika@example.org"], "persons": [1, 2]},
        "Tippfehler",
    )


def test_registration_admin_change_form_shows_the_history_read_only(staff_client):
    registration = register(open_event(), "erika@exmaple.org").registration
    url = change_url(registration)
    staff_client.post(url, admin_change_form_data(staff_client, url, email="erika@example.org"))

    response = staff_client.get(url)

    (history,) = response.context["inline_admin_formsets"]
    html = response.content.decode()
    assert history.opts.verbose_name_plural == "Verlauf"
    assert (history.has_add_permission, history.has_change_permission) == (False, False)
    assert "E-Mail: erika@exmaple.org → erika@example.org" in html
    assert f'href="{send_link_url(registration)}"' in html


def test_registration_admin_correction_to_a_registered_address_is_refused_at_the_field(
    staff_client,
):
    event = open_event()
    register(event, "taken@example.org", company="Andere AG")
    registration = register(event, "erika@example.org").registration
    url = change_url(registration)
    data = admin_change_form_data(staff_client, url, email="taken@example.org", company="Neu")

    response = staff_client.post(url, data)

    assert form_errors(response) == {
        "email": [
            "Diese E-Mail-Adresse ist für diesen Termin bereits angemeldet "
            "(Erika Mustermann, Andere AG)."
        ]
    }
    assert response.context["adminform"].form["company"].value() == "Neu"
    registration.refresh_from_db()
    assert (registration.email, registration.company) == ("erika@example.org", "Muster GmbH")


def test_registration_admin_correction_more_persons_than_free_is_refused_at_the_field(
    staff_client,
):
    event = open_event(capacity=2)
    registration = register(event, "a@example.org").registration
    register(event, "b@example.org")
    url = change_url(registration)

    response = staff_client.post(url, admin_change_form_data(staff_client, url, persons="2"))

    assert form_errors(response) == {
        "persons": [
            "Für 1 weitere Person ist kein Platz frei (frei: 0). Erhöhen Sie zuerst die Zahl "
            "der Plätze des Termins."
        ]
    }


def test_registration_admin_correction_fewer_persons_moves_the_queue(staff_client):
    event = open_event(capacity=2)
    registration = register(event, "a@example.org", persons=2).registration
    register(event, "b@example.org")
    url = change_url(registration)

    response = staff_client.post(
        url, admin_change_form_data(staff_client, url, persons="1"), follow=True
    )

    assert "1 Anmeldung ist von der Warteliste nachgerückt." in messages_of(response)
    assert Registration.objects.get(email="b@example.org").status == "confirmed"


# -- the personal link ------------------------------------------------------------------


def test_registration_admin_send_link_asks_then_sends(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    mailoutbox.clear()

    page = staff_client.get(send_link_url(registration))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(send_link_url(registration), follow=True)

    assert page.templates[0].name == "admin/includes/send_link_confirm.html"
    assert "an erika@example.org" in page.content.decode()
    assert response.redirect_chain == [(change_url(registration), 302)]
    assert messages_of(response) == ["Der persönliche Link ist an erika@example.org unterwegs."]
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]


def test_registration_admin_send_link_needs_the_change_permission(client, mailoutbox):
    registration = register(open_event(), "erika@example.org").registration
    mailoutbox.clear()
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    response = client.post(send_link_url(registration))

    assert response.status_code == 403
    assert mailoutbox == []


def test_registration_admin_actions_need_the_change_permission(client):
    viewer = staff_member("nur-lesen", in_group=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    register(open_event(), "erika@example.org")

    response = client.get(reverse("admin:events_registration_changelist"))

    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "export_csv", "export_person_data"]
