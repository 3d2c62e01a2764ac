"""Queries per request of every scenario, and the exports' traced memory, in-process.

    python -m bench.queries [--only home,changelist] [--exports]

Django's test Client against the benchmark's database (the one DATABASE_URL names,
filled by bench.fill), with the production settings (bench.settings): each page is
asked once to warm up (templates, URL resolver, content types), then once more inside
CaptureQueriesContext. --exports also runs the export actions of the application list
("select all", CSV and XLSX) under tracemalloc: the peak of Python's own allocations
while the rows are written, which the gunicorn worker's RSS (bench/run.py) includes.
Prints one JSON object.
"""

import argparse
import json
import os
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.prepare import LOAD_DOMAIN, STAFF_USERNAME, context, registration_data  # noqa: E402

STAFF_SCENARIOS = {"changelist", "overview"}
# The same as the load: the proxy in front tells Django the request came over HTTPS.
HEADERS = {"X-Forwarded-Proto": "https"}


def client_for(name):
    client = Client(headers=HEADERS, SERVER_NAME="127.0.0.1")
    if name in STAFF_SCENARIOS:
        client.force_login(get_user_model().objects.get(username=STAFF_USERNAME))
    return client


def ask(client, name, path):
    if name == "register_post":
        email = f"abfrage-{uuid.uuid4().hex[:12]}@{LOAD_DOMAIN}"
        return client.post(path, registration_data(email), headers=HEADERS)
    return client.get(path, headers=HEADERS)


def count_queries(ctx, only=None, *, show_sql=False):
    result = {}
    for name, path in ctx["paths"].items():
        if only and name not in only:
            continue
        client = client_for(name)
        ask(client, name, path)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, name, path)
            if response.streaming:
                b"".join(response.streaming_content)
        result[name] = {"status": response.status_code, "queries": len(queries)}
        if show_sql:
            print(f"== {name}: {len(queries)} queries", file=sys.stderr)
            for query in queries.captured_queries:
                print(f"  {query['time']:>6} s  {query['sql'][:400]}", file=sys.stderr)
    return result


def export_action(ctx, action):
    """The changelist's export action with "select all" (every application), in-process."""
    client = client_for("changelist")
    data = {
        "action": action,
        "select_across": "1",
        "index": "0",
        "_selected_action": [str(pk) for pk in ctx["first_page_ids"]],
    }
    path = ctx["paths"]["changelist"]
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data, headers=HEADERS)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return {
        "status": response.status_code,
        "bytes": size,
        "seconds": round(seconds, 3),
        "traced_peak_mb": round(peak / 2**20, 1),
        "queries": len(queries),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--exports", action="store_true")
    parser.add_argument("--show-sql", action="store_true", help="print each query on stderr")
    args = parser.parse_args(argv)
    ctx = context(clean=False)  # the server's sessions stay
    only = {name for name in args.only.split(",") if name}
    result = {"counts": ctx["counts"], "queries": count_queries(ctx, only, show_sql=args.show_sql)}
    if args.exports:
        result["exports"] = {
            "csv": export_action(ctx, "export_applications"),
            "xlsx": export_action(ctx, "export_applications_xlsx"),
        }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
