"""Site-wide tables: the files attached to queued e-mails."""

from django.db import models
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
