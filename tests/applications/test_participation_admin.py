"""The participating firms in the admin, as the group "Fachdienst Wirtschaft" uses it:
the list, team and coach, milestones reached and taken back, the drop-out with the
offer of the first reserve, the history."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.choices import ApplicationStatus, ParticipationEnd
from applications.models import Participation
from applications.services import (
    application_decision_send,
    application_reserve,
    application_select,
    milestone_reach,
    participation_drop_out,
    participation_idea_save,
)
from events.services import milestones_add_defaults
from tests.events.helpers import admin_change_form_data
from tests.factories import ApplicationFactory, RoundFactory, open_round
from tests.factories.applications import staff_member
from tests.factories.events import berlin
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "/verwaltung/applications/participation/"


def long_date(day):
    return date_format(day, "DATE_FORMAT")


def change_url(participation):
    return reverse("admin:applications_participation_change", args=[participation.pk])


def drop_out_url(participation):
    return reverse("admin:applications_participation_drop_out", args=[participation.pk])


def reach_url(participation, milestone):
    return reverse(
        "admin:applications_participation_reach",
        kwargs={"participation_id": participation.pk, "milestone_id": milestone.pk},
    )


def undo_url(participation, milestone):
    return reverse(
        "admin:applications_participation_undo",
        kwargs={"participation_id": participation.pk, "milestone_id": milestone.pk},
    )


def selected(round_, **kwargs):
    return application_select(application=ApplicationFactory(round=round_, **kwargs)).participation


def past_round(**kwargs):
    """The seed's dates (2021): every milestone is due, none reached is behind."""
    round_ = RoundFactory(**{"title": "Digiscouts 2021", **kwargs})
    milestones_add_defaults(round_=round_)
    return round_


def milestone(round_, position):
    return round_.milestones.get(position=position)


def reach(participation, position, on=date(2021, 6, 1), note=""):
    return milestone_reach(
        participation=participation,
        milestone=milestone(participation.round, position),
        reached_on=on,
        by=None,
        note=note,
    )


def result_rows(response):
    """The visible text of each row of the changelist's result table."""
    html = response.content.decode()
    body = html[html.index("<tbody>", html.index('id="result_list"')) : html.index("</tbody>")]
    return [text_of(row) for row in re.findall(r"<tr.*?</tr>", body, flags=re.DOTALL)]


def section(html, heading_id, end="</fieldset>"):
    start = html.index(">", html.index(f'aria-labelledby="{heading_id}"')) + 1
    return text_of(html[start : html.index(end, start)])


def history(participation):
    return list(participation.changes.order_by("at", "pk").values_list("kind", "note", "changes"))


# -- the list ---------------------------------------------------------------------


def test_participation_list_shows_team_coach_state_progress_and_who_is_behind(staff_client):
    round_ = past_round()
    on_track = selected(round_, company_name="Alpha GmbH", apprentices=3)
    for position in range(1, 7):
        reach(on_track, position)
    behind = selected(round_, company_name="Beta KG", apprentices=2)
    reach(behind, 1)
    behind.coach_name = "Carla Coach"
    behind.save()
    one_behind = selected(round_, company_name="Gamma AG", apprentices=4)
    for position in range(1, 6):
        reach(one_behind, position)
    gone = selected(round_, company_name="Delta OHG")
    participation_drop_out(participation=gone, on=timezone.localdate(), reason="Umzug", by=None)
    changed = selected(round_, company_name="Epsilon eG")
    application_reserve(application=changed.application)

    response = staff_client.get(CHANGELIST)

    today = timezone.localdate().strftime("%d.%m.%Y")
    assert result_rows(response) == [
        "Alpha GmbH Digiscouts 2021 3 – nimmt teil 6 von 6 –",
        "Beta KG Digiscouts 2021 2 Carla Coach nimmt teil 1 von 6 im Rückstand: Analyse "
        "abgeschlossen und 4 weitere",
        "Gamma AG Digiscouts 2021 4 – nimmt teil 5 von 6 im Rückstand: Bei der "
        "Abschlussveranstaltung präsentiert",
        f"Delta OHG Digiscouts 2021 3 – ausgestiegen am {today} 0 von 6 –",
        f"Epsilon eG Digiscouts 2021 3 – Auswahl geändert am {today} 0 von 6 –",
    ]
    html = response.content.decode()
    assert f'<a href="{change_url(on_track)}">Alpha GmbH</a>' in html
    assert (
        '<span class="status-badge status-behind">im Rückstand: Bei der Abschlussveranstaltung '
        "präsentiert</span>"
    ) in html


@pytest.mark.parametrize("count", [1, 7])
def test_participation_list_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = past_round()
    for _ in range(count):
        participation = selected(round_)
        reach(participation, 1)

    # Session, user, the user's and the group's permissions, the round filter's choices,
    # two counts (filtered and all), the page's rows with their progress.
    with django_assert_num_queries(8):
        response = staff_client.get(CHANGELIST)

    assert len(result_rows(response)) == count


@pytest.mark.parametrize(
    ("stand", "expected"),
    [
        ("aktiv", ["Alpha GmbH", "Beta KG"]),
        ("rueckstand", ["Beta KG"]),
        ("ausgestiegen", ["Delta OHG"]),
        ("auswahl", ["Epsilon eG"]),
    ],
)
def test_participation_list_filters_by_state(staff_client, stand, expected):
    round_ = past_round()
    alpha = selected(round_, company_name="Alpha GmbH")
    for position in range(1, 7):
        reach(alpha, position)
    selected(round_, company_name="Beta KG")
    gone = selected(round_, company_name="Delta OHG")
    participation_drop_out(participation=gone, on=timezone.localdate(), reason="Umzug", by=None)
    application_reserve(application=selected(round_, company_name="Epsilon eG").application)

    response = staff_client.get(CHANGELIST, {"stand": stand})

    names = [p.application.company_name for p in response.context["cl"].result_list]
    assert names == expected


def test_participation_list_filters_by_round_and_searches_by_company(staff_client):
    round_ = past_round()
    other = past_round(title="Digiscouts 2022", slug="andere-runde")
    selected(round_, company_name="Alpha GmbH")
    selected(round_, company_name="Beta KG")
    selected(other, company_name="Alphorn Bau")

    by_round = staff_client.get(CHANGELIST, {"round__id__exact": other.pk})
    by_name = staff_client.get(CHANGELIST, {"q": "alph"})

    assert [p.application.company_name for p in by_round.context["cl"].result_list] == [
        "Alphorn Bau"
    ]
    assert [p.application.company_name for p in by_name.context["cl"].result_list] == [
        "Alpha GmbH",
        "Alphorn Bau",
    ]


def test_participation_admin_has_no_add_and_no_delete(staff_client):
    participation = selected(past_round())

    add = staff_client.get(CHANGELIST + "add/")
    delete = staff_client.get(change_url(participation) + "delete/")
    html = staff_client.get(CHANGELIST).content.decode()

    assert (add.status_code, delete.status_code) == (403, 403)
    assert 'value="delete_selected"' not in html
    assert Participation.objects.count() == 1


# -- the change form ----------------------------------------------------------------


def test_participation_change_form_saves_team_and_coach_through_the_service(staff_client):
    participation = selected(past_round(), trainer_name="Max Ausbilder")
    url = change_url(participation)
    data = admin_change_form_data(
        staff_client,
        url,
        team_size="4",
        team_first_names="Ali, Berta, Cem, Dana",
        coach_name="Carla Coach",
        coach_email="c.coach@rkw.de",
    )

    response = staff_client.post(url, data, follow=True)

    participation.refresh_from_db()
    assert response.redirect_chain[-1][1] == 302
    assert (
        participation.team_size,
        participation.team_names(),
        participation.coach_name,
        participation.coach_email,
        participation.trainer_name,
    ) == (4, ["Ali", "Berta", "Cem", "Dana"], "Carla Coach", "c.coach@rkw.de", "Max Ausbilder")
    kind, note, changes = history(participation)[-1]
    assert (kind, note) == ("corrected", "")
    assert changes == {
        "team_size": [3, 4],
        "team_first_names": ["", "Ali, Berta, Cem, Dana"],
        "coach_name": ["", "Carla Coach"],
        "coach_email": ["", "c.coach@rkw.de"],
    }
    assert participation.changes.get(kind="corrected").by.username == "sachbearbeitung"
    page = staff_client.get(url).content.decode()
    assert (
        "Auszubildende im Team: 3 → 4 Vornamen des Teams: – → Ali, Berta, Cem, Dana "
        "RKW-Coach: – → Carla Coach E-Mail RKW-Coach: – → c.coach@rkw.de"
    ) in text_of(page)


def test_participation_change_form_refuses_an_empty_team_in_german(staff_client):
    participation = selected(past_round())
    url = change_url(participation)

    response = staff_client.post(
        url, admin_change_form_data(staff_client, url, team_size="0", coach_name="Neu")
    )

    assert response.context["adminform"].form.errors == {
        "team_size": ["Im Team ist mindestens eine Auszubildende oder ein Auszubildender."]
    }
    participation.refresh_from_db()
    assert (participation.team_size, participation.coach_name) == (3, "")
    assert [kind for kind, _note, _changes in history(participation)] == ["started"]


def test_participation_change_form_shows_the_idea_and_the_consent_read_only(staff_client):
    round_ = open_round(title="Digiscouts 2030")
    participation = selected(round_, company_name="Alpha GmbH")
    participation_idea_save(
        participation=participation,
        idea_title="Digitales Lager",
        idea_description="Barcodes statt Zettel",
        idea_tools="Tablet, Barcode-Scanner",
        idea_publish_consent=True,
        now=berlin(2026, 3, 2, 14, 30),
    )

    response = staff_client.get(change_url(participation))

    form = response.context["adminform"].form
    assert sorted(form.fields) == sorted(
        [
            "team_size",
            "team_first_names",
            "trainer_name",
            "trainer_email",
            "coach_name",
            "coach_email",
        ]
    )
    text = text_of(response.content.decode())
    assert (
        "Titel der Idee: Digitales Lager Kurzbeschreibung: Barcodes statt Zettel "
        "Eingesetzte digitale Werkzeuge: Tablet, Barcode-Scanner "
        "Einwilligung zur Veröffentlichung: ja, erteilt am 02.03.2026 14:30"
    ) in text
    assert "Ende: Das Unternehmen nimmt teil." in text
    assert f"Bewerbung: {participation.application}" in text


# -- milestones ---------------------------------------------------------------------


def test_participation_change_form_lists_milestones_reached_due_and_behind(staff_client):
    round_ = past_round()
    participation = selected(round_)
    reach(participation, 1, on=date(2021, 5, 26), note="alle da")
    milestone_4 = milestone(round_, 4)

    html = staff_client.get(change_url(participation)).content.decode()

    table = section(html, "meilensteine-titel")
    assert table.startswith(
        "Meilensteine Meilenstein fällig am Stand Eintragen "
        "Auftaktveranstaltung besucht 26.05.2021 erreicht am 26.05.2021 (alle da) zurücknehmen "
        "Analyse abgeschlossen 23.06.2021 im Rückstand erreicht am Notiz als erreicht eintragen "
    )
    today = timezone.localdate().isoformat()
    assert (
        f'<input type="date" id="reach-{milestone_4.pk}-date" name="reached_on" '
        f'value="{today}" form="reach-{milestone_4.pk}" required>'
    ) in html
    assert (
        f'<form id="reach-{milestone_4.pk}" method="post" '
        f'action="{reach_url(participation, milestone_4)}">'
    ) in html
    # The row forms stand outside the change form (no nested forms).
    assert html.index(f'<form id="reach-{milestone_4.pk}"') > html.index("</form>")


def test_participation_milestone_row_records_it_with_the_history(staff_client):
    round_ = past_round()
    participation = selected(round_, company_name="Alpha GmbH")
    analysis = milestone(round_, 2)

    response = staff_client.post(
        reach_url(participation, analysis),
        {"reached_on": "2021-06-20", "note": "Bericht liegt vor"},
        follow=True,
    )

    assert response.redirect_chain == [(change_url(participation) + "#meilensteine", 302)]
    assert messages_of(response) == [
        "„Analyse abgeschlossen“ ist für Alpha GmbH als erreicht am 20. Juni 2021 eingetragen."
    ]
    reached = participation.milestones_reached.get()
    assert (reached.milestone, reached.reached_on, reached.note, reached.recorded_by.username) == (
        analysis,
        date(2021, 6, 20),
        "Bericht liegt vor",
        "sachbearbeitung",
    )
    assert history(participation)[-1] == (
        "milestone_reached",
        "Analyse abgeschlossen (20.06.2021): Bericht liegt vor",
        {},
    )
    assert "erreicht am 20.06.2021 (Bericht liegt vor)" in section(
        response.content.decode(), "meilensteine-titel"
    )


def test_participation_milestone_in_the_future_is_refused_at_the_field(staff_client):
    round_ = past_round()
    participation = selected(round_)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = staff_client.post(
        reach_url(participation, milestone(round_, 2)),
        {"reached_on": tomorrow.isoformat(), "note": "zu früh"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reached_on": ["Das Datum darf nicht in der Zukunft liegen."]
    }
    assert 'value="zu früh"' in response.content.decode()
    assert participation.milestones_reached.count() == 0


def test_participation_milestone_page_on_get_offers_today(staff_client):
    round_ = past_round()
    participation = selected(round_, company_name="Alpha GmbH")

    response = staff_client.get(reach_url(participation, milestone(round_, 2)))

    assert response.context["form"]["reached_on"].value() == timezone.localdate()
    assert (
        "„Analyse abgeschlossen“ (fällig am 23. Juni 2021) für Alpha GmbH als erreicht eintragen."
        in text_of(response.content.decode())
    )


def test_participation_milestone_undo_asks_first_then_takes_it_back(staff_client):
    round_ = past_round()
    participation = selected(round_, company_name="Alpha GmbH")
    reach(participation, 2, on=date(2021, 6, 20))
    url = undo_url(participation, milestone(round_, 2))

    asked = staff_client.get(url)
    assert participation.milestones_reached.count() == 1
    response = staff_client.post(url, {"note": "falsche Firma"}, follow=True)

    assert "„Analyse abgeschlossen“ ist für Alpha GmbH als erreicht am 20. Juni 2021 " in (
        text_of(asked.content.decode())
    )
    assert messages_of(response) == ["„Analyse abgeschlossen“ ist für Alpha GmbH zurückgenommen."]
    assert participation.milestones_reached.count() == 0
    assert [(kind, note) for kind, note, _changes in history(participation)][-2:] == [
        ("milestone_reached", "Analyse abgeschlossen (20.06.2021)"),
        ("milestone_undone", "Analyse abgeschlossen (20.06.2021): falsche Firma"),
    ]


def test_participation_milestone_of_another_round_is_not_found(staff_client):
    participation = selected(past_round())
    elsewhere = past_round(title="Andere", slug="andere")

    response = staff_client.post(
        reach_url(participation, milestone(elsewhere, 2)), {"reached_on": "2021-06-20"}
    )

    assert response.status_code == 404


# -- the drop-out -------------------------------------------------------------------


def test_participation_drop_out_before_the_start_offers_the_first_reserve(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = open_round(title="Digiscouts 2030", places=1)
    participation = selected(round_, company_name="Aussteiger GmbH")
    first = application_reserve(application=ApplicationFactory(round=round_, company_name="Erste"))
    application_reserve(application=ApplicationFactory(round=round_, company_name="Zweite"))
    mailoutbox.clear()

    form = staff_client.get(drop_out_url(participation))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            drop_out_url(participation),
            {"on": timezone.localdate().isoformat(), "reason": "Azubis gekündigt"},
            follow=True,
        )

    assert form.context["form"]["on"].value() == timezone.localdate()
    assert response.redirect_chain == [(change_url(participation), 302)]
    today = timezone.localdate()
    assert messages_of(response) == [
        f"Aussteiger GmbH ist als ausgestiegen eingetragen (am {long_date(today)}). "
        "Die Bewerbung ist zurückgezogen; das Unternehmen erhält eine Bestätigung per E-Mail."
    ]
    participation.refresh_from_db()
    assert (participation.end_kind, participation.end_reason, participation.ended_on) == (
        ParticipationEnd.DROPPED_OUT,
        "Azubis gekündigt",
        today,
    )
    assert [m.to for m in mailoutbox] == [[participation.application.contact_email]]
    html = response.content.decode()
    assert section(html, "nachruecken-titel", end="</div>") == (
        "Freier Platz Der Platz ist frei. Nächster auf der Nachrückerliste: Erste (Nachrücker 1). "
        "Jetzt auswählen"
    )

    # "Jetzt auswählen" is the application list's "Auswählen" for the offered firm.
    selected_now = staff_client.post(
        f"/verwaltung/applications/application/?round__id__exact={round_.pk}",
        {"action": "select_applications", "_selected_action": first.pk},
        follow=True,
    )

    first.refresh_from_db()
    assert first.status == S.SELECTED
    assert first.participation.is_active
    assert messages_of(selected_now) == [f"Ausgewählt: {first.reference}."]
    after = staff_client.get(change_url(participation)).content.decode()
    assert 'id="nachruecken"' not in after  # the place is taken again


def test_participation_drop_out_offer_of_a_reserve_told_by_email_asks_first(
    staff_client, django_capture_on_commit_callbacks
):
    round_ = open_round(title="Digiscouts 2030")
    participation = selected(round_, company_name="Aussteiger GmbH")
    first = application_reserve(application=ApplicationFactory(round=round_, company_name="Erste"))
    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=first)
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="x", by=None
    )

    page = staff_client.post(
        f"/verwaltung/applications/application/?round__id__exact={round_.pk}",
        {"action": "select_applications", "_selected_action": first.pk},
    )

    first.refresh_from_db()
    assert first.status == S.RESERVE
    assert "Entscheidung bereits per E-Mail mitgeteilt" in page.content.decode()
    assert page.context["published"][0].application == first


def test_participation_drop_out_after_the_start_offers_nobody(staff_client):
    round_ = past_round()
    participation = selected(round_, company_name="Aussteiger GmbH")
    application_reserve(application=ApplicationFactory(round=round_, company_name="Erste"))

    response = staff_client.post(
        drop_out_url(participation),
        {"on": timezone.localdate().isoformat(), "reason": "Insolvenz"},
        follow=True,
    )

    html = response.content.decode()
    assert section(html, "nachruecken-titel", end="</div>") == (
        "Freier Platz Die Runde hat begonnen; es rückt niemand nach."
    )
    assert "Jetzt auswählen" not in html
    participation.refresh_from_db()
    assert participation.end_kind == ParticipationEnd.DROPPED_OUT


def test_participation_drop_out_with_an_empty_reserve_list_says_so(staff_client):
    participation = selected(open_round(), company_name="Aussteiger GmbH")

    response = staff_client.post(
        drop_out_url(participation),
        {"on": timezone.localdate().isoformat(), "reason": "Umzug"},
        follow=True,
    )

    assert section(response.content.decode(), "nachruecken-titel", end="</div>") == (
        "Freier Platz Der Platz ist frei. Die Nachrückerliste ist leer."
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"on": ""}, "on", "Bitte geben Sie das Datum des Ausstiegs an."),
        ({"reason": "   "}, "reason", "Bitte geben Sie den Grund für den Ausstieg an."),
        (
            {"on": "2030-01-01"},
            "on",
            "Das Datum des Ausstiegs muss zwischen dem Beginn der Teilnahme ({start}) und "
            "heute liegen.",
        ),
    ],
)
def test_participation_drop_out_refusals_stand_at_the_field(staff_client, data, field, message):
    participation = selected(open_round())
    start = long_date(timezone.localdate(participation.started_at))
    posted = {"on": timezone.localdate().isoformat(), "reason": "Umzug", **data}

    response = staff_client.post(drop_out_url(participation), posted)

    assert response.context["form"].errors == {field: [message.format(start=start)]}
    participation.refresh_from_db()
    assert participation.is_active


def test_participation_drop_out_of_an_ended_participation_changes_nothing(staff_client):
    participation = selected(open_round(), company_name="Weg GmbH")
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="x", by=None
    )

    response = staff_client.post(
        drop_out_url(participation),
        {"on": timezone.localdate().isoformat(), "reason": "y"},
        follow=True,
    )

    assert messages_of(response) == ["Weg GmbH nimmt bereits nicht mehr teil."]
    participation.refresh_from_db()
    assert participation.end_reason == "x"


# -- rights -------------------------------------------------------------------------


def test_participation_pages_are_refused_to_plain_staff(client):
    round_ = past_round()
    participation = selected(round_)
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    codes = [
        client.get(CHANGELIST).status_code,
        client.get(change_url(participation)).status_code,
        client.get(drop_out_url(participation)).status_code,
        client.post(reach_url(participation, milestone(round_, 1)), {}).status_code,
        client.get(undo_url(participation, milestone(round_, 1))).status_code,
    ]

    assert codes == [403] * 5


def test_participation_group_user_needs_no_superuser(staff_client):
    round_ = past_round()
    participation = selected(round_)
    reach(participation, 1)

    codes = [
        staff_client.get(CHANGELIST).status_code,
        staff_client.get(change_url(participation)).status_code,
        staff_client.get(drop_out_url(participation)).status_code,
        staff_client.get(reach_url(participation, milestone(round_, 2))).status_code,
        staff_client.get(undo_url(participation, milestone(round_, 1))).status_code,
    ]

    assert codes == [200] * 5


# -- the certificate and the history ------------------------------------------------


def test_participation_change_form_links_the_certificate_which_explains_its_absence(
    staff_client,
):
    from applications.certificate import certificate_refusal

    participation = selected(open_round(), company_name="Alpha GmbH")
    url = reverse("admin:applications_participation_certificate", args=[participation.pk])

    html = staff_client.get(change_url(participation)).content.decode()
    response = staff_client.get(url, follow=True)

    assert url == f"/verwaltung/applications/participation/{participation.pk}/bescheinigung.pdf"
    assert f'<li><a href="{url}">Teilnahmebescheinigung (PDF)</a></li>' in html
    assert response.redirect_chain == [(change_url(participation), 302)]
    assert messages_of(response) == [certificate_refusal(participation)]


def test_participation_change_form_shows_the_history_read_only(staff_client):
    round_ = past_round()
    participation = selected(round_)
    reach(participation, 1, on=date(2021, 5, 26), note="alle da")

    response = staff_client.get(change_url(participation))

    (history_inline,) = response.context["inline_admin_formsets"]
    assert (history_inline.has_add_permission, history_inline.has_change_permission) == (
        False,
        False,
    )
    html = response.content.decode()
    start = html.index("<h2", html.index('id="changes-group"'))
    text = text_of(html[start : html.index("</fieldset>", start)])
    started, reached = participation.changes.order_by("at", "pk")

    def at(change):
        return date_format(timezone.localtime(change.at), "DATETIME_FORMAT")

    # Each row: the entry's name, when, what, by whom (here nobody: the test's service
    # calls), the note, the changed fields.
    assert text == (
        f"Verlauf Am Art Durch Notiz Geänderte Angaben Teilnahme begonnen {at(started)} "
        f"Teilnahme begonnen - - – Meilenstein erreicht {at(reached)} Meilenstein erreicht - "
        "Auftaktveranstaltung besucht (26.05.2021): alle da –"
    )
