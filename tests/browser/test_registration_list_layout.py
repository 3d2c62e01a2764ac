"""The registration list fits 1280 × 800 with the filter panel open (group login):
status with the queue place and the event's seats are on the screen."""

from events.services import registration_create
from tests.factories import open_event
from tests.factories.applications import staff_member

PASSWORD = "Zeche-Ewald-2021!"
WIDTH = 1280


def _register(event, email, company, persons):
    registration_create(
        event=event,
        company=company,
        first_name="Jürgen",
        last_name="Müller-Lüdenscheidt",
        function="Geschäftsführer",
        email=email,
        municipality="Oer-Erkenschwick",
        persons=persons,
    )


def test_registration_list_status_and_seats_are_inside_the_viewport_at_1280(
    page, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event = open_event(capacity=2, title="Infoveranstaltung Digiscouts im Kreishaus Recklinghausen")
    _register(event, "a@example.org", "Metallbau Müller & Söhne GmbH & Co. KG Anlagenbau", 2)
    _register(event, "b@example.org", "Zeche Ewald GmbH", 1)
    staff_member("wirtschaft", PASSWORD)
    page.set_viewport_size({"width": WIDTH, "height": 800})

    page.goto(live_server.url + "/verwaltung/")
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(live_server.url + "/verwaltung/events/registration/")

    assert page.locator("#changelist-filter").is_visible()
    statuses = page.locator("#result_list td.field-status_display")
    seats = page.locator("#result_list td.field-seats_display")
    boxes = [page.locator("#result_list th.column-status_display").bounding_box()]
    boxes += [statuses.nth(n).bounding_box() for n in range(statuses.count())]
    boxes += [seats.nth(n).bounding_box() for n in range(seats.count())]
    assert [box["x"] + box["width"] <= WIDTH for box in boxes] == [True] * 5
    assert [statuses.nth(n).inner_text() for n in range(2)] == [
        "bestätigt",
        "Warteliste, Platz 1",
    ]
    assert seats.first.inner_text() == "2 von 2 belegt, 0 frei, 1 wartet"
    table = page.locator("#result_list").bounding_box()
    assert table["x"] + table["width"] <= WIDTH
