"""Wieder aufnehmen: a rejected or withdrawn application goes back, with a required reason."""

import pytest

from applications.models import ApplicationStatus, ApplicationStatusChange
from applications.services import NoteRequired, application_reopen
from tests.factories import ApplicationFactory, berlin
from tests.helpers import messages_of, run_action

pytestmark = pytest.mark.django_db

CHANGELIST_NAME = "admin:applications_application_changelist"
S = ApplicationStatus


def history(application):
    return list(
        ApplicationStatusChange.objects.filter(application=application).values_list(
            "from_status", "to_status", "by__username", "note"
        )
    )


def reopen(client, applications, **extra):
    return run_action(client, CHANGELIST_NAME, "reopen_applications", applications, **extra)


@pytest.mark.parametrize("status", [S.REJECTED, S.WITHDRAWN])
def test_application_reopen_goes_back_to_submitted_with_the_note(status):
    application = ApplicationFactory(status=status)

    result = application_reopen(application=application, by=None, note="  Absage war ein Versehen ")

    result.refresh_from_db()
    assert result.status == S.SUBMITTED
    assert history(result) == [(status, S.SUBMITTED, None, "Absage war ein Versehen")]


@pytest.mark.parametrize("note", ["", "   ", None])
def test_application_reopen_without_a_note_is_refused(note):
    application = ApplicationFactory(status=S.REJECTED)

    with pytest.raises(NoteRequired) as excinfo:
        application_reopen(application=application, by=None, note=note)

    application.refresh_from_db()
    assert (excinfo.value.code, excinfo.value.message) == (
        "note_required",
        f"{application.reference}: Bitte geben Sie an, warum die Bewerbung wieder aufgenommen "
        "wird.",
    )
    assert (application.status, history(application)) == (S.REJECTED, [])


def test_admin_reopen_shows_the_page_with_the_note_field_and_changes_nothing(staff_client):
    rejected = ApplicationFactory(status=S.REJECTED)
    selected = ApplicationFactory(status=S.SELECTED)

    response = reopen(staff_client, [rejected, selected])

    html = response.content.decode()
    rejected.refresh_from_db()
    assert "admin/applications/application/status_confirm.html" in [
        template.name for template in response.templates
    ]
    assert f"<li>{rejected}: abgesagt → eingegangen</li>" in html
    assert f"<li>{selected.reference}: „ausgewählt“ lässt sich nicht wieder aufnehmen.</li>" in html
    assert '<label for="id_note" class="required">Grund der Wiederaufnahme:</label>' in html
    assert '<input type="submit" class="default" value="Ja, wieder aufnehmen">' in html
    assert rejected.status == S.REJECTED


def test_admin_reopen_without_a_note_shows_the_error_next_to_the_field(staff_client):
    application = ApplicationFactory(status=S.WITHDRAWN)

    response = reopen(staff_client, [application], post="yes", note=" ")

    application.refresh_from_db()
    assert response.context["form"].errors == {
        "note": ["Bitte geben Sie an, warum die Bewerbung wieder aufgenommen wird."]
    }
    assert (application.status, history(application)) == (S.WITHDRAWN, [])


def test_admin_reopen_confirmed_records_the_note_and_the_staff_user(staff_client):
    application = ApplicationFactory(status=S.REJECTED)

    response = reopen(staff_client, [application], post="yes", note="Rückruf: doch Interesse")

    application.refresh_from_db()
    assert messages_of(response) == [
        f"Wieder aufgenommen (jetzt „eingegangen“): {application.reference}."
    ]
    assert history(application) == [
        (S.REJECTED, S.SUBMITTED, "sachbearbeitung", "Rückruf: doch Interesse")
    ]


def test_admin_reopen_of_an_emailed_rejection_needs_the_checkbox_and_keeps_the_note(
    staff_client,
):
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.REJECTED,
        decision_sent_at=berlin(2021, 6, 1, 9, 30),
    )

    refused = reopen(staff_client, [application], post="yes", note="Versehen")
    application.refresh_from_db()
    status_after_refusal = application.status
    reopened = reopen(staff_client, [application], post="yes", note="Versehen", understood="on")

    application.refresh_from_db()
    assert refused.context["form"].errors == {
        "understood": ["Bitte bestätigen Sie, dass Sie eine bereits versandte Entscheidung ändern."]
    }
    assert "Versehen</textarea>" in refused.content.decode()
    assert status_after_refusal == S.REJECTED
    assert messages_of(reopened) == [
        f"Wieder aufgenommen (jetzt „eingegangen“): {application.reference}.",
        f"{application.reference}: Das Unternehmen kennt noch die bisherige Entscheidung aus "
        "der E-Mail. Sobald neu entschieden ist, senden Sie ihm die berichtigte Entscheidung "
        "mit „Entscheidung per E-Mail senden“.",
    ]
    assert application.status == S.SUBMITTED
