"""The guarded staff login: lock-out, second factor, idle sessions, admin path, passwords."""

import importlib
import io
import runpy
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import clear_url_caches, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import digiscouts.urls
from digiscouts.staff_login.sessions import LAST_ACTIVITY
from tests.factories.applications import staff_member
from tests.helpers import messages_of

LOGIN = "/verwaltung/login/"
PASSWORD = "Digiscouts-2021!"
LOCKED = (
    "Zu viele fehlgeschlagene Anmeldeversuche: Die Anmeldung mit diesem Benutzernamen ist "
    "von Ihrem Zugang aus für 30 Minuten gesperrt. Bitte versuchen Sie es danach erneut "
    "oder bitten Sie die Administration, die Sperre aufzuheben."
)
WRONG_PASSWORD = (
    "Bitte Benutzername und Passwort für einen Staff-Account eingeben. "
    "Beide Felder berücksichtigen die Groß-/Kleinschreibung."
)
NO_DEVICE = (
    "Für Ihr Konto ist noch keine Authenticator-App eingerichtet; ohne sie ist keine "
    "Anmeldung möglich. Bitte wenden Sie sich an die Administration."
)
CODE_REQUIRED = "Bitte geben Sie den 6-stelligen Bestätigungscode aus Ihrer Authenticator-App ein."
CODE_WRONG = (
    "Der Bestätigungscode ist falsch oder abgelaufen. Bitte geben Sie den Code ein, "
    "den Ihre Authenticator-App jetzt anzeigt."
)


def log_in(client, username, password, code=None, address="10.0.0.1", **extra):
    data = {"username": username, "password": password, "next": "/verwaltung/"}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data, REMOTE_ADDR=address, **extra)


def logged_in(client):
    return SESSION_KEY in client.session


def errors_of(response):
    form = response.context["form"]
    return {name: list(errors) for name, errors in form.errors.items()}


def fail_until_locked(username, address="10.0.0.1", **extra):
    responses = [log_in(Client(), username, "falsch", address=address, **extra) for _ in range(5)]
    return responses


def device_of(user):
    """The user's device, set up as the administrator does it."""
    call_command("staff_totp", user.username, "--no-qr", stdout=io.StringIO())
    return TOTPDevice.objects.get(user=user)


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- Lock-out ---------------------------------------------------------------------------


def test_login_lockout_after_five_failures_refuses_even_the_right_password(db):
    staff_member("wirtschaft", PASSWORD)

    responses = fail_until_locked("wirtschaft")
    client = Client()
    right = log_in(client, "wirtschaft", PASSWORD)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert errors_of(responses[3]) == {"__all__": [WRONG_PASSWORD]}
    assert errors_of(responses[4]) == {"__all__": [LOCKED]}
    assert (right.status_code, errors_of(right), logged_in(client)) == (
        429,
        {"__all__": [LOCKED]},
        False,
    )
    assert f'<p class="errornote" role="alert">\n    {LOCKED}\n</p>' in right.content.decode()


def test_login_lockout_is_per_username_and_client(db):
    staff_member("wirtschaft", PASSWORD)
    staff_member("kollegin", PASSWORD)
    fail_until_locked("wirtschaft", address="10.0.0.1")

    other_client = Client()
    other_user = Client()
    from_elsewhere = log_in(other_client, "wirtschaft", PASSWORD, address="10.0.0.2")
    colleague = log_in(other_user, "kollegin", PASSWORD, address="10.0.0.1")

    assert (from_elsewhere.status_code, from_elsewhere["Location"]) == (302, "/verwaltung/")
    assert (colleague.status_code, colleague["Location"]) == (302, "/verwaltung/")
    assert (logged_in(other_client), logged_in(other_user)) == (True, True)


def test_login_lockout_is_lifted_by_axes_reset_username(db):
    staff_member("wirtschaft", PASSWORD)
    fail_until_locked("wirtschaft")
    out = io.StringIO()

    call_command("axes_reset_username", "wirtschaft", stdout=out)
    client = Client()
    response = log_in(client, "wirtschaft", PASSWORD)

    assert out.getvalue() == "1 attempts removed.\n"
    assert (response.status_code, logged_in(client)) == (302, True)


def test_login_lockout_ends_after_the_cool_off(db):
    staff_member("wirtschaft", PASSWORD)
    fail_until_locked("wirtschaft")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )

    client = Client()
    response = log_in(client, "wirtschaft", PASSWORD)

    assert (response.status_code, logged_in(client)) == (302, True)


def test_login_lockout_limit_and_minutes_from_settings(db, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    staff_member("wirtschaft", PASSWORD)

    first, second = (log_in(Client(), "wirtschaft", "falsch") for _ in range(2))

    assert (first.status_code, second.status_code) == (200, 429)
    assert errors_of(second) == {"__all__": [LOCKED.replace("30 Minuten", "10 Minuten")]}


def test_login_success_resets_the_failures(db):
    staff_member("wirtschaft", PASSWORD)
    for _ in range(4):
        log_in(Client(), "wirtschaft", "falsch")

    log_in(Client(), "wirtschaft", PASSWORD)
    after = [log_in(Client(), "wirtschaft", "falsch").status_code for _ in range(4)]

    assert after == [200, 200, 200, 200]


def test_login_lockout_counts_the_client_as_the_submission_limit_does(db, settings):
    # Behind the proxy (TRUST_X_FORWARDED_FOR) the client is the proxy's own entry, the
    # last one, exactly as digiscouts.abuse.client_key counts the public forms.
    settings.TRUST_X_FORWARDED_FOR = True
    staff_member("wirtschaft", PASSWORD)
    fail_until_locked("wirtschaft", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")

    same_client = log_in(
        Client(), "wirtschaft", PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5"
    )
    other_client = log_in(Client(), "wirtschaft", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    assert (same_client.status_code, other_client.status_code) == (429, 302)


# --- Second factor ----------------------------------------------------------------------


@pytest.fixture
def otp_on(settings):
    settings.STAFF_OTP_REQUIRED = True


def test_login_with_otp_required_and_current_code_gets_into_the_admin(db, otp_on):
    device = device_of(staff_member("wirtschaft", PASSWORD))
    client = Client()

    response = log_in(client, "wirtschaft", PASSWORD, code=current_code(device))
    index = client.get("/verwaltung/")

    assert (response.status_code, response["Location"]) == (302, "/verwaltung/")
    assert (index.status_code, index.context["title"]) == (200, "Fachdienst Wirtschaft")


def test_login_with_otp_required_without_code_is_refused(db, otp_on):
    device_of(staff_member("wirtschaft", PASSWORD))
    client = Client()

    response = log_in(client, "wirtschaft", PASSWORD)

    assert (response.status_code, errors_of(response), logged_in(client)) == (
        200,
        {"otp_token": [CODE_REQUIRED]},
        False,
    )
    assert AccessAttempt.objects.count() == 0


def test_login_with_otp_required_and_wrong_code_is_refused_and_counts_as_failure(db, otp_on):
    device = device_of(staff_member("wirtschaft", PASSWORD))
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client = Client()

    response = log_in(client, "wirtschaft", PASSWORD, code=wrong)

    assert (response.status_code, errors_of(response), logged_in(client)) == (
        200,
        {"otp_token": [CODE_WRONG]},
        False,
    )
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_login_with_otp_required_wrong_codes_lock_out(db, otp_on, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would answer first
    device = device_of(staff_member("wirtschaft", PASSWORD))
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    responses = [log_in(Client(), "wirtschaft", PASSWORD, code=wrong) for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert errors_of(responses[4]) == {"__all__": [LOCKED]}


def test_login_with_otp_required_without_device_is_refused(db, otp_on):
    staff_member("wirtschaft", PASSWORD)
    client = Client()

    response = log_in(client, "wirtschaft", PASSWORD, code="123456")

    assert (response.status_code, errors_of(response), logged_in(client)) == (
        200,
        {"__all__": [NO_DEVICE]},
        False,
    )


def test_login_with_otp_required_and_unconfirmed_device_is_refused(db, otp_on):
    device = device_of(staff_member("wirtschaft", PASSWORD))
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    client = Client()

    response = log_in(client, "wirtschaft", PASSWORD, code=current_code(device))

    assert (errors_of(response), logged_in(client)) == ({"__all__": [NO_DEVICE]}, False)


def test_login_page_with_otp_required_asks_for_the_code(db, otp_on):
    response = Client().get(LOGIN)

    html = response.content.decode()
    assert '<label for="id_otp_token">Bestätigungscode:</label>' in html
    assert 'autocomplete="one-time-code"' in html
    assert (
        '<div class="help" id="id_otp_token_helptext">'
        "Der 6-stellige Code, den Ihre Authenticator-App gerade anzeigt.</div>"
    ) in html


def test_admin_with_otp_required_sends_a_session_without_code_to_the_login(db, otp_on):
    client = Client()
    client.force_login(staff_member())

    response = client.get("/verwaltung/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/verwaltung/login/?next=/verwaltung/",
    )


def test_login_with_otp_off_needs_username_and_password_only(db):
    staff_member("wirtschaft", PASSWORD)
    client = Client()

    page = client.get(LOGIN)
    response = log_in(client, "wirtschaft", PASSWORD)

    assert list(page.context["form"].fields) == ["username", "password"]
    assert (response.status_code, response["Location"], logged_in(client)) == (
        302,
        "/verwaltung/",
        True,
    )


def test_staff_totp_command_prints_address_and_qr_code(db):
    user = staff_member("wirtschaft", PASSWORD)
    out = io.StringIO()

    call_command("staff_totp", "wirtschaft", stdout=out)

    device = TOTPDevice.objects.get(user=user)
    lines = out.getvalue().splitlines()
    assert (device.confirmed, device.name) == (True, "Authenticator-App")
    assert lines[1] == device.config_url
    assert device.config_url.startswith(
        "otpauth://totp/Digiscouts%20Kreis%20Recklinghausen%3Awirtschaft?secret="
    )
    assert sum("█" in line or "▀" in line or "▄" in line for line in lines) >= 15


def test_staff_totp_command_replaces_a_device_only_when_asked(db):
    user = staff_member("wirtschaft", PASSWORD)
    first = device_of(user)

    with pytest.raises(CommandError) as refused:
        call_command("staff_totp", "wirtschaft", "--no-qr", stdout=io.StringIO())
    call_command("staff_totp", "wirtschaft", "--no-qr", "--replace", stdout=io.StringIO())

    assert str(refused.value).startswith('"wirtschaft" already has a device.')
    (second,) = TOTPDevice.objects.filter(user=user)
    assert (second.pk != first.pk, second.key != first.key) == (True, True)


def test_staff_totp_command_refuses_a_user_who_is_not_staff(db, django_user_model):
    django_user_model.objects.create_user("besuch", password=PASSWORD)

    with pytest.raises(CommandError) as refused:
        call_command("staff_totp", "besuch", stdout=io.StringIO())

    assert str(refused.value) == '"besuch" is not a staff user; only staff log in.'


def test_totp_devices_are_shown_to_superusers_without_their_secret(admin_client, staff_client):
    device = device_of(staff_member("wirtschaft", PASSWORD))
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])

    as_superuser = admin_client.get(url)
    as_staff = staff_client.get(url)

    assert (as_superuser.status_code, as_staff.status_code) == (200, 403)
    assert as_superuser.context["adminform"].form.fields.keys() >= {"user", "confirmed"}
    assert "key" not in as_superuser.context["adminform"].form.fields
    assert device.key not in as_superuser.content.decode()
    app_list = admin_client.get(reverse("admin:index")).context["app_list"]
    assert [app["name"] for app in app_list if app["app_label"] == "otp_totp"] == [
        "Zwei-Faktor-Anmeldung"
    ]


# --- Idle sessions ----------------------------------------------------------------------


def idle_for(client, minutes):
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - minutes * 60
    session.save()


def test_staff_session_ends_after_an_idle_hour(staff_client):
    idle_for(staff_client, 61)

    response = staff_client.get("/verwaltung/", follow=True)

    assert response.redirect_chain == [("/verwaltung/login/?next=/verwaltung/", 302)]
    assert messages_of(response) == [
        "Sie wurden nach 60 Minuten ohne Aktivität abgemeldet. Bitte melden Sie sich erneut an."
    ]
    assert logged_in(staff_client) is False


def test_staff_session_within_the_idle_hour_stays_and_restarts_the_clock(staff_client):
    idle_for(staff_client, 59)

    response = staff_client.get("/verwaltung/")

    assert response.status_code == 200
    assert int(time.time()) - staff_client.session[LAST_ACTIVITY] <= 1
    assert staff_client.session.get_expiry_age() == 2 * 60 * 60


def test_staff_session_idle_minutes_from_settings(staff_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    idle_for(staff_client, 6)

    response = staff_client.get("/verwaltung/")

    assert (response.status_code, logged_in(staff_client)) == (302, False)


def test_staff_login_starts_the_idle_clock(db):
    staff_member("wirtschaft", PASSWORD)
    client = Client()

    log_in(client, "wirtschaft", PASSWORD)

    assert int(time.time()) - client.session[LAST_ACTIVITY] <= 1


# --- Admin path -------------------------------------------------------------------------


@pytest.fixture
def admin_path_intern(settings):
    settings.ADMIN_PATH = "intern/"
    importlib.reload(digiscouts.urls)
    clear_url_caches()
    yield
    settings.ADMIN_PATH = "verwaltung/"
    importlib.reload(digiscouts.urls)
    clear_url_caches()


def test_admin_path_comes_from_the_setting(client, db, admin_path_intern):
    old = client.get("/verwaltung/")
    new = client.get("/intern/")

    assert reverse("admin:index") == "/intern/"
    assert (old.status_code, new.status_code, new["Location"]) == (
        404,
        302,
        "/intern/login/?next=/intern/",
    )


# --- Settings from the environment ------------------------------------------------------

SETTINGS = Path(__file__).resolve().parents[2] / "digiscouts" / "settings.py"


@pytest.fixture
def start(monkeypatch):
    def load(**variables):
        for name in ("DEBUG", "ADMIN_PATH", "STAFF_OTP_REQUIRED"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SECRET_KEY", "x")
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def test_settings_staff_login_defaults(start):
    production, demo = start(DEBUG="false"), start(DEBUG="true")

    assert (
        production["STAFF_OTP_REQUIRED"],
        demo["STAFF_OTP_REQUIRED"],
        production["ADMIN_PATH"],
        production["AXES_FAILURE_LIMIT"],
        production["AXES_COOLOFF_TIME"],
        production["STAFF_SESSION_IDLE_MINUTES"],
    ) == (True, False, "verwaltung/", 5, timedelta(minutes=30), 60)


def test_settings_staff_login_from_the_environment(start):
    settings = start(
        STAFF_OTP_REQUIRED="false",
        ADMIN_PATH="/intern/bereich",
        STAFF_LOGIN_FAILURE_LIMIT="3",
        STAFF_LOGIN_LOCKOUT_MINUTES="120",
        STAFF_SESSION_IDLE_MINUTES="15",
    )

    assert (
        settings["STAFF_OTP_REQUIRED"],
        settings["ADMIN_PATH"],
        settings["AXES_FAILURE_LIMIT"],
        settings["AXES_COOLOFF_TIME"],
        settings["STAFF_SESSION_IDLE_MINUTES"],
    ) == (False, "intern/bereich/", 3, timedelta(minutes=120), 15)


def test_settings_refuse_an_empty_admin_path(start):
    with pytest.raises(ImproperlyConfigured) as error:
        start(ADMIN_PATH="/")

    assert str(error.value) == "ADMIN_PATH must not be empty: the home page lives at /."


# --- Passwords --------------------------------------------------------------------------


def test_weak_password_is_refused_by_the_settings_validators(db):
    user = staff_member("wirtschaft", PASSWORD)

    with pytest.raises(ValidationError) as refused:
        validate_password("12345", user)

    assert refused.value.messages == [
        "Dieses Passwort ist zu kurz. Es muss mindestens 8 Zeichen enthalten.",
        "Dieses Passwort ist zu üblich.",
        "Dieses Passwort ist komplett numerisch. ",  # sic, Django's catalogue
    ]


def test_weak_password_is_refused_in_the_admin(admin_client):
    staff_member("wirtschaft", PASSWORD)
    user = staff_member("kollege", PASSWORD)
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    response = admin_client.post(
        url, {"password1": "kollege1", "password2": "kollege1", "usable_password": "true"}
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert errors_of(response) == {"password2": ["Das Passwort ist zu ähnlich zu Benutzername."]}
    assert user.check_password(PASSWORD) is True


def test_seed_staff_demo_refuses_a_weak_password(db):
    with pytest.raises(CommandError) as refused:
        call_command("seed_staff_demo", "--password", "fachdienst", stdout=io.StringIO())

    assert str(refused.value) == "Das Passwort ist zu ähnlich zu Benutzername."
