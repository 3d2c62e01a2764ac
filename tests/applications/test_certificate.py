"""The Teilnahmebescheinigung: its text read back from the PDF, its page, when it exists,
and the admin download."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from applications.certificate import (
    certificate_available,
    certificate_filename,
    certificate_pdf,
    certificate_refusal,
    static_files_only,
)
from applications.services import (
    application_select,
    participation_drop_out,
    participation_idea_save,
    participation_update,
)
from events.choices import EventKind
from tests.factories.applications import ApplicationFactory, staff_member
from tests.factories.events import EventFactory, RoundFactory, berlin

# The closing event of the test round: 24 November 2021, 14:00 in Recklinghausen.
CLOSING = berlin(2021, 11, 24, 14, 0)
AFTER = berlin(2021, 11, 25, 9, 0)
DESCRIPTION = "Ein Tablet-Scanner bucht jede Bewegung im Lager sofort."


def a_round(*, closing=True):
    round_ = RoundFactory(title="Digiscouts Recklinghausen 2021")
    if closing:
        EventFactory(
            round=round_,
            kind=EventKind.CLOSING,
            title="Abschlussveranstaltung",
            starts_at=CLOSING,
            location="Kreishaus Recklinghausen",
        )
    return round_


def a_participant(round_=None, *, names="Anna, Ben, Cem", idea=True, **application):
    """A firm selected through the service, its team named by staff, its idea entered."""
    round_ = round_ or a_round()
    defaults = {"company_name": "Müller & Söhne GmbH", "municipality": "Marl"}
    app = ApplicationFactory(
        round=round_, number=1, trainer_name="Anna Schäfer", **{**defaults, **application}
    )
    application_select(application=app)
    participation = app.participation
    participation_update(
        participation=participation,
        by=None,
        team_size=3,
        team_first_names=names,
    )
    if idea:
        participation_idea_save(
            participation=participation,
            now=berlin(2021, 10, 1, 12, 0),
            idea_title="Digitales Lager",
            idea_description=DESCRIPTION,
            idea_tools="Tablets, QR-Codes",
        )
    participation.refresh_from_db()
    return participation


def pdf_pages(pdf):
    return PdfReader(BytesIO(pdf)).pages


def pdf_lines(pdf):
    """The text of each page's lines, white space folded, empty lines dropped."""
    return [
        " ".join(line.split())
        for page in pdf_pages(pdf)
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


HEADER = [
    "Digiscouts Recklinghausen 2021",
    "Partnerregion Kreis Recklinghausen · 26. Mai 2021 bis 24. November 2021",
    "Teilnahmebescheinigung",
    "Hiermit wird bestätigt, dass das Unternehmen",
    "Müller & Söhne GmbH",
    "Marl",
    "mit einem Team von 3 Auszubildenden (Anna, Ben und Cem)",
    "an der Programmrunde „Digiscouts Recklinghausen 2021“ teilgenommen hat.",
    "Ausbilder/in: Anna Schäfer",
    "DIE IDEE DES TEAMS",
]
SIGNATURE = [
    "Kreis Recklinghausen, den 25. November 2021",
    "Dr. Julia aus der Wiesche",
    "Fachdienst Wirtschaft, Kreis Recklinghausen",
]


@pytest.mark.django_db
def test_certificate_text_names_round_firm_team_idea_date_and_signer():
    pdf = certificate_pdf(a_participant(), now=AFTER)

    assert pdf_lines(pdf) == [
        *HEADER,
        "Digitales Lager",
        DESCRIPTION,
        "Eingesetzte digitale Werkzeuge: Tablets, QR-Codes",
        "Abschlussveranstaltung am 24. November 2021",
        *SIGNATURE,
    ]


@pytest.mark.django_db
def test_certificate_is_one_a4_page():
    (page,) = pdf_pages(certificate_pdf(a_participant(), now=AFTER))

    assert float(page.mediabox.width) == pytest.approx(595, abs=1)
    assert float(page.mediabox.height) == pytest.approx(842, abs=1)


@pytest.mark.django_db
def test_certificate_is_a_tagged_german_pdf_with_its_title():
    reader = PdfReader(BytesIO(certificate_pdf(a_participant(), now=AFTER)))
    catalogue = reader.trailer["/Root"]

    assert catalogue["/Lang"] == "de"
    assert catalogue["/MarkInfo"] == {"/Marked": True}
    assert "/StructTreeRoot" in catalogue
    assert reader.metadata.title == "Teilnahmebescheinigung – Müller & Söhne GmbH"
    assert reader.metadata.author == "Fachdienst Wirtschaft, Kreis Recklinghausen"


@pytest.mark.django_db
def test_certificate_with_longest_description_stays_one_page():
    names = ["Alexandra", "Bartholomäus", "Cornelius", "Dorothea", "Emanuel", "Friederike", "Jo"]
    participation = a_participant(names=", ".join(names))
    sentence = "Das Team bucht jede Bewegung im Lager mit Tablets und QR-Codes. "
    participation_idea_save(
        participation=participation,
        now=berlin(2021, 10, 2),
        idea_description=(sentence * 40)[:2000],
        idea_tools=("Tablets, QR-Codes, " * 20)[:300],
    )
    participation.refresh_from_db()

    pdf = certificate_pdf(participation, now=AFTER)

    assert len(pdf_pages(pdf)) == 1
    text = " ".join(pdf_lines(pdf))
    assert all(name in text for name in names)
    assert text.endswith(" ".join(["Abschlussveranstaltung am 24. November 2021", *SIGNATURE]))


@pytest.mark.django_db
def test_certificate_without_idea_has_the_neutral_sentence():
    pdf = certificate_pdf(a_participant(idea=False), now=AFTER)

    assert pdf_lines(pdf) == [
        *HEADER,
        "Das Team hat Digitalisierungspotenziale im eigenen Unternehmen untersucht.",
        "Abschlussveranstaltung am 24. November 2021",
        *SIGNATURE,
    ]


@pytest.mark.django_db
def test_certificate_without_team_names_and_with_one_apprentice():
    participation = a_participant(names="")
    participation = participation_update(participation=participation, by=None, team_size=1)

    lines = pdf_lines(certificate_pdf(participation, now=AFTER))

    assert lines[6] == "mit einer bzw. einem Auszubildenden"


@pytest.mark.django_db
def test_certificate_in_german_whatever_the_request_language():
    participation = a_participant()

    with translation.override("en"):
        pdf = certificate_pdf(participation, now=AFTER)

    assert pdf_lines(pdf)[1] == (
        "Partnerregion Kreis Recklinghausen · 26. Mai 2021 bis 24. November 2021"
    )
    assert pdf_lines(pdf)[6] == "mit einem Team von 3 Auszubildenden (Anna, Ben und Cem)"


@pytest.mark.django_db
def test_certificate_available_from_the_start_of_the_closing_event_in_berlin():
    participation = a_participant()

    # 14:00 in Berlin is 13:00 UTC in November.
    assert certificate_available(participation, now=berlin(2021, 11, 24, 13, 59, 59)) is False
    assert certificate_available(participation, now=CLOSING) is True
    assert certificate_refusal(participation, now=berlin(2021, 11, 24, 13, 59, 59)) == (
        "Die Teilnahmebescheinigung für Müller & Söhne GmbH gibt es erst ab dem Beginn der "
        "Abschlussveranstaltung am 24. November 2021."
    )


@pytest.mark.django_db
def test_certificate_without_closing_event_available_the_day_after_the_end_date():
    round_ = a_round(closing=False)
    # A cancelled closing event does not count.
    EventFactory(
        round=round_, kind=EventKind.CLOSING, starts_at=berlin(2021, 11, 10, 14), cancelled_at=AFTER
    )
    participation = a_participant(round_)

    assert certificate_available(participation, now=berlin(2021, 11, 24, 23, 59, 59)) is False
    assert certificate_available(participation, now=berlin(2021, 11, 25, 0, 0)) is True
    assert "Projektende am 24. November 2021" in pdf_lines(
        certificate_pdf(participation, now=AFTER)
    )


@pytest.mark.django_db
def test_certificate_none_for_a_dropped_out_participant():
    participation = a_participant()
    # A drop-out lies between the start of the participation (today) and today.
    today = timezone.localdate()
    dropped = participation_drop_out(
        participation=participation, on=today, reason="Team aufgelöst", by=None
    ).participation

    assert certificate_available(dropped, now=AFTER) is False
    with translation.override("de"):
        assert certificate_refusal(dropped, now=AFTER) == (
            "Für Müller & Söhne GmbH gibt es keine Teilnahmebescheinigung: Das Unternehmen "
            f"nimmt seit dem {date_format(today, 'j. F Y')} nicht mehr teil."
        )


def test_certificate_fetcher_reads_only_the_static_directory():
    stylesheet = Path(finders.find("css/certificate.css"))
    fetcher = static_files_only(stylesheet.parents[1])

    response = fetcher.fetch(stylesheet.as_uri())
    assert response.read().startswith(b"/* The Teilnahmebescheinigung")
    response.close()
    for url in (
        "https://example.org/style.css",
        "http://127.0.0.1/x.css",
        "file:///etc/passwd",
        stylesheet.parents[1].as_uri() + "/../manage.py",
        "file://example.org" + stylesheet.as_posix(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# Through the participation admin's URL, as staff use it.


def certificate_url(participation):
    return reverse("admin:applications_participation_certificate", args=[participation.pk])


@pytest.mark.django_db
def test_certificate_url_gives_staff_the_pdf(staff_client):
    participation = a_participant()

    response = staff_client.get(certificate_url(participation))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Teilnahmebescheinigung-DS-2021-001-muller-sohne-gmbh.pdf"'
    )
    assert certificate_filename(participation) == (
        "Teilnahmebescheinigung-DS-2021-001-muller-sohne-gmbh.pdf"
    )
    lines = pdf_lines(response.content)
    assert lines[4:7] == [
        "Müller & Söhne GmbH",
        "Marl",
        "mit einem Team von 3 Auszubildenden (Anna, Ben und Cem)",
    ]
    assert lines[9:11] == ["DIE IDEE DES TEAMS", "Digitales Lager"]


@pytest.mark.django_db
def test_certificate_url_before_the_closing_event_goes_back_with_the_reason(staff_client):
    participation = a_participant()
    starts_at = timezone.now() + timedelta(days=30)
    participation.round.events.filter(kind=EventKind.CLOSING).update(starts_at=starts_at)

    response = staff_client.get(certificate_url(participation))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:applications_participation_change", args=[participation.pk]
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Die Teilnahmebescheinigung für Müller & Söhne GmbH gibt es erst ab dem Beginn der "
        f"Abschlussveranstaltung am {date_format(timezone.localdate(starts_at), 'j. F Y')}."
    ]


@pytest.mark.django_db
def test_certificate_url_for_a_dropped_out_firm_goes_back_with_the_reason(staff_client):
    participation = a_participant()
    participation_drop_out(
        participation=participation, on=timezone.localdate(), reason="Team aufgelöst", by=None
    )

    response = staff_client.get(certificate_url(participation))

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Für Müller & Söhne GmbH gibt es keine Teilnahmebescheinigung: Das Unternehmen nimmt "
        f"seit dem {date_format(timezone.localdate(), 'j. F Y')} nicht mehr teil."
    ]


@pytest.mark.django_db
def test_certificate_url_with_the_view_permission_alone(client):
    participation = a_participant()
    user = staff_member("nur-lesen", in_group=False)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="applications", codename="view_participation"
        )
    )
    client.force_login(user)

    response = client.get(certificate_url(participation))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_certificate_url_refused_to_staff_without_the_permission(client):
    participation = a_participant()
    client.force_login(staff_member("ohne-recht", in_group=False))

    assert client.get(certificate_url(participation)).status_code == 403


@pytest.mark.django_db
def test_certificate_url_of_an_unknown_participation_is_404(staff_client):
    response = staff_client.get(
        reverse("admin:applications_participation_certificate", args=[999999])
    )

    assert response.status_code == 404
