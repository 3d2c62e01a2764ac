"""The application list fits 1280 × 800 with the filter panel open (group login, no superuser)."""

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.applications import staff_member

PASSWORD = "Zeche-Ewald-2021!"
WIDTH = 1280


def test_admin_list_status_column_is_inside_the_viewport_at_1280(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    round_ = RoundFactory(title="Digiscouts 2021 im Kreis Recklinghausen")
    ApplicationFactory(
        round=round_,
        number=1,
        company_name="Metallbau Müller & Söhne GmbH & Co. KG Werkzeug- und Anlagenbau",
        municipality="Oer-Erkenschwick",
        status=ApplicationStatus.RESERVE,
        reserve_position=1,
    )
    ApplicationFactory(round=round_, number=2, company_name="Zeche Ewald GmbH")
    staff_member("wirtschaft", PASSWORD)
    page.set_viewport_size({"width": WIDTH, "height": 800})

    page.goto(live_server.url + "/verwaltung/")
    page.get_by_label("Benutzername").fill("wirtschaft")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(live_server.url + "/verwaltung/applications/application/")

    assert page.locator("#changelist-filter").is_visible()
    header = page.locator("#result_list th.column-status_with_position")
    cells = page.locator("#result_list td.field-status_with_position")
    boxes = [header.bounding_box()] + [cells.nth(n).bounding_box() for n in range(cells.count())]
    assert len(boxes) == 3
    assert [box["x"] + box["width"] <= WIDTH for box in boxes] == [True, True, True]
    assert cells.first.inner_text() == "Nachrücker 1"
    # The whole table fits: no column is pushed off the screen.
    table = page.locator("#result_list").bounding_box()
    assert table["x"] + table["width"] <= WIDTH
