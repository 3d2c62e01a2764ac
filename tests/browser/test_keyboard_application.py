"""A company applies with the keyboard alone: from the pre-check to the thank-you page.

Only keyboard presses and typing (Tab, Shift+Tab, Space, Enter, letters); no clicks,
no fill(). One answer is wrong on the way: the error summary takes the focus, its
link leads to the field, the answer is corrected and the application goes out.
"""

from applications.models import Application
from tests.factories import open_round

MAX_TABS = 80


def active(page):
    """id, or else the text, of the element that has the focus."""
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, target):
    """Press Tab until the element with this id (or this text) has the focus."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        seen.append(active(page))
        if seen[-1] == target:
            return
    raise AssertionError(f"{target!r} never got the focus; the tab order was {seen}")


def type_into(page, field_id, text):
    tab_to(page, field_id)
    page.keyboard.type(text)


def choose(page, field_id, option_text):
    """A closed <select> picks the option whose text starts with what is typed."""
    tab_to(page, field_id)
    page.keyboard.type(option_text)


def test_keyboard_application_from_precheck_to_thank_you_page(page, live_server):
    round_ = open_round(title="Digiscouts Tastaturrunde", year=2021)
    page.goto(f"{live_server.url}/bewerbung/{round_.slug}/vorab-check/")

    # The pre-check: four questions, Enter in the last field sends them.
    type_into(page, "id_employees", "45")
    choose(page, "id_municipality", "Marl")
    type_into(page, "id_postcode", "45768")
    type_into(page, "id_apprentices", "3")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vorab-check/?*")
    assert page.locator("#ergebnis h2").inner_text() == (
        "Ihr Unternehmen erfüllt die Voraussetzungen."
    )

    tab_to(page, "Weiter zur Bewerbung")
    page.keyboard.press("Enter")
    page.wait_for_url("**/formular/?*")
    assert page.locator("h1").inner_text() == "Bewerbung: Digiscouts Tastaturrunde"
    # The pre-check's answers are in the form already.
    assert page.locator("#id_employees").input_value() == "45"
    assert page.locator("#id_municipality").input_value() == "Marl"
    assert page.locator("#id_apprentices").input_value() == "3"

    # The form, in its tab order; the e-mail address lacks its @.
    type_into(page, "id_company_name", "Zeche Ewald Werkstätten GmbH")
    type_into(page, "id_legal_form", "GmbH")
    type_into(page, "id_sector", "Maschinenbau")
    type_into(page, "id_street", "Ewaldstraße 261")
    tab_to(page, "id_postcode")
    page.keyboard.press("Control+A")
    page.keyboard.type("45768")
    type_into(page, "id_training_occupations", "Mechatroniker/in")
    type_into(page, "id_contact_first_name", "Jürgen")
    type_into(page, "id_contact_last_name", "Kötter")
    type_into(page, "id_contact_function", "Ausbildungsleiter")
    type_into(page, "id_contact_email", "j.koetter.zeche-ewald.de")
    type_into(page, "id_contact_phone", "02366 12345")
    type_into(page, "id_trainer_name", "Sabine Öztürk")
    type_into(page, "id_trainer_email", "s.oeztuerk@zeche-ewald.de")
    tab_to(page, "id_management_support")
    page.keyboard.press("Space")
    tab_to(page, "id_team_time")
    page.keyboard.press("Space")
    type_into(page, "id_motivation", "Unsere Azubis haben Ideen.")
    choose(page, "id_heard_about", "Presse")
    tab_to(page, "id_privacy_consent")
    page.keyboard.press("Space")
    tab_to(page, "Bewerbung absenden")
    page.keyboard.press("Enter")

    # The error summary has the focus and names the problem.
    page.wait_for_selector(".error-summary")
    assert active(page) == "fehler"
    assert page.locator(".error-summary li").all_inner_texts() == [
        "Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."
    ]
    assert Application.objects.count() == 0

    # Its link leads to the field; the answer is corrected and sent with Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active(page) == "id_contact_email"
    page.keyboard.press("Control+A")
    page.keyboard.type("j.koetter@zeche-ewald.de")
    page.keyboard.press("Enter")

    page.wait_for_url("**/eingegangen/")
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Bewerbung"
    application = Application.objects.get()
    assert (
        application.company_name,
        application.postcode,
        application.municipality,
        application.contact_email,
        application.heard_about,
        application.management_support,
        application.team_time,
        application.employees,
        application.apprentices,
    ) == (
        "Zeche Ewald Werkstätten GmbH",
        "45768",
        "Marl",
        "j.koetter@zeche-ewald.de",
        "press",
        True,
        True,
        45,
        3,
    )
