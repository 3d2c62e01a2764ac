"""Security headers Django and django-csp do not set themselves.

Permissions-Policy turns off the browser features the portal never uses (camera,
microphone, location, payment, USB …) for the page and anything it might embed, so
an injected script could not ask a visitor for them either.
"""

from django.conf import settings


def permissions_policy(features):
    """The header value that disables every feature: `camera=(), microphone=(), …`."""
    return ", ".join(f"{feature}=()" for feature in features)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
