"""Optional error reporting with sentry-sdk: on only when SENTRY_DSN is set.

Works with Sentry and with self-hosted compatible services (GlitchTip). What leaves
the server holds no personal data: no user, cookies, client address or request body
(send_default_pii off, max_request_body_size "never"), no local variables of the
stack frames (a form's values live there), and every string of an event or a
breadcrumb goes through the same scrubbing as the log lines.
"""

from .logging import scrub


def scrub_event(value):
    """The event (or any part of it) with every string scrubbed."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: scrub_event(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_event(item) for item in value]
    return value


def _before_send(event, hint):
    return scrub_event(event)


def _before_breadcrumb(breadcrumb, hint):
    return scrub_event(breadcrumb)


def init_error_reporting(*, dsn, environment, release=None):
    import sentry_sdk  # only loaded when a DSN is set

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=_before_send,
        before_breadcrumb=_before_breadcrumb,
    )
