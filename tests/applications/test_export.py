"""CSV export of the selected firms: the exact bytes German Excel and LibreOffice open."""

import csv
import io

import pytest
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, RoundFactory, berlin
from tests.helpers import run_action

pytestmark = pytest.mark.django_db

S = ApplicationStatus
HEADER = (
    "Bewerbungsnummer;Unternehmen;Rechtsform;Straße und Hausnummer;PLZ;Kommune;Website;"
    "Branche;Beschäftigte;Auszubildende im Team;Ausbildungsberufe;Ansprechperson;Funktion;"
    "E-Mail;Telefon;Ausbilder/in;E-Mail Ausbilder/in;Status;Infoveranstaltung besucht;"
    "Eingegangen am;Entscheidung versandt am\r\n"
)


def firm(round_, number, company_name, **kwargs):
    defaults = {
        "round": round_,
        "number": number,
        "company_name": company_name,
        "status": S.SELECTED,
        "contact_email": f"kontakt{number}@firma.de",
        "submitted_at": berlin(2021, 4, 20, 9, 30),
    }
    return ApplicationFactory(**{**defaults, **kwargs})


def content(response):
    return b"".join(response.streaming_content)


def test_export_selected_firms_exact_bytes(staff_client):
    round_ = RoundFactory(slug="kreis-recklinghausen-2021", year=2021)
    firm(round_, 1, "Müller & Söhne GmbH", municipality="Castrop-Rauxel", employees=120)
    firm(round_, 2, "Schmidt; Weber OHG", legal_form="OHG", municipality="Oer-Erkenschwick")
    firm(
        round_,
        3,
        '=HYPERLINK("http://böse.example")',
        training_occupations="Industriekaufleute\nMechatroniker/in",
        decision_sent_at=berlin(2021, 5, 10, 12, 0),
        decision_sent_status=S.SELECTED,
    )
    firm(round_, 4, "Nicht ausgewählt GmbH", status=S.RESERVE, reserve_position=1)
    firm(RoundFactory(), 1, "Andere Runde GmbH")

    response = staff_client.get(f"/verwaltung/applications/application/export/{round_.pk}/")

    common = (
        "Kurt-Schumacher-Allee 1;45657;{municipality};;Handwerk;{employees};3;{occupations};"
        "Erika Muster;Ausbildungsleitung;kontakt{n}@firma.de;02361 12345;Max Ausbilder;"
        "ausbildung@beispiel.de;ausgewählt;nicht angemeldet;20.04.2021;{sent}\r\n"
    )
    expected = (
        "\ufeff"
        + HEADER
        + "DS-2021-001;Müller & Söhne GmbH;GmbH;"
        + common.format(
            municipality="Castrop-Rauxel",
            employees=120,
            occupations="Industriekaufleute",
            n=1,
            sent="",
        )
        + 'DS-2021-002;"Schmidt; Weber OHG";OHG;'
        + common.format(
            municipality="Oer-Erkenschwick",
            employees=45,
            occupations="Industriekaufleute",
            n=2,
            sent="",
        )
        + 'DS-2021-003;"\'=HYPERLINK(""http://böse.example"")";GmbH;'
        + common.format(
            municipality="Recklinghausen",
            employees=45,
            occupations='"Industriekaufleute\nMechatroniker/in"',
            n=3,
            sent="10.05.2021",
        )
    )
    today = timezone.localdate()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"digiscouts-kreis-recklinghausen-2021-ausgewaehlt-{today:%Y-%m-%d}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert content(response) == expected.encode("utf-8")


def test_export_reads_back_with_every_column(staff_client):
    round_ = RoundFactory()
    firm(round_, 1, "Bäckerei Größe; Söhne", training_occupations="Bäcker/in\nVerkäufer/in")

    response = staff_client.get(f"/verwaltung/applications/application/export/{round_.pk}/")

    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert len(rows[0]) == len(rows[1]) == 21
    assert rows[1][1] == "Bäckerei Größe; Söhne"
    assert rows[1][10] == "Bäcker/in\nVerkäufer/in"


def test_export_action_exports_the_marked_applications(staff_client):
    round_ = RoundFactory(slug="runde")
    reserve = firm(round_, 1, "Reserve GmbH", status=S.RESERVE, reserve_position=1)
    firm(round_, 2, "Nicht markiert GmbH")

    response = run_action(
        staff_client,
        "admin:applications_application_changelist",
        "export_applications",
        [reserve],
        follow=False,
    )

    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    assert [(row[0], row[1], row[17]) for row in rows[1:]] == [
        ("DS-2021-001", "Reserve GmbH", "Nachrücker 1")
    ]
    assert response["Content-Disposition"] == (
        f'attachment; filename="digiscouts-runde-{timezone.localdate():%Y-%m-%d}.csv"'
    )


@pytest.mark.parametrize("count", [1, 50])
def test_export_query_count_is_fixed(staff_client, django_assert_num_queries, count):
    round_ = RoundFactory()
    for number in range(1, count + 1):
        firm(round_, number, f"Firma {number}")

    with django_assert_num_queries(6):
        response = staff_client.get(f"/verwaltung/applications/application/export/{round_.pk}/")
        body = content(response)

    assert body.count(b"\r\n") == count + 1
