from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin with the guarded staff site as ``admin.site``."""

    default_site = "digiscouts.staff_login.site.StaffAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        from .sessions import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="staff_activity_clock")


class TOTPConfig(TOTPDefaultConfig):
    """django-otp's TOTP devices, under a German heading in the admin (superusers only)."""

    verbose_name = _("Zwei-Faktor-Anmeldung")
