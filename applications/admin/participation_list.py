"""The participation list: milestones reached and behind per row, and the state filter."""

from django.contrib import admin
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from events.models import Milestone

from ..choices import ParticipationEnd
from ..models import MilestoneReached


def with_progress(queryset, today):
    """Annotate each participation with its round's milestone count, the milestones it
    reached, and those past their due date (Berlin ``today``) without it: the count and
    the first one's title. Subqueries, so a list of any length is one query."""
    milestones = Milestone.objects.filter(round=OuterRef("round"))
    reached = MilestoneReached.objects.filter(
        participation=OuterRef(OuterRef("pk")), milestone=OuterRef("pk")
    )
    behind = milestones.filter(due_date__lt=today).exclude(Exists(reached))

    def count(subquery, by):
        return Coalesce(
            Subquery(
                subquery.order_by().values(by).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    return queryset.annotate(
        milestone_count=count(milestones, "round"),
        reached_count=count(
            MilestoneReached.objects.filter(participation=OuterRef("pk")), "participation"
        ),
        behind_count=count(behind, "round"),
        first_behind=Subquery(behind.order_by("position", "due_date", "pk").values("title")[:1]),
    )


class StateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [
            ("aktiv", _("nimmt teil")),
            ("rueckstand", _("im Rückstand")),
            ("ausgestiegen", _("ausgestiegen")),
            ("auswahl", _("Auswahl geändert")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "aktiv":
            return queryset.filter(ended_on__isnull=True)
        if value == "rueckstand":
            return queryset.filter(ended_on__isnull=True, behind_count__gt=0)
        if value == "ausgestiegen":
            return queryset.filter(end_kind=ParticipationEnd.DROPPED_OUT)
        if value == "auswahl":
            return queryset.filter(end_kind=ParticipationEnd.DESELECTED)
        return queryset
