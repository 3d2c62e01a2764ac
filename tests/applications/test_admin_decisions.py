"""The decision e-mails in the admin: preview first, send once, skip what moved."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, RoundFactory, berlin, open_round
from tests.factories.applications import staff_member
from tests.helpers import messages_of, run_action, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/verwaltung/applications/application/"
CHANGELIST_NAME = "admin:applications_application_changelist"
S = ApplicationStatus


def send_decisions(client, applications, **extra):
    return run_action(client, CHANGELIST_NAME, "send_decisions", applications, **extra)


def confirm_decisions(client, applications, previewed):
    """Post the confirmation of the decision mails as the preview page does."""
    fields = {f"previewed_status_{pk}": status for pk, status in previewed.items()}
    return send_decisions(client, applications, post="yes", **fields)


def test_admin_decision_mail_preview_shows_the_mail_and_sends_nothing(staff_client, mailoutbox):
    selected = ApplicationFactory(status=S.SELECTED, contact_email="chef@zeche.de")
    undecided = ApplicationFactory()

    preview = send_decisions(staff_client, [selected, undecided])

    html = preview.content.decode()
    assert "admin/applications/application/decision_confirm.html" in [
        template.name for template in preview.templates
    ]
    assert f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({selected.reference})" in html
    assert f"<li>{undecided} – noch keine Entscheidung (eingegangen)</li>" in html
    assert f'<input type="hidden" name="previewed_status_{selected.pk}" value="selected">' in html
    assert f'name="previewed_status_{undecided.pk}"' not in html
    assert '<input type="submit" class="default" value="Ja, E-Mails jetzt senden">' in html
    assert mailoutbox == []


def test_admin_decision_mail_preview_names_when_a_decision_was_sent(staff_client):
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.REJECTED,
        decision_sent_at=timezone.make_aware(timezone.datetime(2021, 6, 1, 9, 30)),
    )

    html = send_decisions(staff_client, [application]).content.decode()

    assert f"<li>{application} – Entscheidung bereits am 01.06.2021 09:30 versandt</li>" in html
    assert "Ja, E-Mails jetzt senden" not in html


def test_admin_decision_mail_confirmed_sends_once(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    selected = ApplicationFactory(status=S.SELECTED, contact_email="chef@zeche.de")
    undecided = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        sent = confirm_decisions(staff_client, [selected, undecided], {selected.pk: S.SELECTED})
        again = confirm_decisions(staff_client, [selected, undecided], {selected.pk: S.SELECTED})

    selected.refresh_from_db()
    assert messages_of(sent) == [f"Entscheidung versandt: {selected.reference}."]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["chef@zeche.de"],
            f"Zusage: Ihr Unternehmen ist bei Digiscouts dabei ({selected.reference})",
        )
    ]
    assert (selected.decision_sent_status, selected.decision_sent_by.username) == (
        S.SELECTED,
        "sachbearbeitung",
    )
    assert messages_of(again) == [
        f"{selected.reference}: Die Entscheidung „ausgewählt“ wurde bereits versandt."
    ]


def test_admin_decision_mail_confirm_without_preview_of_a_sent_one_warns(staff_client):
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.REJECTED,
        decision_sent_at=timezone.now(),
        decision_sent_by=staff_member("versand"),
    )

    response = send_decisions(staff_client, [application], post="yes")

    assert messages_of(response) == [
        f"{application.reference}: Die Entscheidung „abgesagt“ wurde bereits versandt."
    ]


def test_admin_decision_mail_skips_a_status_changed_since_the_preview(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    changed = ApplicationFactory(status=S.SELECTED)
    unchanged = ApplicationFactory(status=S.REJECTED)
    send_decisions(staff_client, [changed, unchanged])
    run_action(staff_client, CHANGELIST_NAME, "reject_applications", [changed], post="yes")

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_decisions(
            staff_client, [changed, unchanged], {changed.pk: S.SELECTED, unchanged.pk: S.REJECTED}
        )

    changed.refresh_from_db()
    assert messages_of(response) == [
        f"{changed.reference}: Der Status hat sich seit der Vorschau geändert (jetzt "
        "„abgesagt“). Die E-Mail wurde nicht gesendet; bitte sehen Sie sie sich erneut an.",
        f"Entscheidung versandt: {unchanged.reference}.",
    ]
    assert [m.to for m in mailoutbox] == [[unchanged.contact_email]]
    assert (changed.decision_sent_status, changed.decision_sent_at) == ("", None)


def test_admin_change_page_shows_who_sent_the_decision(staff_client):
    user = staff_member("versand")
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.REJECTED,
        decision_sent_at=timezone.now(),
        decision_sent_by=user,
    )

    html = staff_client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()

    link = f'<a href="/verwaltung/auth/user/{user.pk}/change/">versand</a>'
    assert "Entscheidung versandt durch:" in html
    assert f'<div class="readonly">{link}</div>' in html
    assert 'name="decision_sent_by"' not in html


def test_admin_decision_mail_preview_warns_before_the_application_deadline(staff_client):
    round_ = open_round(title="Digiscouts 2030")
    early = ApplicationFactory(round=round_, status=S.REJECTED)
    late = ApplicationFactory(round=RoundFactory(title="Digiscouts 2021"), status=S.REJECTED)

    html = send_decisions(staff_client, [early, late]).content.decode()

    deadline = date_format(round_.application_end, "DATE_FORMAT")
    assert text_of(html).count("Die Bewerbungsfrist endet erst") == 1
    assert (
        f'<li class="warning">Digiscouts 2030: Die Bewerbungsfrist endet erst am {deadline}. '
        "Wer sich danach noch bewirbt, wird nach den Unternehmen entschieden, die ihre "
        "Entscheidung jetzt erhalten.</li>"
    ) in html
    assert '<input type="submit" class="default" value="Ja, E-Mails jetzt senden">' in html


def test_admin_decision_mail_preview_of_a_correction_names_the_earlier_mail(staff_client):
    application = ApplicationFactory(
        status=S.REJECTED,
        decision_sent_status=S.SELECTED,
        decision_sent_at=berlin(2021, 6, 1, 9, 30),
    )

    html = send_decisions(staff_client, [application]).content.decode()

    assert "Berichtigt die E-Mail „ausgewählt“ vom 01.06.2021 09:30." in html
    assert (
        "Diese Nachricht ersetzt unsere E-Mail vom 1. Juni 2021 (damalige Entscheidung: "
        "„ausgewählt“)." in html
    )


def emailed_selection():
    return ApplicationFactory(
        status=S.SELECTED,
        contact_email="chef@zeche.de",
        decision_sent_status=S.SELECTED,
        decision_sent_at=berlin(2021, 6, 1, 9, 30),
        decision_sent_by=staff_member("versand"),
    )


def test_admin_change_of_an_emailed_decision_names_the_mail_and_asks_for_the_checkbox(
    staff_client,
):
    application = emailed_selection()

    page = run_action(staff_client, CHANGELIST_NAME, "reject_applications", [application])

    html = page.content.decode()
    application.refresh_from_db()
    assert (
        f"<li>{application}: Die E-Mail „ausgewählt“ ging am 01.06.2021 09:30 an chef@zeche.de "
        "(versandt durch versand).</li>"
    ) in text_of_lines(html)
    assert '<input type="checkbox" name="understood" required id="id_understood">' in html
    assert application.status == S.SELECTED


def text_of_lines(html):
    """The page with the white space inside each line folded (the list items span lines)."""
    return " ".join(html.split()).replace("> <", "><")


def test_admin_change_of_an_emailed_decision_without_the_checkbox_changes_nothing(staff_client):
    application = emailed_selection()

    response = run_action(
        staff_client, CHANGELIST_NAME, "reject_applications", [application], post="yes"
    )

    application.refresh_from_db()
    assert response.context["form"].errors == {
        "understood": ["Bitte bestätigen Sie, dass Sie eine bereits versandte Entscheidung ändern."]
    }
    assert (application.status, application.status_changes.count()) == (S.SELECTED, 0)


def test_admin_change_of_an_emailed_decision_confirmed_offers_the_corrected_mail(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    application = emailed_selection()

    changed = run_action(
        staff_client,
        CHANGELIST_NAME,
        "reject_applications",
        [application],
        post="yes",
        understood="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = confirm_decisions(staff_client, [application], {application.pk: S.REJECTED})

    application.refresh_from_db()
    assert messages_of(changed) == [
        f"Abgesagt: {application.reference}.",
        f"{application.round.title}: Ein Platz ist frei geworden. Die Nachrückerliste ist leer.",
        f"{application.reference}: Das Unternehmen hat eine andere Entscheidung per E-Mail "
        "erhalten. Senden Sie ihm jetzt die berichtigte Entscheidung.",
    ]
    assert "admin/applications/application/decision_confirm.html" in templates_of(changed)
    assert f'name="previewed_status_{application.pk}" value="rejected"' in (
        changed.content.decode()
    )
    assert messages_of(sent) == [f"Entscheidung versandt: {application.reference}."]
    (mail,) = mailoutbox
    assert (mail.to, mail.body.split("\n\n")[2]) == (
        ["chef@zeche.de"],
        "Diese Nachricht ersetzt unsere E-Mail vom 1. Juni 2021 (damalige Entscheidung: "
        "„ausgewählt“).",
    )
    assert (application.decision_sent_status, application.decision_published) == (
        S.REJECTED,
        True,
    )


def templates_of(response):
    return [template.name for template in response.templates]
