"""The public registration form (German, crispy-forms, accessible).

Every message names its field and says how to fix it (required_message); optional
fields say "(freiwillig)" in their label; groups of questions have a legend.
"""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from digiscouts.abuse import HONEYPOT_FIELD, HoneypotFormMixin
from digiscouts.forms import EmailField, PlainTextField, required_message
from digiscouts.phones import PhoneField

from .models import Registration

# The rendered HTML of an unbound public form is the same for every visitor of a round
# in one language (the CSRF token is outside it), so the templates cache it
# ({% cache form.fragment_timeout public_form form.fragment_key %}, docs/performance.md).
# Bump the version whenever a form class, its fields' texts or its crispy layout change.
FORM_FRAGMENT_VERSION = 1
FORM_FRAGMENT_TIMEOUT = 24 * 60 * 60


def round_form_fragment_key(form, name, round_, *built_from):
    """The cache key of the form's rendered HTML, or "" when it must not be cached (a
    bound form shows the visitor's input and errors, initial data their answers).

    ``built_from``: the round's values the form's fields are made from; a change of
    any of them, of the language or of the version makes a new key.
    """
    if form.is_bound or form.initial:
        return ""
    digest = hashlib.sha256(repr(built_from).encode()).hexdigest()[:16]
    return f"{name}:v{FORM_FRAGMENT_VERSION}:{round_.pk}:{digest}:{get_language()}"


PERSONS_CHOICES = [(1, _("1 Person")), (2, _("2 Personen")), (3, _("3 Personen"))]


class RegistrationForm(HoneypotFormMixin, forms.Form):
    company = PlainTextField(
        label=_("Unternehmen"),
        max_length=200,
        error_messages=required_message(_("Bitte geben Sie den Namen Ihres Unternehmens an.")),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    first_name = PlainTextField(
        label=_("Vorname"),
        max_length=100,
        error_messages=required_message(_("Bitte geben Sie Ihren Vornamen an.")),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = PlainTextField(
        label=_("Nachname"),
        max_length=100,
        error_messages=required_message(_("Bitte geben Sie Ihren Nachnamen an.")),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    function = PlainTextField(
        label=_("Funktion im Unternehmen"),
        max_length=120,
        help_text=_("Zum Beispiel Geschäftsführung, Personalleitung oder Ausbildungsleitung."),
        error_messages=required_message(_("Bitte geben Sie Ihre Funktion im Unternehmen an.")),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("An diese Adresse senden wir die Bestätigung und Ihren persönlichen Link."),
        error_messages=required_message(
            _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            invalid=_("Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."),
            max_length=_("Bitte höchstens %(limit_value)d Zeichen eingeben."),
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Telefon (freiwillig)"), required=False)
    municipality = forms.ChoiceField(
        label=_("Kommune des Unternehmens"),
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
        error_messages=required_message(
            _("Bitte wählen Sie die Kommune Ihres Unternehmens."),
            invalid_choice=_("Bitte wählen Sie eine Kommune aus der Liste."),
        ),
    )
    persons = forms.TypedChoiceField(
        label=_("Anzahl der Personen"),
        choices=PERSONS_CHOICES,
        coerce=int,
        initial=1,
        help_text=_("Es können bis zu drei Personen je Unternehmen teilnehmen."),
        error_messages=required_message(
            _("Bitte wählen Sie die Anzahl der Personen."),
            invalid_choice=_("Bitte wählen Sie 1, 2 oder 3 Personen."),
        ),
    )
    remark = PlainTextField(
        label=_("Anmerkung (freiwillig)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        error_messages=required_message(
            _(
                "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und der "
                "Verarbeitung Ihrer Angaben zustimmen; sonst können wir Sie nicht anmelden."
            )
        ),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["municipality"].choices = [
            ("", _("Bitte wählen")),
            *[(name, name) for name in event.round.municipality_names()],
            (Registration.OTHER_MUNICIPALITY, _("andere Kommune")),
        ]
        self.fields["consent"].label = format_html(
            _(
                'Ich habe die <a href="{url}">Datenschutzerklärung</a> gelesen und stimme der '
                "Verarbeitung meiner Angaben zur Anmeldung zu."
            ),
            url=reverse("datenschutz"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Div(Field(HONEYPOT_FIELD), css_class="visually-hidden"),
            Fieldset(_("Ihr Unternehmen"), "company", "municipality"),
            Fieldset(
                _("Ihre Angaben"),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                "function",
                "email",
                "phone",
            ),
            Fieldset(_("Teilnahme"), "persons", "remark"),
            Fieldset(_("Einwilligung"), "consent"),
        )
        # The fields in the order of the page, so the error summary lists them so too.
        self.order_fields(
            [
                HONEYPOT_FIELD,
                "company",
                "municipality",
                "first_name",
                "last_name",
                "function",
                "email",
                "phone",
                "persons",
                "remark",
                "consent",
            ]
        )

    fragment_timeout = FORM_FRAGMENT_TIMEOUT

    @property
    def fragment_key(self):
        """The cache key of the rendered form (see round_form_fragment_key): the same
        for every event of the round, whose municipalities are its only varying part."""
        round_ = self.event.round
        return round_form_fragment_key(self, "registration", round_, round_.municipalities)

    def clean_persons(self):
        persons = self.cleaned_data["persons"]
        problem = self.event.persons_problem(persons)
        if problem:
            raise forms.ValidationError(problem, code="persons_above_capacity")
        return persons

    def service_arguments(self):
        """The cleaned data as the keyword arguments of registration_create."""
        names = [
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
        return {name: self.cleaned_data[name] for name in names}
