from django.conf import settings
from django.core.management.base import BaseCommand

from applications.services.privacy import round_anonymisation_plan, round_anonymise
from events.services.privacy import rounds_due_for_anonymisation

# The kinds of record the command reports, in this order.
KINDS = (
    "applications",
    "application history",
    "participations",
    "registrations",
    "registration history",
    "e-mails",
)


def _counts(counts):
    return ", ".join(f"{kind}: {counts.get(kind, 0)}" for kind in KINDS)


class Command(BaseCommand):
    help = (
        "Delete the personal data of every round whose end date lies "
        "PERSONAL_DATA_RETENTION_DAYS or more days back: names, addresses, phones, free "
        "texts, history notes and the e-mails of its applications and registrations. "
        "Counts, statuses, municipalities and company sizes stay. Run daily; safe to run "
        "again. With --dry-run, list what would change and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the rounds and how many records would change; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        rounds = list(rounds_due_for_anonymisation().order_by("end_date", "pk"))
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        if not rounds:
            self.stdout.write(f"No round ended {days} or more days ago still holds personal data.")
            return
        for round_ in rounds:
            name = f"{round_.title} (ended {round_.end_date:%Y-%m-%d})"
            if dry_run:
                self.stdout.write(
                    f"Would anonymise {name}: {_counts(round_anonymisation_plan(round_))}"
                )
                continue
            counts = round_anonymise(round_=round_)
            if counts is None:  # another run got there first
                continue
            self.stdout.write(self.style.SUCCESS(f"Anonymised {name}: {_counts(counts)}"))
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
