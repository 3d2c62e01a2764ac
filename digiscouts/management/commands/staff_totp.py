"""Give a staff member the TOTP device (authenticator app) the admin login asks for."""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create the TOTP device of a staff user and print its otpauth:// address and a QR "
        "code to scan with an authenticator app. --replace issues a new key (lost phone): "
        "the old app stops working. --remove deletes the user's devices."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator-App", help="Name of the device.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--replace", action="store_true", help="Replace existing devices.")
        group.add_argument("--remove", action="store_true", help="Only delete the devices.")
        parser.add_argument("--no-qr", action="store_true", help="Print the address only.")

    def handle(self, *args, username, name, replace, remove, no_qr, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f'There is no user "{username}".')
        if not user.is_staff:
            raise CommandError(f'"{username}" is not a staff user; only staff log in.')
        devices = TOTPDevice.objects.devices_for_user(user)
        with transaction.atomic():
            if remove or replace:
                removed, _ = devices.delete()
                self.stdout.write(f'Removed {removed} device(s) of "{username}".')
                if remove:
                    return
            elif devices.exists():
                raise CommandError(
                    f'"{username}" already has a device. Use --replace to issue a new key '
                    "(the old app then stops working) or --remove."
                )
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(
            f'Device "{name}" created for "{username}". Scan the QR code with an '
            "authenticator app (or enter the address), then log in with its 6-digit code."
        )
        self.stdout.write(device.config_url)
        if not no_qr:
            # segno writes the code in pieces; OutputWrapper would end each with a newline.
            buffer = io.StringIO()
            segno.make(device.config_url, error="m").terminal(out=buffer, compact=True)
            self.stdout.write(buffer.getvalue())
        self.stdout.write(
            self.style.WARNING(
                "The address holds the secret: hand it over in person, do not e-mail it."
            )
        )
