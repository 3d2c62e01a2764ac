"""Factories of the applications app: applications, form data, the staff user."""

__all__ = ["ApplicationFactory", "application_form_data", "application_submit_data", "staff_member"]

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from applications import duplicates
from applications.models import PRIVACY_NOTICE_VERSION, Application
from applications.permissions import staff_group_ensure
from digiscouts.normalise import normalise_company_name, normalise_email

from .events import RoundFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A stored application, as the service would have stored it (status submitted)."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"DS-{o.round.year}-{o.number:03d}")
    company_name = factory.Sequence(lambda n: f"Beispiel {n} GmbH")
    normalised_company_name = factory.LazyAttribute(
        lambda o: normalise_company_name(o.company_name)
    )
    legal_form = "GmbH"
    street = "Kurt-Schumacher-Allee 1"
    postcode = "45657"
    municipality = "Recklinghausen"
    website = ""
    sector = "Handwerk"
    employees = 45
    apprentices = 3
    training_occupations = "Industriekaufleute"
    contact_first_name = "Erika"
    contact_last_name = "Muster"
    contact_function = "Ausbildungsleitung"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@beispiel.de")
    contact_email_key = factory.LazyAttribute(lambda o: normalise_email(o.contact_email))
    contact_phone = "02361 12345"
    trainer_name = "Max Ausbilder"
    trainer_email = "ausbildung@beispiel.de"
    management_support = True
    team_time = True
    motivation = "Unsere Azubis sollen die Digitalisierung voranbringen."
    first_ideas = ""
    heard_about = "info_event"
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = PRIVACY_NOTICE_VERSION
    submitted_at = factory.LazyFunction(timezone.now)
    # The likely-duplicate keys as the service stores them (no links between applications).
    name_key = factory.LazyAttribute(lambda o: duplicates.name_key(o.company_name))
    address_key = factory.LazyAttribute(lambda o: duplicates.address_key(o.postcode, o.street))
    phone_key = factory.LazyAttribute(lambda o: duplicates.phone_key(o.contact_phone))
    website_host = factory.LazyAttribute(lambda o: duplicates.website_host(o.website))


def application_form_data(**overrides):
    """A complete, valid POST of the application form."""
    data = {
        "company_name": "Müller & Söhne GmbH",
        "legal_form": "GmbH",
        "street": "Hauptstraße 5",
        "postcode": "45657",
        "municipality": "Recklinghausen",
        "website": "www.mueller-soehne.de",
        "sector": "Metallbau",
        "employees": "120",
        "apprentices": "3",
        "training_occupations": "Metallbauer/in, Industriekaufleute",
        "contact_first_name": "Jürgen",
        "contact_last_name": "Müller",
        "contact_function": "Geschäftsführer",
        "contact_email": "j.mueller@mueller-soehne.de",
        "contact_phone": "02361 98765",
        "trainer_name": "Anna Schäfer",
        "trainer_email": "a.schaefer@mueller-soehne.de",
        "management_support": "on",
        "team_time": "on",
        "motivation": "Unsere Azubis kennen die digitale Welt am besten.",
        "first_ideas": "Digitale Lagerverwaltung",
        "heard_about": "info_event",
        "privacy_consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def application_submit_data(**overrides):
    """The company's answers as application_submit takes them (keyword arguments, typed)."""
    data = {
        "company_name": "Müller & Söhne GmbH",
        "legal_form": "GmbH",
        "street": "Hauptstraße 5",
        "postcode": "45657",
        "municipality": "Recklinghausen",
        "website": "",
        "sector": "Metallbau",
        "employees": 120,
        "apprentices": 3,
        "training_occupations": "Metallbauer/in",
        "contact_first_name": "Jürgen",
        "contact_last_name": "Müller",
        "contact_function": "Geschäftsführer",
        "contact_email": "j.mueller@mueller-soehne.de",
        "contact_phone": "02361 98765",
        "trainer_name": "Anna Schäfer",
        "trainer_email": "a.schaefer@mueller-soehne.de",
        "management_support": True,
        "team_time": True,
        "motivation": "Digitalisierung",
        "first_ideas": "",
        "heard_about": "press",
    }
    data.update(overrides)
    return data


def staff_member(username="sachbearbeitung", password="Digiscouts-2021!", *, in_group=True):
    """A staff user, by default in the group "Fachdienst Wirtschaft" (not a superuser)."""
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, email=f"{username}@kreis-re.de"
    )
    if in_group:
        user.groups.add(staff_group_ensure())
    return user
