"""The error pages: 404, 500, CSRF failure."""

import pytest
from django.test import Client

from digiscouts.views import server_error


def _text(response):
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_unknown_address_gives_german_404(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in _text(response)


@pytest.mark.django_db
def test_server_error_page_is_german_and_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "<h1>Technischer Fehler</h1>" in _text(response)


@pytest.mark.django_db
def test_csrf_failure_on_post_gives_german_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/verwaltung/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "<h1>Formular abgelaufen</h1>" in _text(response)
