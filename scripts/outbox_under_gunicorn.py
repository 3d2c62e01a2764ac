"""The outbox as in production: gunicorn, a mail server that is down, then back.

Run: .venv/bin/python scripts/outbox_under_gunicorn.py [registrations]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres); creates and drops the database
digiscouts_outbox_check. Starts gunicorn (2 sync workers, DEBUG off) with the mail
server down, posts the registrations through the public form (with CSRF), then
starts a real SMTP server (aiosmtpd) and two outbox workers at once, and prints
request times and what the server received. It also times registrations against
a mail server that accepts connections and never answers. Prints figures only.
"""

import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.smtp import free_port, silent_server, smtp_server  # noqa: E402

DB = "digiscouts_outbox_check"
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def environment(mail_port):
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "outbox-check-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "EMAIL_TIMEOUT": "10",
        "OUTBOX_SEND_AT_ONCE": "false",
        "OUTBOX_SERVER_RETRY_SECONDS": "0",
        "SUBMISSION_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def setup(env):
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_rounds")
    code = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from events.models import Event\n"
        "e = Event.objects.filter(capacity__isnull=False).order_by('starts_at').first()\n"
        "e.starts_at = timezone.now() + timedelta(days=14)\n"
        "e.capacity = 10000\n"
        "e.registration_opens_at = timezone.now() - timedelta(days=1)\n"
        "e.registration_closes_at = None\n"
        "e.save()\n"
        "e.round.is_published = True\n"
        "e.round.save()\n"
        "print(f'/runden/{e.round.slug}/termine/{e.pk}/anmeldung/')\n"
    )
    return manage(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    """A browser-like client: keeps cookies (session, CSRF), does not follow redirects."""
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def register(opener, base, form_path, n, prefix):
    page = opener.open(base + form_path, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "company": f"Firma {n}",
        "first_name": "Erika",
        "last_name": "Muster",
        "function": "Ausbildung",
        "email": f"{prefix}{n}@firma.example",
        "phone": "",
        "municipality": "Marl",
        "persons": "1",
        "remark": "",
        "consent": "on",
        "website_url": "",
    }
    request = urllib.request.Request(
        base + form_path,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": base + form_path},
    )
    started = time.perf_counter()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as response:  # the redirect after success lands here
        status = response.code
    return time.perf_counter() - started, status


def run_registrations(base, form_path, count, prefix):
    times, codes = [], []
    for n in range(count):
        elapsed, code = register(client(), base, form_path, n, prefix)
        times.append(elapsed)
        codes.append(code)
    return times, codes


def figures(label, times, codes):
    print(
        f"{label}: {len(times)} POSTs, status {sorted(set(codes))}, "
        f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


def main(count):
    mail_port, web_port = free_port(), free_port()
    env = environment(mail_port)
    form_path = setup(env)
    base = f"http://127.0.0.1:{web_port}"
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "digiscouts.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{web_port}", "--timeout", "30"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(2)
        with smtp_server(mail_port):
            times, codes = run_registrations(base, form_path, count, "up")
            figures("mail server up (no worker yet)", times, codes)
        times, codes = run_registrations(base, form_path, count, "down")
        figures("mail server down", times, codes)
        queued = manage(env, "shell", "--no-imports", "-c", "from post_office.models import Email; "
                        "print(Email.objects.filter(status=2).count())").stdout.strip()  # fmt: skip
        print(f"queued while down: {queued}")

        with silent_server(mail_port):
            times, codes = run_registrations(base, form_path, 10, "silent")
            figures("mail server silent", times, codes)

        with smtp_server(mail_port) as server:
            started = time.perf_counter()
            workers = [
                subprocess.Popen([PYTHON, "manage.py", "outbox_worker", "--once"],
                                 cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
                for _ in range(2)
            ]  # fmt: skip
            outputs = [worker.communicate()[0].strip() for worker in workers]
            elapsed = time.perf_counter() - started
        recipients = server.recipients()
        down = [r for r in recipients if r.startswith("down")]
        print(f"two workers at once: {outputs} in {elapsed:.1f} s")
        print(
            f"delivered: {len(recipients)} messages, {len(set(recipients))} distinct "
            f"recipients; of the {count} registered while down: {len(set(down))}, "
            f"duplicates: {len(recipients) - len(set(recipients))}"
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
