#!/usr/bin/env bash
# `make serve`: the portal as in production, on this machine. DEBUG is off; the settings
# come from .env or the environment (see .env.example and docs/deployment.md).
# Migrates, collects the static files, then runs gunicorn (gunicorn.conf.py) and the
# outbox worker side by side. Ctrl-C or SIGTERM stops both; when one stops, so does the other.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export DEBUG=false

# The settings stop start-up with a message naming a missing variable; say what to do.
if ! problem=$("$BIN/python" - 2>&1 <<'PY'
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digiscouts.settings")
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
try:
    settings.SECRET_KEY
except ImproperlyConfigured as error:
    sys.exit(str(error))
if not settings.ALLOWED_HOSTS:
    sys.exit("ALLOWED_HOSTS is empty: every request would be refused (400).")
if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    print("Note: CACHE_URL is not shared (locmemcache://): each gunicorn worker counts "
          "the submission limit on its own. Use redis://… in production.", file=sys.stderr)
PY
); then
  cat >&2 <<EOF
make serve runs the portal as in production (DEBUG off) and needs its settings,
in .env (copy .env.example and fill it in) or in the environment:
  SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, SITE_URL, DATABASE_URL, CACHE_URL, EMAIL_URL
To try it on plain http://127.0.0.1:8000 also set SECURE_COOKIES=false and
SECURE_SSL_REDIRECT=false. The guide: docs/deployment.md

Problem: $problem
EOF
  exit 1
fi
[ -z "$problem" ] || echo "$problem" >&2

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0

"$BIN/gunicorn" --config gunicorn.conf.py &
WEB=$!
"$BIN/python" manage.py outbox_worker &
WORKER=$!
# SIGTERM lets gunicorn finish its requests and the worker the e-mail in hand.
trap 'kill -TERM $WEB $WORKER 2>/dev/null || true; wait $WEB $WORKER 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
wait -n $WEB $WORKER
