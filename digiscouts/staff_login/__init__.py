"""The guarded staff login: lock-out (django-axes), second factor (django-otp), idle expiry.

The admin is the only login of the portal. ``apps.StaffAdminConfig`` replaces Django's
default admin site with ``site.StaffAdminSite``, whose login form (``forms``) asks for a
TOTP code when ``settings.STAFF_OTP_REQUIRED`` is on. Settings are read per request, so
a test or a changed setting takes effect at once.
"""

from django.conf import settings


def otp_required():
    """True when staff must confirm their login with a TOTP code (production)."""
    return settings.STAFF_OTP_REQUIRED
