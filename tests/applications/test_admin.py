"""The staff's workplace: permissions, changelist, actions, decision e-mails."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.permissions import STAFF_GROUP_NAME
from applications.selectors import application_token
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    RegistrationFactory,
    RoundFactory,
)
from tests.factories.applications import staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"
S = ApplicationStatus


@pytest.fixture
def staff_client(client):
    client.force_login(staff_member())
    return client


def run_action(client, action, applications, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in applications], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def changelist_row(response, reference):
    """The rendered cells of one application's changelist row, by column."""
    html = response.content.decode()
    start = html.index(f">{reference}</a>")
    row = html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]
    return dict(re.findall(r'<t[dh] class="field-([a-z_]+)[^"]*">(.*?)</t[dh]>', row))


def confirm_decisions(client, applications, previewed=None):
    """Post the confirmation of the decision mails as the preview page does."""
    previewed = previewed or {a.pk: a.status for a in applications}
    fields = {f"previewed_status_{pk}": status for pk, status in previewed.items()}
    return run_action(client, "send_decisions", applications, post="yes", **fields)


# Exactly what the review needs: applications and registrations, rounds and events to read.
STAFF_GROUP_PERMISSIONS = [
    ("applications", "change_application"),
    ("applications", "view_application"),
    ("applications", "view_applicationstatuschange"),
    ("events", "change_registration"),
    ("events", "view_event"),
    ("events", "view_phase"),
    ("events", "view_registration"),
    ("events", "view_round"),
]


def test_staff_group_created_by_the_data_migration_has_exactly_the_needed_permissions():
    group = Group.objects.get(name=STAFF_GROUP_NAME)

    assert (
        sorted(group.permissions.values_list("content_type__app_label", "codename"))
        == STAFF_GROUP_PERMISSIONS
    )


def test_staff_group_migration_keeps_its_own_permissions_when_the_live_ones_change(monkeypatch):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from applications import permissions

    migration = importlib.import_module("applications.migrations.0002_staff_group")
    state = MigrationLoader(connection).project_state(("applications", "0002_staff_group"))
    monkeypatch.setattr(permissions, "STAFF_PERMISSIONS", (("auth", "delete_user"),))
    Group.objects.filter(name=STAFF_GROUP_NAME).delete()

    migration.forwards(state.apps, None)

    group = Group.objects.get(name=STAFF_GROUP_NAME)
    assert (
        sorted(group.permissions.values_list("content_type__app_label", "codename"))
        == STAFF_GROUP_PERMISSIONS
    )


def test_admin_group_user_sees_applications_but_cannot_add_or_delete(staff_client):
    application = ApplicationFactory()

    changelist = staff_client.get(CHANGELIST)
    change = staff_client.get(f"{CHANGELIST}{application.pk}/change/")
    add = staff_client.get(f"{CHANGELIST}add/")
    delete = staff_client.get(f"{CHANGELIST}{application.pk}/delete/")
    rounds = staff_client.get("/verwaltung/events/round/")
    round_change = staff_client.post(
        f"/verwaltung/events/round/{application.round.pk}/change/", {"title": "neu"}
    )

    assert (changelist.status_code, change.status_code) == (200, 200)
    assert (add.status_code, delete.status_code) == (403, 403)
    assert rounds.status_code == 200
    assert round_change.status_code == 403


def test_admin_plain_staff_user_sees_no_applications(client):
    application = ApplicationFactory()
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    index = client.get("/verwaltung/")

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(f"{CHANGELIST}{application.pk}/change/").status_code == 403
    assert client.get(f"{CHANGELIST}export/{application.round.pk}/").status_code == 403
    assert "Bewerbungen" not in index.content.decode()


def test_admin_anonymous_is_sent_to_the_login(client):
    application = ApplicationFactory()

    for url in (CHANGELIST, f"{CHANGELIST}export/{application.round.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/verwaltung/login/")


def test_admin_changelist_shows_columns_and_places(staff_client):
    round_ = RoundFactory(places=7)
    registration = RegistrationFactory(
        event=EventFactory(round=round_),
        email="info@zeche.de",
        attended=True,
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
    assert "5 von 7 Plätzen vergeben" in html
    assert "Ausgewählte Unternehmen exportieren" in html
    row = changelist_row(response, zeche.reference)
    assert {name: row[name] for name in row if name != "submitted_at"} == {
        "reference": (
            f'<a href="{CHANGELIST}{zeche.pk}/change/?_changelist_filters='
            f'round__id__exact%3D{round_.pk}">{zeche.reference}</a>'
        ),
        "company_name": (
            f'<a href="{CHANGELIST}{zeche.pk}/change/?_changelist_filters='
            f'round__id__exact%3D{round_.pk}">Zeche Ewald GmbH</a>'
        ),
        "municipality": "Herten",
        "employees": "600",
        "apprentices": "3",
        "attended_info_event": "ja",
        "is_eligible": '<img src="/static/admin/img/icon-no.svg" alt="False">',
        "status_with_position": "eingegangen",
    }
    assert changelist_row(response, selected[0].reference)["attended_info_event"] == (
        "nicht angemeldet"
    )
    assert changelist_row(response, selected[0].reference)["is_eligible"] == (
        '<img src="/static/admin/img/icon-yes.svg" alt="True">'
    )
    assert changelist_row(response, selected[0].reference)["status_with_position"] == ("ausgewählt")
    assert changelist_row(response, reserve.reference)["status_with_position"] == "Nachrücker 1"


def test_admin_changelist_filters_by_attended_and_municipality(staff_client):
    registration = RegistrationFactory(
        event=EventFactory(),
        email="info@zeche.de",
        attended=True,
    )
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

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [application]


@pytest.mark.parametrize("count", [1, 50])
def test_admin_changelist_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = RoundFactory()
    ApplicationFactory.create_batch(count, round=round_)

    with django_assert_num_queries(11):
        response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    assert len(response.context["cl"].result_list) == count


def test_admin_select_action_refuses_the_eighth_with_the_message(staff_client):
    round_ = RoundFactory(places=7)
    applications = ApplicationFactory.create_batch(8, round=round_)

    first = run_action(staff_client, "select_applications", applications[:7])
    eighth = run_action(staff_client, "select_applications", applications[7:])

    assert messages_of(first) == [
        "Ausgewählt: " + ", ".join(a.reference for a in applications[:7]) + "."
    ]
    assert messages_of(eighth) == [
        f"Alle 7 Plätze sind vergeben. Nicht ausgewählt: {applications[7].reference}."
    ]
    assert Application.objects.filter(status=S.SELECTED).count() == 7
    assert "7 von 7 Plätzen vergeben" in eighth.content.decode()


def test_admin_deselect_offers_the_first_reserve(staff_client):
    round_ = RoundFactory(places=1)
    chosen, waiting = ApplicationFactory.create_batch(2, round=round_)
    run_action(staff_client, "select_applications", [chosen])
    run_action(staff_client, "reserve_applications", [waiting])

    response = run_action(staff_client, "reject_applications", [chosen])

    assert messages_of(response) == [
        f"Abgesagt: {chosen.reference}.",
        f"{round_.title}: Ein Platz ist frei geworden. Erster Nachrücker ist "
        f"{waiting.reference} {waiting.company_name} – Sie können ihn mit „Auswählen“ "
        "nachrücken lassen.",
    ]
    assert "Nachrücker auswählen" in response.content.decode()


def test_admin_offers_the_first_reserve_after_a_selected_firm_withdraws(staff_client):
    round_ = RoundFactory(places=1, title="Digiscouts 2021")
    chosen, waiting = ApplicationFactory.create_batch(2, round=round_)
    run_action(staff_client, "select_applications", [chosen])
    run_action(staff_client, "reserve_applications", [waiting])
    staff_client.post(
        f"/bewerbung/status/{application_token(chosen)}/zurueckziehen/", {"confirm": "on"}
    )

    response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    html = response.content.decode()
    assert "0 von 1 Plätzen vergeben" in html
    assert f"Erster Nachrücker: {waiting.reference} {waiting.company_name}" in html
    assert f'<input type="hidden" name="_selected_action" value="{waiting.pk}">' in html
    assert '<input type="submit" class="button" value="Nachrücker auswählen">' in html


def test_admin_actions_record_the_staff_user(staff_client):
    application = ApplicationFactory()

    run_action(staff_client, "shortlist_applications", [application])
    run_action(staff_client, "reserve_applications", [application])

    assert list(
        application.status_changes.values_list("from_status", "to_status", "by__username")
    ) == [
        ("submitted", "shortlisted", "sachbearbeitung"),
        ("shortlisted", "reserve", "sachbearbeitung"),
    ]


def test_admin_decision_mail_shows_first_then_sends_once(staff_client, mailoutbox):
    selected = ApplicationFactory(status=S.SELECTED, contact_email="chef@zeche.de")
    undecided = ApplicationFactory()

    preview = run_action(staff_client, "send_decisions", [selected, undecided])
    sent_count_after_preview = len(mailoutbox)
    sent = confirm_decisions(staff_client, [selected, undecided], {selected.pk: S.SELECTED})
    again = confirm_decisions(staff_client, [selected, undecided], {selected.pk: S.SELECTED})

    selected.refresh_from_db()
    preview_html = preview.content.decode()
    assert "Zusage: Ihr Unternehmen ist bei Digiscouts dabei" in preview_html
    assert "noch keine Entscheidung" in preview_html
    assert (
        f'<input type="hidden" name="previewed_status_{selected.pk}" value="selected">'
        in preview_html
    )
    assert f'name="previewed_status_{undecided.pk}"' not in preview_html
    assert sent_count_after_preview == 0
    assert messages_of(sent) == [f"Entscheidung versandt: {selected.reference}."]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["chef@zeche.de"],
            f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({selected.reference})",
        )
    ]
    assert selected.decision_sent_status == S.SELECTED
    assert selected.decision_sent_at is not None
    assert selected.decision_sent_by.username == "sachbearbeitung"
    assert messages_of(again) == [
        f"{selected.reference}: Die Entscheidung „ausgewählt“ wurde bereits versandt."
    ]
    assert len(mailoutbox) == 1


def test_admin_decision_mail_confirm_without_preview_of_a_sent_one_warns(staff_client):
    application = ApplicationFactory(
        status=S.REJECTED, decision_sent_status=S.REJECTED, decision_sent_at=timezone.now()
    )

    response = run_action(staff_client, "send_decisions", [application], post="yes")

    assert messages_of(response) == [
        f"{application.reference}: Die Entscheidung „abgesagt“ wurde bereits versandt."
    ]


def test_admin_decision_mail_skips_a_status_changed_since_the_preview(staff_client, mailoutbox):
    changed = ApplicationFactory(status=S.SELECTED)
    unchanged = ApplicationFactory(status=S.REJECTED)
    run_action(staff_client, "send_decisions", [changed, unchanged])
    run_action(staff_client, "reject_applications", [changed])

    response = confirm_decisions(
        staff_client, [changed, unchanged], {changed.pk: S.SELECTED, unchanged.pk: S.REJECTED}
    )

    changed.refresh_from_db()
    assert messages_of(response) == [
        f"{changed.reference}: Der Status hat sich seit der Vorschau geändert (jetzt "
        "„abgesagt“). Die E-Mail wurde nicht gesendet; bitte sehen Sie sie sich erneut an.",
        f"Entscheidung versandt: {unchanged.reference}.",
    ]
    assert [m.to for m in mailoutbox] == [[unchanged.contact_email]]
    assert (changed.decision_sent_status, changed.decision_sent_at) == ("", None)


def test_admin_decision_mail_after_a_new_decision_is_sent_again(mailoutbox):
    from applications.services import (
        DecisionAlreadySent,
        application_decision_send,
        application_select,
    )

    application = ApplicationFactory(status=S.RESERVE, reserve_position=1)
    application_decision_send(application=application)
    with pytest.raises(DecisionAlreadySent):
        application_decision_send(application=application)
    application_select(application=application)

    application_decision_send(application=application, now=timezone.now())

    assert [m.subject for m in mailoutbox] == [
        f"Digiscouts: Ihr Unternehmen steht auf der Nachrückerliste ({application.reference})",
        f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({application.reference})",
    ]


def test_admin_change_page_shows_who_sent_the_decision(staff_client):
    user = staff_member("versand")
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.REJECTED,
        decision_sent_at=timezone.now(),
        decision_sent_by=user,
    )

    html = staff_client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()

    assert "Entscheidung versandt durch:" in html
    link = f'<a href="/verwaltung/auth/user/{user.pk}/change/">versand</a>'
    assert f'<div class="readonly">{link}</div>' in html
    assert 'name="decision_sent_by"' not in html


def test_admin_change_page_shows_sections_history_and_saves_notes(staff_client):
    application = ApplicationFactory(employees=600, status=S.SHORTLISTED)
    company_name = application.company_name
    application.status_changes.create(
        from_status="submitted", to_status="shortlisted", at=timezone.now(), note="passt"
    )
    url = f"{CHANGELIST}{application.pk}/change/"

    page = staff_client.get(url)
    html = page.content.decode()
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
    assert "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten." in html
    assert saved.status_code == 302
    assert application.staff_notes == "Rückruf am Montag"
    assert application.employees == 600
    assert application.status == S.SHORTLISTED
    assert application.company_name == company_name
    assert application.decision_sent_status == ""


def test_seed_staff_demo_creates_a_group_member_without_superuser_rights():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_staff_demo", "--username", "demo", "--password", "Demo-Passwort-2021")

    user = get_user_model().objects.get(username="demo")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Fachdienst Wirtschaft"]
    assert user.check_password("Demo-Passwort-2021")
    assert user.has_perm("applications.change_application")
