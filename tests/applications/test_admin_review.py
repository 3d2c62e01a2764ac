"""The staff's review in the admin: changelist, places, review actions, the change page."""

import re

import pytest
from django.utils import timezone

from applications.links import application_token
from applications.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, EventFactory, RegistrationFactory, RoundFactory
from tests.helpers import messages_of, run_action

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"
CHANGELIST_NAME = "admin:applications_application_changelist"
S = ApplicationStatus


def changelist_row(response, reference):
    """The rendered cells of one application's changelist row, by column."""
    html = response.content.decode()
    start = html.index(f">{reference}</a>")
    row = html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]
    return dict(re.findall(r'<t[dh] class="field-([a-z_]+)[^"]*">(.*?)</t[dh]>', row))


def test_admin_changelist_shows_columns_and_places(staff_client):
    round_ = RoundFactory(places=7)
    registration = RegistrationFactory(
        event=EventFactory(round=round_), email="info@zeche.de", attended=True
    )
    selected = ApplicationFactory.create_batch(5, round=round_, status=S.SELECTED)
    reserve = ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=1)
    zeche = ApplicationFactory(
        round=round_,
        company_name="Zeche Ewald GmbH",
        municipality="Herten",
        employees=600,
        info_registration=registration,
    )

    response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    html = response.content.decode()
    assert "<strong>5 von 7 Plätzen vergeben</strong>" in html
    assert "Ausgewählte Unternehmen exportieren" in html
    row = changelist_row(response, zeche.reference)
    link = f"{CHANGELIST}{zeche.pk}/change/?_changelist_filters=round__id__exact%3D{round_.pk}"
    assert {name: row[name] for name in row if name != "submitted_at"} == {
        "reference": f'<a href="{link}">{zeche.reference}</a>',
        "company_name": f'<a href="{link}">Zeche Ewald GmbH</a>',
        "municipality": "Herten",
        "employees": "600",
        "apprentices": "3",
        "attended_info_event": "ja",
        "is_eligible": '<img src="/static/admin/img/icon-no.svg" alt="False">',
        "status_with_position": "eingegangen",
    }
    first = changelist_row(response, selected[0].reference)
    assert (first["attended_info_event"], first["is_eligible"], first["status_with_position"]) == (
        "nicht angemeldet",
        '<img src="/static/admin/img/icon-yes.svg" alt="True">',
        "ausgewählt",
    )
    assert changelist_row(response, reserve.reference)["status_with_position"] == "Nachrücker 1"


def test_admin_changelist_filters_by_attended_and_municipality(staff_client):
    registration = RegistrationFactory(event=EventFactory(), email="info@zeche.de", attended=True)
    attended = ApplicationFactory(municipality="Herten", info_registration=registration)
    ApplicationFactory(municipality="Marl")

    by_attended = staff_client.get(CHANGELIST, {"attended": "yes"})
    by_municipality = staff_client.get(CHANGELIST, {"municipality": "Herten"})
    searched = staff_client.get(CHANGELIST, {"q": attended.reference})

    assert list(by_attended.context["cl"].result_list) == [attended]
    assert list(by_municipality.context["cl"].result_list) == [attended]
    assert list(searched.context["cl"].result_list) == [attended]


@pytest.mark.parametrize(
    "params",
    [
        {"round__id__exact": "²"},
        {"round__id__exact": "9" * 30},
        {"municipality": "\x00"},
        {"municipality": "Bochum"},
    ],
)
def test_admin_changelist_ignores_malformed_filter_values(staff_client, params):
    application = ApplicationFactory(municipality="Herten")

    response = staff_client.get(CHANGELIST, params)

    assert list(response.context["cl"].result_list) == [application]


@pytest.mark.parametrize("count", [1, 50])
def test_admin_changelist_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = RoundFactory()
    ApplicationFactory.create_batch(count, round=round_)

    with django_assert_num_queries(11):
        response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    assert len(response.context["cl"].result_list) == count


def test_admin_select_action_refuses_beyond_the_places_and_names_them(staff_client):
    round_ = RoundFactory(places=7)
    applications = ApplicationFactory.create_batch(8, round=round_)

    first = run_action(staff_client, CHANGELIST_NAME, "select_applications", applications[:7])
    eighth = run_action(staff_client, CHANGELIST_NAME, "select_applications", applications[7:])

    assert messages_of(first) == [
        "Ausgewählt: " + ", ".join(a.reference for a in applications[:7]) + "."
    ]
    assert messages_of(eighth) == [
        f"Alle 7 Plätze sind vergeben. Nicht ausgewählt: {applications[7].reference}."
    ]
    assert Application.objects.filter(status=S.SELECTED).count() == 7
    assert "<strong>7 von 7 Plätzen vergeben</strong>" in eighth.content.decode()


def test_admin_action_refusal_is_shown_as_the_services_message(staff_client):
    application = ApplicationFactory(status=S.WITHDRAWN)

    response = run_action(staff_client, CHANGELIST_NAME, "shortlist_applications", [application])

    assert messages_of(response) == [
        f"{application.reference}: „zurückgezogen“ lässt sich nicht in die engere Auswahl nehmen."
    ]


def test_admin_deselect_offers_the_first_reserve(staff_client):
    round_ = RoundFactory(places=1)
    chosen, waiting = ApplicationFactory.create_batch(2, round=round_)
    run_action(staff_client, CHANGELIST_NAME, "select_applications", [chosen])
    run_action(staff_client, CHANGELIST_NAME, "reserve_applications", [waiting])

    response = run_action(staff_client, CHANGELIST_NAME, "reject_applications", [chosen])

    assert messages_of(response) == [
        f"Abgesagt: {chosen.reference}.",
        f"{round_.title}: Ein Platz ist frei geworden. Erster Nachrücker ist "
        f"{waiting.reference} {waiting.company_name} – Sie können ihn mit „Auswählen“ "
        "nachrücken lassen.",
    ]
    assert '<input type="submit" class="button" value="Nachrücker auswählen">' in (
        response.content.decode()
    )


def test_admin_offers_the_first_reserve_after_a_selected_firm_withdraws(staff_client):
    round_ = RoundFactory(places=1, title="Digiscouts 2021")
    chosen, waiting = ApplicationFactory.create_batch(2, round=round_)
    run_action(staff_client, CHANGELIST_NAME, "select_applications", [chosen])
    run_action(staff_client, CHANGELIST_NAME, "reserve_applications", [waiting])
    staff_client.post(
        f"/bewerbung/status/{application_token(chosen)}/zurueckziehen/", {"confirm": "on"}
    )

    response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    html = response.content.decode()
    assert "<strong>0 von 1 Plätzen vergeben</strong>" in html
    assert f"Erster Nachrücker: {waiting.reference} {waiting.company_name}" in html
    assert '<form method="post">' in html
    assert f'<input type="hidden" name="_selected_action" value="{waiting.pk}">' in html
    assert '<input type="submit" class="button" value="Nachrücker auswählen">' in html


def test_admin_actions_record_the_staff_user(staff_client):
    application = ApplicationFactory()

    run_action(staff_client, CHANGELIST_NAME, "shortlist_applications", [application])
    run_action(staff_client, CHANGELIST_NAME, "reserve_applications", [application])

    assert list(
        application.status_changes.values_list("from_status", "to_status", "by__username")
    ) == [
        ("submitted", "shortlisted", "sachbearbeitung"),
        ("shortlisted", "reserve", "sachbearbeitung"),
    ]


def test_admin_change_page_shows_sections_history_and_saves_only_notes(staff_client):
    application = ApplicationFactory(employees=600, status=S.SHORTLISTED)
    company_name = application.company_name
    application.status_changes.create(
        from_status="submitted", to_status="shortlisted", at=timezone.now(), note="passt"
    )
    url = f"{CHANGELIST}{application.pk}/change/"

    html = staff_client.get(url).content.decode()
    saved = staff_client.post(
        url,
        {
            "staff_notes": "Rückruf am Montag",
            "status": S.SELECTED,
            "employees": "45",
            "company_name": "Umbenannt GmbH",
            "decision_sent_status": S.SHORTLISTED,
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "1",
            "status_changes-MIN_NUM_FORMS": "0",
            "status_changes-MAX_NUM_FORMS": "1000",
        },
    )

    application.refresh_from_db()
    assert "Statusverlauf" in html
    assert "<li>Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten." in html
    assert saved["Location"] == CHANGELIST
    assert (
        application.staff_notes,
        application.employees,
        application.status,
        application.company_name,
        application.decision_sent_status,
    ) == ("Rückruf am Montag", 600, S.SHORTLISTED, company_name, "")
