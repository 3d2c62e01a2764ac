"""The pre-check: three questions by GET, answered at once, nothing stored."""

import pytest
from django.urls import reverse

from tests.factories import open_round
from tests.helpers import main_content, text_of

pytestmark = pytest.mark.django_db


def precheck_url(round_):
    return reverse("applications:precheck", kwargs={"slug": round_.slug})


def test_precheck_eligible_company_gets_the_link_to_the_form(client):
    round_ = open_round()

    response = client.get(
        precheck_url(round_), {"employees": "499", "municipality": "Marl", "apprentices": "2"}
    )

    assert response.context["eligible"] is True
    assert response.context["apply_url"] == (
        f"/bewerbung/{round_.slug}/formular/?employees=499&municipality=Marl&apprentices=2"
    )
    assert '<h2 class="h4">Ihr Unternehmen erfüllt die Voraussetzungen.</h2>' in (
        main_content(response)
    )


def test_precheck_ineligible_company_gets_every_reason(client):
    round_ = open_round()

    response = client.get(
        precheck_url(round_), {"employees": "500", "municipality": "andere", "apprentices": "1"}
    )

    assert response.context["eligible"] is False
    assert response.context["reasons"] == [
        "Teilnehmen können Unternehmen mit höchstens 499 Beschäftigten. "
        "Ihr Unternehmen ist dafür zu groß.",
        "Teilnehmen können nur Unternehmen mit Sitz in der Partnerregion Kreis Recklinghausen, "
        "also in einer dieser Kommunen: Castrop-Rauxel, Datteln, Dorsten, Gladbeck, "
        "Haltern am See, Herten, Marl, Oer-Erkenschwick, Recklinghausen, Waltrop.",
        "Für ein Digiscouts-Team brauchen Sie mindestens 2 Auszubildende.",
    ]
    assert 'value="500"' in response.content.decode()


def test_precheck_malformed_number_is_a_field_error_not_a_reason(client):
    round_ = open_round()

    response = client.get(
        precheck_url(round_), {"employees": "45", "municipality": "Marl", "apprentices": "abc"}
    )

    text = text_of(main_content(response))
    assert response.context["eligible"] is False
    assert response.context["reasons"] == []
    assert "Ihr Unternehmen kann in dieser Runde leider nicht teilnehmen:" not in text
    assert "Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3." in text


def test_precheck_form_has_no_empty_action_attribute(client):
    response = client.get(precheck_url(open_round()))

    assert '<form method="get" novalidate class="precheck-form">' in main_content(response)
    assert 'action=""' not in response.content.decode()


def test_home_page_offers_precheck_and_application_while_open(client):
    round_ = open_round()

    html = client.get("/").content.decode()

    assert f'href="/bewerbung/{round_.slug}/vorab-check/"' in html
    assert f'href="/bewerbung/{round_.slug}/formular/"' in html
    assert "Jetzt bewerben" in html
