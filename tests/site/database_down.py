"""A database that really cannot be reached, for one block of a test.

The default connection is pointed at a place where no database answers: on
PostgreSQL a closed port of this machine, on SQLite a file in a directory that does
not exist. The test's own connection (and its transaction) is set aside untouched
and put back afterwards, so the test database stays as it was for every other test.
"""

from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from tests.smtp import free_port


def unreachable_settings(settings_dict, port=None, connect_timeout=None):
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return {**settings_dict, "NAME": str(Path("/nonexistent-directory") / "digiscouts.db")}
    options = dict(settings_dict["OPTIONS"])
    if connect_timeout is not None:
        options["connect_timeout"] = connect_timeout
    return {
        **settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(port or free_port()),
        "OPTIONS": options,
    }


@contextmanager
def database_unreachable(*, port=None, connect_timeout=None):
    """``port``: PostgreSQL at this port instead of a closed one (e.g. one that never answers)."""
    connection = connections[DEFAULT_DB_ALIAS]
    # The wrapper's whole state: connection, settings, transaction flags. Connecting
    # afresh resets the flags, which the test's own transaction needs back.
    saved = dict(vars(connection))
    connection.connection = None
    connection.settings_dict = unreachable_settings(connection.settings_dict, port, connect_timeout)
    try:
        yield
    finally:
        vars(connection).clear()
        vars(connection).update(saved)
