"""A staff user in the group "Fachdienst Wirtschaft", to try the review in the admin."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from applications.permissions import STAFF_GROUP_NAME, staff_group_ensure


class Command(BaseCommand):
    help = 'Create or update a staff user in the group "Fachdienst Wirtschaft" (no superuser).'

    def add_arguments(self, parser):
        parser.add_argument("--username", default="fachdienst")
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, password, email, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        if email:
            user.email = email
        try:  # the settings' validators, as for every password staff set in the admin
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        group = staff_group_ensure()
        created = user.pk is None
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} staff user "{username}" in the group "{STAFF_GROUP_NAME}".')
        if settings.STAFF_OTP_REQUIRED:
            self.stdout.write(
                "The admin login asks for a TOTP code (STAFF_OTP_REQUIRED): "
                f"python manage.py staff_totp {username}"
            )
