"""A file storage in the database, for the attachments of the outbox.

django-post-office keeps attachments in a FileField. On a local directory, a worker
on a second machine could not read them; in the database every worker can.
"""

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

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def size(self, name):
        return len(self._model().objects.get(name=name).content)

    def url(self, name):
        raise NotImplementedError("Outbox attachments are not served over HTTP.")
