from django.contrib.admin import AdminSite

from . import otp_required
from .forms import StaffLoginForm


class StaffAdminSite(AdminSite):
    """The admin; with STAFF_OTP_REQUIRED only a session confirmed by a TOTP code gets in.

    A session logged in without a code (before the setting was turned on) is treated
    like a visitor and sent to the login form again.
    """

    login_form = StaffLoginForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not otp_required():
            return True
        is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
        return bool(is_verified and is_verified())
