"""The outbox against a real SMTP server: queued in the transaction, sent by the worker."""

import email
import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from post_office.models import STATUS, Email

from applications.services import application_link_send
from digiscouts.emails import queue_mail
from digiscouts.outbox import deliver_due, emails_for, requeue, retry_delay
from events.services import registration_create
from tests.concurrency import postgres_only, run_concurrently
from tests.events.helpers import form_data
from tests.factories import ApplicationFactory, RegistrationFactory, open_event
from tests.factories.applications import staff_member
from tests.helpers import messages_of, registration_form_url, run_action, text_of
from tests.smtp import free_port, silent_server, smtp_server


def changelist_row(response, obj):
    """The HTML of one object's row in an admin changelist."""
    html = response.content.decode()
    start = html.index(f'value="{obj.pk}"')
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.OUTBOX_SEND_AT_ONCE = False
    return port


def link_mail(registration, **overrides):
    arguments = {
        "to": [registration.email],
        "language": "de",
        "record": registration,
        "reply_to": ["j.ausderwiesche@kreis-re.de"],
        **overrides,
    }
    return queue_mail(
        "registration_link",
        {"registration": registration, "event": registration.event, "manage_url": "x"},
        **arguments,
    )


def states():
    return sorted(Email.objects.values_list("to", "status"))


@pytest.mark.django_db
def test_outbox_registration_with_server_down_is_stored_and_queued(client, smtp_port):
    event = open_event()

    response = client.post(registration_form_url(event), form_data(email="a@zeche.de"))

    registration = event.registrations.get()
    assert (response.status_code, registration.email) == (302, "a@zeche.de")
    assert [(e.to, e.status, e.context) for e in Email.objects.all()] == [
        (
            ["a@zeche.de"],
            STATUS.queued,
            {"mail": "registration_confirmed", "record": f"events.registration:{registration.pk}"},
        )
    ]


@pytest.mark.django_db
def test_outbox_server_down_keeps_the_message_queued_without_using_an_attempt(smtp_port):
    registrations = RegistrationFactory.create_batch(3)
    for registration in registrations:
        link_mail(registration)

    down = deliver_due()
    with smtp_server(smtp_port) as server:
        up = deliver_due()

    # The batch stopped at the first failure; the tried row waits OUTBOX_SERVER_RETRY_SECONDS.
    assert (dict(down), dict(up)) == ({"server_down": 1}, {"sent": 2})
    assert len(server.messages) == 2
    assert sorted(Email.objects.values_list("status", "number_of_retries")) == [
        (STATUS.sent, 0),
        (STATUS.sent, 0),
        (STATUS.requeued, 0),
    ]


@pytest.mark.django_db
def test_outbox_everything_goes_out_once_the_server_answers(smtp_port, settings):
    settings.OUTBOX_SERVER_RETRY_SECONDS = 0
    registrations = RegistrationFactory.create_batch(3)
    for registration in registrations:
        link_mail(registration)
    deliver_due()  # server down

    with smtp_server(smtp_port) as server:
        first = deliver_due()
        second = deliver_due()

    assert (dict(first), dict(second)) == ({"sent": 3}, {})
    assert server.recipients() == sorted(r.email for r in registrations)
    assert {status for _to, status in states()} == {STATUS.sent}


@pytest.mark.django_db
def test_outbox_message_keeps_reply_to_text_html_and_calendar(smtp_port):
    event = open_event()
    with smtp_server(smtp_port) as server:
        registration_create(
            event=event,
            company="Zeche GmbH",
            first_name="Jana",
            last_name="Kötter",
            function="Ausbildung",
            email="jana@zeche.de",
            municipality="Marl",
            persons=1,
            language="de",
        )
        outcome = deliver_due()
    ((recipients, raw),) = server.messages
    message = email.message_from_bytes(raw)
    parts = [part.get_content_type() for part in message.walk()]

    assert dict(outcome) == {"sent": 1}
    assert recipients == ["jana@zeche.de"]
    assert message["Reply-To"] == event.round.contact_email
    assert "text/plain" in parts and "text/html" in parts and "text/calendar" in parts


@pytest.mark.django_db
def test_outbox_refused_recipient_is_retried_with_back_off_then_failed(smtp_port, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    refused = RegistrationFactory(email="refuse@zeche.de")
    accepted = RegistrationFactory(email="ok@zeche.de")
    link_mail(refused)
    link_mail(accepted)

    with smtp_server(smtp_port) as server:
        first = deliver_due()
        Email.objects.filter(status=STATUS.requeued).update(scheduled_time=None)
        second = deliver_due()

    row = Email.objects.get(to="refuse@zeche.de")
    assert (dict(first), dict(second)) == ({"requeued": 1, "sent": 1}, {"failed": 1})
    assert server.recipients() == ["ok@zeche.de"]
    assert (row.status, row.number_of_retries) == (STATUS.failed, 2)
    assert "Mailbox unavailable" in row.logs.order_by("pk").last().message


def test_outbox_retry_delay_doubles_up_to_a_day(settings):
    settings.OUTBOX_RETRY_SECONDS = 60

    assert [retry_delay(attempt) for attempt in (1, 2, 3, 12)] == [60, 120, 240, 86400]


@pytest.mark.django_db
def test_outbox_broken_template_is_recorded_failed_and_blocks_no_other(smtp_port):
    registration = RegistrationFactory(email="ok@zeche.de")
    with transaction.atomic():
        queue_mail("does_not_exist", {}, to=["x@zeche.de"], language="de", record=registration)
        link_mail(registration)

    with smtp_server(smtp_port) as server:
        deliver_due()

    broken = Email.objects.get(to="x@zeche.de")
    assert (broken.status, broken.logs.get().exception_type) == (
        STATUS.failed,
        "TemplateDoesNotExist",
    )
    assert server.recipients() == ["ok@zeche.de"]
    assert [e.subject for e in emails_for(registration)][1:] == ["does_not_exist"]


@pytest.mark.django_db
def test_outbox_broken_address_is_recorded_failed(smtp_port):
    registration = RegistrationFactory()

    link_mail(registration, to=["kein-at-zeichen"])

    row = Email.objects.get()
    assert (row.to, row.status, row.logs.get().exception_type) == (
        ["kein-at-zeichen"],
        STATUS.failed,
        "ValidationError",
    )


@pytest.mark.django_db
def test_outbox_request_does_not_wait_for_a_silent_server(client, smtp_port):
    event = open_event()

    with silent_server(smtp_port) as connections:
        started = time.monotonic()
        response = client.post(registration_form_url(event), form_data(email="a@zeche.de"))
        elapsed = time.monotonic() - started

    # The request never opened a connection to the mail server: only the worker does.
    assert (response.status_code, connections, Email.objects.get().status) == (
        302,
        [],
        STATUS.queued,
    )
    assert elapsed < 2  # the SMTP timeout of this test; the real figure is in the note


@pytest.mark.django_db
def test_outbox_send_again_requeues_failed_and_resets_attempts():
    registration = RegistrationFactory()
    row = link_mail(registration)
    Email.objects.filter(pk=row.pk).update(status=STATUS.failed, number_of_retries=8)

    count = requeue([row])

    row.refresh_from_db()
    assert (count, row.status, row.number_of_retries, row.scheduled_time) == (
        1,
        STATUS.queued,
        0,
        None,
    )


@pytest.mark.django_db
def test_outbox_worker_command_once_sends_what_is_due(smtp_port, capsys):
    link_mail(RegistrationFactory(email="jana@zeche.de"))

    with smtp_server(smtp_port) as server:
        call_command("outbox_worker", "--once")

    assert server.recipients() == ["jana@zeche.de"]
    assert capsys.readouterr().out == "sent: 1\n"


@postgres_only("two workers only race for rows on a database with row locks")
@pytest.mark.django_db(transaction=True)
def test_outbox_two_workers_at_once_send_each_email_once(smtp_port):
    registrations = RegistrationFactory.create_batch(20)
    for registration in registrations:
        link_mail(registration)

    with smtp_server(smtp_port) as server:
        outcomes = run_concurrently([deliver_due, deliver_due, deliver_due])

    assert sum(outcome["sent"] for outcome in outcomes) == 20
    assert server.recipients() == sorted(r.email for r in registrations)
    assert {status for _to, status in states()} == {STATUS.sent}


@pytest.mark.django_db
def test_outbox_listed_on_the_application_and_in_the_staff_outbox(staff_client, smtp_port):
    application = ApplicationFactory(contact_email="jana@zeche.de")
    application_link_send(application=application, by=None)
    with smtp_server(smtp_port):
        deliver_due()
    row = Email.objects.get()

    change = staff_client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    )
    outbox = staff_client.get(reverse("admin:post_office_email_changelist"))

    table = text_of(change.content.decode().split("E-Mails an das Unternehmen", 1)[1])
    assert f"Ihr persönlicher Link zur Bewerbung {application.reference} versandt" in table
    assert text_of(changelist_row(outbox, row)) == (
        f"{date_format(localtime(row.created), 'DATETIME_FORMAT')} jana@zeche.de "
        f"Ihr persönlicher Link zur Bewerbung {application.reference} versandt 1 -"
    )


@pytest.mark.django_db
def test_outbox_staff_send_a_failed_email_again_from_the_admin(staff_client):
    row = link_mail(RegistrationFactory())
    Email.objects.filter(pk=row.pk).update(status=STATUS.failed, number_of_retries=8)

    response = run_action(
        staff_client, "admin:post_office_email_changelist", "send_again", [row], follow=True
    )

    row.refresh_from_db()
    assert messages_of(response) == ["1 E-Mail wird erneut gesendet."]
    assert (row.status, row.number_of_retries) == (STATUS.queued, 0)


@pytest.mark.django_db
def test_outbox_admin_for_plain_staff_is_closed(client):
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    response = client.get(reverse("admin:post_office_email_changelist"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_outbox_link_resend_after_an_undelivered_one_is_allowed(client, smtp_port):
    event = open_event()
    client.post(registration_form_url(event), form_data(email="a@zeche.de"))
    registration = event.registrations.get()
    client.post(registration_form_url(event), form_data(email="a@zeche.de"))
    Email.objects.filter(context__mail="registration_link").update(status=STATUS.failed)

    client.post(registration_form_url(event), form_data(email="a@zeche.de"))
    client.post(registration_form_url(event), form_data(email="a@zeche.de"))

    links = emails_for(registration).filter(context__mail="registration_link")
    assert sorted(links.values_list("status", flat=True)) == [STATUS.failed, STATUS.queued]


@postgres_only("the killed worker runs in its own process, which reaches only a server database")
@pytest.mark.django_db(transaction=True)
def test_outbox_worker_killed_mid_send_loses_and_duplicates_nothing(smtp_port, settings):
    link_mail(RegistrationFactory(email="jana@zeche.de"))
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "30",
    }
    with silent_server(smtp_port) as connections:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "outbox_worker", "--once"],
            cwd=settings.BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 20
        while not connections and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.kill()  # while it holds the row and waits for the mail server
        worker.wait()
    held = Email.objects.get().status

    with smtp_server(smtp_port) as server:
        deliver_due()

    assert (len(connections), held) == (1, STATUS.queued)
    assert server.recipients() == ["jana@zeche.de"]
    assert Email.objects.get().status == STATUS.sent


@pytest.mark.django_db
def test_outbox_listed_on_the_registration(staff_client):
    registration = RegistrationFactory(email="jana@zeche.de")
    link_mail(registration)

    change = staff_client.get(reverse("admin:events_registration_change", args=[registration.pk]))

    table = text_of(change.content.decode().split("E-Mails an diese Anmeldung", 1)[1])
    assert table.startswith(
        f": Angelegt Betreff Status Grund "
        f"{date_format(localtime(Email.objects.get().created), 'SHORT_DATETIME_FORMAT')} "
        f"Ihr persönlicher Link: {registration.event.title} wartet auf Versand"
    )
