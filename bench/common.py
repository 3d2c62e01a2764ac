"""What the benchmark's modules share: paths, the scenarios, running Python with the
benchmark's environment.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RUN_DIR = BENCH / ".run"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SECRET_KEY = "bench-only-secret-key-never-used-in-production-0123456789"
MB = 2**20
KEEP_RUNS = 10  # logs and results kept in bench/.run

# (name, label, target as a fraction of the floor or None, kind)
SCENARIOS = [
    ("home", "Home", 0.5, "get"),
    ("timeline", "Timeline of a round", 0.5, "get"),
    ("precheck", "Pre-check (GET)", 0.25, "get"),
    ("apply", "Application form (GET)", 0.25, "get"),
    ("register_form", "Registration form (GET)", 0.25, "get"),
    ("register_post", "Registration (POST, CSRF)", None, "register"),
    ("status", "Personal page of a firm", 0.5, "get"),
    ("changelist", "Admin: applications, 100 a page", None, "staff"),
    ("overview", "Admin: round overview", None, "staff"),
]
LABELS = {name: label for name, label, _target, _kind in SCENARIOS} | {"floor": "Floor view"}
# Checked for errors at 100 connections.
HEAVY = ["home", "timeline", "precheck", "apply", "register_form", "register_post", "status"]
EXPORTS = [("csv", "export_applications"), ("xlsx", "export_applications_xlsx")]


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_env(database_url, port, cache_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DATABASE_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"https://127.0.0.1:{port}",
        DATABASE_URL=database_url,
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
        STATIC_ROOT=str(RUN_DIR / "static"),
        EMAIL_URL="consolemail://",
        OUTBOX_SEND_AT_ONCE="false",
        SENTRY_DSN="",  # the benchmark's errors are in its own log, not in error reports
        LOG_FORMAT="json",
        PYTHONPATH=str(ROOT),
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def run_python(args, env, *, parse_json=False, timeout=900):
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        sys.exit(
            f"bench: {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    if result.stderr.strip():
        for line in result.stderr.strip().splitlines()[-5:]:
            if line.startswith("fill:"):
                say(line)
    if parse_json:
        return json.loads(result.stdout.strip().splitlines()[-1])
    for line in result.stdout.strip().splitlines():
        if line.startswith("fill:"):
            say(line)
    return result.stdout
