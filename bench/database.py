"""PostgreSQL for the benchmark: the server (or a throwaway cluster, as in .ci/run), its
databases, their migration and fill.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.common import ROOT, django_env, free_port, run_python, say

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/digiscouts_bench"


def with_name(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def connect(url, dbname=None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        connect_timeout=3,
        autocommit=True,
    )


class Postgres:
    """The server: the one DATABASE_URL names, or a throwaway cluster (as .ci/run)."""

    def __init__(self, url, explicit):
        self.url = url
        self.explicit = explicit
        self.cluster = None

    def answers(self):
        try:
            with connect(self.url, "postgres"):
                return True
        except Exception:
            return False

    def ensure(self):
        if self.answers():
            return
        if self.explicit:
            sys.exit(f"bench: PostgreSQL does not answer at DATABASE_URL ({self.url}).")
        self.start_cluster()

    def start_cluster(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            sys.exit(
                "bench: no PostgreSQL answers and none is installed (apt-get install postgresql)"
            )
        bin_dir = bins[-1].parent
        directory = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        run_as = []
        if os.getuid() == 0:
            user = "postgres"
            try:
                subprocess.run(["id", "-u", user], check=True, capture_output=True)
            except subprocess.CalledProcessError:
                user = "nobody"
            shutil.chown(directory, user)
            run_as = ["runuser", "-u", user, "--"]
        port = free_port()
        say(f"no PostgreSQL answers; a throwaway cluster on port {port} in {directory}")
        initdb = [*run_as, str(bin_dir / "initdb"), "-D", f"{directory}/data"]
        subprocess.run(
            [*initdb, "-U", "postgres", "-A", "trust"],
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"
        pg_ctl = [*run_as, str(bin_dir / "pg_ctl"), "-D", f"{directory}/data"]
        subprocess.run(
            [*pg_ctl, "-l", f"{directory}/log", "-w", "-o", options, "start"],
            check=True,
            capture_output=True,
        )
        self.cluster = (run_as, bin_dir, directory)
        self.url = f"postgres://postgres@127.0.0.1:{port}/{urlsplit(self.url).path.lstrip('/')}"

    def stop(self):
        if self.cluster is None:
            return
        run_as, bin_dir, directory = self.cluster
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", f"{directory}/data", "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)

    def version(self):
        with connect(self.url, "postgres") as connection:
            return connection.execute("SHOW server_version").fetchone()[0]

    def database(self, url, *, refill, schema):
        """Create the database if missing; with refill, or when the portal's migrations
        changed since the fill, drop and create it (only a benchmark database: one
        holding rounds without the fill's marker is refused)."""
        name = urlsplit(url).path.lstrip("/")
        with connect(url, "postgres") as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists and not refill:
                filled = self._fill_spec(url)
                if filled is not None and filled.get("schema") != schema:
                    say(f"the portal's migrations changed since {name} was filled")
                    refill = True
            if exists and refill:
                self._refuse_foreign(url)
                say(f"dropping database {name} to fill it anew")
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                say(f"creating database {name}")
                connection.execute(f'CREATE DATABASE "{name}"')

    def _fill_spec(self, url):
        """What bench.fill recorded in the database, or None."""
        with connect(url) as connection:
            found = connection.execute("SELECT to_regclass('bench_fill')").fetchone()[0]
            if found is None:
                return None
            row = connection.execute("SELECT spec FROM bench_fill WHERE id = 1").fetchone()
            return json.loads(row[0]) if row else None

    def _refuse_foreign(self, url):
        with connect(url) as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            }
            if "bench_fill" in tables or "events_round" not in tables:
                return
            if connection.execute("SELECT count(*) FROM events_round").fetchone()[0]:
                sys.exit(
                    f"bench: {url} holds rounds but no benchmark fill; not dropping it. "
                    "Point DATABASE_URL at a database of its own."
                )


def schema_hash():
    """A digest of the portal's migrations: a fill belongs to one schema."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(postgres, url, volume, *, refill):
    schema = schema_hash()
    postgres.database(url, refill=refill, schema=schema)
    env = django_env(url, 0, None)
    say(f"migrating {urlsplit(url).path.lstrip('/')}")
    run_python(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    rounds, applications, registrations = (str(number) for number in volume)
    fill = ["-m", "bench.fill", "--rounds", rounds, "--applications", applications]
    run_python([*fill, "--registrations", registrations, "--schema", schema], env)
