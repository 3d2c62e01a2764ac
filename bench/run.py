"""`make bench`: the portal as in production under load, measured against a floor view.

    .venv/bin/python bench/run.py [--seconds 8] [--refill] [--record before]

1. PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/digiscouts_bench;
   when no server answers there (and DATABASE_URL is not set), a throwaway cluster as
   in .ci/run. The database is migrated and filled once (bench/fill.py: 50 rounds,
   10,000 applications, 20,000 registrations); later runs reuse it (--refill: anew).
   A second database (<name>_small, 100 applications) gives the query counts of the
   staff pages at the small volume.
2. gunicorn with gunicorn.conf.py (sync workers, max_requests …), 2 workers, DEBUG
   off, CONN_MAX_AGE (persistent connections), CACHE_URL when given (else each
   worker's local memory), DJANGO_SETTINGS_MODULE=bench.settings: the portal's
   settings plus the floor view's URL (bench/urls.py) and the two changes named there.
   Requests carry X-Forwarded-Proto: https, as from the TLS proxy in production.
3. Queries per request in-process (bench/queries.py, Django's test Client).
4. wrk in a process of its own (2 threads, 20 connections, --seconds per scenario,
   new workers and a warm-up before each): the public pages, a registration POST
   through the real form, the staff pages, each after the floor view (half the time;
   the scenario's ratio is to it); then the public pages at 100 connections; the
   exports of all 10,000 applications (time and the gunicorn worker's peak RSS
   growth); 200 registrations racing for 50 seats, counted in the database afterwards.

Prints the table and writes it to docs/performance.md (the section named by --record,
"latest" by default) and the raw figures to bench/.run/results-<time>.json.

The pieces: bench/database.py (PostgreSQL), bench/fill.py (the data), bench/prepare.py
(per run: dates, clean-up, paths), bench/queries.py (queries per request),
bench/server.py (gunicorn, an HTTP client), bench/load.py (wrk, exports, race),
bench/report.py (the tables), bench/profiling.py (--profile), bench/wrk/*.lua.
"""

import argparse
import json
import os
import statistics
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script (make bench): the repository, not bench/, first on the path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import (  # noqa: E402
    DOC,
    HEAVY,
    KEEP_RUNS,
    ROOT,
    RUN_DIR,
    SCENARIOS,
    django_env,
    free_port,
    run_python,
    say,
)
from bench.database import DEFAULT_DATABASE_URL, Postgres, prepare_database, with_name  # noqa: E402
from bench.load import Load, exports, race  # noqa: E402
from bench.report import gunicorn_config, machine, ms, report, versions, write_doc  # noqa: E402
from bench.server import Browser, Server  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="per scenario (default 8)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--heavy-connections", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--refill", action="store_true", help="fill the databases anew")
    parser.add_argument("--record", default="latest", help="section of docs/performance.md")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("--only", default="", help="comma-separated scenarios (and no extras)")
    parser.add_argument("--export-runs", type=int, default=2)
    parser.add_argument(
        "--traced",
        action="store_true",
        help="also run the exports in-process under tracemalloc (slow: several times longer)",
    )
    parser.add_argument("--race", type=int, default=200, help="registrations in the race")
    parser.add_argument("--race-seats", type=int, default=50)
    parser.add_argument(
        "--profile",
        default="",
        help="comma-separated pages (or export-csv, export-xlsx) to profile in-process "
        "(bench/profiling.py) instead of the load; output in bench/.run/",
    )
    parser.add_argument("--profile-requests", type=int, default=50)
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        help="extra gunicorn option, e.g. --gunicorn-arg=--max-requests=0 (not production)",
    )
    parser.add_argument(
        "--from-results",
        metavar="JSON",
        help="write the report of a saved run (bench/.run/results-*.json) again, no load",
    )
    args = parser.parse_args(argv)
    if args.from_results:
        results = json.loads(Path(args.from_results).read_text())
        text = report(results)
        print(text)
        if not args.no_doc:
            write_doc(results["record"], text)
        return 0
    only = [name for name in args.only.split(",") if name]
    full = not only

    RUN_DIR.mkdir(exist_ok=True)
    for pattern in ("gunicorn-*.log", "results-*.json", "profile-*.txt"):
        for old in sorted(RUN_DIR.glob(pattern))[:-KEEP_RUNS]:
            old.unlink()
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench: the benchmark runs on PostgreSQL; DATABASE_URL must be postgres://…")
    cache_url = os.environ.get("CACHE_URL", "")
    postgres = Postgres(url, explicit=bool(os.environ.get("DATABASE_URL")))
    server = None
    results = {"record": args.record, "loadavg_start": os.getloadavg()[0]}
    try:
        postgres.ensure()
        url = postgres.url
        small_url = with_name(url, urlsplit(url).path.lstrip("/") + "_small")
        prepare_database(postgres, url, (50, 10_000, 20_000), refill=args.refill)
        if full and not args.profile:
            prepare_database(postgres, small_url, (50, 100, 200), refill=args.refill)
        port = free_port()
        env = django_env(url, port, cache_url)
        say("collecting static files")
        run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        if args.profile:
            pages = [page for page in args.profile.split(",") if page]
            output = run_python(
                ["-m", "bench.profiling", *pages, "--requests", str(args.profile_requests)], env
            )
            target = RUN_DIR / f"profile-{run_id}.txt"
            target.write_text(output)
            print(output)
            say(f"profile written to {target.relative_to(ROOT)}")
            return 0
        ctx = run_python(["-m", "bench.prepare", "context"], env, parse_json=True)
        results["counts"] = ctx["counts"]
        say("queries per request (in-process)")
        measured = run_python(
            ["-m", "bench.queries", *(["--exports"] if args.traced else [])], env, parse_json=True
        )
        results["queries"] = measured["queries"]
        results["exports_inprocess"] = measured.get("exports", {})
        if full:
            small = run_python(
                ["-m", "bench.queries", "--only", "changelist,overview"],
                django_env(small_url, port, cache_url),
                parse_json=True,
            )
            results["queries_small"] = small["queries"]
            results["counts_small"] = small["counts"]
        ctx = run_python(["-m", "bench.prepare", "context"], env, parse_json=True)

        server = Server(
            env, port, args.workers, RUN_DIR / f"gunicorn-{run_id}.log", args.gunicorn_arg
        )
        say(f"starting gunicorn on 127.0.0.1:{port} ({args.workers} workers)")
        server.start()
        load = Load(server, ctx, args, run_id)
        staff = Browser(port)
        staff.log_in(ctx)
        load.staff_cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())

        def measure(name, connections=args.connections, seconds=args.seconds):
            browser = staff if name in {"changelist", "overview"} else Browser(port)
            server.fresh_workers()
            if name != "register_post":
                load.warm_up(name, browser)
            run = load.measure(name, connections=connections, seconds=seconds)
            say(
                f"{name:14} {run['rps']:8.1f} req/s  median {ms(run['p50_ms']):>6} ms  "
                f"p99 {ms(run['p99_ms']):>6} ms  errors {run['errors']}"
                + (f"  restarts {run['worker_restarts']}" if run["worker_restarts"] else "")
            )
            return run

        # Each scenario is paired with a floor measured just before it (half the time):
        # other work on the machine changes within minutes, and the ratio should not.
        floor_seconds = max(args.seconds // 2, 2)
        results["scenarios"] = {}
        floors = []
        for name, _label, _target, _kind in SCENARIOS:
            if full or name in only:
                floor = measure("floor", seconds=floor_seconds)
                run = measure(name)
                run["floor_rps"] = floor["rps"]
                run["ratio"] = run["rps"] / floor["rps"]
                results["scenarios"][name] = run
                floors.append(floor)
        results["floor"] = {
            "seconds": floor_seconds,
            "runs": floors,
            "median_rps": statistics.median(run["rps"] for run in floors),
        }
        if full:
            heavy_seconds = max(args.seconds // 2, 2)
            results["heavy"] = {}
            for name in HEAVY:
                results["heavy"][name] = measure(
                    name, connections=args.heavy_connections, seconds=heavy_seconds
                )
            results["exports"] = exports(server, ctx, args.export_runs)
            server.fresh_workers()
            results["race"] = race(server, env, ctx, args.race, args.race_seats)
        results.update(
            when=datetime.now().strftime("%Y-%m-%d %H:%M"),
            loadavg_end=os.getloadavg()[0],
            machine=machine(),
            versions=versions(postgres, cache_url),
            gunicorn=gunicorn_config()
            | ({"extra": args.gunicorn_arg} if args.gunicorn_arg else {}),
            settings={
                "conn_max_age": env["CONN_MAX_AGE"],
                "cache": cache_url.split("://")[0] + "://" if cache_url else "locmem (per worker)",
            },
            load={
                "threads": args.threads,
                "connections": args.connections,
                "seconds": args.seconds,
                "heavy_seconds": max(args.seconds // 2, 2),
                "workers": args.workers,
            },
        )
    finally:
        if server is not None:
            server.stop()
        postgres.stop()

    (RUN_DIR / f"results-{run_id}.json").write_text(json.dumps(results, indent=1, default=str))
    text = report(results)
    print(text)
    if full and not args.no_doc:
        write_doc(args.record, text)
        say(f"written to {DOC.relative_to(ROOT)} (section “{args.record}”)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
