"""A staff user in the group "Fachdienst Wirtschaft", to try the review in the admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from applications.permissions import STAFF_GROUP_NAME, staff_group_ensure


class Command(BaseCommand):
    help = 'Create or update a staff user in the group "Fachdienst Wirtschaft" (no superuser).'

    def add_arguments(self, parser):
        parser.add_argument("--username", default="fachdienst")
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, password, email, **options):
        group = staff_group_ensure()
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} staff user "{username}" in the group "{STAFF_GROUP_NAME}".')
