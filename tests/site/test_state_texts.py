"""Texts true to the state: every page and e-mail that follows a registration or an
application says only what is still possible (cancel, change, withdraw), and the pages and
e-mails of a registration to the info event lead on to the application while it is possible.

States walked: registration confirmed, waitlisted, promoted, cancelled, event cancelled,
event running and over; application submitted (window open and closed), shortlisted, in
review, selected, reserve, rejected, withdrawn, and a participation that ended.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.links import application_status_url, application_token
from applications.models import ApplicationStatus
from applications.services import (
    application_decision_send,
    application_link_send,
    application_withdraw,
)
from events.choices import EventKind, RegistrationStatus
from events.links import registration_manage_url, registration_token
from events.mails import send_event_changed, send_event_reminder
from events.services import event_cancel, registration_cancel, registration_link_send
from tests.events.helpers import form_data, register
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    ParticipationFactory,
    RegistrationFactory,
    RoundFactory,
    open_event,
    open_round,
    round_at_stage,
    staff_member,
)
from tests.helpers import main_content, messages_of, text_of

pytestmark = pytest.mark.django_db

SITE = "https://digiscouts.example.de"
S = ApplicationStatus

LOOK = "Ihr persönlicher Link (Anmeldung ansehen):"
LOOK_OR_CANCEL = "Ihr persönlicher Link (Anmeldung ansehen oder stornieren):"
CHANGE_DATA = "Um Ihre Angaben zu ändern, wenden Sie sich bitte an"
STATUS_ONLY = "Ihr persönlicher Link (Status ansehen):"
STATUS_OR_WITHDRAW = "Ihr persönlicher Link (Status ansehen oder die Bewerbung zurückziehen):"
STATUS_EDIT_OR_WITHDRAW = (
    "Ihr persönlicher Link (Status ansehen, Angaben ändern oder die Bewerbung zurückziehen):"
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_DOMAIN = "digiscouts.example.de"


def _german(day):
    return date_format(day, "DATE_FORMAT")


def _path(url):
    return url.removeprefix(SITE)


def _manage_path(registration):
    return _path(registration_manage_url(registration))


def _cancel_path(registration):
    return reverse("registrations:cancel", kwargs={"token": registration_token(registration)})


def _page(client, registration):
    return main_content(client.get(_manage_path(registration)))


def _link_lines(message):
    """The label of the personal link and the link, in the text part."""
    lines = message.body.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Ihr persönlicher Link"))
    return lines[at : at + 2]


# -- registrations: e-mails ----------------------------------------------------------------


def test_registration_confirmed_mail_offers_to_look_or_cancel(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(open_event(), "erika@example.org").registration

    (message,) = mailoutbox
    assert _link_lines(message) == [LOOK_OR_CANCEL, registration_manage_url(registration)]
    assert LOOK_OR_CANCEL in message.alternatives[0][0]


def test_registration_waitlisted_and_promoted_mails_offer_to_look_or_cancel(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "erika@example.org").registration
        waiting = register(event, "jana@example.org").registration
        registration_cancel(registration=first)

    _confirmed, waitlisted, cancelled, promoted = mailoutbox
    assert (waitlisted.subject, promoted.subject) == (
        "Warteliste: Infoveranstaltung Digiscouts",
        f"Sie sind nachgerückt: Infoveranstaltung Digiscouts am {_german(event.starts_at)}",
    )
    for message in (waitlisted, promoted):
        assert _link_lines(message) == [LOOK_OR_CANCEL, registration_manage_url(waiting)]
    assert _link_lines(cancelled) == [LOOK, registration_manage_url(first)]


def test_registration_cancelled_mail_offers_only_to_look_and_to_register_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)

    (message,) = mailoutbox
    html = message.alternatives[0][0]
    assert message.subject == "Anmeldung storniert: Infoveranstaltung Digiscouts"
    assert message.body.split("\n\n")[1] == (
        "Ihre Anmeldung zu „Infoveranstaltung Digiscouts“ ist storniert. Schade, dass Sie nicht "
        "dabei sein können. Sie können sich wieder anmelden, solange die Anmeldung geöffnet ist."
    )
    assert _link_lines(message) == [LOOK, registration_manage_url(registration)]
    assert "stornieren)" not in message.body
    assert LOOK in html
    assert "stornieren)" not in html


def test_registration_cancelled_mail_of_an_invitation_only_event_offers_no_new_registration(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(kind=EventKind.CLOSING, title="Abschlussveranstaltung")
    registration = register(event, "erika@example.org").registration
    event.participants_only = True
    event.save()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)

    (message,) = mailoutbox
    assert message.body.split("\n\n")[1] == (
        "Ihre Anmeldung zu „Abschlussveranstaltung“ ist storniert. Schade, dass Sie nicht dabei "
        "sein können."
    )
    assert "wieder anmelden" not in message.alternatives[0][0]


def test_event_cancelled_mail_offers_only_to_look(mailoutbox, django_capture_on_commit_callbacks):
    event = open_event()
    registration = register(event, "erika@example.org").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=staff_member())

    (message,) = mailoutbox
    assert message.subject.startswith("Abgesagt")
    assert _link_lines(message) == [LOOK, registration_manage_url(registration)]
    assert "stornieren)" not in message.body
    assert "stornieren)" not in message.alternatives[0][0]


def test_registration_link_sent_after_the_event_offers_only_to_look(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(days=1), capacity=10),
        status=RegistrationStatus.WAITLISTED,
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration_link_send(registration=registration, by=staff_member())

    (message,) = mailoutbox
    assert _link_lines(message) == [LOOK, registration_manage_url(registration)]
    assert (
        "Sie standen auf der Warteliste; bis zum Beginn der Veranstaltung ist kein Platz frei "
        "geworden."
    ) in message.body
    assert "Sobald ein Platz frei wird" not in message.body


def test_registration_link_sent_before_the_event_offers_to_look_or_cancel(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(open_event(), "erika@example.org").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_link_send(registration=registration, by=staff_member())

    (message,) = mailoutbox
    assert _link_lines(message) == [LOOK_OR_CANCEL, registration_manage_url(registration)]


@pytest.mark.parametrize(
    ("someone_waits", "sentence"),
    [
        (
            True,
            "Wenn Sie doch nicht teilnehmen können, stornieren Sie bitte über Ihren persönlichen "
            "Link, damit Ihr Platz an die nächste Person auf der Warteliste geht.",
        ),
        (
            False,
            "Wenn Sie doch nicht teilnehmen können, stornieren Sie bitte über Ihren persönlichen "
            "Link, damit Ihr Platz für andere frei wird.",
        ),
    ],
)
def test_reminder_mail_names_the_waiting_list_only_when_someone_waits(
    mailoutbox, django_capture_on_commit_callbacks, someone_waits, sentence
):
    event = open_event(capacity=1)
    registration = register(event, "erika@example.org").registration
    if someone_waits:
        register(event, "jana@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_event_reminder(registration)

    (message,) = mailoutbox
    assert sentence in " ".join(message.body.split())
    assert sentence in " ".join(message.alternatives[0][0].split())
    assert _link_lines(message) == [LOOK_OR_CANCEL, registration_manage_url(registration)]


@pytest.mark.parametrize(
    ("someone_waits", "ending"),
    [
        (True, "damit Ihr Platz an die nächste Person auf der Warteliste geht."),
        (False, "damit Ihr Platz für andere frei wird."),
    ],
)
def test_event_changed_mail_names_the_waiting_list_only_when_someone_waits(
    mailoutbox, django_capture_on_commit_callbacks, someone_waits, ending
):
    event = open_event(capacity=1)
    registration = register(event, "erika@example.org").registration
    if someone_waits:
        register(event, "jana@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_event_changed(registration, {"location": ["Online", "Kreishaus Recklinghausen"]})

    (message,) = mailoutbox
    assert (
        "Wenn Sie zum geänderten Termin nicht teilnehmen können, stornieren Sie bitte über Ihren "
        f"persönlichen Link, {ending}"
    ) in " ".join(message.body.split())


# -- registrations: pages ------------------------------------------------------------------


def test_registration_page_confirmed_offers_cancel_and_change(client):
    registration = register(open_event(), "erika@example.org").registration

    html = _page(client, registration)

    assert f'href="{_cancel_path(registration)}"' in html
    assert ">Anmeldung stornieren<" in html
    assert CHANGE_DATA in html


def test_registration_page_waitlisted_offers_cancel(client):
    event = open_event(capacity=1)
    register(event, "erika@example.org")
    waiting = register(event, "jana@example.org").registration

    html = _page(client, waiting)

    assert "Status: Sie stehen auf der Warteliste auf Platz 1." in text_of(html)
    assert f'href="{_cancel_path(waiting)}"' in html
    assert CHANGE_DATA in html


def test_registration_page_cancelled_offers_neither_cancel_nor_change(client):
    registration = register(open_event(), "erika@example.org").registration
    registration_cancel(registration=registration)

    html = _page(client, registration)

    assert "Status: Diese Anmeldung wurde am " in html
    assert _cancel_path(registration) not in html
    assert ">Anmeldung stornieren<" not in html
    assert CHANGE_DATA not in html
    assert "Bei Fragen: Dr. Julia aus der Wiesche" in text_of(html)


def test_registration_page_of_a_cancelled_event_offers_neither_cancel_nor_change(client):
    event = open_event()
    registration = register(event, "erika@example.org").registration
    event_cancel(event=event, by=staff_member())

    html = _page(client, registration)

    assert "Ihre Anmeldung ist damit storniert." in html
    assert _cancel_path(registration) not in html
    assert CHANGE_DATA not in html


def test_registration_page_of_an_event_under_way_offers_neither_cancel_nor_change(client):
    registration = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(minutes=10), capacity=10)
    )

    html = _page(client, registration)

    assert "Die Veranstaltung läuft gerade." in html
    assert _cancel_path(registration) not in html
    assert CHANGE_DATA not in html


def test_registration_page_of_a_past_event_says_it_took_place_and_offers_nothing(client):
    confirmed = RegistrationFactory()  # the info event of 15 April 2021
    waiting = RegistrationFactory(event=confirmed.event, status=RegistrationStatus.WAITLISTED)

    confirmed_html = _page(client, confirmed)
    waiting_text = text_of(_page(client, waiting))

    assert (
        "Die Veranstaltung hat am Donnerstag, 15. April 2021, 10:00 Uhr stattgefunden."
        in confirmed_html
    )
    assert _cancel_path(confirmed) not in confirmed_html
    assert CHANGE_DATA not in confirmed_html
    assert (
        "Status: Sie standen auf der Warteliste; bis zum Beginn der Veranstaltung ist kein "
        "Platz frei geworden."
    ) in waiting_text
    assert "Sobald ein Platz frei wird" not in waiting_text


@pytest.mark.parametrize(
    ("someone_waits", "shown", "not_shown"),
    [
        (
            True,
            "Ihr Platz geht dann an die nächste Person auf der Warteliste.",
            "Ihr Platz ist dann wieder frei.",
        ),
        (
            False,
            "Ihr Platz ist dann wieder frei.",
            "Ihr Platz geht dann an die nächste Person auf der Warteliste.",
        ),
    ],
)
def test_registration_cancel_page_promises_the_seat_to_the_waiting_list_only_when_someone_waits(
    client, someone_waits, shown, not_shown
):
    event = open_event(capacity=1)
    registration = register(event, "erika@example.org").registration
    if someone_waits:
        register(event, "jana@example.org")

    html = main_content(client.get(_cancel_path(registration)))

    assert f"<p>{shown}</p>" in html
    assert not_shown not in html


def test_registration_cancel_page_of_a_waiting_registration_names_no_seat(client):
    event = open_event(capacity=1)
    register(event, "erika@example.org")
    waiting = register(event, "jana@example.org").registration

    html = main_content(client.get(_cancel_path(waiting)))

    assert "Ihr Platz" not in html


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "seat_with_queue",
            "Ihre Anmeldung ist storniert. Ihr Platz ist an die nächste Person auf der "
            "Warteliste gegangen.",
        ),
        ("seat_alone", "Ihre Anmeldung ist storniert. Ihr Platz wird frei."),
        ("waiting", "Ihre Anmeldung ist storniert."),
    ],
)
def test_registration_cancelled_message_says_what_became_of_the_seat(client, who, message):
    event = open_event(capacity=1)
    first = register(event, "erika@example.org").registration
    if who != "seat_alone":
        second = register(event, "jana@example.org").registration
    cancelling = second if who == "waiting" else first

    response = client.post(_cancel_path(cancelling), follow=True)

    assert messages_of(response) == [message]


# -- registration to application -----------------------------------------------------------


def _info_round(window):
    today = timezone.localdate()
    if window == "open":
        return open_round(slug="runde-offen")
    if window == "upcoming":
        return open_round(
            slug="runde-bald",
            application_start=today + timedelta(days=20),
            application_end=today + timedelta(days=40),
        )
    return RoundFactory(slug="runde-vorbei")  # the window of 2021: closed


def _apply_text(round_, window):
    if window == "open":
        first = (
            "Die Bewerbung für Digiscouts ist geöffnet: Sie können sich bis zum "
            f"{_german(round_.application_end)} bewerben."
        )
    else:
        first = (
            f"Bewerben können Sie sich für Digiscouts vom {_german(round_.application_start)} "
            f"bis zum {_german(round_.application_end)}."
        )
    return f"{first} Ob Ihr Unternehmen teilnehmen kann, zeigt Ihnen der Vorab-Check:"


@pytest.mark.parametrize("window", ["open", "upcoming"])
def test_info_registration_mail_says_when_to_apply_and_links_the_precheck(
    mailoutbox, django_capture_on_commit_callbacks, window
):
    round_ = _info_round(window)
    with django_capture_on_commit_callbacks(execute=True):
        register(open_event(round=round_), "erika@example.org")

    (message,) = mailoutbox
    precheck = f"{SITE}/bewerbung/{round_.slug}/vorab-check/"
    paragraphs = message.body.split("\n\n")
    assert paragraphs[2] == f"{_apply_text(round_, window)}\n{precheck}"
    assert f'<a href="{precheck}">{precheck}</a>' in message.alternatives[0][0]


def _waitlisted_mail(event, mailoutbox, capture):
    register(event, "erika@example.org")
    mailoutbox.clear()
    with capture(execute=True):
        register(event, "jana@example.org")
    (message,) = mailoutbox
    return message


def _promoted_mail(event, mailoutbox, capture):
    first = register(event, "erika@example.org").registration
    register(event, "jana@example.org")
    mailoutbox.clear()
    with capture(execute=True):
        registration_cancel(registration=first)
    _cancelled, promoted = mailoutbox
    return promoted


def _reminder_mail(event, mailoutbox, capture):
    registration = register(event, "erika@example.org").registration
    mailoutbox.clear()
    with capture(execute=True):
        send_event_reminder(registration)
    (message,) = mailoutbox
    return message


@pytest.mark.parametrize(
    ("mail", "subject"),
    [
        (_waitlisted_mail, "Warteliste: Infoveranstaltung Digiscouts"),
        (_promoted_mail, "Sie sind nachgerückt: Infoveranstaltung Digiscouts am "),
        (_reminder_mail, "Erinnerung: Infoveranstaltung Digiscouts am "),
    ],
    ids=["waitlisted", "promoted", "reminder"],
)
def test_info_registration_other_mails_link_the_precheck_while_the_window_is_open(
    mailoutbox, django_capture_on_commit_callbacks, mail, subject
):
    round_ = _info_round("open")
    event = open_event(round=round_, capacity=1)

    message = mail(event, mailoutbox, django_capture_on_commit_callbacks)

    precheck = f"{SITE}/bewerbung/{round_.slug}/vorab-check/"
    assert message.subject.startswith(subject)
    assert f"\n\n{_apply_text(round_, 'open')}\n{precheck}\n\n" in message.body
    assert f'<a href="{precheck}">{precheck}</a>' in message.alternatives[0][0]


def test_info_registration_mail_after_the_window_closed_does_not_link_the_precheck(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(open_event(round=_info_round("closed")), "erika@example.org")

    (message,) = mailoutbox
    assert "vorab-check" not in message.body
    assert "vorab-check" not in message.alternatives[0][0]
    assert "Bewerb" not in message.body


def test_workshop_registration_mail_does_not_link_the_precheck(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(round=_info_round("open"), kind=EventKind.WORKSHOP, title="Workshop")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "erika@example.org")

    (message,) = mailoutbox
    assert "vorab-check" not in message.body


@pytest.mark.parametrize("window", ["open", "upcoming", "closed"])
def test_info_registration_confirmation_page_links_the_precheck_while_possible(client, window):
    round_ = _info_round(window)
    event = open_event(round=round_)
    url = reverse("events:registration_form", kwargs={"slug": round_.slug, "pk": event.pk})

    response = client.post(url, form_data(), follow=True)

    html = main_content(response)
    link = f'href="/bewerbung/{round_.slug}/vorab-check/"'
    if window == "closed":
        assert link not in html
        assert "Bewerbung für Digiscouts" not in html
    else:
        assert link in html
        assert _apply_text(round_, window).removesuffix(":") + "." in text_of(html)


@pytest.mark.parametrize("window", ["open", "closed"])
def test_info_registration_personal_page_links_the_precheck_while_possible(client, window):
    round_ = _info_round(window)
    registration = register(open_event(round=round_), "erika@example.org").registration

    html = _page(client, registration)

    assert (f'href="/bewerbung/{round_.slug}/vorab-check/"' in html) == (window == "open")


# -- applications ----------------------------------------------------------------------------


def _status_page(client, application):
    return main_content(client.get(f"/bewerbung/status/{application_token(application)}/"))


def _offers(html, application):
    """(edit offered, withdraw offered) on the status page."""
    token = application_token(application)
    return (
        f'href="/bewerbung/status/{token}/bearbeiten/"' in html,
        f'href="/bewerbung/status/{token}/zurueckziehen/"' in html,
    )


def _closed_round():
    today = timezone.localdate()
    return open_round(
        application_start=today - timedelta(days=20),
        application_end=today - timedelta(days=1),
    )


def _link_mail(application, mailoutbox, capture):
    mailoutbox.clear()
    with capture(execute=True):
        application_link_send(application=application, by=staff_member())
    (message,) = mailoutbox
    return message


@pytest.mark.parametrize(
    ("make", "label", "offers"),
    [
        pytest.param(
            lambda: ApplicationFactory(round=open_round()),
            STATUS_EDIT_OR_WITHDRAW,
            (True, True),
            id="submitted-window-open",
        ),
        pytest.param(
            lambda: ApplicationFactory(round=_closed_round()),
            STATUS_OR_WITHDRAW,
            (False, True),
            id="submitted-window-closed",
        ),
        pytest.param(
            lambda: ApplicationFactory(round=open_round(), status=S.SHORTLISTED),
            STATUS_OR_WITHDRAW,
            (False, True),
            id="shortlisted",
        ),
        pytest.param(
            lambda: ApplicationFactory(round=_closed_round(), status=S.SELECTED),
            STATUS_ONLY,
            (False, False),
            id="in-review-selected",
        ),
        pytest.param(
            lambda: ApplicationFactory(round=_closed_round(), status=S.REJECTED),
            STATUS_ONLY,
            (False, False),
            id="in-review-rejected",
        ),
        pytest.param(
            lambda: ApplicationFactory(
                round=_closed_round(),
                status=S.SELECTED,
                decision_sent_status=S.SELECTED,
                decision_sent_at=timezone.now(),
            ),
            STATUS_OR_WITHDRAW,
            (False, True),
            id="selected",
        ),
        pytest.param(
            lambda: ApplicationFactory(
                round=_closed_round(),
                status=S.RESERVE,
                reserve_position=1,
                decision_sent_status=S.RESERVE,
                decision_sent_at=timezone.now(),
            ),
            STATUS_OR_WITHDRAW,
            (False, True),
            id="reserve",
        ),
        pytest.param(
            lambda: ApplicationFactory(
                round=RoundFactory(),  # the round of 2021 has ended
                status=S.RESERVE,
                reserve_position=1,
                decision_sent_status=S.RESERVE,
                decision_sent_at=timezone.now(),
            ),
            STATUS_ONLY,
            (False, False),
            id="reserve-round-ended",
        ),
        pytest.param(
            lambda: ApplicationFactory(
                round=_closed_round(),
                status=S.REJECTED,
                decision_sent_status=S.REJECTED,
                decision_sent_at=timezone.now(),
            ),
            STATUS_ONLY,
            (False, False),
            id="rejected",
        ),
        pytest.param(
            lambda: ApplicationFactory(round=open_round(), status=S.WITHDRAWN),
            STATUS_ONLY,
            (False, False),
            id="withdrawn",
        ),
    ],
)
def test_application_state_page_and_link_mail_offer_what_is_still_possible(
    client, mailoutbox, django_capture_on_commit_callbacks, make, label, offers
):
    application = make()

    html = _status_page(client, application)
    message = _link_mail(application, mailoutbox, django_capture_on_commit_callbacks)

    assert _offers(html, application) == offers
    assert _link_lines(message) == [label, application_status_url(application)]
    assert label in message.alternatives[0][0]


def test_application_link_mail_after_the_deadline_does_not_promise_editing(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=_closed_round())

    message = _link_mail(application, mailoutbox, django_capture_on_commit_callbacks)

    assert message.body.split("\n\n")[1] == (
        f"hier ist noch einmal Ihr persönlicher Link zu Ihrer Bewerbung {application.reference}. "
        "Mit dem Link sehen Sie den Stand Ihrer Bewerbung."
    )


def test_application_link_mail_in_the_window_says_the_data_can_be_changed(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=open_round())

    message = _link_mail(application, mailoutbox, django_capture_on_commit_callbacks)

    assert message.body.split("\n\n")[1] == (
        f"hier ist noch einmal Ihr persönlicher Link zu Ihrer Bewerbung {application.reference}. "
        "Mit dem Link sehen Sie den Stand und können, solange die Bewerbung noch nicht geprüft "
        "ist und die Bewerbungsfrist läuft, Ihre Angaben ändern."
    )


def test_application_withdrawn_mail_and_page_offer_neither_change_nor_withdrawal(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=open_round())

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=application, note="Test")
    html = _status_page(client, application)

    company = next(m for m in mailoutbox if m.to == [application.contact_email])
    assert company.subject == f"Bewerbung zurückgezogen ({application.reference})"
    assert _link_lines(company) == [STATUS_ONLY, application_status_url(application)]
    assert "zurückziehen)" not in company.alternatives[0][0]
    assert _offers(html, application) == (False, False)
    assert (
        "Ihre Bewerbung ist zurückgezogen; eine zweite Bewerbung ist in dieser Runde nicht "
        "möglich. Wenn das ein Versehen war, wenden Sie sich bitte an die unten genannte "
        "Ansprechperson: Dort kann Ihre Bewerbung wieder aufgenommen werden."
    ) in text_of(html)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (S.SELECTED, STATUS_OR_WITHDRAW),
        (S.RESERVE, STATUS_OR_WITHDRAW),
        (S.REJECTED, STATUS_ONLY),
    ],
)
def test_application_decision_mail_offers_no_editing_and_no_withdrawal_once_rejected(
    client, mailoutbox, django_capture_on_commit_callbacks, status, label
):
    application = ApplicationFactory(
        round=round_at_stage("before"),
        status=status,
        reserve_position=1 if status == S.RESERVE else None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        application_decision_send(application=application)
    html = _status_page(client, application)

    (message,) = mailoutbox
    assert _link_lines(message) == [label, application_status_url(application)]
    assert "Angaben ändern" not in message.body
    assert "Angaben ändern" not in message.alternatives[0][0]
    assert _offers(html, application) == (False, status != S.REJECTED)


def test_application_page_of_a_participation_that_ended_offers_nothing(client):
    participation = ParticipationFactory(
        application__round=round_at_stage("during"),
        application__status=S.WITHDRAWN,
        ended_on=timezone.localdate() - timedelta(days=3),
        end_kind="dropped_out",
    )
    application = participation.application

    html = _status_page(client, application)

    assert "Stand: Teilnahme beendet" in html
    assert _offers(html, application) == (False, False)
    assert "Teilnahme beenden" not in html


def test_application_reserve_page_after_the_round_ended_promises_no_place(client):
    application = ApplicationFactory(
        round=RoundFactory(end_date=date(2021, 11, 24)),
        status=S.RESERVE,
        reserve_position=1,
        decision_sent_status=S.RESERVE,
        decision_sent_at=timezone.now(),
    )

    text = text_of(_status_page(client, application))

    assert (
        "Ihr Unternehmen stand auf der Nachrückerliste. Die Runde ist abgeschlossen; es ist "
        "kein Platz mehr frei geworden."
    ) in text
    assert "wird ein Platz frei, melden wir uns" not in text
