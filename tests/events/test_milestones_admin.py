"""Staff keep a round's milestones on the round's page; a new round gets RKW's steps."""

from datetime import date

import pytest
from django.urls import reverse

from applications.services import application_select, milestone_reach
from events.models import Event, Milestone, Round
from events.services import milestones_add_defaults
from tests.factories import ApplicationFactory, EventFactory, RoundFactory
from tests.helpers import messages_of

from .helpers import admin_change_form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/verwaltung/events/round/add/"


def change_url(round_):
    return reverse("admin:events_round_change", args=[round_.pk])


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_round_data(**extra):
    """The round's add form as staff fill it, no event, phase or milestone rows."""
    return {
        "title": "Digiscouts 2022 im Kreis Recklinghausen",
        "slug": "kreis-recklinghausen-2022",
        "partner_region": "Kreis Recklinghausen",
        "year": "2022",
        "summary": "",
        "places": "7",
        "max_employees": "499",
        "min_apprentices": "2",
        "municipalities": "Marl\nHerten",
        "application_start": "01.04.2022",
        "application_end": "30.04.2022",
        "start_date": "25.05.2022",
        "end_date": "23.11.2022",
        "contact_name": "Dr. Julia aus der Wiesche",
        "contact_unit": "Fachdienst Wirtschaft",
        "contact_phone": "02361 / 53-2129",
        "contact_email": "j.ausderwiesche@kreis-re.de",
        **management("events"),
        **management("phases"),
        **management("milestones"),
        **extra,
    }


def milestones_of(round_):
    return list(round_.milestones.values_list("position", "title", "due_date", "description"))


def inline(response, prefix):
    (found,) = [
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.prefix == prefix
    ]
    return found.formset


def test_round_admin_new_round_saved_without_milestones_gets_rkws_steps(staff_client):
    response = staff_client.post(ADD_URL, new_round_data(), follow=True)

    round_ = Round.objects.get(slug="kreis-recklinghausen-2022")
    assert milestones_of(round_) == [
        (1, "Auftaktveranstaltung besucht", date(2022, 5, 25), ""),
        (2, "Analyse abgeschlossen", date(2022, 6, 22), ""),
        (3, "Projektvorschlag erstellt", date(2022, 7, 20), ""),
        (4, "Go der Geschäftsführung", date(2022, 8, 3), ""),
        (5, "Umsetzung abgeschlossen", date(2022, 11, 2), ""),
        (6, "Bei der Abschlussveranstaltung präsentiert", date(2022, 11, 23), ""),
    ]
    assert messages_of(response) == [
        f'Programmrunde „<a href="{change_url(round_)}">{round_}</a>“ wurde erfolgreich '
        "hinzugefügt.",
        "Die Runde hat die 6 üblichen Meilensteine erhalten; Sie können sie im Formular der "
        "Runde ändern.",
    ]


def test_round_admin_new_round_saved_with_its_own_milestones_keeps_just_those(staff_client):
    data = new_round_data(
        **management("milestones", total=1),
        **{
            "milestones-0-position": "1",
            "milestones-0-title": "Erstes Treffen",
            "milestones-0-due_date": "01.06.2022",
            "milestones-0-description": "im Kreishaus",
        },
    )

    response = staff_client.post(ADD_URL, data, follow=True)

    round_ = Round.objects.get(slug="kreis-recklinghausen-2022")
    assert milestones_of(round_) == [(1, "Erstes Treffen", date(2022, 6, 1), "im Kreishaus")]
    assert messages_of(response) == [
        f'Programmrunde „<a href="{change_url(round_)}">{round_}</a>“ wurde erfolgreich '
        "hinzugefügt."
    ]


def test_round_admin_change_form_lists_the_milestones_in_order(staff_client):
    round_ = RoundFactory()
    milestones_add_defaults(round_=round_)

    response = staff_client.get(change_url(round_))

    milestones = inline(response, "milestones")
    assert list(milestones.forms[0].fields)[:4] == ["position", "title", "due_date", "description"]
    assert [form.instance.title for form in milestones.forms] == [
        "Auftaktveranstaltung besucht",
        "Analyse abgeschlossen",
        "Projektvorschlag erstellt",
        "Go der Geschäftsführung",
        "Umsetzung abgeschlossen",
        "Bei der Abschlussveranstaltung präsentiert",
    ]


def test_round_admin_group_user_changes_adds_and_deletes_milestones(staff_client):
    round_ = RoundFactory()
    milestones_add_defaults(round_=round_)
    url = change_url(round_)
    data = admin_change_form_data(
        staff_client,
        url,
        **{
            "milestones-1-title": "Ist-Analyse abgeschlossen",
            "milestones-1-due_date": "30.06.2021",
            "milestones-3-DELETE": "on",
            "milestones-TOTAL_FORMS": "7",
            "milestones-6-position": "7",
            "milestones-6-title": "Bescheinigung überreicht",
            "milestones-6-due_date": "01.12.2021",
            "milestones-6-description": "",
        },
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert [(p, t, d) for p, t, d, _ in milestones_of(round_)] == [
        (1, "Auftaktveranstaltung besucht", date(2021, 5, 26)),
        (2, "Ist-Analyse abgeschlossen", date(2021, 6, 30)),
        (3, "Projektvorschlag erstellt", date(2021, 7, 21)),
        (5, "Umsetzung abgeschlossen", date(2021, 11, 3)),
        (6, "Bei der Abschlussveranstaltung präsentiert", date(2021, 11, 24)),
        (7, "Bescheinigung überreicht", date(2021, 12, 1)),
    ]


def test_round_admin_milestone_somebody_reached_is_not_deleted_and_says_why(staff_client):
    round_ = RoundFactory()
    milestones_add_defaults(round_=round_)
    kickoff = round_.milestones.get(position=1)
    for name in ("Alpha GmbH", "Beta KG"):
        participation = application_select(
            application=ApplicationFactory(round=round_, company_name=name)
        ).participation
        milestone_reach(
            participation=participation, milestone=kickoff, reached_on=date(2021, 5, 26), by=None
        )
    url = change_url(round_)
    title = round_.title
    data = admin_change_form_data(
        staff_client, url, title="Neuer Titel", **{"milestones-0-DELETE": "on"}
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert inline(response, "milestones").non_form_errors() == [
        "Der Meilenstein „Auftaktveranstaltung besucht“ lässt sich nicht löschen, weil Einträge "
        "darauf verweisen (2 erreichte Meilensteine). Ein versehentlich als erreicht "
        "eingetragener Meilenstein wird bei der Teilnahme zurückgenommen; sonst ändern Sie "
        "Titel oder Datum."
    ]
    assert "Der Meilenstein „Auftaktveranstaltung besucht“ lässt sich nicht löschen" in (
        response.content.decode()
    )
    round_.refresh_from_db()
    assert (round_.title, round_.milestones.count()) == (title, 6)
    assert Milestone.objects.filter(pk=kickoff.pk).exists()


def test_round_admin_one_reached_milestone_is_named_in_the_singular(staff_client):
    round_ = RoundFactory()
    milestones_add_defaults(round_=round_)
    kickoff = round_.milestones.get(position=1)
    participation = application_select(application=ApplicationFactory(round=round_)).participation
    milestone_reach(
        participation=participation, milestone=kickoff, reached_on=date(2021, 5, 26), by=None
    )
    url = change_url(round_)

    response = staff_client.post(
        url, admin_change_form_data(staff_client, url, **{"milestones-0-DELETE": "on"})
    )

    assert "(1 erreichter Meilenstein)" in inline(response, "milestones").non_form_errors()[0]


def test_event_admin_and_round_inline_show_participants_only(staff_client):
    event = EventFactory(title="Abschlussveranstaltung")

    event_form = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    round_form = staff_client.get(change_url(event.round))

    assert "participants_only" in event_form.context["adminform"].form.fields
    assert "participants_only" in inline(round_form, "events").forms[0].fields
    assert "Nur für teilnehmende Unternehmen" in event_form.content.decode()


def test_event_admin_saves_participants_only(staff_client):
    event = EventFactory(title="Abschlussveranstaltung")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_change_form_data(staff_client, url, participants_only="on")

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).participants_only is True


def test_round_inline_saves_participants_only(staff_client):
    event = EventFactory(title="Abschlussveranstaltung")
    url = change_url(event.round)
    data = admin_change_form_data(staff_client, url, **{"events-0-participants_only": "on"})

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).participants_only is True
