"""The participating firm's forms behind its personal link: its idea, and leaving the programme."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from digiscouts.forms import PlainTextField, required_message

from .forms import WithdrawForm
from .models.participation import IDEA_FIELDS


class IdeaForm(forms.Form):
    """Title, short description, tools and the consent to publish; the names are the
    Participation's fields, so a refusal of participation_idea_save finds its field."""

    idea_title = PlainTextField(
        label=_("Titel Ihrer Idee"),
        max_length=200,
        required=False,
        help_text=_("Ein kurzer Name, z. B. „Digitales Lager mit Barcode-Scannern“."),
    )
    idea_description = PlainTextField(
        label=_("Kurzbeschreibung"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Was ändert sich durch Ihre Idee, und für wen? Höchstens 2000 Zeichen, gern in "
            "wenigen Sätzen."
        ),
    )
    idea_tools = PlainTextField(
        label=_("Eingesetzte digitale Werkzeuge"),
        max_length=300,
        required=False,
        help_text=_(
            "Zum Beispiel Tablet-App, Cloud-Speicher oder Messenger; durch Kommas getrennt."
        ),
    )
    idea_publish_consent = forms.BooleanField(
        label=_(
            "Ja, die Idee darf nach der Abschlussveranstaltung auf diesem Portal veröffentlicht "
            "werden."
        ),
        required=False,
        help_text=_(
            "Veröffentlicht werden nur der Name und die Kommune Ihres Unternehmens, der Titel, "
            "die Kurzbeschreibung und die Werkzeuge – keine Namen von Personen. Sie können die "
            "Einwilligung jederzeit über diese Seite widerrufen, auch nach dem Projektende."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            "idea_title",
            "idea_description",
            "idea_tools",
            Fieldset(_("Veröffentlichung"), "idea_publish_consent"),
        )

    @staticmethod
    def initial_from(participation):
        return {name: getattr(participation, name) for name in IDEA_FIELDS}

    def clean(self):
        cleaned = super().clean()
        if "idea_title" in self.errors or cleaned.get("idea_title"):
            return cleaned
        if cleaned.get("idea_publish_consent"):
            self.add_error(
                "idea_title",
                forms.ValidationError(
                    _(
                        "Bitte geben Sie einen Titel für Ihre Idee an, wenn sie veröffentlicht "
                        "werden soll."
                    ),
                    code="consent_without_title",
                ),
            )
        elif cleaned.get("idea_description") or cleaned.get("idea_tools"):
            self.add_error(
                "idea_title",
                forms.ValidationError(
                    _("Bitte geben Sie Ihrer Idee einen Titel, damit wir sie zuordnen können."),
                    code="idea_without_title",
                ),
            )
        return cleaned

    def service_arguments(self):
        """The cleaned data as the keyword arguments of participation_idea_save."""
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}


class ConsentWithdrawForm(forms.Form):
    """Confirms the withdrawal of the consent to publish the idea."""

    confirm = forms.BooleanField(
        label=_("Ja, die Idee soll nicht (mehr) veröffentlicht werden."),
        error_messages=required_message(
            _("Bitte bestätigen Sie, dass Sie die Einwilligung widerrufen.")
        ),
    )


class LeaveForm(WithdrawForm):
    """Asks before a participating firm leaves the programme (its application withdrawn)."""

    confirm = forms.BooleanField(
        label=_("Ja, unser Unternehmen beendet die Teilnahme an Digiscouts."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Ihr Unternehmen die Teilnahme beendet.")
        },
    )
