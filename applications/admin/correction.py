"""Staff correct an application on its change form, and send the personal link again.

The form checks a correction before anything is saved, so a refusal stands next
to its field; ApplicationAdmin.save_model hands the changed fields to
application_correct, which checks again under the row's lock.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from digiscouts.phones import normalise_phone

from ..models import APPLICANT_FIELDS, Application
from ..services import ApplicationError, application_link_send, correction_conflicts


class ApplicationCorrectionForm(forms.ModelForm):
    class Meta:
        model = Application
        # The editable fields; the admin's fieldsets decide which are shown.
        fields = ["staff_notes", *APPLICANT_FIELDS]

    def corrected(self):
        """The changed company and contact data, as the service takes them."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in APPLICANT_FIELDS and name in self.cleaned_data
        }

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"]
        # A stored number is left as it is; a corrected one takes the one stored format.
        if "contact_phone" in self.changed_data:
            return normalise_phone(value)
        return value

    def clean_employees(self):
        value = self.cleaned_data["employees"]
        if value is not None and value < 1:
            raise forms.ValidationError(
                _("Bitte geben Sie mindestens eine beschäftigte Person an.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and not self.errors:
            # The model form writes the input onto the instance only after clean():
            # the instance still holds the stored values here.
            conflicts = correction_conflicts(self.instance, self.corrected())
            for field, message in conflicts.items():
                self.add_error(field, message)
        return cleaned


class PersonalLinkViewMixin:
    """For ApplicationAdmin: "Persönlichen Link senden", asked on GET, sent on POST."""

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/link-senden/",
                self.admin_site.admin_view(self.send_link_view),
                name="applications_application_send_link",
            ),
        ]
        return urls + super().get_urls()

    def send_link_view(self, request, object_id):
        application = get_object_or_404(Application.objects.select_related("round"), pk=object_id)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        change_url = reverse("admin:applications_application_change", args=[application.pk])
        if request.method == "POST":
            try:
                application_link_send(application=application, by=request.user)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("%(reference)s: Der persönliche Link wurde an %(email)s gesendet.")
                    % {"reference": application.reference, "email": application.contact_email},
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Persönlichen Link senden"),
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/applications/application/send_link_confirm.html", context
        )
