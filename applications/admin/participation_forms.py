"""The forms of the participation admin: the team on the change form, and the pages that
record a milestone, take one back and record a drop-out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Participation
from ..models.participation import TEAM_FIELDS


class ParticipationForm(forms.ModelForm):
    """Team, trainer and coach; saved through participation_update."""

    team_size = forms.IntegerField(
        label=Participation._meta.get_field("team_size").verbose_name,
        min_value=1,
        max_value=99,
        error_messages={
            "required": _("Bitte geben Sie an, wie viele Auszubildende im Team sind."),
            "min_value": _("Im Team ist mindestens eine Auszubildende oder ein Auszubildender."),
            "max_value": _("Bitte geben Sie höchstens %(limit_value)s Auszubildende an."),
            "invalid": _("Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an."),
        },
    )

    class Meta:
        model = Participation
        fields = list(TEAM_FIELDS)


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), accessible without the admin's script."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReachForm(forms.Form):
    required_css_class = "required"

    reached_on = forms.DateField(
        label=_("erreicht am"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie an, wann der Meilenstein erreicht wurde."),
            "invalid": _("Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 12.06.2021."),
        },
    )
    note = forms.CharField(
        label=_("Notiz"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 30}),
    )


class UndoForm(forms.Form):
    note = forms.CharField(
        label=_("Grund (für den Verlauf)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class DropOutForm(forms.Form):
    required_css_class = "required"

    on = forms.DateField(
        label=_("Ausgestiegen am"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie das Datum des Ausstiegs an."),
            "invalid": _("Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 12.06.2021."),
        },
    )
    reason = forms.CharField(
        label=_("Grund"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Bitte geben Sie den Grund für den Ausstieg an.")},
    )


def add_refusal(form, error):
    """A service's refusal at its field (ParticipationError.field), else above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)
