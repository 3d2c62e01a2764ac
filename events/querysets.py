"""Named reads of rounds and events (the vocabulary the views and selectors use)."""

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from digiscouts.normalise import normalise_email

from .choices import RegistrationStatus

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


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

    def with_registration_counts(self):
        """Annotate seats_taken (confirmed persons) and waitlist_count (waiting registrations)."""
        return self.annotate(
            seats_taken=Coalesce(
                models.Sum(
                    "registrations__persons", filter=models.Q(registrations__status=CONFIRMED)
                ),
                0,
            ),
            waitlist_count=models.Count(
                "registrations", filter=models.Q(registrations__status=WAITLISTED)
            ),
        )


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=CONFIRMED)

    def waitlisted(self):
        """Waiting registrations in the order they came: the queue."""
        return self.filter(status=WAITLISTED).order_by("created_at", "pk")

    def with_email(self, email):
        """Match the way the unique constraint does: by the address's normal form."""
        return self.filter(email_key=normalise_email(email))

    def active(self):
        """Holding a seat or a place in the queue (not cancelled)."""
        return self.filter(status__in=RegistrationStatus.active())

    def seats_taken(self):
        return self.confirmed().aggregate(total=Coalesce(models.Sum("persons"), 0))["total"]

    def with_queue_and_seats(self):
        """Annotate waitlist_rank (1.. in the queue, None unless waiting) and the event's
        event_seats_taken and event_waitlist_count, one query for any number of rows."""
        same_event = self.model.objects.filter(event=models.OuterRef("event")).order_by()
        earlier = same_event.filter(status=WAITLISTED).filter(
            models.Q(created_at__lt=models.OuterRef("created_at"))
            | models.Q(created_at=models.OuterRef("created_at"), pk__lt=models.OuterRef("pk"))
        )
        return self.annotate(
            waitlist_rank=models.Case(
                models.When(status=WAITLISTED, then=_count(earlier) + 1),
                default=None,
                output_field=models.IntegerField(),
            ),
            event_seats_taken=Coalesce(
                models.Subquery(
                    same_event.filter(status=CONFIRMED)
                    .values("event")
                    .annotate(total=models.Sum("persons"))
                    .values("total")[:1]
                ),
                0,
            ),
            event_waitlist_count=_count(same_event.filter(status=WAITLISTED)),
        )


def _count(queryset):
    """The number of rows of a correlated queryset, as a subquery (0 when none)."""
    counted = queryset.values("event").annotate(n=models.Count("pk")).values("n")[:1]
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)
