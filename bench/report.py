"""The report: machine, versions, the tables and the targets, and docs/performance.md."""

import contextlib
import importlib.metadata
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

from bench.common import DOC, LABELS, MB, ROOT, SCENARIOS, WRK


def machine():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(memory / 2**30, 1),
        "kernel": platform.release(),
    }


def versions(postgres, cache_url):
    def package(name):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            return importlib.metadata.version(name)
        return "?"

    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.split()
    result = {
        "python": platform.python_version(),
        "django": package("Django"),
        "postgresql": postgres.version(),
        "gunicorn": package("gunicorn"),
        "wrk": wrk_version[1] if len(wrk_version) > 1 else "?",
        "psycopg": package("psycopg"),
        "crispy_forms": package("django-crispy-forms"),
        "crispy_bootstrap5": package("crispy-bootstrap5"),
    }
    if cache_url and cache_url.startswith("redis"):
        with contextlib.suppress(Exception):
            import redis

            result["redis"] = redis.Redis.from_url(cache_url).info("server")["redis_version"]
    return result


def gunicorn_config():
    """max_requests and the worker class as gunicorn.conf.py sets them."""
    text = (ROOT / "gunicorn.conf.py").read_text()

    def value(name):
        match = re.search(rf"^{name}\s*=\s*(.+)$", text, re.MULTILINE)
        return match.group(1).strip() if match else "default"

    return {"worker_class": value("worker_class"), "max_requests": value("max_requests")}


# --- report -------------------------------------------------------------------------------


def _rps(value):
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _ratio(value):
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _targets(results):
    """(target, measured, met) rows for the issue's targets."""
    rows = []
    scenarios = results["scenarios"]
    for name, label, target, _kind in SCENARIOS:
        if target is None or name not in scenarios:
            continue
        ratio = scenarios[name]["ratio"]
        rows.append((f"{label} ≥ {target} of the floor", _ratio(ratio), ratio >= target))
    if results.get("heavy"):
        errors = sum(run["errors"] for run in results["heavy"].values())
        rows.append(("No errors at 100 connections", f"{errors} errors", errors == 0))
    small = results.get("queries_small", {})
    large = results.get("queries", {})
    for name in ("changelist", "overview"):
        if name in small and name in large:
            a, b = small[name]["queries"], large[name]["queries"]
            rows.append(
                (
                    f"{LABELS[name]}: the same queries for 100 and 10,000 applications",
                    f"{a} and {b}",
                    a == b,
                )
            )
    csv = results.get("exports", {}).get("csv")
    if csv:
        rows.append(
            (
                "CSV of 10,000 applications under 2 s",
                f"{csv['seconds']:.2f} s (HTTP {', '.join(map(str, csv['status']))})",
                csv["seconds"] < 2 and csv["status"] == [200],
            )
        )
        rows.append(
            (
                "… with the worker's memory growing by less than 20 MB",
                f"{csv['growth_mb']:.1f} MB",
                csv["growth_mb"] < 20,
            )
        )
    race_result = results.get("race")
    if race_result:
        rows.append(
            (
                f"{race_result['registrations']} one-person registrations for "
                f"{race_result['capacity']} seats leave exactly {race_result['capacity']} "
                "confirmed",
                f"{race_result['confirmed']} confirmed, {race_result['waitlisted']} waitlisted",
                race_result["confirmed"] == race_result["capacity"]
                and race_result["confirmed_persons"] == race_result["capacity"],
            )
        )
    return rows


def report(results):
    """The run as Markdown: machine, versions, the tables, the targets."""
    m, v, load = results["machine"], results["versions"], results["load"]
    counts = results["counts"]
    lines = [
        f"### Run “{results['record']}”, {results['when']}",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Linux "
        f"{m['kernel']}; load average {results['loadavg_start']:.2f} at the start, "
        f"{results['loadavg_end']:.2f} at the end (other work on the machine adds noise; "
        "the ratio to the floor, measured in the same run, is what counts).",
        f"- Versions: Python {v['python']}, Django {v['django']}, PostgreSQL {v['postgresql']}, "
        f"gunicorn {v['gunicorn']}, wrk {v['wrk']}, psycopg {v['psycopg']}, "
        f"django-crispy-forms {v['crispy_forms']} (crispy-bootstrap5 {v['crispy_bootstrap5']})"
        + (f", Redis {v['redis']}" if "redis" in v else "")
        + ".",
        f"- Server: gunicorn.conf.py, {load['workers']} {results['gunicorn']['worker_class']} "
        f"workers, max_requests {results['gunicorn']['max_requests']}, DEBUG off, "
        f"CONN_MAX_AGE {results['settings']['conn_max_age']}, cache "
        f"{results['settings']['cache']}.",
        f"- Load: wrk, {load['threads']} threads, {load['connections']} connections, "
        f"{load['seconds']} s per scenario, timeout 10 s; before each scenario the floor "
        f"view for {results['floor']['seconds']} s, and the scenario's ratio is to that "
        "floor.",
        f"- Data: {counts['rounds']} rounds, {counts['applications']:,} applications "
        f"({counts['current_round_applications']:,} in the measured round), "
        f"{counts['registrations']:,} registrations.",
        "",
        "| Scenario | req/s | floor req/s | of floor | median ms | p99 ms | errors | "
        "queries (10,000) | queries (100) | restarts | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    floors = results["floor"]["runs"]

    def median_of(key):
        return statistics.median(run[key] for run in floors)

    lines.append(
        f"| Floor view (median of the {len(floors)} below) | "
        f"{median_of('rps'):.0f} | {min(r['rps'] for r in floors):.0f}–"
        f"{max(r['rps'] for r in floors):.0f} | 1.00 | {ms(median_of('p50_ms'))} | "
        f"{ms(median_of('p99_ms'))} | {sum(r['errors'] for r in floors)} | 0 | – | "
        f"{sum(r['worker_restarts'] for r in floors)} | |"
    )
    queries = results.get("queries", {})
    small = results.get("queries_small", {})
    for name, label, target, _kind in SCENARIOS:
        run = results["scenarios"].get(name)
        if not run:
            continue
        q = queries.get(name, {}).get("queries", "–")
        q_small = small.get(name, {}).get("queries", "–")
        goal = ""
        if target is not None:
            goal = f"≥ {target} {'met' if run['ratio'] >= target else '**not met**'}"
        lines.append(
            f"| {label} | {_rps(run['rps'])} | {run['floor_rps']:.0f} | {_ratio(run['ratio'])} | "
            f"{ms(run['p50_ms'])} | "
            f"{ms(run['p99_ms'])} | {run['errors']} | {q} | {q_small} | "
            f"{run['worker_restarts']} | {goal} |"
        )
    post = results["scenarios"].get("register_post")
    if post:
        lines += [
            "",
            f"Registration POST: {post.get('registered', 0):,} registrations stored (302), "
            f"{post.get('refused', 0)} shown again with errors, {post.get('other', 0)} other "
            f"answers, {post.get('form_gets', 0)} GETs of the form for the CSRF token.",
        ]
    lines += [
        "",
        "Each scenario starts with new workers (SIGHUP) and a few requests to warm them "
        "up. “restarts”: workers gunicorn started anew during the scenario, each after "
        "its max_requests; a new worker imports the portal before it answers again.",
    ]
    heavy = results.get("heavy")
    if heavy:
        lines += [
            "",
            f"At 100 connections ({results['load']['heavy_seconds']} s each, timeout 10 s):",
            "",
            "| Scenario | req/s | median ms | p99 ms | errors |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, run in heavy.items():
            lines.append(
                f"| {LABELS[name]} | {_rps(run['rps'])} | {ms(run['p50_ms'])} | "
                f"{ms(run['p99_ms'])} | {run['errors']} |"
            )
    exports_result = results.get("exports")
    if exports_result:
        inprocess = results.get("exports_inprocess", {})
        lines += [
            "",
            f"Exports of all {counts['applications']:,} applications (application list, "
            "“select all”, export action) over HTTP, as staff download them; time to the "
            "last byte; the growth of the gunicorn worker's peak RSS (VmHWM) over its RSS "
            "before the request:",
            "",
            "| Export | HTTP | runs | size | time (median) | worker peak RSS growth (max) |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for name, run in exports_result.items():
            status = ", ".join(str(code) for code in run["status"])
            lines.append(
                f"| {name.upper()} | {status} | {len(run['runs'])} | {run['bytes'] / MB:.1f} MB | "
                f"{run['seconds']:.2f} s | {run['growth_mb']:.1f} MB |"
            )
        if inprocess:
            lines += ["", "In-process (test Client) under tracemalloc (--traced):", ""]
            for name, run in inprocess.items():
                lines.append(
                    f"- {name.upper()}: traced peak {run['traced_peak_mb']} MB, "
                    f"{run['queries']} queries, {run['seconds']:.1f} s under tracemalloc."
                )
    race_result = results.get("race")
    if race_result:
        db = ", ".join(
            f"{status}: {row['registrations']}" for status, row in race_result["database"].items()
        )
        lines += [
            "",
            f"Race: {race_result['registrations']} one-person registrations through the form "
            f"for an event with {race_result['capacity']} seats, posted at once: in the "
            f"database {db}; HTTP answers {race_result['http']}.",
        ]
    lines += ["", "#### Targets", "", "| Target | Measured | Met |", "| --- | --- | --- |"]
    for target, measured, met in _targets(results):
        lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


def write_doc(record, text):
    start, end = f"<!-- bench:{record} -->", f"<!-- /bench:{record} -->"
    block = f"{start}\n{text}{end}\n"
    doc = DOC.read_text() if DOC.exists() else "# Performance\n"
    if start in doc and end in doc:
        before, rest = doc.split(start, 1)
        _old, after = rest.split(end, 1)
        after = after.lstrip("\n")
        doc = before + block + ("\n" + after if after else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + block
    DOC.write_text(doc)
