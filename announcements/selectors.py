"""Who an announcement reaches: exactly the chosen audience of the round."""

from dataclasses import dataclass

from applications.choices import ApplicationStatus
from applications.models import Application
from events.choices import RegistrationStatus

from .choices import Audience


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    record: object  # the registration or application the e-mail is listed with


def announcement_recipients(*, round_, audience, event=None, application_status=""):
    if audience in Audience.of_an_event():
        status = (
            RegistrationStatus.CONFIRMED
            if audience == Audience.EVENT_CONFIRMED
            else RegistrationStatus.WAITLISTED
        )
        registrations = event.registrations.filter(status=status).order_by("created_at", "pk")
        return [Recipient(r.email, r.full_name, r.language, r) for r in registrations]
    status = ApplicationStatus.SELECTED if audience == Audience.SELECTED else application_status
    applications = Application.objects.filter(round=round_, status=status).order_by("number")
    return [Recipient(a.contact_email, a.contact_name, a.language, a) for a in applications]
