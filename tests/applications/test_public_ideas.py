"""The public ideas page of a round: only the consented ideas, only after the end of the
closing event, nothing about people."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from applications.public_views import ideas_published_at
from events.choices import EventKind
from tests.factories import EventFactory, ParticipationFactory, RoundFactory
from tests.helpers import main_content, text_of

pytestmark = pytest.mark.django_db


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def a_round(*, closing_in_days=None, end_in_days=-1, **kwargs):
    """A published round ending ``end_in_days`` from today, its closing event (if any)
    ``closing_in_days`` from today at 14:00."""
    end = timezone.localdate() + timedelta(days=end_in_days)
    round_ = RoundFactory(
        start_date=end - timedelta(days=180),
        end_date=end,
        application_start=end - timedelta(days=240),
        application_end=end - timedelta(days=200),
        **kwargs,
    )
    if closing_in_days is not None:
        EventFactory(
            round=round_,
            kind=EventKind.CLOSING,
            title="Abschlussveranstaltung",
            starts_at=at(timezone.localdate() + timedelta(days=closing_in_days), 14),
        )
    return round_


def idea(round_, company, title, *, consent=True, **kwargs):
    return ParticipationFactory(
        application__round=round_,
        application__company_name=company,
        application__municipality=kwargs.pop("municipality", "Herten"),
        idea_title=title,
        idea_description=kwargs.pop("description", f"Beschreibung von {title}."),
        idea_tools=kwargs.pop("tools", "Tablet"),
        idea_publish_consent=consent,
        **kwargs,
    )


def ideas_url(round_):
    return f"/runden/{round_.slug}/ideen/"


def articles(response):
    return [
        text_of(article)
        for article in re.findall(r"<article\b.*?</article>", main_content(response), re.S)
    ]


def test_public_ideas_lists_only_the_consented_ideas(client):
    round_ = a_round(closing_in_days=-1)
    idea(
        round_,
        "Zeche Ewald GmbH",
        "Digitales Lager",
        municipality="Herten",
        description="Barcodes statt Zettel:\nalles im Tablet.",
        tools="Tablet, Barcode-Scanner",
    )
    idea(round_, "Bäckerei Krüger KG", "Online-Vorbestellung", municipality="Marl")
    idea(round_, "Stillschweigen GmbH", "Geheimprojekt", consent=False)
    idea(round_, "Keine Idee AG", "", consent=False)
    idea(
        round_,
        "Ausgestiegen GmbH",
        "Abgebrochen",
        ended_on=timezone.localdate() - timedelta(days=60),
        end_kind="dropped_out",
        application__status="withdrawn",
    )
    idea(a_round(closing_in_days=-1), "Andere Runde GmbH", "Anderswo")

    response = client.get(ideas_url(round_))

    assert response.status_code == 200
    assert articles(response) == [
        "Online-Vorbestellung Bäckerei Krüger KG, Marl Beschreibung von Online-Vorbestellung. "
        "Digitale Werkzeuge: Tablet",
        "Digitales Lager Zeche Ewald GmbH, Herten Barcodes statt Zettel: alles im Tablet. "
        "Digitale Werkzeuge: Tablet, Barcode-Scanner",
    ]
    assert "2 Ideen, deren Veröffentlichung die Unternehmen zugestimmt haben." in text_of(
        main_content(response)
    )


def test_public_ideas_shows_nothing_personal(client):
    round_ = a_round(closing_in_days=-1)
    participation = idea(
        round_,
        "Zeche Ewald GmbH",
        "Digitales Lager",
        team_first_names="Ayşe, Jonas",
        trainer_name="Sabine Öztürk",
        trainer_email="s.oeztuerk@zeche-ewald.de",
        coach_name="Rainer Coach",
        coach_email="coach@rkw.de",
        application__contact_first_name="Jürgen",
        application__contact_last_name="Kötter",
        application__contact_email="j.koetter@zeche-ewald.de",
        application__contact_phone="02366 12345",
        application__street="Ewaldstraße 261",
    )

    html = main_content(client.get(ideas_url(round_)))

    assert "Digitales Lager" in html
    application = participation.application
    for personal in (
        "Ayşe",
        "Jonas",
        "Sabine",
        "Öztürk",
        "zeche-ewald.de",
        "Rainer",
        "rkw.de",
        "Jürgen",
        "Kötter",
        "02366",
        "Ewaldstraße",
        application.reference,
        "@",
    ):
        assert personal not in html, personal


def test_public_ideas_before_the_closing_event_says_when(client):
    round_ = a_round(closing_in_days=3, end_in_days=3)
    idea(round_, "Zeche Ewald GmbH", "Digitales Lager")
    closing = timezone.localtime(round_.events.get().starts_at)
    weekday = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][
        closing.weekday()
    ]
    month = closing.strftime("%m")

    response = client.get(ideas_url(round_))

    text = text_of(main_content(response))
    assert response.status_code == 200
    assert articles(response) == []
    assert "Digitales Lager" not in text
    assert (
        f"Die Teams stellen ihre Ideen bei der Abschlussveranstaltung am {weekday}, "
        f"{closing.day}. {_MONTHS[int(month) - 1]} {closing.year}, 14:00 Uhr vor. Nach der "
        "Veranstaltung finden Sie hier die Ideen, deren Veröffentlichung die Unternehmen "
        "zugestimmt haben."
    ) in text


_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


@pytest.mark.parametrize(
    ("started_minutes_ago", "shown"),
    [(0, []), (119, []), (120, ["Digitales Lager Zeche Ewald GmbH, Herten"])],
    ids=["just-started", "a-minute-before-the-end", "just-ended"],
)
def test_public_ideas_appear_at_the_end_of_the_closing_event(client, started_minutes_ago, shown):
    round_ = a_round(end_in_days=0)
    EventFactory(
        round=round_,
        kind=EventKind.CLOSING,
        starts_at=timezone.now() - timedelta(minutes=started_minutes_ago, seconds=1),
        duration_minutes=120,
    )
    idea(round_, "Zeche Ewald GmbH", "Digitales Lager", description="", tools="")

    response = client.get(ideas_url(round_))

    assert articles(response) == shown


def test_ideas_published_at_is_the_closing_events_end():
    round_ = a_round(end_in_days=5)
    closing = EventFactory(
        round=round_,
        kind=EventKind.CLOSING,
        starts_at=at(round_.end_date, 14),
        duration_minutes=180,
    )

    assert ideas_published_at(round_, [closing]) == at(round_.end_date, 17)


def test_public_ideas_of_a_round_without_closing_event_appear_after_its_end(client):
    running = a_round(end_in_days=0)
    ended = a_round(end_in_days=-1)
    for round_ in (running, ended):
        idea(round_, f"Firma {round_.pk} GmbH", f"Idee {round_.pk}")

    before = client.get(ideas_url(running))
    after = client.get(ideas_url(ended))

    end = running.end_date
    assert articles(before) == []
    assert (
        f"Nach dem Projektende am {end.day}. {_MONTHS[end.month - 1]} {end.year} finden Sie "
        "hier die Ideen, deren Veröffentlichung die Unternehmen zugestimmt haben."
    ) in text_of(main_content(before))
    assert articles(after) == [
        f"Idee {ended.pk} Firma {ended.pk} GmbH, Herten Beschreibung von Idee {ended.pk}. "
        "Digitale Werkzeuge: Tablet"
    ]


def test_public_ideas_a_cancelled_closing_event_counts_as_none(client):
    round_ = a_round(closing_in_days=-5, end_in_days=2)
    round_.events.update(cancelled_at=timezone.now())
    idea(round_, "Zeche Ewald GmbH", "Digitales Lager")

    response = client.get(ideas_url(round_))

    assert articles(response) == []


def test_public_ideas_without_consented_ideas_says_so(client):
    round_ = a_round(closing_in_days=-1)
    idea(round_, "Stillschweigen GmbH", "Geheimprojekt", consent=False)

    response = client.get(ideas_url(round_))

    assert "Für diese Runde wurden keine Ideen zur Veröffentlichung freigegeben." in text_of(
        main_content(response)
    )


def test_public_ideas_of_an_unpublished_round_is_not_found(client):
    round_ = a_round(closing_in_days=-1, is_published=False)
    idea(round_, "Zeche Ewald GmbH", "Digitales Lager")

    response = client.get(ideas_url(round_))

    assert response.status_code == 404
    assert "Digitales Lager" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_public_ideas_query_count_is_fixed(client, django_assert_num_queries, count):
    round_ = a_round(closing_in_days=-1)
    for n in range(count):
        idea(round_, f"Firma {n} GmbH", f"Idee {n}")

    # The round, its events, the ideas with their firms.
    with django_assert_num_queries(3):
        response = client.get(ideas_url(round_))

    assert len(articles(response)) == count
