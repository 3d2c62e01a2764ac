"""Service refusals inside the admin's save, shown next to their field with the input kept.

The admin saves a change form inside one transaction. A service that refuses
under its lock (a seat taken meanwhile, an address another application took)
raises a ServiceError, which rolls the whole save back: nothing of the form is
saved and no log entry is written. The mixin then answers the same POST once
more, with the refusal added to the form (or inline form) and field it names
(``error.field``, ``error.form_prefix``), so nothing typed is lost. Messages
meant for after a successful save wait in ``note_after_save`` until the save is
through, and follow Django's "was changed successfully".
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS

from .errors import ServiceError

_ERROR = "_admin_service_error"
_NOTES = "_admin_notes_after_save"


def _with_refusal(form_class, error):
    """``form_class`` whose clean() adds ``error`` when the form is the one it names."""

    def clean(self):
        cleaned = super(refused, self).clean()
        if getattr(error, "form_prefix", None) == self.prefix:
            field = getattr(error, "field", None)
            field = field if field in self.fields else None
            # The form's own check may now see what the service saw: say it once.
            if error.message not in self.errors.get(field or NON_FIELD_ERRORS, []):
                self.add_error(field, error.message)
        return cleaned

    refused = type(form_class.__name__, (form_class,), {"clean": clean})
    return refused


class ServiceErrorsAtFieldsMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:  # raised inside the admin's transaction: nothing saved
            if getattr(request, _ERROR, None) is not None:
                raise
            setattr(request, _ERROR, error)
            setattr(request, _NOTES, [])
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        error = getattr(request, _ERROR, None)
        return form if error is None else _with_refusal(form, error)

    def get_formsets_with_inlines(self, request, obj=None):
        error = getattr(request, _ERROR, None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if error is not None:
                formset.form = _with_refusal(formset.form, error)
            yield formset, inline

    def note_after_save(self, request, message, level=messages.SUCCESS):
        """A message shown once the save went through (never after a refused one)."""
        notes = getattr(request, _NOTES, None)
        if notes is None:
            notes = []
            setattr(request, _NOTES, notes)
        notes.append((message, level))

    def _flush_notes(self, request):
        for message, level in getattr(request, _NOTES, []):
            self.message_user(request, message, level)
        setattr(request, _NOTES, [])

    # Django's own success message first, then what the save has to add to it.
    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._flush_notes(request)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._flush_notes(request)
        return response
