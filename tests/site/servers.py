"""Real servers for the tests of several app servers: Redis, and gunicorn as in production.

Redis comes from TEST_REDIS_URL (default redis://127.0.0.1:6379/15; the suite empties that
database). When it does not answer the test is skipped with the reason; with
REQUIRE_REDIS=1 (as in .ci/run, which starts a Redis) that skip is a failure.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_url_or_skip():
    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        reason = f"needs Redis at {url} (set TEST_REDIS_URL): {error}"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
        pytest.skip(reason)
    return url


def redis_cache_settings(url):
    return {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}}


def database_url():
    """The URL of the test database this test runs on, for processes of their own."""
    config = connection.settings_dict
    password = f":{urllib.parse.quote(config['PASSWORD'])}" if config["PASSWORD"] else ""
    host = config["HOST"] or "127.0.0.1"
    port = config["PORT"] or "5432"
    return f"postgres://{config['USER']}{password}@{host}:{port}/{config['NAME']}"


def production_environment(*, database_url, cache_url, static_root):
    """The environment of a production app server, on plain HTTP for the test."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "several-servers-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(static_root),
        "EMAIL_URL": "consolemail://",
        "OUTBOX_SEND_AT_ONCE": "false",
        # Every request comes from 127.0.0.1: one client for the limit.
        "SUBMISSION_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
        "WEB_ACCESS_LOG": "false",
    }


def manage(env, *args):
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _wait_until_answering(base, process, log, deadline=30):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{log.read_text()}")
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers, whatever the page says
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn does not answer on {base}:\n{log.read_text()}")


@contextmanager
def gunicorn_servers(env, *, count, workers, log_dir):
    """Start ``count`` gunicorn servers with the repository's gunicorn.conf.py.

    Yields their base URLs; stops them (SIGTERM, as systemd does) at the end.
    """
    servers = []
    try:
        for n in range(count):
            port = free_port()
            log = Path(log_dir) / f"gunicorn-{n}.log"
            with log.open("w") as out:
                process = subprocess.Popen(
                    [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")],
                    cwd=ROOT,
                    env={**env, "WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for base, process, log in servers:
            _wait_until_answering(base, process, log)
        yield [base for base, _, _ in servers]
    finally:
        for _, process, _ in servers:
            process.terminate()
        for _, process, _ in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser-like client: keeps its cookies (session, CSRF) for every port of the host,
    does not follow redirects."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, url):
        """(status, body) of a GET."""
        try:
            with self.opener.open(url, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as response:
            return response.code, response.read().decode()

    def post(self, url, data):
        """(status, Location header) of a POST."""
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as response:  # the redirect after success lands here
            return response.code, response.headers.get("Location")


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
