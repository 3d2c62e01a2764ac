import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from tests.factories.applications import staff_member


@pytest.fixture(scope="session", autouse=True)
def _plain_http(django_test_environment):
    # Tests run with DEBUG off, so the settings redirect plain http to HTTPS; the test
    # client and live_server speak http. Session-wide, before live_server builds its
    # middleware; a test turns the redirect on with settings.SECURE_SSL_REDIRECT = True.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve the source files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Staff users are created in many tests; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _outbox_sends_at_once(settings):
    # Most tests read mailoutbox after the commit, as the demo shows mail at once;
    # tests of the outbox itself turn this off and run the worker (tests/site/test_outbox.py).
    settings.OUTBOX_SEND_AT_ONCE = True


@pytest.fixture(autouse=True)
def _staff_otp_off(settings):
    # The suite runs with DEBUG off, where the admin login asks for a TOTP code; tests
    # log in with force_login or the plain form. tests/site/test_staff_login.py turns
    # it on (settings.STAFF_OTP_REQUIRED = True) for the second factor's own tests.
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _empty_cache():
    # The submission limit lives in the cache; every test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a member of the group "Fachdienst Wirtschaft" (no superuser)."""
    client.force_login(staff_member())
    return client


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # A test-client request under /en/ leaves English active in the test's thread; the
    # next test's reverse() would give /en/… depending on the order of the tests.
    yield
    translation.deactivate()
