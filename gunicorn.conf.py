"""gunicorn settings of the portal: `gunicorn -c gunicorn.conf.py digiscouts.wsgi`.

No request waits on a mail server (e-mails go to the outbox, a worker sends them), so
every request is short and bound by CPU and the database. Hence synchronous workers:
one request and one database connection per process, a stuck request is ended after
`timeout`, and the proxy in front (nginx) buffers slow clients. See docs/deployment.md.

Environment (all optional; the portal's own variables are in .env.example):
  WEB_BIND             address to listen on [127.0.0.1:8000]
  WEB_CONCURRENCY      worker processes [2 × CPUs + 1]
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers gunicorn trusts [127.0.0.1,::1]
  WEB_ACCESS_LOG       one JSON line per request on stdout: true/false [true]
"""

import json
import logging
import multiprocessing
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import environ
from gunicorn import glogging

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
# The same .env as Django's settings; the environment wins over it.
environ.Env.read_env(ROOT / ".env")

from digiscouts.logging import gunicorn_logconfig_dict  # noqa: E402

wsgi_app = "digiscouts.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A page takes milliseconds; 30 s means something hangs (e.g. a lock): end that worker.
timeout = 30
# On restart or deploy (SIGTERM / SIGHUP) requests in hand get this long to finish.
graceful_timeout = 30
# Sync workers close the connection after each response; the proxy opens a new one
# on the local network. Keep-alive only applies to other worker classes.
keepalive = 5
# Recycle each worker after about ten thousand requests (a slow leak cannot grow for
# long); the jitter, a tenth, keeps them from all restarting at once. Not 1,000: a new
# worker imports the whole portal before it answers (no preload_app), and at the
# floor's rate 1,000 requests are a few seconds, so restarts held up requests for up
# to 1.5 s (p99) in the benchmark (docs/performance.md, finding 9). 10,000 are still
# a recycle every few hours of a busy day, and a few times a day at the portal's load.
max_requests = 10000
max_requests_jitter = 1000

# The proxy terminates TLS and sets X-Forwarded-Proto; Django trusts it through
# SECURE_PROXY_SSL_HEADER, gunicorn only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 25+ opens a control socket in $HOME by default; several instances on one
# machine would share its path. Restarts go through systemd (signals) instead.
control_socket_disable = True

# Logs on stdout, as JSON lines like the portal's own (LOG_FORMAT, see .env.example).
errorlog = "-"
accesslog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_debug = os.environ.get("DEBUG", "false").lower() in {"true", "1", "yes", "on"}
if os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json":
    logconfig_dict = gunicorn_logconfig_dict(level=loglevel.upper())
ACCESS_LOG = os.environ.get("WEB_ACCESS_LOG", "true").lower() == "true"

# Personal links carry a signed token ("<id>:<signature>") in the path: never log it.
TOKEN_SEGMENT = re.compile(r"[^/]*:[^/]*")


class JsonAccessLog(glogging.Logger):
    """One JSON object a line, without client address, query string or personal links."""

    def access(self, resp, req, environ, request_time):
        if not ACCESS_LOG:
            return
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": environ.get("REQUEST_METHOD"),
            "path": TOKEN_SEGMENT.sub("[token]", environ.get("PATH_INFO", "")),
            "status": int(str(resp.status).split(None, 1)[0]),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
        }
        self.access_log.log(logging.INFO, json.dumps(line))


logger_class = JsonAccessLog
