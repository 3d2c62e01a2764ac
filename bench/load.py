"""The load: wrk per scenario, the exports with the worker's memory, the race for seats."""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

from bench.common import BENCH, EXPORTS, MB, WRK, run_python, say
from bench.server import Browser, reset_peak, status_kb


def wrk(url, *, seconds, threads, connections, script, headers=(), env=None):
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "wrk" / script)]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    wrk_env = os.environ | {"BENCH_LUA_DIR": str(BENCH / "wrk")} | (env or {})
    result = subprocess.run(
        command, capture_output=True, text=True, env=wrk_env, timeout=seconds + 120
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            break
    else:
        sys.exit(f"bench: wrk gave no result:\n{result.stdout}\n{result.stderr}")
    seconds_run = data["duration_us"] / 1e6
    errors = sum(data["errors"].values()) + data.get("refused", 0)
    return {
        "rps": data["requests"] / seconds_run,
        "requests": data["requests"],
        "p50_ms": data["latency_us"]["p50"] / 1000,
        "p90_ms": data["latency_us"]["p90"] / 1000,
        "p99_ms": data["latency_us"]["p99"] / 1000,
        "errors": errors,
        "error_kinds": data["errors"],
        **{k: data[k] for k in ("form_gets", "registered", "refused", "other") if k in data},
    }


class Load:
    def __init__(self, server, ctx, args, run_id):
        self.server = server
        self.ctx = ctx
        self.args = args
        self.base = f"http://127.0.0.1:{server.port}"
        self.run_id = run_id
        self.staff_cookie = None

    def warm_up(self, name, browser):
        """A few requests first: templates and URLs are loaded once per worker."""
        path = self.ctx["paths"][name]
        for _ in range(6):
            browser.request("GET", path)

    def measure(self, name, *, connections, seconds):
        path = self.ctx["paths"][name]
        headers = ["X-Forwarded-Proto: https"]
        env = {}
        script = "get.lua"
        if name in {"changelist", "overview"}:
            headers.append(f"Cookie: {self.staff_cookie}")
        if name == "register_post":
            script = "register.lua"
            fields = dict(self.ctx["registration_data"])
            fields.pop("email")
            env = {
                "BENCH_ORIGIN": f"https://127.0.0.1:{self.server.port}",
                "BENCH_RUN_ID": f"{self.run_id}-{connections}",
                "BENCH_LOAD_DOMAIN": self.ctx["load_domain"],
                "BENCH_FIELDS": urlencode(fields),
            }
        boots = self.server.boots()
        result = wrk(
            self.base + path,
            seconds=seconds,
            threads=self.args.threads,
            connections=connections,
            script=script,
            headers=headers,
            env=env,
        )
        result["worker_restarts"] = self.server.boots() - boots
        self.drain()
        return result

    def drain(self):
        """Wait for the requests wrk left in gunicorn's queue when it stopped.

        wrk closes its connections at the end, but what they sent is already in the
        listen queue and the workers still answer it: up to one request per connection,
        seconds of work that would slow the next scenario. A request sent now is
        answered after them (each sync worker accepts one connection at a time).
        """
        browser = Browser(self.server.port)
        for _ in range(self.args.workers):
            browser.request("GET", self.ctx["paths"]["floor"], timeout=300)


def export_once(server, browser, ctx, action):
    """One export of every application ("select all"), timed, with the worker's peak RSS."""
    before = {}
    for pid in server.workers():
        with contextlib.suppress(OSError, KeyError):
            before[pid] = (status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"), reset_peak(pid))
    fields = {
        "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
        "action": action,
        "select_across": "1",
        "index": "0",
        "_selected_action": [str(pk) for pk in ctx["first_page_ids"]],
    }
    answer = browser.request("POST", ctx["paths"]["changelist"], fields, keep_body=False)
    growth = {}
    for pid, (rss, hwm, reset) in before.items():
        with contextlib.suppress(OSError, KeyError):
            peak = status_kb(pid, "VmHWM")
            growth[pid] = {
                "rss_before_mb": rss / 1024,
                "peak_mb": peak / 1024,
                "growth_mb": (peak - (rss if reset else hwm)) / 1024,
                "peak_reset": reset,
            }
    worker = max(growth.values(), key=lambda g: g["growth_mb"]) if growth else {}
    return {
        "status": answer["status"],
        "bytes": answer["bytes"],
        "seconds": answer["seconds"],
        **worker,
    }


def exports(server, ctx, repeat):
    """Each export on a worker of its own: new, warmed up by the application list.

    gunicorn runs one worker meanwhile (SIGTTOU), so the list and the export reach the
    same process and its peak RSS is not lowered by memory an earlier export freed.
    """
    browser = Browser(server.port)
    browser.log_in(ctx)
    results = {}
    for name, action in EXPORTS:
        runs = []
        for _ in range(repeat):
            server.one_worker()
            browser.request("GET", ctx["paths"]["changelist"])  # as staff do first
            run = export_once(server, browser, ctx, action)
            runs.append(run)
            if run["status"] != 200:  # e.g. the worker's timeout: once is enough
                break
        results[name] = {
            "runs": runs,
            "seconds": statistics.median(run["seconds"] for run in runs),
            "growth_mb": max(run.get("growth_mb", 0) for run in runs),
            "bytes": runs[0]["bytes"],
            "status": sorted({run["status"] for run in runs}),
        }
        say(
            f"export {name}: HTTP {results[name]['status']}, {results[name]['seconds']:.2f} s, "
            f"worker +{results[name]['growth_mb']:.1f} MB, {results[name]['bytes'] / MB:.1f} MB"
        )
    return results


def race(server, env, ctx, registrations, capacity):
    """``registrations`` one-person registrations through the form for ``capacity`` seats.

    Every client GETs the form first (its cookie and token); then all POST at once.
    """
    event = run_python(
        ["-m", "bench.prepare", "race-event", "--capacity", str(capacity)], env, parse_json=True
    )
    browsers = [Browser(server.port) for _ in range(registrations)]
    tokens = [None] * registrations
    answers = [None] * registrations
    barrier = threading.Barrier(registrations)
    fields = dict(ctx["registration_data"])

    def client(index):
        browser = browsers[index]
        try:
            tokens[index] = browser.form_token(event["path"])
        finally:
            barrier.wait()
        if tokens[index] is None:
            return
        data = fields | {
            "email": f"wettlauf-{index}@{ctx['load_domain']}",
            "csrfmiddlewaretoken": tokens[index],
        }
        try:
            answers[index] = browser.request("POST", event["path"], data, keep_body=False)
        except OSError as exc:
            answers[index] = {"status": type(exc).__name__}

    threads = [threading.Thread(target=client, args=(i,)) for i in range(registrations)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    statuses = {}
    for answer in answers:
        key = str(answer["status"]) if answer else "no token"
        statuses[key] = statuses.get(key, 0) + 1
    counted = run_python(
        ["-m", "bench.prepare", "race-count", "--event", str(event["event"])],
        env,
        parse_json=True,
    )
    confirmed = counted["by_status"].get("confirmed", {"registrations": 0, "persons": 0})
    result = {
        "registrations": registrations,
        "capacity": capacity,
        "http": statuses,
        "seconds": seconds,
        "database": counted["by_status"],
        "confirmed": confirmed["registrations"],
        "confirmed_persons": confirmed["persons"],
        "waitlisted": counted["by_status"].get("waitlisted", {}).get("registrations", 0),
    }
    say(
        f"race: {registrations} for {capacity} seats -> {result['confirmed']} confirmed, "
        f"{result['waitlisted']} waitlisted; HTTP {statuses}"
    )
    return result
