"""The milestones of a round's six months, each with its due date on the timeline."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import Round


def default_milestones(round_):
    """RKW's steps as (title, due date), dated from the round's start and end.

    Analysis takes about four weeks; the proposal and management's go follow;
    implementation ends three weeks before the closing event. Dates stay within
    the round. Staff change them per round.
    """
    start, end = round_.start_date, round_.end_date

    def within(day):
        return min(max(day, start), end)

    return [
        (_("Auftaktveranstaltung besucht"), start),
        (_("Analyse abgeschlossen"), within(start + timedelta(weeks=4))),
        (_("Projektvorschlag erstellt"), within(start + timedelta(weeks=8))),
        (_("Go der Geschäftsführung"), within(start + timedelta(weeks=10))),
        (_("Umsetzung abgeschlossen"), within(end - timedelta(weeks=3))),
        (_("Bei der Abschlussveranstaltung präsentiert"), end),
    ]


class Milestone(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("Programmrunde")
    )
    position = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )
    title = models.CharField(_("Meilenstein"), max_length=200)
    due_date = models.DateField(
        _("fällig am"),
        help_text=_("Wer den Meilenstein bis zum Ende dieses Tages nicht erreicht, liegt zurück."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["position", "due_date", "pk"]

    def __str__(self):
        return str(self.title)
