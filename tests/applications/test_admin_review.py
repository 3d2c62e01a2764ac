"""The staff's review in the admin: changelist, places, review actions, the change page."""

import re

import pytest
from django.utils import timezone

from applications.links import application_token
from applications.models import Application, ApplicationStatus
from tests.events.helpers import admin_change_form_data
from tests.factories import ApplicationFactory, EventFactory, RegistrationFactory, RoundFactory
from tests.helpers import messages_of, run_action, text_of

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
    assert "Ausgewählte Unternehmen der Runde (CSV)" in html
    row = changelist_row(response, zeche.reference)
    link = f"{CHANGELIST}{zeche.pk}/change/?_changelist_filters=round__id__exact%3D{round_.pk}"
    assert {name: row[name] for name in row if name != "submitted_on"} == {
        "reference": f'<a href="{link}">{zeche.reference}</a>',
        "company_name": f'<a href="{link}">Zeche Ewald GmbH</a>',
        "municipality": "Herten",
        "status_with_position": '<span class="status-badge status-submitted">eingegangen</span>',
        "attended_info_event": "ja",
        "has_likely_duplicates": '<img src="/static/admin/img/icon-no.svg" alt="False">',
    }
    first = changelist_row(response, selected[0].reference)
    assert (first["attended_info_event"], first["status_with_position"]) == (
        "nicht angemeldet",
        '<span class="status-badge status-selected">ausgewählt</span>',
    )
    assert changelist_row(response, reserve.reference)["status_with_position"] == (
        '<span class="status-badge status-reserve">Nachrücker 1</span>'
    )


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

    response = run_action(
        staff_client, CHANGELIST_NAME, "reject_applications", [chosen], post="yes"
    )

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


def test_admin_change_page_shows_history_and_never_saves_status_or_decision(staff_client):
    application = ApplicationFactory(employees=600, status=S.SHORTLISTED)
    application.status_changes.create(
        from_status="submitted", to_status="shortlisted", at=timezone.now(), note="passt"
    )
    url = f"{CHANGELIST}{application.pk}/change/"

    html = staff_client.get(url).content.decode()
    data = admin_change_form_data(
        staff_client,
        url,
        staff_notes="Rückruf am Montag",
        status=S.SELECTED,
        decision_sent_status=S.SHORTLISTED,
    )
    saved = staff_client.post(url, data)

    application.refresh_from_db()
    history = text_of(html[html.index('<h2 id="status_changes-heading"') :])
    assert history.startswith("Verlauf Am Status Durch Notiz Korrigierte Angaben")
    assert "eingegangen → in engerer Auswahl" in history
    assert "<li>Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten." in html
    assert saved["Location"] == CHANGELIST
    assert (
        application.staff_notes,
        application.employees,
        application.status,
        application.decision_sent_status,
    ) == ("Rückruf am Montag", 600, S.SHORTLISTED, "")


def templates_of(response):
    return [template.name for template in response.templates]


def test_admin_status_actions_without_a_loss_act_at_once(staff_client):
    submitted, shortlisted, reserve = (
        ApplicationFactory(),
        ApplicationFactory(status=S.SHORTLISTED),
        ApplicationFactory(status=S.RESERVE, reserve_position=1),
    )

    shortlist = run_action(staff_client, CHANGELIST_NAME, "shortlist_applications", [submitted])
    select = run_action(
        staff_client, CHANGELIST_NAME, "select_applications", [shortlisted, reserve]
    )

    assert messages_of(shortlist) == [f"In die engere Auswahl genommen: {submitted.reference}."]
    assert messages_of(select) == [
        f"Ausgewählt: {shortlisted.reference}, {reserve.reference}.",
    ]
    assert "admin/applications/application/status_confirm.html" not in templates_of(select)


def test_admin_reject_asks_first_and_changes_nothing_until_confirmed(staff_client):
    application = ApplicationFactory(status=S.SHORTLISTED)
    withdrawn = ApplicationFactory(status=S.WITHDRAWN)

    page = run_action(
        staff_client, CHANGELIST_NAME, "reject_applications", [application, withdrawn]
    )
    application.refresh_from_db()
    status_after_page = application.status
    done = run_action(
        staff_client, CHANGELIST_NAME, "reject_applications", [application], post="yes"
    )

    html = page.content.decode()
    application.refresh_from_db()
    assert templates_of(page)[0] == "admin/applications/application/status_confirm.html"
    assert "<p>Diese Bewerbung wird auf „abgesagt“ gesetzt:</p>" in html
    assert f"<li>{application}: in engerer Auswahl → abgesagt</li>" in html
    assert f"<li>{withdrawn.reference}: „zurückgezogen“ lässt sich nicht absagen.</li>" in html
    assert 'name="understood"' not in html
    assert '<input type="submit" class="default" value="Ja, absagen">' in html
    assert status_after_page == S.SHORTLISTED
    assert messages_of(done) == [f"Abgesagt: {application.reference}."]
    assert application.status == S.REJECTED


def test_admin_reserve_of_a_selected_firm_asks_first_and_names_the_place(staff_client):
    application = ApplicationFactory(status=S.SELECTED)

    page = run_action(staff_client, CHANGELIST_NAME, "reserve_applications", [application])

    application.refresh_from_db()
    assert (
        f"<li>{application}: ausgewählt → Nachrücker – gibt ihren Platz in der Runde frei</li>"
        in page.content.decode()
    )
    assert application.status == S.SELECTED


def test_admin_status_action_with_a_note_records_it(staff_client):
    application = ApplicationFactory(status=S.SELECTED)

    run_action(
        staff_client,
        CHANGELIST_NAME,
        "reject_applications",
        [application],
        post="yes",
        note="Zu wenige Auszubildende",
    )

    assert list(application.status_changes.values_list("to_status", "note")) == [
        (S.REJECTED, "Zu wenige Auszubildende")
    ]
