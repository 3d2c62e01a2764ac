"""The benchmark of the portal as it runs in production (`make bench`, see bench/run.py).

Nothing here is imported by the portal; bench.settings and bench.urls exist only for
the benchmark's own gunicorn and are never used in production.
"""
