"""The round overview during the six months: participants × milestones, the firms no
longer taking part, reminders and the invitation to an event with registration."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.formats import date_format

from applications.services import (
    application_reserve,
    application_select,
    milestone_reach,
    participation_drop_out,
)
from events.choices import EventKind, RegistrationStatus
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, EventFactory, RegistrationFactory, RoundFactory
from tests.factories.applications import staff_member
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

COMPOSE = "/verwaltung/announcements/announcement/add/"


def overview_url(round_):
    return f"/verwaltung/events/round/{round_.pk}/uebersicht/"


def invite_url(round_, event):
    return f"/verwaltung/events/round/{round_.pk}/uebersicht/einladen/{event.pk}/"


def at(days, hour=10):
    """An aware moment ``days`` from today at ``hour`` o'clock, Berlin time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def short(day):
    return day.strftime("%d.%m.%Y")


def running_round():
    """Started ten days ago: the kick-off milestone is past its due date, the analysis
    (four weeks after the start) is still open."""
    today = timezone.localdate()
    round_ = RoundFactory(
        title="Digiscouts 2030",
        application_start=today - timedelta(days=60),
        application_end=today - timedelta(days=30),
        start_date=today - timedelta(days=10),
        end_date=today + timedelta(days=170),
    )
    milestones_add_defaults(round_=round_)
    return round_


def selected(round_, name, **kwargs):
    application = ApplicationFactory(round=round_, company_name=name, **kwargs)
    return application_select(application=application).participation


def section(html, heading_id):
    start = html.index(">", html.index(f'aria-labelledby="{heading_id}"')) + 1
    end = html.index('aria-labelledby="export-titel"', start)
    return text_of(html[start:end])


def test_overview_shows_participants_by_milestone_and_the_ones_no_longer_taking_part(
    staff_client,
):
    round_ = running_round()
    kickoff, analysis = round_.milestones.all()[:2]
    alpha = selected(round_, "Alpha GmbH")
    milestone_reach(participation=alpha, milestone=kickoff, reached_on=round_.start_date, by=None)
    selected(round_, "Beta KG")
    gone = selected(round_, "Gamma AG")
    participation_drop_out(
        participation=gone, on=timezone.localdate(), reason="Azubis gekündigt", by=None
    )

    html = staff_client.get(overview_url(round_)).content.decode()

    milestones = list(round_.milestones.all())
    header = " ".join(f"{m.title} fällig {short(m.due_date)}" for m in milestones)
    open_rest = " ".join(["offen"] * 4)
    reached_on = round_.start_date.strftime("%d.%m.")
    text = section(html, "teilnehmende-titel")
    assert text.startswith(
        f"Teilnehmende und Meilensteine Unternehmen {header} "
        f"Alpha GmbH erreicht {reached_on} offen {open_rest} "
        f"Beta KG im Rückstand offen {open_rest} "
        f"Nicht mehr dabei Gamma AG : ausgestiegen am "
        f"{date_format(timezone.localdate(), 'DATE_FORMAT')} (Azubis gekündigt) "
    )
    assert (
        f"Erinnerungen zu Meilensteinen {kickoff.title} (fällig am "
        f"{date_format(kickoff.due_date, 'DATE_FORMAT')}): 1 offen, davon 1 im Rückstand. "
        "Erinnerung senden Erinnerung an die im Rückstand "
        f"{analysis.title} (fällig am {date_format(analysis.due_date, 'DATE_FORMAT')}): "
        "2 offen, davon 0 im Rückstand. Erinnerung senden "
    ) in text
    assert (
        f'<a href="/verwaltung/applications/participation/{alpha.pk}/change/">Alpha GmbH</a>'
        in html
    )
    assert '<span class="status-badge status-behind">im Rückstand</span>' in html


def test_overview_reminder_links_open_the_compose_page_prefilled(staff_client):
    round_ = running_round()
    kickoff = round_.milestones.get(position=1)
    selected(round_, "Alpha GmbH")
    closing = EventFactory(
        round=round_, title="Abschlussveranstaltung", kind=EventKind.CLOSING, starts_at=at(160)
    )

    html = staff_client.get(overview_url(round_)).content.decode()

    def link(**params):
        return (COMPOSE + "?" + urlencode({"round": round_.pk, **params})).replace("&", "&amp;")

    assert f'href="{link(audience="participants_open", milestone=kickoff.pk)}"' in html
    assert f'href="{link(audience="participants_behind", milestone=kickoff.pk)}"' in html
    assert (
        f'{closing} <a class="button" href="{link(audience="participants", event=closing.pk)}" '
        f'aria-label="Erinnerung an alle Teilnehmenden: {closing}">'
        "Erinnerung an alle Teilnehmenden</a>"
    ) in html
    assert (
        'aria-label="Erinnerung senden: „Auftaktveranstaltung besucht“, an alle, die ihn noch '
        'nicht erreicht haben">Erinnerung senden</a>'
    ) in html


@pytest.mark.parametrize("count", [1, 7])
def test_overview_query_count_is_fixed_with_participants(
    staff_client, django_assert_num_queries, count
):
    round_ = running_round()
    EventFactory(round=round_, capacity=30, registration_opens_at=at(-5), starts_at=at(20))
    kickoff = round_.milestones.get(position=1)
    gone = selected(round_, "Weg GmbH")
    participation_drop_out(participation=gone, on=timezone.localdate(), reason="x", by=None)
    for number in range(count):
        participation = selected(round_, f"Firma {number}")
        milestone_reach(
            participation=participation, milestone=kickoff, reached_on=round_.start_date, by=None
        )
    application_reserve(application=ApplicationFactory(round=round_))

    # The overview's ten, then the milestones, the active participations, the milestones
    # they reached and the ended participations.
    with django_assert_num_queries(14):
        response = staff_client.get(overview_url(round_))

    assert len(response.context["progress"]["rows"]) == count


def test_overview_without_the_participation_right_shows_no_participants(client):
    round_ = running_round()
    selected(round_, "Alpha GmbH")
    reader = staff_member("lesen", in_group=False)
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["view_round", "view_application"])
    )
    client.force_login(reader)

    html = client.get(overview_url(round_)).content.decode()

    assert "Teilnehmende und Meilensteine" not in html
    assert "Alpha GmbH" not in html


# -- invitations ------------------------------------------------------------------


def closing_event(round_, **kwargs):
    defaults = {
        "title": "Abschlussveranstaltung",
        "kind": EventKind.CLOSING,
        "starts_at": at(30),
        "capacity": 40,
        "registration_opens_at": at(-1),
        "participants_only": True,
    }
    return EventFactory(round=round_, **{**defaults, **kwargs})


def test_overview_invite_lists_the_recipients_then_sends_on_post(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = running_round()
    event = closing_event(round_)
    selected(
        round_,
        "Alpha GmbH",
        contact_first_name="Anna",
        contact_last_name="Alt",
        contact_email="anna@alpha.de",
    )
    beta = selected(round_, "Beta KG", contact_email="info@beta.de")
    RegistrationFactory(event=event, email="info@beta.de", status=RegistrationStatus.CONFIRMED)
    gone = selected(round_, "Weg GmbH", contact_email="weg@weg.de")
    participation_drop_out(participation=gone, on=timezone.localdate(), reason="x", by=None)
    mailoutbox.clear()

    overview = staff_client.get(overview_url(round_)).content.decode()
    page = staff_client.get(invite_url(round_, event))
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff_client.post(invite_url(round_, event), follow=True)

    assert (
        f'<a class="button" href="{invite_url(round_, event)}" aria-label="Teilnehmende zur '
        f'Veranstaltung einladen: {event}">Teilnehmende zur Veranstaltung einladen</a>'
    ) in overview
    text = text_of(page.content.decode())
    assert (
        "1 Empfänger Unternehmen Ansprechperson E-Mail Alpha GmbH Anna Alt anna@alpha.de "
        "Bereits angemeldet (erhalten keine Einladung) Beta KG &lt;info@beta.de&gt;"
    ) in text
    assert 'value="Jetzt 1 Einladung senden"' in page.content.decode()
    assert sent.redirect_chain == [(overview_url(round_) + "#teilnehmende", 302)]
    assert messages_of(sent) == [
        "1 Einladung zu „Abschlussveranstaltung“ ist in den Versand gegeben."
    ]
    assert [m.to for m in mailoutbox] == [["anna@alpha.de"]]
    assert beta.is_active


def test_overview_invite_to_a_cancelled_event_is_refused_with_the_reason(staff_client, mailoutbox):
    round_ = running_round()
    event = closing_event(round_)
    selected(round_, "Alpha GmbH")
    event.cancelled_at = timezone.now()
    event.save()
    mailoutbox.clear()

    page = staff_client.get(invite_url(round_, event))
    sent = staff_client.post(invite_url(round_, event), follow=True)

    assert "Jetzt 1 Einladung senden" not in page.content.decode()
    assert messages_of(sent) == [
        "„Abschlussveranstaltung“ ist abgesagt; es werden keine Einladungen verschickt."
    ]
    assert mailoutbox == []


def test_overview_invite_is_refused_to_readers(client):
    round_ = running_round()
    event = closing_event(round_)
    reader = staff_member("lesen", in_group=False)
    reader.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_round", "view_application", "view_participation"]
        )
    )
    client.force_login(reader)

    codes = [
        client.get(invite_url(round_, event)).status_code,
        client.post(invite_url(round_, event)).status_code,
    ]

    assert codes == [403, 403]


# -- event reminders to those behind; the info event is the applicants' --------------------


def reminder_link(round_, **params):
    return (COMPOSE + "?" + urlencode({"round": round_.pk, **params})).replace("&", "&amp;")


def test_overview_offers_the_event_reminder_to_those_behind_when_anyone_is(staff_client):
    round_ = running_round()  # the kick-off milestone is past its due date
    selected(round_, "Alpha GmbH")
    closing = closing_event(round_)

    html = staff_client.get(overview_url(round_)).content.decode()

    behind = reminder_link(round_, audience="participants_behind_any", event=closing.pk)
    assert (
        f'<a class="button" href="{behind}" aria-label="Erinnerung an die im Rückstand mit '
        f'einem Meilenstein: {closing}">Erinnerung an die im Rückstand</a>'
    ) in html


def test_overview_offers_no_event_reminder_to_those_behind_when_nobody_is(staff_client):
    round_ = running_round()
    alpha = selected(round_, "Alpha GmbH")
    milestone_reach(
        participation=alpha,
        milestone=round_.milestones.get(position=1),
        reached_on=round_.start_date,
        by=None,
    )
    closing = closing_event(round_)

    html = staff_client.get(overview_url(round_)).content.decode()

    assert reminder_link(round_, audience="participants", event=closing.pk) in html
    assert "participants_behind_any" not in html


def test_overview_offers_the_info_event_neither_for_reminders_nor_invitations(staff_client):
    round_ = running_round()
    selected(round_, "Alpha GmbH")
    info = closing_event(round_, kind=EventKind.INFO, title="Infoveranstaltung")
    closing = closing_event(round_, starts_at=at(40))

    html = staff_client.get(overview_url(round_)).content.decode()

    progress = html[html.index('id="teilnehmende"') :]
    assert f"event={info.pk}" not in progress
    assert invite_url(round_, info) not in progress
    assert f"event={closing.pk}" in progress
    assert invite_url(round_, closing) in progress


def test_overview_invite_to_the_info_event_is_not_found(staff_client, mailoutbox):
    round_ = running_round()
    selected(round_, "Alpha GmbH")
    info = closing_event(round_, kind=EventKind.INFO)
    mailoutbox.clear()

    responses = [
        staff_client.get(invite_url(round_, info)),
        staff_client.post(invite_url(round_, info)),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert mailoutbox == []
