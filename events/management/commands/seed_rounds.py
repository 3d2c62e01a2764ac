import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.seed import demo_round_upsert, seed_round_upsert

DEMO_USERNAME = "demo-admin"


class Command(BaseCommand):
    help = (
        "Create or update the 2021 round of Kreis Recklinghausen as the press article states it. "
        "With --demo (DEBUG only) also an upcoming demo round and a staff login."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create a future demo round and a staff login (refused unless DEBUG).",
        )

    def handle(self, *args, demo=False, **options):
        if demo and not settings.DEBUG:
            raise CommandError(
                "--demo creates a login with a printed password and is refused when DEBUG is off."
            )
        round_ = seed_round_upsert()
        self.stdout.write(f"Seed round ready: {round_.title} (/runden/{round_.slug}/)")
        if not demo:
            return
        demo_round = demo_round_upsert()
        self.stdout.write(f"Demo round ready: {demo_round.title} (/runden/{demo_round.slug}/)")
        self._retention(round_, demo_round)
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff login for {settings.SITE_URL}/{settings.ADMIN_PATH} : "
                f"user {DEMO_USERNAME!r}, password {password!r} (new on every run)"
            )
        )

    def _retention(self, *rounds):
        """The keeping periods `anonymise_rounds` enforces, as the Datenschutzerklärung
        states them."""
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        self.stdout.write(
            f"Personal data is deleted {days} days after a round's end date "
            "(PERSONAL_DATA_RETENTION_DAYS; `manage.py anonymise_rounds`, daily):"
        )
        for round_ in rounds:
            if round_.personal_data_deleted_at:
                when = "deleted already"
            else:
                when = f"deleted from {round_.personal_data_deletion_date:%Y-%m-%d}"
            self.stdout.write(f"  {round_.title}: ends {round_.end_date:%Y-%m-%d}, {when}")
