"""Logs on stdout: one JSON object a line in production, readable lines in the demo.

Nothing personal reaches a log line: PersonalDataFilter replaces e-mail addresses,
phone numbers and the signatures of personal links in every message, argument and
extra field; the formatters do the same for tracebacks. Our own log calls name
records by id ("E-mail 12"), never by address.

This module imports nothing from Django: gunicorn.conf.py can use
``gunicorn_logconfig_dict()`` before Django is loaded.
"""

import logging
import re

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# Local parts as people have them; quotes and brackets around an address stay outside.
_EMAIL = re.compile(r"[\w.!#*+^~-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
# A leading "+", "00" or "0" and at least six digits with the usual separators; not a
# decimal ("0.25"), a date ("2025-04-15", "15.04.2025"), a port or an id.
_PHONE = re.compile(r"(?<![\w.:/-])(?:\+|0)\d[\d ()/-]{4,}\d(?!\w)")
_MIN_PHONE_DIGITS = 6
# Django signing: "<value>:<signature>", the signature 27 (sha1) or 43 (sha256) characters
# of base64url. Without it a personal link's id opens nothing.
_SIGNATURE = re.compile(r"(?:(?<=:)|(?<=%3A)|(?<=%3a))[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])")

# PostgreSQL's DETAIL of a constraint error repeats the row's values:
# "Key (round_id, contact_email_key)=(3, a@b.de) already exists." The columns stay; the
# values end where PostgreSQL's sentence goes on (any brackets inside them included).
_KEY_VALUES = re.compile(
    r"([Kk]ey \((?:[^()]|\([^()]*\))*\)=)\(.*?\)"
    r"(?=\s+(?:already exists|is not present|conflicts with)|\.?\s*$)",
    re.MULTILINE,
)

EMAIL_MARK, PHONE_MARK, SIGNATURE_MARK = "[email]", "[phone]", "[signature]"
VALUES_MARK = "[values]"


def _phone(match):
    digits = sum(char.isdigit() for char in match.group())
    return PHONE_MARK if digits >= _MIN_PHONE_DIGITS else match.group()


def scrub(text):
    """The text with e-mail addresses, phone numbers, link signatures and the values of
    PostgreSQL's key details replaced."""
    text = _KEY_VALUES.sub(rf"\1{VALUES_MARK}", text)
    text = _EMAIL.sub(EMAIL_MARK, text)
    text = _SIGNATURE.sub(SIGNATURE_MARK, text)
    return _PHONE.sub(_phone, text)


_RECORD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class PersonalDataFilter(logging.Filter):
    """Scrub the message with its arguments, and extra string fields, of every record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for logging to report
            return True
        record.msg, record.args = scrub(message), ()
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and isinstance(value, str):
                setattr(record, key, scrub(value))
        return True


class TextFormatter(logging.Formatter):
    """Readable lines for the console of the demo; tracebacks scrubbed."""

    def formatException(self, ei):
        return scrub(super().formatException(ei))

    def formatStack(self, stack_info):
        return scrub(super().formatStack(stack_info))


class JsonFormatter(_JsonFormatter):
    """{"time", "level", "logger", "message", ...extra fields, "exc_info"} on one line.

    Django's ``request`` extra (an object that prints the path) is left out.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def formatException(self, ei):
        return scrub(super().formatException(ei))

    def formatStack(self, stack_info):
        return scrub(super().formatStack(stack_info))


FORMATTERS = {
    "json": {"()": "digiscouts.logging.JsonFormatter"},
    "text": {
        "()": "digiscouts.logging.TextFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    },
}


def logging_config(*, log_format="json", level="INFO"):
    """settings.LOGGING: everything (Django's loggers too) through one stdout handler."""
    if log_format not in FORMATTERS:
        raise ValueError(f"LOG_FORMAT must be one of {sorted(FORMATTERS)}, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "digiscouts.logging.PersonalDataFilter"}},
        "formatters": {log_format: FORMATTERS[log_format]},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["personal_data"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        # Django's defaults give these their own stderr handlers; route them here instead.
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
            # WeasyPrint narrates every step of a certificate at INFO.
            "weasyprint.progress": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }


def gunicorn_logconfig_dict(*, level="INFO"):
    """For gunicorn.conf.py (``logconfig_dict = ...``): gunicorn's own messages as JSON.

    The access logger's lines are JSON already (gunicorn.conf.py's JsonAccessLog),
    so they are written as they are, scrubbed all the same.
    """
    config = logging_config(log_format="json", level=level)
    config["formatters"]["raw"] = {"format": "%(message)s"}
    config["handlers"]["access"] = {
        **config["handlers"]["stdout"],
        "formatter": "raw",
    }
    config["loggers"] = {
        "gunicorn.error": {"handlers": ["stdout"], "level": level, "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    }
    return config
