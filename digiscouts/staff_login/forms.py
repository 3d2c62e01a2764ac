"""The admin login form: username and password, and the TOTP code when it is required."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import otp_required
from .lockout import lockout_message


class StaffLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Bestätigungscode"),
        required=False,
        max_length=10,
        help_text=_("Der 6-stellige Code, den Ihre Authenticator-App gerade anzeigt."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_device": _(
            "Für Ihr Konto ist noch keine Authenticator-App eingerichtet; ohne sie ist keine "
            "Anmeldung möglich. Bitte wenden Sie sich an die Administration."
        ),
        "token_required": _(
            "Bitte geben Sie den 6-stelligen Bestätigungscode aus Ihrer Authenticator-App ein."
        ),
        "invalid_token": _(
            "Der Bestätigungscode ist falsch oder abgelaufen. Bitte geben Sie den Code ein, "
            "den Ihre Authenticator-App jetzt anzeigt."
        ),
        "throttled": _(
            "Zu viele falsche Bestätigungscodes in kurzer Zeit. Bitte warten Sie einen "
            "Moment und versuchen Sie es dann erneut."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if not otp_required():
            del self.fields["otp_token"]

    def clean(self):
        try:
            super().clean()  # authenticate(): django-axes refuses a locked-out client here
        except ValidationError:
            self._raise_if_locked_out()
            raise
        if "otp_token" in self.fields and self.user_cache is not None:
            self._verify_second_factor(self.user_cache)
        return self.cleaned_data

    def _raise_if_locked_out(self):
        # axes marks the request once this client's failures for the username reach the limit.
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(lockout_message(), code="locked_out")

    def _verify_second_factor(self, user):
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
        if not devices:
            raise ValidationError(self.error_messages["no_device"], code="no_device")
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        if not token:
            self._code_error("token_required")
            return
        device, throttled = _verify_token(devices, token)
        if device is not None:
            user.otp_device = device  # django_otp marks the session verified on login()
            return
        if throttled:
            self._code_error("throttled")
            return
        # A wrong code counts against the lock-out like a wrong password.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=self.request,
        )
        self._raise_if_locked_out()
        self._code_error("invalid_token")

    def _code_error(self, code):
        """An error next to the code field; the login stops there."""
        self.add_error("otp_token", ValidationError(self.error_messages[code], code=code))


def _verify_token(devices, token):
    """(the device that accepts ``token`` or None, whether every device was throttled).

    Rows locked so that one code is accepted once (TOTPDevice remembers its last time
    step); a failure's throttling count is committed, not rolled back with an error.
    """
    throttled = True
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk__in=[d.pk for d in devices])
        for device in locked.order_by("pk"):
            allowed, _extra = device.verify_is_allowed()
            if not allowed:
                continue
            throttled = False
            if device.verify_token(token):
                return device, False
    return None, throttled
