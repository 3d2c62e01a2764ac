"""Site-wide tables: the files attached to queued e-mails; the legal texts staff edit."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxFile(models.Model):
    """An attachment of a queued e-mail (e.g. an .ics), stored in the database.

    Kept beside the outbox rows so that a worker on another machine, with only the
    database in common, can send it (see digiscouts.outbox_storage).
    """

    name = models.CharField(_("Name"), max_length=255, unique=True)
    content = models.BinaryField(_("Inhalt"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anhang im Postausgang")
        verbose_name_plural = _("Anhänge im Postausgang")

    def __str__(self):
        return self.name


class LegalTextKind(models.TextChoices):
    """The three texts a public body's portal must show; each value is its page's URL name."""

    IMPRESSUM = "impressum", _("Impressum")
    DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")
    BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")


MARKUP_HELP = _(
    "Absätze trennen Sie durch eine Leerzeile; ein Zeilenumbruch im Absatz bleibt erhalten. "
    "„## “ am Zeilenanfang macht die Zeile zur Überschrift, „- “ zum Listenpunkt. "
    "Internet- und E-Mail-Adressen werden zu Links. Ein Absatz „[Platzhalter: …]“ erscheint "
    "hervorgehoben als Platzhalter. HTML wird als Text angezeigt."
)


class LegalText(models.Model):
    """Impressum, Datenschutzerklärung or Erklärung zur Barrierefreiheit as staff edit it.

    One row per kind (created by migration 0003). The body is plain text with a small
    markup and placeholders such as {aufbewahrung_tage} that the page fills in from the
    settings (digiscouts.legal_text).
    """

    kind = models.CharField(_("Text"), max_length=20, choices=LegalTextKind.choices, unique=True)
    body = models.TextField(_("Text auf Deutsch"), help_text=MARKUP_HELP)
    body_en = models.TextField(
        _("Text auf Englisch"),
        blank=True,
        help_text=_(
            "Freiwillig. Solange das Feld leer ist, zeigt die englische Seite den deutschen "
            "Text mit dem Hinweis, dass er nur auf Deutsch vorliegt."
        ),
    )
    # The German text's date (the page's "Stand") and the English text's: the English
    # page shows the English text only while it is at least as new as the German one.
    updated_at = models.DateTimeField(_("zuletzt geändert am"), default=timezone.now)
    updated_at_en = models.DateTimeField(
        _("englischer Text zuletzt geändert am"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )

    class Meta:
        verbose_name = _("Rechtstext")
        verbose_name_plural = _("Rechtstexte")
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        return reverse(self.kind)
