"""Start-up checks of the settings, in a fresh interpreter each (settings load once)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(**env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="digiscouts.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_without_secret_key_in_production_name_the_variable():
    result = _start(DEBUG="false")

    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("url", ["postgres//no-scheme", "nonsense://x", "::::"])
def test_settings_with_malformed_database_url_name_the_variable(url):
    result = _start(SECRET_KEY="x", DATABASE_URL=url)

    assert result.returncode == 1
    assert "DATABASE_URL is malformed" in result.stderr


def test_settings_default_to_sqlite_and_debug_off():
    result = _start(SECRET_KEY="x")

    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_settings_read_postgres_from_database_url():
    result = _start(SECRET_KEY="x", DATABASE_URL="postgres://u@127.0.0.1:5432/db")

    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]
