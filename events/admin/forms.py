"""The admin's forms of the events app: checks without a lock give the message next to
the field; the services check again under the event's lock."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from digiscouts.forms import EmailField, PlainTextField
from digiscouts.phones import PhoneField

from ..forms import PERSONS_CHOICES
from ..models import Event, Registration


class CapacityCheckedForm(forms.ModelForm):
    """An event form (the event's own or a line of the round's inline)."""

    def clean_capacity(self):
        # The message next to the field; event_capacity_update checks again under the lock.
        capacity = self.cleaned_data["capacity"]
        problem = self.instance.capacity_problem(capacity)
        if problem:
            raise forms.ValidationError(problem[0], code=problem[1])
        return capacity


class EventAdminForm(CapacityCheckedForm):
    class Meta:
        model = Event
        fields = [
            "round",
            "kind",
            "title",
            "description",
            "starts_at",
            "duration_minutes",
            "location",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
        ]


class RoundCopyForm(forms.Form):
    """How far the copy moves: a number of weeks, or the new kick-off date."""

    weeks = forms.IntegerField(
        label=_("Um so viele Wochen verschieben"),
        required=False,
        min_value=1,
        max_value=260,
        help_text=_("Zum Beispiel 52: gleiche Wochentage ein Jahr später."),
        error_messages={
            "invalid": _("Bitte geben Sie eine ganze Zahl von Wochen an, z. B. 52."),
            "min_value": _("Bitte geben Sie mindestens 1 Woche an."),
            "max_value": _("Bitte geben Sie höchstens %(limit_value)s Wochen an."),
        },
    )
    kickoff = forms.DateField(
        label=_("oder: Datum des neuen Projektstarts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Alle Termine und Phasen verschieben sich um denselben Abstand."),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 25.05.2022.")},
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_

    def clean(self):
        cleaned = super().clean()
        weeks, kickoff = cleaned.get("weeks"), cleaned.get("kickoff")
        if self.errors:
            return cleaned
        if weeks is None and kickoff is None:
            self.add_error(
                "weeks",
                _(
                    "Bitte geben Sie an, um wie viele Wochen die Runde verschoben wird, oder "
                    "tragen Sie das Datum des neuen Projektstarts ein."
                ),
            )
        elif weeks is not None and kickoff is not None:
            self.add_error(
                "kickoff",
                _(
                    "Bitte geben Sie nur eines an: die Zahl der Wochen oder das Datum des "
                    "neuen Projektstarts."
                ),
            )
        elif kickoff is not None and kickoff <= self.round.start_date:
            self.add_error(
                "kickoff",
                _(
                    "Der neue Projektstart muss nach dem Projektstart der kopierten Runde "
                    "(%(date)s) liegen."
                )
                % {"date": formats.date_format(self.round.start_date, "SHORT_DATE_FORMAT")},
            )
        return cleaned

    def shift(self):
        """The keyword arguments of round_copy: weeks or kickoff."""
        if self.cleaned_data["weeks"] is not None:
            return {"weeks": self.cleaned_data["weeks"]}
        return {"kickoff": self.cleaned_data["kickoff"]}


# The registration's own data in these forms; the admin's form factory adds the rest.
PERSON_FIELD_NAMES = [
    "company",
    "first_name",
    "last_name",
    "function",
    "email",
    "phone",
    "municipality",
    "persons",
    "remark",
]


def _required(message):
    return {"required": message}


class RegistrationPersonFields(forms.ModelForm):
    """The person's data as staff type or correct it; German messages for staff."""

    company = PlainTextField(
        label=_("Unternehmen"),
        max_length=200,
        error_messages=_required(_("Bitte geben Sie den Namen des Unternehmens an.")),
    )
    first_name = PlainTextField(
        label=_("Vorname"),
        max_length=100,
        error_messages=_required(_("Bitte geben Sie den Vornamen an.")),
    )
    last_name = PlainTextField(
        label=_("Nachname"),
        max_length=100,
        error_messages=_required(_("Bitte geben Sie den Nachnamen an.")),
    )
    function = PlainTextField(
        label=_("Funktion im Unternehmen"),
        max_length=120,
        error_messages=_required(_("Bitte geben Sie die Funktion im Unternehmen an.")),
    )
    email = EmailField(
        label=_("E-Mail"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie die E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@firma.de."),
            "max_length": _("Bitte höchstens %(limit_value)d Zeichen eingeben."),
        },
    )
    phone = PhoneField(label=_("Telefon"), required=False)
    municipality = forms.ChoiceField(
        label=_("Kommune"),
        error_messages={
            "required": _("Bitte wählen Sie die Kommune des Unternehmens."),
            "invalid_choice": _("Bitte wählen Sie eine Kommune aus der Liste."),
        },
    )
    persons = forms.TypedChoiceField(
        label=_("Anzahl Personen"),
        choices=PERSONS_CHOICES,
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie die Anzahl der Personen."),
            "invalid_choice": _("Bitte wählen Sie 1, 2 oder 3 Personen."),
        },
    )
    remark = PlainTextField(
        label=_("Anmerkung"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Registration
        fields = PERSON_FIELD_NAMES

    @staticmethod
    def municipality_choices(names, current=None):
        names = list(names)
        if current and current not in names and current != Registration.OTHER_MUNICIPALITY:
            names.append(current)  # a value of an earlier list stays choosable
        return [
            ("", _("Bitte wählen")),
            *[(name, name) for name in names],
            (Registration.OTHER_MUNICIPALITY, _("andere Kommune")),
        ]

    def check_municipality(self, event, municipality):
        allowed = event.round.municipality_names()
        current = self.instance.municipality if self.instance.pk else None
        if municipality in (*allowed, Registration.OTHER_MUNICIPALITY, current):
            return
        self.add_error(
            "municipality",
            _(
                "%(municipality)s gehört nicht zur Partnerregion dieses Termins. Bitte wählen "
                "Sie eine Kommune der Runde oder „andere Kommune“."
            )
            % {"municipality": municipality},
        )


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return f"{event} – {event.round}"


class RegistrationAddForm(RegistrationPersonFields):
    """A registration staff take (e.g. by phone): same seat rules and mails as the website."""

    event = EventChoiceField(
        label=_("Termin"),
        queryset=Event.objects.none(),
        help_text=_(
            "Termine mit Plätzen, die noch nicht begonnen haben. Anders als auf der Website "
            "gilt hier kein Anmeldezeitraum."
        ),
        error_messages={
            "required": _("Bitte wählen Sie den Termin."),
            "invalid_choice": _("Bitte wählen Sie einen Termin aus der Liste."),
        },
    )
    consent_by_phone = forms.BooleanField(
        label=_("Die Person hat der Datenschutzerklärung zugestimmt (z. B. am Telefon)."),
        help_text=_(
            "Weisen Sie die Person auf die Datenschutzerklärung der Website hin. Ohne ihre "
            "Zustimmung darf die Anmeldung nicht gespeichert werden."
        ),
        error_messages=_required(
            _(
                "Bitte bestätigen Sie, dass die Person der Datenschutzerklärung zugestimmt hat. "
                "Ohne Zustimmung kann die Anmeldung nicht gespeichert werden."
            )
        ),
    )

    class Meta(RegistrationPersonFields.Meta):
        fields = ["event", *PERSON_FIELD_NAMES]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = (
            Event.objects.filter(capacity__isnull=False, starts_at__gt=timezone.now())
            .select_related("round")
            .order_by("starts_at", "pk")
        )
        self.fields["event"].queryset = events
        names = []
        for event in events:
            names += [name for name in event.round.municipality_names() if name not in names]
        self.fields["municipality"].choices = self.municipality_choices(names)
        self.fields["persons"].initial = 1

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event")
        if event is None:
            return cleaned
        problem = event.staff_registration_problem()
        if problem:
            self.add_error("event", problem)
            return cleaned
        if cleaned.get("municipality"):
            self.check_municipality(event, cleaned["municipality"])
        if cleaned.get("email"):
            problem = event.email_problem(cleaned["email"])
            if problem:
                self.add_error("email", problem)
        if cleaned.get("persons"):
            problem = event.persons_problem(cleaned["persons"])
            if problem:
                self.add_error("persons", problem)
        return cleaned

    def service_arguments(self):
        """The cleaned data as the keyword arguments of registration_create."""
        names = ["event", *PERSON_FIELD_NAMES]
        return {name: self.cleaned_data[name] for name in names}


class RegistrationCorrectionForm(RegistrationPersonFields):
    """Staff correct a registration; registration_correct saves it and records the change."""

    note = PlainTextField(
        label=_("Grund der Änderung"),
        max_length=500,
        required=False,
        help_text=_("Freiwillig. Steht mit der Änderung im Verlauf."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registration = self.instance
        self.fields["municipality"].choices = self.municipality_choices(
            registration.event.round.municipality_names(), registration.municipality
        )

    def clean(self):
        cleaned = super().clean()
        registration = self.instance
        email = cleaned.get("email")
        if email and "email" in self.changed_data:
            problem = registration.event.email_problem(email, registration)
            if problem:
                self.add_error("email", problem)
        persons = cleaned.get("persons")
        if persons and "persons" in self.changed_data:
            problem = registration.persons_problem(persons)
            if problem:
                self.add_error("persons", problem)
        return cleaned

    def corrections(self):
        """The changed fields as the keyword arguments of registration_correct."""
        changed = [name for name in PERSON_FIELD_NAMES if name in self.changed_data]
        return {name: self.cleaned_data[name] for name in changed}
