"""Send the outbox: `manage.py outbox_worker` (runs until stopped) or `--once` (cron, tests).

Run one or more workers as their own processes, on any machine that reaches the
database and the mail server; they never send the same e-mail twice.
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from digiscouts.outbox import deliver_due


class Command(BaseCommand):
    help = "Sends the queued e-mails of the outbox, with retries."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument("--batch", type=int, default=100, help="E-mails per round.")

    def handle(self, *args, once=False, batch=100, **options):
        self.stopping = False
        if not once:
            # Finish the e-mail in hand, then stop (systemd and docker send SIGTERM).
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            results = deliver_due(limit=batch)
            if results:
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(results.items())))
            if once or self.stopping:
                return
            if not results or "server_down" in results:
                self._sleep(settings.OUTBOX_POLL_SECONDS)

    def _stop(self, signum, frame):
        self.stopping = True

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)
