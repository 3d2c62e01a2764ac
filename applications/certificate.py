"""The Teilnahmebescheinigung: an A4 PDF for each participant after the closing event.

Rendered by WeasyPrint from templates/applications/certificate.html and the
stylesheet static/css/certificate.css, always in German. WeasyPrint reads files
only from the directory that holds the stylesheet and never opens a network
connection (static_files_only).
"""

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.choices import EventKind
from events.dates import end_of_day

TEMPLATE = "applications/certificate.html"
STYLESHEET = "css/certificate.css"


@functools.cache
def _static_files_only_class():
    # Built on first use: importing WeasyPrint takes a second or more, which no app
    # server, worker or management command should pay before it prints a certificate.
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        def __init__(self, root):
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = Path(root).resolve()

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"certificate: refused to fetch {url}")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"certificate: refused to read {path}")
            return super().fetch(url, headers)

    return StaticFilesOnly


def static_files_only(root):
    """WeasyPrint's URL fetcher for file:// URLs below ``root``; refuses everything else
    (no network)."""
    return _static_files_only_class()(root)


def closing_date(round_):
    """(start of the closing event or None, its Berlin date or else the round's end date)."""
    # The round's last closing event that was not cancelled, if it has one.
    event = (
        round_.events.filter(kind=EventKind.CLOSING, cancelled_at__isnull=True)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if event is None:
        return None, round_.end_date
    return event.starts_at, timezone.localdate(event.starts_at)


def certificate_refusal(participation, now=None):
    """Why there is no certificate for the participation (yet), in German, or None."""
    now = now or timezone.now()
    firm = participation.application.company_name
    if not participation.is_active:
        return _(
            "Für %(firm)s gibt es keine Teilnahmebescheinigung: Das Unternehmen nimmt seit "
            "dem %(date)s nicht mehr teil."
        ) % {"firm": firm, "date": date_format(participation.ended_on)}
    starts_at, day = closing_date(participation.round)
    if starts_at is not None and now < starts_at:
        return _(
            "Die Teilnahmebescheinigung für %(firm)s gibt es erst ab dem Beginn der "
            "Abschlussveranstaltung am %(date)s."
        ) % {"firm": firm, "date": date_format(day)}
    if starts_at is None and now < end_of_day(day):
        return _(
            "Die Teilnahmebescheinigung für %(firm)s gibt es erst nach dem Projektende am "
            "%(date)s (die Runde hat keine Abschlussveranstaltung)."
        ) % {"firm": firm, "date": date_format(day)}
    return None


def certificate_available(participation, now=None):
    """Only an active participant, once the closing event has begun (Europe/Berlin);
    a round without a closing event: from the day after its end date."""
    return certificate_refusal(participation, now) is None


def certificate_filename(participation):
    application = participation.application
    return (
        f"Teilnahmebescheinigung-{application.reference}-"
        f"{slugify(application.company_name) or 'unternehmen'}.pdf"
    )


def names_text(names):
    """ "Anna", "Anna und Ben", "Anna, Ben und Cem"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s und %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


@dataclass(frozen=True)
class Certificate:
    """What the certificate says, ready for the template."""

    participation: object
    round: object
    application: object
    team_names: str
    has_closing_event: bool
    closing_day: date
    issued_on: date
    issuer: str


def certificate_context(participation, *, now=None):
    round_ = participation.round
    closing_starts_at, closing_day = closing_date(round_)
    unit, region = round_.contact_unit.strip(), round_.partner_region.strip()
    # "Fachdienst Wirtschaft, Kreis Recklinghausen": the region once, also when the
    # unit already names it.
    issuer = unit if region in unit else ", ".join(part for part in (unit, region) if part)
    return Certificate(
        participation=participation,
        round=round_,
        application=participation.application,
        team_names=names_text(participation.team_names()),
        has_closing_event=closing_starts_at is not None,
        closing_day=closing_day,
        issued_on=timezone.localdate(now or timezone.now()),
        issuer=issuer,
    )


def certificate_pdf(participation, *, now=None):
    """The certificate as PDF bytes: A4, in German whatever the request's language, tagged
    for screen readers (PDF/UA-1). One page, unless every field is filled to its limit.

    Availability is the caller's check (certificate_available).
    """
    from weasyprint import CSS, HTML

    stylesheet = finders.find(STYLESHEET)
    if not stylesheet:
        raise FileNotFoundError(f"static file {STYLESHEET} not found")
    # The static directory the stylesheet was found in: the only place WeasyPrint reads.
    root = Path(stylesheet).resolve().parents[len(PurePosixPath(STYLESHEET).parts) - 1]
    fetcher = static_files_only(root)
    options = {
        "stylesheets": [CSS(filename=stylesheet, url_fetcher=fetcher)],
        "pdf_variant": "pdf/ua-1",
    }
    with translation.override("de"):
        context = certificate_context(participation, now=now)
        layouts = [
            render_to_string(TEMPLATE, {"certificate": context, "compact": compact})
            for compact in (False, True)
        ]
    for html in layouts:
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render(
            **options
        )
        # Long texts (the description alone may have 2,000 characters) get the compact
        # layout, so that the certificate stays one page.
        if len(document.pages) == 1:
            break
    return document.write_pdf(**options)
