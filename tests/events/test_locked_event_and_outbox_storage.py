"""Fewer queries per registration: the locked event brings its round, and an outbox
attachment is stored without asking first whether its (UUID) name is taken."""

import pytest
from django.core.files.base import ContentFile

from digiscouts.models import OutboxFile
from digiscouts.outbox_storage import DatabaseStorage
from events.services.seats import locked_event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_locked_event_reads_its_round_in_the_same_query(django_assert_num_queries):
    event = EventFactory(round__title="Digiscouts 2021")

    with django_assert_num_queries(1):
        locked = locked_event(event)
        title = locked.round.title

    assert (locked.pk, title) == (event.pk, "Digiscouts 2021")


def test_outbox_storage_saves_an_attachment_in_one_query(django_assert_num_queries):
    storage = DatabaseStorage()

    with django_assert_num_queries(1):
        name = storage.save("post_office_attachments/2021/5/26/abc.ics", ContentFile(b"BEGIN"))

    assert name == "post_office_attachments/2021/5/26/abc.ics"
    assert bytes(OutboxFile.objects.get(name=name).content) == b"BEGIN"
