"""Staff correct an application on its change form, and send the personal link again.

The company's data is checked as the public form checks it (the same fields,
validators and German messages); ApplicationAdmin.save_model hands the changed
fields to application_correct, whose refusal under the row's lock (an address or
company another application holds) stands next to its field, nothing saved.
"""

import copy

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _

from digiscouts.admin_confirm import send_link_page

from ..forms import ApplicationForm
from ..models import APPLICANT_FIELDS, Application
from ..services import application_link_reissue, application_link_send


def public_field(name):
    """The public application form's field ``name`` (validators, German messages, input
    hints), labelled with the model's short name as the rest of the admin is."""
    field = copy.deepcopy(ApplicationForm.base_fields[name])
    field.label = Application._meta.get_field(name).verbose_name
    field.help_text = ""  # the public help speaks to the company
    field.widget.attrs.pop("autocomplete", None)  # the browser would offer staff's own data
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["class"] = "vLargeTextField"
    elif isinstance(field.widget, forms.widgets.Input):
        field.widget.attrs["class"] = "vTextField"
    return field


class ApplicationCorrectionForm(forms.ModelForm):
    """Staff notes and the company's data. The numbers, the municipality and the two
    confirmations keep the model's fields: staff record what the company says, and the
    change form shows the eligibility that follows from it."""

    company_name = public_field("company_name")
    legal_form = public_field("legal_form")
    street = public_field("street")
    postcode = public_field("postcode")
    website = public_field("website")
    sector = public_field("sector")
    training_occupations = public_field("training_occupations")
    contact_first_name = public_field("contact_first_name")
    contact_last_name = public_field("contact_last_name")
    contact_function = public_field("contact_function")
    contact_email = public_field("contact_email")
    contact_phone = public_field("contact_phone")
    trainer_name = public_field("trainer_name")
    trainer_email = public_field("trainer_email")
    motivation = public_field("motivation")
    first_ideas = public_field("first_ideas")
    heard_about = public_field("heard_about")

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

    def clean_employees(self):
        value = self.cleaned_data["employees"]
        if value is not None and value < 1:
            raise forms.ValidationError(
                _("Bitte geben Sie mindestens eine beschäftigte Person an.")
            )
        return value


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
        names = {"reference": application.reference, "email": application.contact_email}
        return send_link_page(
            self,
            request,
            application,
            send=lambda: application_link_send(application=application, by=request.user),
            sent_message=_("%(reference)s: Der persönliche Link wurde an %(email)s gesendet.")
            % names,
            reissue=lambda: application_link_reissue(application=application, by=request.user),
            reissued_message=_(
                "%(reference)s: Ein neuer persönlicher Link wurde an %(email)s gesendet; der "
                "bisherige gilt nicht mehr."
            )
            % names,
            paragraphs=[
                _(
                    "Die Bewerbung %(reference)s erhält eine E-Mail mit ihrem persönlichen Link "
                    "an %(email)s. Mit dem Link sieht das Unternehmen seinen Stand und kann, "
                    "solange das möglich ist, seine Angaben ändern oder die Bewerbung "
                    "zurückziehen."
                )
                % names,
                _(
                    "„Neuen Link senden“ stellt einen neuen Link aus: Der bisherige Link "
                    "öffnet die Bewerbung dann nicht mehr, etwa wenn eine E-Mail mit dem Link "
                    "weitergeleitet wurde oder die Ansprechperson das Unternehmen verlassen hat."
                ),
                _("Der Versand wird im Verlauf der Bewerbung festgehalten."),
            ],
        )
