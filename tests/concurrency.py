"""Helpers for the races that only PostgreSQL can run: threads released at one moment."""

import threading

import pytest
from django.db import connection


def postgres_only(reason):
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason=f"needs PostgreSQL: {reason}"
    )


def run_concurrently(calls):
    """Start all calls at once, each in its own thread and connection.

    Returns each call's result, or the exception it raised, in the order given.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # collected and asserted by the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
