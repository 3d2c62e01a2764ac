"""Deleting a participant's personal data takes the admin's log of its participation along."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from applications.models import Application, Participation
from applications.services import application_erase, application_select, round_anonymise
from tests.factories import ApplicationFactory, RoundFactory, staff_member

pytestmark = pytest.mark.django_db


def _participant(round_, company_name):
    application = ApplicationFactory(round=round_, company_name=company_name)
    return application_select(application=application).participation


def _log(user, obj):
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[obj], action_flag=CHANGE, change_message="Coach eingetragen"
    )


def _log_names(model):
    return sorted(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
            "object_repr", flat=True
        )
    )


def test_round_anonymise_names_participations_in_the_admin_log_by_reference_only():
    clerk = staff_member("clerk")
    round_ = RoundFactory()
    first = _participant(round_, "Firma 3 GmbH")
    second = _participant(round_, "Malerbetrieb Jürgen Müller e. K.")
    for participation in (first, second):
        _log(clerk, participation)
        _log(clerk, participation.application)
    assert _log_names(Participation) == sorted(
        [
            f"{first.application.reference} Firma 3 GmbH",
            f"{second.application.reference} Malerbetrieb Jürgen Müller e. K.",
        ]
    )

    round_anonymise(round_=round_)

    assert _log_names(Participation) == sorted(
        [
            f"{first.application.reference} anonymisiert",
            f"{second.application.reference} anonymisiert",
        ]
    )
    assert _log_names(Application) == _log_names(Participation)


def test_application_erase_names_the_participation_in_the_admin_log_by_reference_only():
    clerk = staff_member("clerk")
    round_ = RoundFactory()
    erased = _participant(round_, "Firma 3 GmbH")
    kept = _participant(round_, "Firma 4 GmbH")
    _log(clerk, erased)
    _log(clerk, kept)

    application_erase(application=erased.application, by=clerk)

    assert _log_names(Participation) == sorted(
        [
            f"{erased.application.reference} anonymisiert",
            f"{kept.application.reference} Firma 4 GmbH",
        ]
    )
