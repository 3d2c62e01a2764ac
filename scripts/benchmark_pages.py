"""Benchmark of the public pages: median time and queries per request.

Run: SECRET_KEY=x .venv/bin/python scripts/benchmark_pages.py [requests]
Uses a throw-away SQLite database in memory (or DATABASE_URL's test database).
Prints figures; it asserts nothing — speed is measured here, not in the tests.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digiscouts.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from events.seed import demo_round_upsert, seed_round_upsert  # noqa: E402

PATHS = ["/", "/runden/demo/", "/runden/demo/termine.ics", "/impressum/"]


def main(count):
    setup_test_environment()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        seed_round_upsert()
        demo_round_upsert()
        client = Client()
        print(f"{'path':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for path in PATHS:
            client.get(path)  # warm up templates and connections
            timings = []
            for _ in range(count):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, path
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"{path:32} {statistics.median(timings):10.2f} {p95:8.2f} {len(queries):8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
