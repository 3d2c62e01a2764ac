"""Named reads of rounds and events (the vocabulary the views and selectors use)."""

from django.db import models
from django.utils import timezone


class RoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self, today=None):
        """Rounds that have not ended yet, the soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date", "pk")

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-end_date", "-pk")


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def of_published_rounds(self):
        return self.filter(round__is_published=True)
