"""Settings of the Digiscouts portal, read only through django-environ.

Every variable is documented in `.env.example`. Production (DEBUG off) has no
default for secrets: start-up stops with a message naming the variable.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from digiscouts.error_reporting import init_error_reporting
from digiscouts.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only-for-debug")
else:
    try:
        SECRET_KEY = env("SECRET_KEY")
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the environment variable SECRET_KEY "
            "(required when DEBUG is off; see .env.example)."
        ) from None

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base URL for links in e-mails (personal links) and calendar files.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_DOMAIN = urlsplit(SITE_URL).hostname or "localhost"

INSTALLED_APPS = [
    "digiscouts.staff_login.apps.StaffAdminConfig",  # the admin with the guarded login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "post_office",
    "axes",
    "django_otp",
    "digiscouts.staff_login.apps.TOTPConfig",  # django_otp.plugins.otp_totp
    "digiscouts",
    "events",
    "applications",
    "announcements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "digiscouts.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "digiscouts.failures.DatabaseUnavailableMiddleware",  # above the first database use
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "digiscouts.staff_login.sessions.StaffSessionIdleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into its answer
]

ROOT_URLCONF = "digiscouts.urls"
WSGI_APPLICATION = "digiscouts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "digiscouts.context_processors.site",
            ],
        },
    },
]


def _database_from_url():
    """Parse DATABASE_URL; the embedded default is an SQLite file in the project."""
    default = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    url = env.str("DATABASE_URL", default="") or default
    try:
        config = env.db_url_config(url)
    except Exception as exc:  # environ raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({exc}): {url!r}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL is malformed (no engine or name): {url!r}")
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database_from_url()}
# SQLite (the embedded default) cannot defer the reserve list's unique constraint
# (models.W038); PostgreSQL, where the races happen, enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W038"] if "sqlite" in DATABASES["default"]["ENGINE"] else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
# German is the default; English is the second language of every public page and e-mail.
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["digiscouts.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Attachments of queued e-mails live in the database, readable by every worker.
    "outbox": {"BACKEND": "digiscouts.outbox_storage.DatabaseStorage"},
}

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds before an unresponsive mail server gives up (only the outbox worker talks to it).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# The outbox (digiscouts.outbox): e-mails are rows sent by `manage.py outbox_worker`.
# OUTBOX_SEND_AT_ONCE sends each right after its commit in the same process: the demo
# (`make run`) shows every e-mail on the console without a worker. Off in production.
OUTBOX_SEND_AT_ONCE = env.bool("OUTBOX_SEND_AT_ONCE", default=DEBUG)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# First delay after a refused message; it doubles with every attempt (at most a day).
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
# Delay while the mail server cannot be reached (does not count as an attempt).
OUTBOX_SERVER_RETRY_SECONDS = env.int("OUTBOX_SERVER_RETRY_SECONDS", default=30)
# Seconds the worker sleeps when nothing is due.
OUTBOX_POLL_SECONDS = env.int("OUTBOX_POLL_SECONDS", default=5)
POST_OFFICE = {"FILE_STORAGE": "outbox", "LOG_LEVEL": 2}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Digiscouts Kreis Recklinghausen <digiscouts@localhost>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- HTTPS and security headers -------------------------------------------------------
# Production runs behind the district's own TLS proxy, which sets X-Forwarded-Proto;
# the portal then knows a request came over HTTPS. Off only when nothing sits in front.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("TRUST_X_FORWARDED_PROTO", default=True)
    else None
)
# With DEBUG off everything is HTTPS-only by default: plain http is redirected, and
# browsers remember for a year (HSTS) to use nothing else, subdomains of the portal's
# host included. `preload` only allows the owner of the registrable domain to submit
# it to the browsers' built-in list; the header alone changes nothing. The demo (DEBUG,
# plain http on 127.0.0.1) gets none of it; tests/conftest.py turns the redirect off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks each app server directly, over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Personal links carry their token in the path: never send it to another site.
SECURE_REFERRER_POLICY = "same-origin"
# Public pages and admin load only their own files (Bootstrap, the admin's JS and CSS):
# no inline script or style, no eval, no frames, forms post only to the portal.
# data: images are Bootstrap's SVG icons in its CSS. django-csp 4 uses the shape of
# Django 6's setting, so the upgrade moves this dict unchanged.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}
# Browser features no page of the portal uses, off for it and anything it embeds
# (digiscouts.security). Only names Chromium knows: an unknown one is a console error.
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# --- Staff login -----------------------------------------------------------------------
# The admin is the only login. Its path (ADMIN_PATH) is not a secret, only less obvious.
ADMIN_PATH = env("ADMIN_PATH", default="verwaltung/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must not be empty: the home page lives at /.")
# Lock-out (django-axes): after STAFF_LOGIN_FAILURE_LIMIT wrong passwords or codes for one
# username from one client address, that pair is refused for STAFF_LOGIN_LOCKOUT_MINUTES
# after the last attempt. Another client, or another username, can still log in.
# An administrator lifts a lock with `manage.py axes_reset_username USERNAME` (or deletes
# the "Zugriffsversuch" in the admin as superuser).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STAFF_LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address as the public forms' limit sees it (TRUST_X_FORWARDED_FOR).
AXES_CLIENT_IP_CALLABLE = "digiscouts.staff_login.lockout.client_ip"
# The German login page with the lock-out message, as 429.
AXES_LOCKOUT_CALLABLE = "digiscouts.staff_login.lockout.lockout_response"
# Log lines name neither username nor address nor browser (masked), only the path.
AXES_VERBOSE = False
# Second factor (django-otp, TOTP): required in production, off for the demo (DEBUG).
# The administrator gives each staff member a device: `manage.py staff_totp USERNAME`.
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Digiscouts Kreis Recklinghausen"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret again
# A staff session ends after this many minutes without a request.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=60)

# --- Failures and logging --------------------------------------------------------------
# A database that cannot be reached answers 503 with Retry-After (digiscouts.failures);
# /healthz reports database, cache and outbox backlog to a load balancer (digiscouts.health).
# A database host that does not answer at all costs a request this many seconds before
# the 503 page, not the worker's whole timeout (PostgreSQL; SQLite has no network).
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
# Logs go to stdout, scrubbed of e-mail addresses, phone numbers and personal-link
# signatures (digiscouts.logging). json: one object a line for a log collector (journald,
# Docker, Loki); text: readable lines for people at a console, the demo's (DEBUG) default.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))
# Optional error reporting to Sentry (or a compatible service such as GlitchTip): off
# unless SENTRY_DSN is set; sends no personal data (digiscouts.error_reporting).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_error_reporting(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
    )

# --- Cache, sessions and several app servers -------------------------------------------
# Every app server and worker must share one cache: CACHE_URL=redis://HOST:6379/N
# (django-redis). The submission limit counts there with atomic add/incr, so it holds
# exactly across processes and machines. locmemcache:// (the default) counts per process;
# dbcache:// reads and writes the count in two steps and lets bursts through.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # A Redis that stops answering costs a request at most a second, not a worker.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    )
# Sessions live in the database, which all app servers share already: a staff login
# survives a Redis restart or flush, and any server can answer the next request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Public forms ----------------------------------------------------------------------
# Public forms: at most SUBMISSION_LIMIT submissions per client in the window (seconds).
SUBMISSION_LIMIT = env.int("SUBMISSION_LIMIT", default=10)
SUBMISSION_LIMIT_WINDOW = env.int("SUBMISSION_LIMIT_WINDOW", default=3600)
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

# --- Data protection -------------------------------------------------------------------
# Days after a round's end date (Projektende) until `manage.py anonymise_rounds` (daily)
# deletes its personal data: names, addresses, phones, free texts, history notes and the
# e-mails of its registrations and applications. Counts, statuses, municipalities and
# company sizes stay for the statistics. The Datenschutzerklärung states this period.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=180)
