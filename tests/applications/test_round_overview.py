"""The round overview in the admin: timeline, events, applications, places, reserves, exports."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import Application, ApplicationStatus
from events.choices import EventKind, RegistrationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    PhaseFactory,
    RegistrationFactory,
    RoundFactory,
)
from tests.factories.applications import staff_member
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def long_date(day):
    return date_format(day, "DATE_FORMAT")


def overview_url(round_):
    return f"/verwaltung/events/round/{round_.pk}/uebersicht/"


def move_url(round_):
    return f"/verwaltung/events/round/{round_.pk}/uebersicht/nachruecker/"


def at(days, hour=10):
    """An aware moment ``days`` from today at ``hour`` o'clock, Berlin time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def running_round(**kwargs):
    today = timezone.localdate()
    return RoundFactory(
        title="Digiscouts 2030",
        places=7,
        application_start=today - timedelta(days=20),
        application_end=today - timedelta(days=5),
        start_date=today - timedelta(days=2),
        end_date=today + timedelta(days=180),
        **kwargs,
    )


def section(html, heading_id):
    """The visible text of the module labelled by ``heading_id``."""
    start = html.index(">", html.index(f'aria-labelledby="{heading_id}"')) + 1
    return text_of(html[start : html.index("</div>", start)])


def reserves(round_, count):
    return [
        ApplicationFactory(round=round_, status=S.RESERVE, reserve_position=position)
        for position in range(1, count + 1)
    ]


def test_round_overview_shows_timeline_events_statuses_reserves_and_exports(staff_client):
    round_ = running_round()
    info = EventFactory(round=round_, title="Infoveranstaltung", starts_at=at(-30), capacity=10)
    RegistrationFactory(event=info, persons=2, attended=True)
    RegistrationFactory(event=info, persons=1, attended=False)
    RegistrationFactory(event=info, persons=3, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=info, persons=1, status=RegistrationStatus.CANCELLED)
    EventFactory(round=round_, kind=EventKind.KICKOFF, title="Kick-off", starts_at=at(3, 9))
    EventFactory(round=round_, kind=EventKind.CLOSING, title="Abschluss", starts_at=at(170))
    PhaseFactory(
        round=round_,
        title="Analyse",
        start_date=timezone.localdate() - timedelta(days=1),
        end_date=timezone.localdate() + timedelta(days=20),
    )
    ApplicationFactory.create_batch(2, round=round_, status=S.SELECTED)
    ApplicationFactory(round=round_)
    first, second = reserves(round_, 2)

    html = staff_client.get(overview_url(round_)).content.decode()

    today = timezone.localdate()
    timeline = section(html, "zeitplan-titel")
    assert timeline.startswith(
        f"Heute im Zeitplan Heute ist der {long_date(today)}. Das Projekt läuft bis zum "
        f"{long_date(round_.end_date)}. Bewerbungen: {long_date(round_.application_start)} bis "
        f"{long_date(round_.application_end)}. "
    )
    assert (
        "Läuft gerade "
        + (
            f"{today - timedelta(days=1):%d.%m.%Y} – {today + timedelta(days=20):%d.%m.%Y}: "
            "Analyse (Phase)"
        )
        in timeline
    )
    assert (
        "Die nächsten Termine "
        + (
            f"{at(3, 9):%d.%m.%Y} 09:00 – Kick-off (Auftaktveranstaltung (Kick-off)) "
            f"{at(170):%d.%m.%Y} 10:00 – Abschluss (Abschlussveranstaltung)"
        )
        in timeline
    )
    assert section(html, "anmeldungen-titel") == (
        "Termine mit Anmeldung Termin Plätze bestätigt (Personen) Warteliste (Anmeldungen) "
        f"teilgenommen (Personen) {info} 10 3 1 2"
    )
    statuses = section(html, "bewerbungen-titel")
    assert statuses == (
        "Bewerbungen 2 von 7 Plätzen vergeben Status Anzahl eingegangen 1 in engerer Auswahl 0 "
        "ausgewählt 2 Nachrücker 2 abgesagt 0 zurückgezogen 0 Alle Bewerbungen dieser Runde"
    )
    assert (
        f'<a href="/verwaltung/applications/application/?round__id__exact={round_.pk}'
        '&amp;status__exact=reserve">Nachrücker</a>'
    ) in html
    assert section(html, "nachruecker-titel") == (
        f"Nachrückerliste Platz Bewerbung Entscheidung versandt Reihenfolge ändern "
        f"1 {first} nein nach unten 2 {second} nein nach oben"
    )
    assert section(html, "export-titel") == (
        "Exporte Ausgewählte Unternehmen der Runde (CSV) Ausgewählte Unternehmen der Runde "
        "(Excel) Alle Bewerbungen der Runde (CSV) Alle Bewerbungen der Runde (Excel)"
    )
    export = f"/verwaltung/applications/application/export/{round_.pk}/"
    assert [
        f'href="{export}{suffix}"' in html for suffix in ("", "xlsx/", "alle/", "alle/xlsx/")
    ] == [True] * 4


@pytest.mark.parametrize("count", [1, 50])
def test_round_overview_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = running_round()
    EventFactory(round=round_, capacity=10)
    PhaseFactory(round=round_)
    ApplicationFactory.create_batch(count, round=round_)
    reserves(round_, count)

    # Ten, and four for the participants: the milestones, the active participations,
    # the milestones they reached, the ended participations (no participants here).
    with django_assert_num_queries(14):
        response = staff_client.get(overview_url(round_))

    assert len(response.context["overview"].reserves) == count


def test_round_overview_move_up_reorders_and_says_so(staff_client):
    round_ = running_round()
    first, second, third = reserves(round_, 3)

    response = staff_client.post(
        move_url(round_), {"application": third.pk, "direction": "up", "position": 3}, follow=True
    )

    assert response.redirect_chain == [(overview_url(round_) + "#nachruecker", 302)]
    assert messages_of(response) == [f"{third} ist jetzt Nachrücker 2."]
    assert list(
        Application.objects.filter(round=round_, status=S.RESERVE)
        .order_by("reserve_position")
        .values_list("pk", flat=True)
    ) == [first.pk, third.pk, second.pk]
    assert list(third.status_changes.values_list("by__username", "note")) == [
        ("sachbearbeitung", "Nachrücker-Platz 3 → 2")
    ]


def test_round_overview_move_of_a_stale_list_shows_the_refusal(staff_client):
    round_ = running_round()
    _first, second = reserves(round_, 2)

    response = staff_client.post(
        move_url(round_), {"application": second.pk, "direction": "up", "position": 5}, follow=True
    )

    assert messages_of(response) == [
        f"{second.reference}: Die Nachrückerliste hat sich inzwischen geändert (jetzt Platz 2). "
        "Bitte prüfen Sie die Reihenfolge erneut."
    ]
    second.refresh_from_db()
    assert second.reserve_position == 2


@pytest.mark.parametrize(
    "data",
    [
        {"application": "x", "direction": "up", "position": "1"},
        {"direction": "sideways", "position": "1"},
        {"direction": "up"},
    ],
)
def test_round_overview_move_with_malformed_input_changes_nothing(staff_client, data):
    round_ = running_round()
    first, second = reserves(round_, 2)

    response = staff_client.post(move_url(round_), {"application": second.pk, **data}, follow=True)

    assert messages_of(response) == ["Die Nachrückerliste wurde nicht geändert."]
    assert [first.reserve_position, second.reserve_position] == [1, 2]
    assert second.status_changes.count() == 0


def test_round_overview_move_of_another_rounds_application_is_not_found(staff_client):
    round_ = running_round()
    (elsewhere,) = reserves(RoundFactory(), 1)

    response = staff_client.post(
        move_url(round_), {"application": elsewhere.pk, "direction": "down", "position": 1}
    )

    assert response.status_code == 404


def test_round_overview_move_is_post_only(staff_client):
    round_ = running_round()

    assert staff_client.get(move_url(round_)).status_code == 405


def test_round_overview_readers_without_change_right_see_no_buttons_and_cannot_move(client):
    round_ = running_round()
    _first, second = reserves(round_, 2)
    reader = staff_member("lesen", in_group=False)
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["view_round", "view_application"])
    )
    client.force_login(reader)

    html = client.get(overview_url(round_)).content.decode()
    moved = client.post(
        move_url(round_), {"application": second.pk, "direction": "up", "position": 2}
    )

    assert "nach oben" not in html
    assert f"{second}" in html
    assert moved.status_code == 403
    second.refresh_from_db()
    assert second.reserve_position == 2


def test_round_overview_plain_staff_is_refused(client):
    round_ = running_round()
    (reserve,) = reserves(round_, 1)
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    codes = [
        client.get(overview_url(round_)).status_code,
        client.post(
            move_url(round_), {"application": reserve.pk, "direction": "up", "position": 1}
        ).status_code,
    ]

    assert codes == [403, 403]


def test_round_overview_anonymous_is_sent_to_the_login(client):
    round_ = running_round()

    responses = [client.get(overview_url(round_)), client.post(move_url(round_), {})]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [
        (302, "/verwaltung/login/"),
        (302, "/verwaltung/login/"),
    ]


def test_round_overview_linked_from_the_round_list_and_the_admin_index(staff_client):
    current = running_round()
    past = RoundFactory(title="Digiscouts 2019", start_date=timezone.localdate().replace(year=2019))
    past.end_date = past.start_date + timedelta(days=180)
    past.save()

    round_list = staff_client.get("/verwaltung/events/round/").content.decode()
    index = staff_client.get("/verwaltung/").content.decode()

    link = (
        f'<a href="{overview_url(current)}" aria-label="Übersicht: Digiscouts 2030">Übersicht</a>'
    )
    assert link in round_list
    assert f'<a href="{overview_url(current)}">Übersicht: Digiscouts 2030</a>' in index
    assert overview_url(past) not in index


def test_admin_index_shows_no_rounds_to_plain_staff(client):
    running_round()
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    html = client.get("/verwaltung/").content.decode()

    assert "Laufende Programmrunden" not in html
