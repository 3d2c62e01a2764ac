"""Copying a round for the next year: the service, the admin action, the race for the slug."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.choices import EventKind
from events.models import Round
from events.services import RoundCopyError, round_copy
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    PhaseFactory,
    RegistrationFactory,
    RoundFactory,
    berlin,
)
from tests.factories.applications import staff_member
from tests.helpers import messages_of, run_action

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:events_round_changelist"
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "duration_minutes",
    "location",
    "online_url",
    "capacity",
    "starts_at",
    "registration_opens_at",
    "registration_closes_at",
)


def seed_like_round(**overrides):
    round_ = RoundFactory(
        title="Digiscouts 2021 im Kreis Recklinghausen",
        slug="kreis-recklinghausen-2021",
        summary="Azubis finden Digitalisierungspotenziale.",
        places=6,
        max_employees=250,
        min_apprentices=3,
        municipalities="Marl\nHerten",
        **overrides,
    )
    EventFactory(
        round=round_,
        kind=EventKind.INFO,
        title="Infoveranstaltung Digiscouts",
        description="Eine Stunde online.",
        starts_at=berlin(2021, 4, 15, 10, 0),
        duration_minutes=60,
        location="Online",
        online_url="https://konferenz.example.org/digiscouts",
        capacity=40,
        registration_opens_at=berlin(2021, 3, 15, 9, 0),
        registration_closes_at=berlin(2021, 4, 14, 18, 0),
    )
    EventFactory(
        round=round_,
        kind=EventKind.KICKOFF,
        title="Kick-off",
        starts_at=berlin(2021, 5, 26, 10, 0),
        duration_minutes=180,
        location="Kreishaus Recklinghausen",
    )
    PhaseFactory(
        round=round_, title="Analysephase", start_date=date(2021, 5, 27), end_date=date(2021, 6, 23)
    )
    return round_


def test_round_copy_by_weeks_shifts_every_date_and_copies_the_rest():
    source = seed_like_round()
    RegistrationFactory(event=source.events.first())
    ApplicationFactory(round=source)

    new = round_copy(round_=source, weeks=52)

    new.refresh_from_db()
    assert (new.title, new.slug, new.year, new.is_published) == (
        "Digiscouts 2022 im Kreis Recklinghausen",
        "kreis-recklinghausen-2022",
        2022,
        False,
    )
    assert (new.application_start, new.application_end, new.start_date, new.end_date) == (
        date(2022, 4, 14),
        date(2022, 5, 6),
        date(2022, 5, 25),
        date(2022, 11, 23),
    )
    copied = (
        "partner_region",
        "summary",
        "places",
        "max_employees",
        "min_apprentices",
        "municipalities",
        "contact_name",
        "contact_unit",
        "contact_phone",
        "contact_email",
    )
    assert [getattr(new, name) for name in copied] == [getattr(source, name) for name in copied]
    assert list(new.events.values_list(*EVENT_FIELDS)) == [
        (
            "info",
            "Infoveranstaltung Digiscouts",
            "Eine Stunde online.",
            60,
            "Online",
            "https://konferenz.example.org/digiscouts",
            40,
            berlin(2022, 4, 14, 10, 0),
            berlin(2022, 3, 14, 9, 0),
            berlin(2022, 4, 13, 18, 0),
        ),
        (
            "kickoff",
            "Kick-off",
            "",
            180,
            "Kreishaus Recklinghausen",
            "",
            None,
            berlin(2022, 5, 25, 10, 0),
            None,
            None,
        ),
    ]
    assert list(new.phases.values_list("title", "start_date", "end_date")) == [
        ("Analysephase", date(2022, 5, 26), date(2022, 6, 22))
    ]
    assert new.applications.count() == 0
    assert sum(event.registrations.count() for event in new.events.all()) == 0
    assert source.events.count() == 2  # the source is untouched


def test_round_copy_to_a_kickoff_date_shifts_by_the_days_between():
    source = seed_like_round()

    new = round_copy(round_=source, kickoff=date(2022, 6, 1))

    assert (new.start_date, new.year) == (date(2022, 6, 1), 2022)
    assert new.events.get(kind="info").starts_at == berlin(2022, 4, 21, 10, 0)


def test_round_copy_keeps_the_berlin_time_of_day_across_summer_time():
    source = RoundFactory()
    EventFactory(round=source, starts_at=berlin(2021, 3, 20, 10, 0))  # winter time

    new = round_copy(round_=source, weeks=2)

    assert new.events.get().starts_at == berlin(2021, 4, 3, 10, 0)  # summer time, 10:00


def test_round_copy_appends_the_year_to_a_slug_without_one_and_keeps_the_title():
    source = RoundFactory(title="Digiscouts Demo", slug="demo", year=2021)

    new = round_copy(round_=source, weeks=52)

    assert (new.slug, new.title) == ("demo-2022", "Digiscouts Demo")


def test_round_copy_twice_gives_distinct_slugs():
    source = seed_like_round()

    slugs = [round_copy(round_=source, weeks=52).slug for _ in range(3)]

    assert slugs == [
        "kreis-recklinghausen-2022",
        "kreis-recklinghausen-2022-2",
        "kreis-recklinghausen-2022-3",
    ]


@pytest.mark.parametrize(
    ("shift", "code"),
    [
        ({}, "shift_missing"),
        ({"weeks": 52, "kickoff": date(2022, 5, 25)}, "shift_missing"),
        ({"kickoff": date(2021, 5, 26)}, "shift_not_forward"),
    ],
)
def test_round_copy_refuses_without_exactly_one_forward_shift(shift, code):
    source = seed_like_round()

    with pytest.raises(RoundCopyError) as refusal:
        round_copy(round_=source, **shift)

    assert refusal.value.code == code
    assert Round.objects.count() == 1


# -- the admin action, as the group user ------------------------------------------


def test_round_copy_action_asks_for_the_shift_first(staff_client):
    source = seed_like_round()

    response = run_action(staff_client, CHANGELIST, "copy_round", [source])

    html = response.content.decode()
    assert response.templates[0].name == "admin/events/round/copy_confirm.html"
    assert response.context["form"].is_bound is False
    assert "Kopiert werden alle Termine (2) und Phasen (1)" in html
    assert "Anmeldungen und Bewerbungen werden nicht kopiert." in html
    assert '<input type="hidden" name="post" value="yes">' in html
    assert Round.objects.count() == 1


def test_round_copy_action_copies_and_links_the_new_round(staff_client):
    source = seed_like_round()

    response = run_action(
        staff_client, CHANGELIST, "copy_round", [source], post="yes", weeks="52", kickoff=""
    )

    new = Round.objects.get(slug="kreis-recklinghausen-2022")
    url = reverse("admin:events_round_change", args=[new.pk])
    assert messages_of(response) == [
        f'Die Runde „<a href="{url}">Digiscouts 2022 im Kreis Recklinghausen</a>“ ist angelegt '
        "(Kurzname "
        "kreis-recklinghausen-2022, nicht veröffentlicht). Prüfen Sie Termine und Texte und "
        "veröffentlichen Sie die Runde dann."
    ]
    assert staff_client.get(url).status_code == 200


def test_round_copy_action_with_a_kickoff_date_from_the_date_picker(staff_client):
    source = seed_like_round()

    run_action(
        staff_client, CHANGELIST, "copy_round", [source], post="yes", weeks="", kickoff="2022-06-01"
    )

    assert Round.objects.get(year=2022).start_date == date(2022, 6, 1)


@pytest.mark.parametrize(
    ("weeks", "kickoff", "errors"),
    [
        (
            "",
            "",
            {
                "weeks": [
                    "Bitte geben Sie an, um wie viele Wochen die Runde verschoben wird, oder "
                    "tragen Sie das Datum des neuen Projektstarts ein."
                ]
            },
        ),
        ("zwei", "", {"weeks": ["Bitte geben Sie eine ganze Zahl von Wochen an, z. B. 52."]}),
        ("0", "", {"weeks": ["Bitte geben Sie mindestens 1 Woche an."]}),
        (
            "52",
            "2022-05-25",
            {
                "kickoff": [
                    "Bitte geben Sie nur eines an: die Zahl der Wochen oder das Datum des neuen "
                    "Projektstarts."
                ]
            },
        ),
        (
            "",
            "2021-05-01",
            {
                "kickoff": [
                    "Der neue Projektstart muss nach dem Projektstart der kopierten Runde "
                    "(26.05.2021) liegen."
                ]
            },
        ),
        (
            "",
            "31.02.2022",
            {"kickoff": ["Bitte geben Sie ein gültiges Datum an, z. B. 25.05.2022."]},
        ),
    ],
)
def test_round_copy_action_shows_german_errors_next_to_the_field(
    staff_client, weeks, kickoff, errors
):
    source = seed_like_round()

    response = run_action(
        staff_client, CHANGELIST, "copy_round", [source], post="yes", weeks=weeks, kickoff=kickoff
    )

    form = response.context["form"]
    assert form.errors == errors
    assert (form["weeks"].value(), form["kickoff"].value()) == (weeks, kickoff)
    assert Round.objects.count() == 1


def test_round_copy_action_needs_exactly_one_round(staff_client):
    rounds = [seed_like_round(), RoundFactory()]

    response = run_action(staff_client, CHANGELIST, "copy_round", rounds, post="yes", weeks="52")

    assert messages_of(response) == [
        "Bitte markieren Sie genau eine Runde, die kopiert werden soll."
    ]
    assert Round.objects.count() == 2


def test_round_copy_action_is_offered_only_with_the_add_permission(client):
    viewer = staff_member("nur-lesen", in_group=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_round"))
    client.force_login(viewer)
    source = seed_like_round()

    response = client.get(reverse(CHANGELIST))
    refused = run_action(client, CHANGELIST, "copy_round", [source], post="yes", weeks="52")

    assert response.context["action_form"] is None  # no action it may run
    assert (refused.templates[0].name, messages_of(refused)) == ("admin/change_list.html", [])
    assert Round.objects.count() == 1
