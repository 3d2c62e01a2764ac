"""Write the reminders of the events starting within 24 hours to the outbox (hourly by cron).

Safe to run twice at the same moment, or more often than hourly: every registration is
reminded once (events.services.reminders). The outbox worker sends the e-mails.
"""

from django.core.management.base import BaseCommand

from events.services import event_reminders_send


class Command(BaseCommand):
    help = (
        "Reminds the confirmed registrations of events that start within the next 24 hours "
        "(each registration once); the outbox worker sends the e-mails."
    )

    def handle(self, *args, **options):
        count = event_reminders_send()
        self.stdout.write(f"{count} reminder(s) queued.")
