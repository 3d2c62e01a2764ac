"""The form staff write an announcement with; the only input path of the admin view."""

import hashlib
import json

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications.choices import ApplicationStatus
from digiscouts.forms import PlainTextField
from events.models import Event, Milestone, Round

from .choices import Audience, ReminderKind
from .reminders import is_proposal


class MilestoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(round)s: %(title)s (fällig am %(due)s)") % {
            "round": obj.round,
            "title": obj.title,
            "due": date_format(obj.due_date, "SHORT_DATE_FORMAT"),
        }


class AnnouncementForm(forms.Form):
    round = forms.ModelChoiceField(
        Round.objects.order_by("-start_date", "pk"), label=_("Programmrunde")
    )
    audience = forms.ChoiceField(label=_("Empfängerkreis"), choices=Audience.choices)
    event = forms.ModelChoiceField(
        Event.objects.select_related("round").order_by("-starts_at", "pk"),
        label=_("Termin"),
        required=False,
        help_text=_(
            "Nur für die Anmeldungen oder die Warteliste eines Termins und für die "
            "Erinnerung an einen Termin."
        ),
    )
    milestone = MilestoneChoiceField(
        Milestone.objects.select_related("round").order_by(
            "-round__start_date", "round_id", "position", "due_date", "pk"
        ),
        label=_("Meilenstein"),
        required=False,
        help_text=_(
            "Nur für Teilnehmende, die einen Meilenstein noch nicht erreicht haben oder mit "
            "ihm im Rückstand sind."
        ),
    )
    application_status = forms.ChoiceField(
        label=_("Status der Bewerbungen"),
        choices=[("", "—"), *ApplicationStatus.choices],
        required=False,
        help_text=_("Nur für „Bewerbungen mit einem bestimmten Status“."),
    )
    # Set by the round overview's reminder links (admin._prefilled_form): the proposed
    # text, sent unchanged, goes to each firm in its language.
    reminder = forms.ChoiceField(
        choices=[("", "—"), *ReminderKind.choices], required=False, widget=forms.HiddenInput
    )
    subject = PlainTextField(label=_("Betreff"), max_length=200)
    body = PlainTextField(
        label=_("Nachricht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Die Anrede mit dem Namen und die Grußformel mit den Kontaktdaten der Runde "
            "fügt das Portal hinzu."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        audience, event, round_ = (cleaned.get(k) for k in ("audience", "event", "round"))
        if audience in Audience.of_an_event():
            if event is None:
                self.add_error(
                    "event",
                    _("Bitte wählen Sie den Termin, dessen Anmeldungen die Mitteilung erhalten."),
                )
            elif round_ is not None and event.round_id != round_.pk:
                self.add_error(
                    "event", _("Dieser Termin gehört nicht zur gewählten Programmrunde.")
                )
        elif audience in Audience.of_a_milestone():
            milestone = cleaned.get("milestone")
            if milestone is None:
                self.add_error(
                    "milestone",
                    _("Bitte wählen Sie den Meilenstein, an den die Mitteilung erinnert."),
                )
            elif round_ is not None and milestone.round_id != round_.pk:
                self.add_error(
                    "milestone", _("Dieser Meilenstein gehört nicht zur gewählten Programmrunde.")
                )
        elif audience == Audience.APPLICANTS and not cleaned.get("application_status"):
            self.add_error(
                "application_status",
                _("Bitte wählen Sie den Status der Bewerbungen, die die Mitteilung erhalten."),
            )
        self._clean_reminder(cleaned)
        return cleaned

    def _clean_reminder(self, cleaned):
        """A reminder of an event needs an event of the round; a reminder that no longer
        fits the chosen audience (staff changed it) is none."""
        reminder, audience = cleaned.get("reminder"), cleaned.get("audience")
        if reminder == ReminderKind.EVENT and audience in Audience.of_an_event_reminder():
            event, round_ = cleaned.get("event"), cleaned.get("round")
            if event is None:
                self.add_error(
                    "event", _("Bitte wählen Sie den Termin, an den die Mitteilung erinnert.")
                )
            elif round_ is not None and event.round_id != round_.pk:
                self.add_error(
                    "event", _("Dieser Termin gehört nicht zur gewählten Programmrunde.")
                )
        elif not (reminder == ReminderKind.MILESTONE and audience in Audience.of_a_milestone()):
            cleaned["reminder"] = ""

    def selection(self):
        """The audience as the selector and the service take it; unused choices dropped."""
        audience = self.cleaned_data["audience"]
        with_event = (
            audience in Audience.of_an_event()
            or self.cleaned_data["reminder"] == ReminderKind.EVENT
        )
        return {
            "round_": self.cleaned_data["round"],
            "audience": audience,
            "event": self.cleaned_data["event"] if with_event else None,
            "application_status": (
                self.cleaned_data["application_status"] if audience == Audience.APPLICANTS else ""
            ),
            "milestone": (
                self.cleaned_data["milestone"] if audience in Audience.of_a_milestone() else None
            ),
        }

    def message(self):
        """Subject and body; with the reminder's kind when they are its unchanged German
        proposal (then each recipient gets the proposal in their language)."""
        text = {"subject": self.cleaned_data["subject"], "body": self.cleaned_data["body"]}
        selection = self.selection()
        unchanged = is_proposal(
            kind=self.cleaned_data["reminder"],
            audience=selection["audience"],
            milestone=selection["milestone"],
            event=selection["event"],
            **text,
        )
        return {**text, "reminder_kind": self.cleaned_data["reminder"] if unchanged else ""}

    @property
    def is_reminder(self):
        """Opened for a reminder: the page says how the proposal and an own text go out."""
        return bool(self.data.get("reminder") or self.initial.get("reminder"))

    def fingerprint(self, recipients):
        """Changes when the text or the recipients change: the send button acts only on
        exactly what the preview showed."""
        selection = self.selection()
        data = {
            **self.message(),
            "round": selection["round_"].pk,
            "audience": selection["audience"],
            "event": selection["event"].pk if selection["event"] else None,
            "status": selection["application_status"],
            "milestone": selection["milestone"].pk if selection["milestone"] else None,
            "to": [recipient.email for recipient in recipients],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
