import pytest
from django.core.cache import cache

from tests.factories.applications import staff_member


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
