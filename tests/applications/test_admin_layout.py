"""The application list fits the screen: seven columns, a status badge, fixed query count."""

import re

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.services import application_submit
from tests.factories import ApplicationFactory, RoundFactory, application_submit_data, open_round

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"
S = ApplicationStatus


def column_classes(response):
    html = response.content.decode()
    start = html.index('<table id="result_list">')
    head = html[start : html.index("</thead>", start)]
    return re.findall(r'<th scope="col" class="[^"]*column-([a-z_]+)', head)


def test_admin_changelist_has_the_seven_columns(staff_client):
    ApplicationFactory()

    response = staff_client.get(CHANGELIST)

    assert column_classes(response) == [
        "reference",
        "company_name",
        "municipality",
        "status_with_position",
        "attended_info_event",
        "submitted_on",
        "has_likely_duplicates",
    ]


def test_admin_changelist_status_is_a_badge_with_the_reserve_position(staff_client):
    application = ApplicationFactory(status=S.RESERVE, reserve_position=2)

    response = staff_client.get(CHANGELIST)

    html = response.content.decode()
    start = html.index('<td class="field-status_with_position">')
    assert html[start : html.index("</td>", start)] == (
        '<td class="field-status_with_position">'
        '<span class="status-badge status-reserve">Nachrücker 2</span>'
    )
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert application.reference in html


def test_admin_change_form_groups_the_data_with_the_history_beneath(staff_client):
    application = ApplicationFactory()

    response = staff_client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    )

    html = response.content.decode()
    headings = re.findall(r'class="fieldset-heading">(.*?)</h2>', html)
    assert headings == [
        "Bewerbung",
        "Notizen des Fachdienstes",
        "Unternehmen",
        "Team der Auszubildenden",
        "Ansprechperson",
        "Ausbilder/in",
        "Geschäftsführung, Motivation und Ideen",
        "Einwilligung",
        "E-Mails",
    ]
    (history,) = re.finditer(r'class="inline-heading">\s*Verlauf\s*</h2>', html)
    assert html.index("E-Mails</h2>") < history.start()


@pytest.mark.parametrize("count", [1, 50])
def test_admin_changelist_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = open_round()
    for n in range(count):
        application_submit(
            round_=round_,
            language="de",
            **application_submit_data(
                company_name=f"Firma {n} GmbH",
                contact_email=f"kontakt{n}@firma.de",
                # Every second one shares an address: the duplicate column has work to do.
                street=f"Weg {n // 2}",
                contact_phone=f"02361 {100000 + n}",
            ),
        )
    RoundFactory()

    with django_assert_num_queries(QUERIES):
        response = staff_client.get(CHANGELIST, {"round__id__exact": round_.pk})

    assert len(response.context["cl"].result_list) == count


# Session, user, the count and the page of applications, the filters' lookups and the
# places per round (see the test's -v output when a change adds one on purpose).
QUERIES = 11
