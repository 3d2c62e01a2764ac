"""Language of parts (WCAG 3.1.2): what staff and firms type in is German. On the English
pages it carries lang="de"; on the German pages nothing is added."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from applications.links import application_token
from events.choices import EventKind
from tests.factories import (
    MilestoneFactory,
    ParticipationFactory,
    PhaseFactory,
    future_event,
    open_event,
    open_round,
    round_at_stage,
)
from tests.helpers import main_content


def _render(source, language, **context):
    with translation.override(language):
        return Template("{% load data_lang %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", '<h2><span lang="de">Infoveranstaltung &lt;Digiscouts&gt;</span></h2>'),
        ("de", "<h2>Infoveranstaltung &lt;Digiscouts&gt;</h2>"),
    ],
)
def test_lang_de_filter_wraps_escaped_text_only_off_german_pages(language, expected):
    html = _render("<h2>{{ title|lang_de }}</h2>", language, title="Infoveranstaltung <Digiscouts>")

    assert html == expected


def test_lang_de_filter_leaves_empty_text_without_an_element():
    assert _render("<p>{{ text|lang_de }}</p>", "en", text="") == "<p></p>"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", '<p lang="de">Barcodes<br>statt Zettel</p>'),
        ("de", "<p>Barcodes<br>statt Zettel</p>"),
    ],
)
def test_lang_de_attr_marks_a_block_only_off_german_pages(language, expected):
    html = _render(
        "<p{% lang_de_attr %}>{{ text|linebreaksbr }}</p>", language, text="Barcodes\nstatt Zettel"
    )

    assert html == expected


def _timeline_round():
    round_ = open_round(title="Digiscouts 2027 im Kreis Recklinghausen", slug="runde-2027")
    future_event(
        round=round_,
        title="Infoveranstaltung Digiscouts",
        location="Kreishaus Recklinghausen",
        description="Eine Stunde über das Programm.",
    )
    PhaseFactory(
        round=round_,
        title="Analysephase",
        description="Die Azubis sehen sich um.",
        start_date=round_.start_date,
        end_date=round_.start_date + timedelta(days=27),
    )
    return round_


@pytest.mark.django_db
def test_english_timeline_marks_the_german_titles_descriptions_and_place(client):
    _timeline_round()

    html = main_content(client.get("/en/runden/runde-2027/"))

    assert (
        '<h1>Schedule: <span lang="de">Digiscouts 2027 im Kreis Recklinghausen</span></h1>'
    ) in html
    assert '<h2 class="h5 mb-1"><span lang="de">Infoveranstaltung Digiscouts</span>\n' in html
    assert 'Location: <span lang="de">Kreishaus Recklinghausen</span></p>' in html
    assert '<p class="mb-1" lang="de">Eine Stunde über das Programm.</p>' in html
    assert '<h2 class="h5 mb-1"><span lang="de">Analysephase</span>\n' in html
    assert '<p class="mb-1" lang="de">Die Azubis sehen sich um.</p>' in html


@pytest.mark.django_db
def test_german_timeline_adds_no_lang_attribute(client):
    _timeline_round()

    response = client.get("/runden/runde-2027/")
    html = main_content(response)

    assert "<h1>Zeitplan: Digiscouts 2027 im Kreis Recklinghausen</h1>" in html
    assert '<h2 class="h5 mb-1">Infoveranstaltung Digiscouts\n' in html
    assert "Ort: Kreishaus Recklinghausen</p>" in html
    assert '<p class="mb-1">Eine Stunde über das Programm.</p>' in html
    assert "lang=" not in html
    assert re.findall(r'\slang="de"', response.content.decode()) == [' lang="de"']  # <html>


@pytest.mark.django_db
def test_english_home_marks_the_rounds_title_and_event_titles(client):
    round_ = _timeline_round()
    round_.summary = "Sieben Unternehmen aus dem Kreis."
    round_.save(update_fields=["summary"])

    html = main_content(client.get("/en/"))

    assert '<span lang="de">Sieben Unternehmen aus dem Kreis.</span>' in html
    assert (
        '<p class="mb-0"><strong><span lang="de">Digiscouts 2027 im Kreis Recklinghausen'
        "</span></strong></p>"
    ) in html
    assert '<dt><span lang="de">Infoveranstaltung Digiscouts</span></dt>' in html


@pytest.mark.django_db
def test_english_registration_form_marks_the_event_title_and_place(client):
    round_ = open_round(slug="runde-2027")
    event = open_event(round=round_, title="Infoveranstaltung Digiscouts", location="Online")

    html = main_content(client.get(f"/en/runden/runde-2027/termine/{event.pk}/anmeldung/"))

    assert ('<h1>Registration: <span lang="de">Infoveranstaltung Digiscouts</span></h1>') in html
    assert '<dd class="col-sm-9"><span lang="de">Online</span></dd>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "row"),
    [
        ("/en", '<th scope="row" lang="de">Analyse abgeschlossen</th>'),
        ("", '<th scope="row">Analyse abgeschlossen</th>'),
    ],
)
def test_firm_page_milestone_titles_are_german_parts_on_the_english_page(client, prefix, row):
    round_ = round_at_stage("during")
    MilestoneFactory(round=round_, title="Analyse abgeschlossen")
    participation = ParticipationFactory(application__round=round_)
    token = application_token(participation.application)

    html = main_content(client.get(f"{prefix}/bewerbung/status/{token}/"))

    assert row in html


@pytest.mark.django_db
def test_english_ideas_page_marks_the_firms_idea_texts(client):
    round_ = round_at_stage("after", slug="runde-2020")
    closing = round_.events.get(kind=EventKind.CLOSING)
    assert closing.starts_at < timezone.now() - timedelta(days=10)
    ParticipationFactory(
        application__round=round_,
        idea_title="Digitales Lager",
        idea_description="Barcodes statt Zettel.",
        idea_tools="Tablet",
        idea_publish_consent=True,
    )

    html = main_content(client.get("/en/runden/runde-2020/ideen/"))

    assert '<h2 class="h4 card-title" lang="de">Digitales Lager</h2>' in html
    assert '<p lang="de">Barcodes statt Zettel.</p>' in html
    assert 'Digital tools: <span lang="de">Tablet</span></p>' in html
