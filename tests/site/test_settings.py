"""Start-up checks of the settings: the module run afresh under a given environment.

runpy executes digiscouts/settings.py as a new module each time, with the
environment monkeypatched, so no interpreter has to be started per case.
"""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "digiscouts" / "settings.py"


@pytest.fixture
def start(monkeypatch):
    """Load the settings under the given variables; returns the module's namespace."""

    def load(**variables):
        for name in ("DATABASE_URL", "SECRET_KEY", "DEBUG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def test_settings_without_secret_key_in_production_name_the_variable(start):
    with pytest.raises(ImproperlyConfigured) as error:
        start(DEBUG="false")

    assert str(error.value).startswith("SECRET_KEY is not set.")


@pytest.mark.filterwarnings("ignore:Engine not recognized from url")
@pytest.mark.parametrize("url", ["postgres//no-scheme", "nonsense://x", "::::"])
def test_settings_with_malformed_database_url_name_the_variable(start, url):
    with pytest.raises(ImproperlyConfigured) as error:
        start(SECRET_KEY="x", DATABASE_URL=url)

    assert str(error.value).startswith("DATABASE_URL is malformed")


def test_settings_default_to_sqlite_and_debug_off(start):
    settings = start(SECRET_KEY="x")

    assert (settings["DATABASES"]["default"]["ENGINE"], settings["DEBUG"]) == (
        "django.db.backends.sqlite3",
        False,
    )


def test_settings_read_postgres_from_database_url(start):
    settings = start(SECRET_KEY="x", DATABASE_URL="postgres://u@127.0.0.1:5432/db")

    assert (settings["DATABASES"]["default"]["ENGINE"], settings["DEBUG"]) == (
        "django.db.backends.postgresql",
        False,
    )
