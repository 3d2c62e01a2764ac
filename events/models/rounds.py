"""A round of the programme and the phases of its timeline."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ApplicationWindow, TimePosition
from ..dates import end_of_day, position_between, start_of_day
from ..querysets import RoundQuerySet

# The ten municipalities of Kreis Recklinghausen with their postcodes (Deutsche Post).
KREIS_RECKLINGHAUSEN_POSTCODES = {
    "Castrop-Rauxel": ("44575", "44577", "44579", "44581"),
    "Datteln": ("45711",),
    "Dorsten": ("46282", "46284", "46286"),
    "Gladbeck": ("45964", "45966", "45968"),
    "Haltern am See": ("45721",),
    "Herten": ("45699", "45701"),
    "Marl": ("45768", "45770", "45772"),
    "Oer-Erkenschwick": ("45739",),
    "Recklinghausen": ("45657", "45659", "45661", "45663", "45665"),
    "Waltrop": ("45731",),
}
KREIS_RECKLINGHAUSEN_MUNICIPALITIES = tuple(KREIS_RECKLINGHAUSEN_POSTCODES)

_POSTCODE = re.compile(r"[0-9]{5}", re.ASCII)
_POSTCODE_SEPARATORS = re.compile(r"[,;\s]+")


def municipality_line(name, postcodes=()):
    """One line of Round.municipalities: "Marl: 45768, 45770, 45772", or the name alone."""
    return f"{name}: {', '.join(postcodes)}" if postcodes else name


def default_municipalities():
    return "\n".join(
        municipality_line(name, postcodes)
        for name, postcodes in KREIS_RECKLINGHAUSEN_POSTCODES.items()
    )


def _split_line(line):
    """(name, [postcode tokens], has_colon) of one non-blank line, without checking it."""
    name, colon, rest = line.partition(":")
    tokens = [token for token in _POSTCODE_SEPARATORS.split(rest) if token]
    return name.strip(), tokens, bool(colon)


def validate_municipalities(value):
    """Each line a municipality: its name, optionally a colon and its postcodes.

    Staff type this list; every malformed line is named with its number and text, and
    nothing is stored until all lines are right.
    """
    problems = []
    seen = {}
    for number, raw in enumerate(value.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, tokens, has_colon = _split_line(line)
        where = {"number": number, "line": line}
        if not name:
            problems.append(
                _("Zeile %(number)d („%(line)s“): Vor dem Doppelpunkt fehlt der Name der Kommune.")
                % where
            )
            continue
        bad = [token for token in tokens if not _POSTCODE.fullmatch(token)]
        if not has_colon and re.search(r"[0-9]{5}", name):
            problems.append(
                _(
                    "Zeile %(number)d („%(line)s“): Zwischen der Kommune und ihren "
                    "Postleitzahlen fehlt der Doppelpunkt, z. B. „Marl: 45768, 45770, 45772“."
                )
                % where
            )
        elif bad:
            problems.append(
                _(
                    "Zeile %(number)d („%(line)s“): „%(token)s“ ist keine fünfstellige "
                    "Postleitzahl. Schreiben Sie die Kommune, einen Doppelpunkt und ihre "
                    "Postleitzahlen mit Kommas dazwischen, z. B. „Marl: 45768, 45770, 45772“."
                )
                % {**where, "token": bad[0]}
            )
        elif has_colon and not tokens:
            problems.append(
                _(
                    "Zeile %(number)d („%(line)s“): Nach dem Doppelpunkt fehlen die "
                    "Postleitzahlen. Schreiben Sie sie mit Kommas dazwischen, z. B. "
                    "„Marl: 45768, 45770, 45772“, oder lassen Sie den Doppelpunkt weg."
                )
                % where
            )
        if name in seen:
            problems.append(
                _("Zeile %(number)d („%(line)s“): %(name)s steht schon in Zeile %(first)d.")
                % {**where, "name": name, "first": seen[name]}
            )
        seen.setdefault(name, number)
    if not seen and not problems:
        problems.append(_("Bitte geben Sie mindestens eine Kommune an."))
    if problems:
        raise ValidationError(problems, code="municipalities")


class Round(models.Model):
    partner_region = models.CharField(_("Partnerregion"), max_length=120)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=80,
        unique=True,
        help_text=_("Erscheint in der Adresse der Seite, z. B. kreis-recklinghausen-2021."),
    )
    summary = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        help_text=_("Ein, zwei Sätze für die Startseite. Leer lassen für den Standardtext."),
    )
    places = models.PositiveSmallIntegerField(_("Plätze (Unternehmen)"), default=7)
    max_employees = models.PositiveIntegerField(_("Höchstzahl Beschäftigte"), default=499)
    min_apprentices = models.PositiveSmallIntegerField(
        _("Mindestzahl Auszubildende im Team"), default=2
    )
    municipalities = models.TextField(
        _("Kommunen der Partnerregion"),
        default=default_municipalities,
        validators=[validate_municipalities],
        help_text=_(
            "Eine Kommune pro Zeile: der Name, ein Doppelpunkt und ihre Postleitzahlen mit "
            "Kommas dazwischen, z. B. „Marl: 45768, 45770, 45772“. Nur Unternehmen aus diesen "
            "Kommunen sind zugelassen, und die Postleitzahl im Bewerbungsformular muss zur "
            "gewählten Kommune gehören. Steht eine Kommune ohne Postleitzahlen da, wird die "
            "Postleitzahl für sie nicht geprüft."
        ),
    )
    application_start = models.DateField(_("Bewerbung möglich ab"))
    application_end = models.DateField(
        _("Bewerbungsschluss"), help_text=_("Letzter Tag, an dem Bewerbungen möglich sind.")
    )
    decisions_by = models.DateField(
        _("Entscheidungen versandt bis"),
        null=True,
        blank=True,
        help_text=_(
            "Bis zu diesem Tag erfahren die Unternehmen per E-Mail, ob sie ausgewählt sind. "
            "Erscheint im Zeitplan und im Kalender."
        ),
    )
    start_date = models.DateField(_("Offizieller Projektstart"))
    end_date = models.DateField(_("Projektende"))
    contact_name = models.CharField(_("Ansprechperson"), max_length=120)
    contact_unit = models.CharField(_("Organisationseinheit"), max_length=200)
    contact_phone = models.CharField(_("Telefon"), max_length=40)
    contact_email = models.EmailField(_("E-Mail"))
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Runden sind auf der Website zu sehen."),
    )
    # Set by events.services.privacy when the round's personal data was anonymised
    # (`manage.py anonymise_rounds`); from then on it holds statistics only.
    personal_data_deleted_at = models.DateTimeField(
        _("personenbezogene Daten gelöscht am"), null=True, blank=True, editable=False
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("Programmrunde")
        verbose_name_plural = _("Programmrunden")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places__gte=1),
                name="round_places_positive",
                violation_error_message=_("Es muss mindestens einen Platz geben."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_employees__gte=1),
                name="round_max_employees_positive",
                violation_error_message=_(
                    "Die Höchstzahl der Beschäftigten muss mindestens 1 sein."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(min_apprentices__gte=1),
                name="round_min_apprentices_positive",
                violation_error_message=_(
                    "Die Mindestzahl der Auszubildenden muss mindestens 1 sein."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="round_end_after_start",
                violation_error_message=_(
                    "Das Projektende darf nicht vor dem Projektstart liegen."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(decisions_by__isnull=True)
                | models.Q(
                    decisions_by__gte=models.F("application_end"),
                    decisions_by__lte=models.F("start_date"),
                ),
                name="round_decisions_between_deadline_and_start",
                violation_error_message=_(
                    "Die Entscheidungen müssen zwischen dem Bewerbungsschluss und dem "
                    "Projektstart versandt werden."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(application_end__gte=models.F("application_start")),
                name="round_application_end_after_start",
                violation_error_message=_(
                    "Der Bewerbungsschluss darf nicht vor dem Beginn der Bewerbungsphase liegen."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:timeline", kwargs={"slug": self.slug})

    def municipality_names(self):
        """The names, in the order staff wrote them (without their postcodes)."""
        return list(self.municipality_postcodes())

    def municipality_postcodes(self):
        """{name: frozenset of its postcodes}; empty for a municipality listed without any.

        Reads what is stored without complaint (validate_municipalities refuses bad input
        when staff save): a token that is no postcode is left out.
        """
        table = {}
        for raw in self.municipalities.splitlines():
            name, tokens, _has_colon = _split_line(raw.strip())
            if name and name not in table:
                table[name] = frozenset(t for t in tokens if _POSTCODE.fullmatch(t))
        return table

    def application_window(self, now=None):
        """Open from the first to the end of the last application day, Berlin time."""
        position = position_between(
            now or timezone.now(),
            start_of_day(self.application_start),
            end_of_day(self.application_end),
        )
        return {
            TimePosition.FUTURE: ApplicationWindow.UPCOMING,
            TimePosition.CURRENT: ApplicationWindow.OPEN,
            TimePosition.PAST: ApplicationWindow.CLOSED,
        }[position]

    def accepts_applications(self, now=None):
        return self.application_window(now) == ApplicationWindow.OPEN

    def position(self, now=None):
        """Whether the project itself (start to end date) is past, running or ahead."""
        return position_between(
            now or timezone.now(), start_of_day(self.start_date), end_of_day(self.end_date)
        )

    @property
    def personal_data_deletion_date(self):
        """The day from which `anonymise_rounds` deletes the round's personal data:
        PERSONAL_DATA_RETENTION_DAYS after the end date."""
        return self.end_date + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


class Phase(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="phases", verbose_name=_("Programmrunde")
    )
    title = models.CharField(_("Titel"), max_length=200)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"))
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="phase_end_after_start",
                violation_error_message=_("Das Ende der Phase darf nicht vor ihrem Beginn liegen."),
            ),
        ]

    def __str__(self):
        return self.title

    def position(self, now=None):
        return position_between(
            now or timezone.now(), start_of_day(self.start_date), end_of_day(self.end_date)
        )
