"""Factories of the events app: rounds, events, phases."""

__all__ = [
    "EventFactory",
    "PhaseFactory",
    "RegistrationFactory",
    "RoundFactory",
    "berlin",
    "future_event",
    "open_event",
    "open_round",
]

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from digiscouts.normalise import normalise_email
from events.choices import EventKind, RegistrationStatus
from events.models import Event, Phase, Registration, Round


def berlin(year, month, day, hour=0, minute=0, second=0):
    """An aware datetime in Europe/Berlin, the portal's time zone."""
    return timezone.make_aware(datetime(year, month, day, hour, minute, second))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    partner_region = "Kreis Recklinghausen"
    year = 2021
    title = factory.Sequence(lambda n: f"Digiscouts Testrunde {n}")
    slug = factory.Sequence(lambda n: f"testrunde-{n}")
    places = 7
    max_employees = 499
    min_apprentices = 2
    application_start = date(2021, 4, 15)
    application_end = date(2021, 5, 7)
    start_date = date(2021, 5, 26)
    end_date = date(2021, 11, 24)
    contact_name = "Dr. Julia aus der Wiesche"
    contact_unit = "Fachdienst Wirtschaft, Kreis Recklinghausen"
    contact_phone = "02361 / 53-2129"
    contact_email = "j.ausderwiesche@kreis-re.de"
    is_published = True


def open_round(**kwargs):
    """A published round whose application window includes today."""
    today = timezone.localdate()
    defaults = {
        "application_start": today - timedelta(days=3),
        "application_end": today + timedelta(days=10),
        "start_date": today + timedelta(days=30),
        "end_date": today + timedelta(days=210),
        "year": (today + timedelta(days=30)).year,
    }
    return RoundFactory(**{**defaults, **kwargs})


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    round = factory.SubFactory(RoundFactory)
    kind = EventKind.INFO
    title = "Infoveranstaltung Digiscouts"
    starts_at = factory.LazyFunction(lambda: berlin(2021, 4, 15, 10, 0))
    duration_minutes = 60
    location = "Online"


def future_event(days=14, **kwargs):
    starts_at = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(10, 0))
    )
    return EventFactory(starts_at=starts_at, **kwargs)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    round = factory.SubFactory(RoundFactory)
    title = "Analysephase"
    start_date = date(2021, 5, 27)
    end_date = date(2021, 6, 23)


def open_event(capacity=40, days=14, **kwargs):
    """An event of a published round that takes registrations now (opened yesterday)."""
    event = future_event(days=days, capacity=capacity, **kwargs)
    event.registration_opens_at = timezone.now() - timedelta(days=1)
    event.save(update_fields=["registration_opens_at"])
    return event


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A stored registration; tests of the seat logic go through the services instead."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory, capacity=40)
    company = "Muster GmbH"
    first_name = "Erika"
    last_name = "Mustermann"
    function = "Ausbildungsleitung"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    email_key = factory.LazyAttribute(lambda registration: normalise_email(registration.email))
    phone = ""
    municipality = "Marl"
    persons = 1
    consent_at = factory.LazyFunction(timezone.now)
    status = RegistrationStatus.CONFIRMED
