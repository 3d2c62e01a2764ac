import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Staff users are created in many tests; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
