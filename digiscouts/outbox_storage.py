"""A file storage in the database, for the attachments of the outbox.

django-post-office keeps attachments in a FileField. On a local directory, a worker
on a second machine could not read them; in the database every worker can.
"""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible


@deconstructible
class DatabaseStorage(Storage):
    def _model(self):
        from .models import OutboxFile  # the storage is built before the apps are ready

        return OutboxFile

    def _open(self, name, mode="rb"):
        row = self._model().objects.get(name=name)
        return ContentFile(bytes(row.content), name=name)

    def _save(self, name, content):
        self._model().objects.create(name=name, content=content.read())
        return name

    def get_available_name(self, name, max_length=None):
        """The name as it is: post_office names each attachment with a new UUID
        (post_office.models.get_upload_path), so Django's check for a free name, one
        query per stored attachment, never finds one taken. The unique name column still
        refuses a duplicate rather than overwrite it."""
        if max_length is not None and len(name) > max_length:
            raise SuspiciousFileOperation(
                f"Storage can not find an available filename for {name!r}."
            )
        return name

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def size(self, name):
        return len(self._model().objects.get(name=name).content)

    def url(self, name):
        raise NotImplementedError("Outbox attachments are not served over HTTP.")
