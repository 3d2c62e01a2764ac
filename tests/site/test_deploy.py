"""Deployment: `check --deploy` silent in production, HTTPS settings, security headers."""

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from events.choices import EventKind
from events.seed import demo_round_upsert

PROJECT = Path(__file__).resolve().parents[2]

# The variables of the README's production section (nothing is contacted by `check`).
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "digiscouts.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://digiscouts.example.org",
    "SITE_URL": "https://digiscouts.example.org",
    "DATABASE_URL": "postgres://digiscouts:secret@127.0.0.1:5432/digiscouts",
    "EMAIL_URL": "smtp+tls://digiscouts:secret@mail.example.org:587",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "TRUST_X_FORWARDED_FOR": "true",
}

CSP = sorted(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_check_deploy_with_production_variables_reports_nothing():
    # A fresh interpreter with only the production variables: nothing of the test
    # environment (DEBUG, DATABASE_URL, SECURE_*) leaks in.
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **PRODUCTION,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def _security_headers(response):
    return {name: response.headers.get(name) for name in SECURITY_HEADERS}


def _csp(response):
    return sorted(response.headers["Content-Security-Policy"].split("; "))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "admin:login"])
def test_page_over_https_sends_security_headers_and_strict_csp(client, url):
    path = reverse(url) if ":" in url else url

    response = client.get(path, secure=True)

    assert response.status_code == 200
    assert _security_headers(response) == SECURITY_HEADERS
    assert _csp(response) == CSP


@pytest.mark.django_db
def test_page_not_found_sends_strict_csp(client):
    response = client.get("/gibt-es-nicht/", secure=True)

    assert (response.status_code, _csp(response)) == (404, CSP)


@pytest.mark.django_db
def test_admin_login_over_http_sends_no_hsts(client):
    # HSTS over plain http would be ignored by browsers; Django sends it only over HTTPS.
    response = client.get(reverse("admin:login"))

    assert ("Strict-Transport-Security" in response.headers, _csp(response)) == (False, CSP)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/datenschutz/?a=1")

    assert (response.status_code, response.headers["Location"]) == (
        301,
        "https://testserver/datenschutz/?a=1",
    )


@pytest.mark.django_db
def test_request_the_proxy_marks_as_https_is_served_with_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/datenschutz/", headers={"X-Forwarded-Proto": "https"})

    assert (response.status_code, response.headers["Strict-Transport-Security"]) == (
        200,
        "max-age=31536000; includeSubDomains; preload",
    )


@pytest.mark.django_db
def test_healthz_is_answered_over_plain_http_when_the_redirect_is_on(client, settings):
    # The load balancer asks each app server directly, without the proxy's header.
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("healthz"))

    assert (response.status_code, "Location" in response.headers) == (200, False)


# --- The settings module under a given environment (as tests/site/test_settings.py) ---

SETTINGS = PROJECT / "digiscouts" / "settings.py"
SWITCHES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
]


@pytest.fixture
def https_settings(monkeypatch):
    """The HTTPS settings loaded afresh under the given variables, None where unset."""

    def load(**variables):
        for name in [
            "DEBUG",
            "SECRET_KEY",
            "SECURE_COOKIES",
            "TRUST_X_FORWARDED_PROTO",
            *SWITCHES,
        ]:
            monkeypatch.delenv(name, raising=False)
        for name, value in {"SECRET_KEY": "x", **variables}.items():
            monkeypatch.setenv(name, value)
        namespace = runpy.run_path(str(SETTINGS))
        return {name: namespace.get(name) for name in SWITCHES}

    return load


def test_settings_in_production_are_https_only_by_default(https_settings):
    assert https_settings(DEBUG="false") == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    }


def test_settings_of_the_demo_serve_plain_http(https_settings):
    assert https_settings(DEBUG="true") == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    }


def test_settings_switch_each_https_setting_by_its_variable(https_settings):
    assert https_settings(
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
        SECURE_COOKIES="false",
        TRUST_X_FORWARDED_PROTO="false",
    ) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 300,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


# --- No inline code: what the CSP would block, found without a browser ---------------

INLINE_CODE = re.compile(
    r"<style\b"  # a style element
    r"|\sstyle\s*="  # a style attribute
    r"|\son[a-z]+\s*="  # an event handler attribute
    r"|javascript:"  # a script URL
    r"|<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")",  # inline script
    flags=re.IGNORECASE,
)


def _inline_code(response):
    return sorted(set(INLINE_CODE.findall(response.content.decode())))


def _admin_pages():
    """Every registered model's changelist and add page, as the admin's URL names."""
    from django.contrib import admin

    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{name}_changelist"
        yield f"{name}_add"


@pytest.mark.django_db
def test_admin_pages_carry_no_inline_code(admin_client):
    pages = {url: admin_client.get(reverse(url)) for url in ["admin:index", *_admin_pages()]}

    assert {url: _inline_code(page) for url, page in pages.items() if _inline_code(page)} == {}
    # Every list opens; an add page may be refused where nobody adds by hand (the outbox).
    assert {
        url: page.status_code
        for url, page in pages.items()
        if page.status_code != 200 and not (url.endswith("_add") and page.status_code == 403)
    } == {}


@pytest.mark.django_db
def test_public_pages_carry_no_inline_code(client):
    round_ = demo_round_upsert()
    info = round_.events.get(kind=EventKind.INFO)
    paths = [
        "/",
        "/runden/demo/",
        f"/runden/demo/termine/{info.pk}/anmeldung/",
        "/bewerbung/demo/vorab-check/",
        "/bewerbung/demo/formular/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/gibt-es-nicht/",
    ]
    pages = {path: client.get(path) for path in paths}

    assert {path: (page.status_code, _inline_code(page)) for path, page in pages.items()} == {
        path: (404 if path == "/gibt-es-nicht/" else 200, []) for path in paths
    }
