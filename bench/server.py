"""gunicorn as in production, and a minimal HTTP client with cookies to talk to it."""

import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.common import GUNICORN, ROOT


class Browser:
    """A minimal client with cookies; every request on its own connection (as gunicorn's
    sync workers close each), marked as HTTPS by the proxy header."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, fields=None, *, keep_body=True, timeout=120):
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            size = 0
            chunks = []
            while chunk := response.read(256 * 1024):
                size += len(chunk)
                if keep_body:
                    chunks.append(chunk)
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return {
            "status": response.status,
            "location": response.headers.get("Location", ""),
            "body": b"".join(chunks).decode("utf-8", "replace") if keep_body else "",
            "bytes": size,
            "seconds": seconds,
        }

    def form_token(self, path):
        page = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"])
        if page["status"] != 200 or not match:
            raise RuntimeError(f"no form with a CSRF token at {path} ({page['status']})")
        return match.group(1)

    def log_in(self, ctx):
        path = ctx["login_path"]
        token = self.form_token(path)
        answer = self.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "username": ctx["staff"]["username"],
                "password": ctx["staff"]["password"],
                "next": ctx["admin_index"],
            },
        )
        if answer["status"] != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"staff login failed ({answer['status']})")


# --- gunicorn -----------------------------------------------------------------------------


class Server:
    def __init__(self, env, port, workers, log_path, extra_args=()):
        self.env = env | {"WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
        self.count = workers
        self.port = port
        self.log_path = log_path
        self.extra_args = list(extra_args)
        self.process = None

    def start(self):
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py", *self.extra_args],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        browser = Browser(self.port)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: gunicorn stopped at start; see {self.log_path}")
            with contextlib.suppress(OSError):
                if browser.request("GET", "/bench/floor/", timeout=5)["status"] == 200:
                    return
            time.sleep(0.3)
        sys.exit(f"bench: gunicorn did not answer within 90 s; see {self.log_path}")

    def fresh_workers(self):
        """New workers for the next scenario (SIGHUP: gunicorn replaces them gracefully).

        Each worker is recycled after max_requests; without this, the restarts that a
        fast scenario's requests made due would fall into the next one.
        """
        old = set(self.workers())
        boots = self.boots()
        self.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            current = set(self.workers())
            replaced = len(current) == self.count and not current & old
            if replaced and self.boots() >= boots + self.count:
                return
            time.sleep(0.1)
        sys.exit(f"bench: gunicorn did not replace its workers; see {self.log_path}")

    def one_worker(self):
        """New workers (SIGHUP), then one of them ended (SIGTTOU): a single fresh worker.

        The next fresh_workers() (SIGHUP) starts the configured number again.
        """
        self.fresh_workers()
        self.process.send_signal(signal.SIGTTOU)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(self.workers()) == 1:
                return
            time.sleep(0.1)
        sys.exit(f"bench: gunicorn kept more than one worker; see {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master ends its workers
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def workers(self):
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry))
        return sorted(pids)

    def boots(self):
        """How many workers gunicorn has started so far (max_requests recycles them)."""
        return len(re.findall(rb"Booting worker with pid", self.log_path.read_bytes()))


def status_kb(pid, key):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def reset_peak(pid):
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False
