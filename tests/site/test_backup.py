"""The backup of docs/deployment.md restores: pg_dump (custom format), then pg_restore."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from applications.models import Application
from events.models import Event, Registration, Round
from tests.concurrency import postgres_only
from tests.factories import ApplicationFactory, RegistrationFactory, open_event
from tests.factories.applications import staff_member

from .servers import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump sees only committed rows
    postgres_only("the backup is a PostgreSQL dump"),
]

KEY_MODELS = [Round, Event, Registration, Application]


def _tools_or_skip():
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (apt-get install postgresql-client)")


def run(*command):
    subprocess.run(command, check=True)


def _row_counts(url):
    tables = [model._meta.db_table for model in KEY_MODELS] + ["auth_user", "django_migrations"]
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as database:
        return {
            table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }


def test_backup_pg_dump_restores_into_a_fresh_database_with_every_row(tmp_path):
    _tools_or_skip()
    RegistrationFactory.create_batch(3, event=open_event())
    ApplicationFactory.create_batch(2)
    staff_member()
    source = database_url()
    restored_name = f"{connection.settings_dict['NAME']}_restore"
    restored = source.rsplit("/", 1)[0] + f"/{restored_name}"
    dump = tmp_path / "digiscouts.dump"
    server = source.rsplit("/", 1)[0] + "/postgres"

    run("pg_dump", "--format=custom", f"--file={dump}", source)
    run("dropdb", "--if-exists", f"--maintenance-db={server}", restored_name)
    run("createdb", f"--maintenance-db={server}", restored_name)
    try:
        run("pg_restore", "--no-owner", f"--dbname={restored}", str(dump))
        counts = _row_counts(restored)
    finally:
        run("dropdb", f"--maintenance-db={server}", restored_name)

    assert counts == _row_counts(source)
    # one round per application and one for the event
    assert [counts[m._meta.db_table] for m in KEY_MODELS] == [3, 1, 3, 2]
