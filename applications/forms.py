"""The public forms: the short pre-check and the application form (crispy, in sections).

Every message names its field and says how to fix it (required_message); optional
fields say "(freiwillig)" in their label, the page says that all others are required.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from digiscouts.abuse import HONEYPOT_FIELD, HoneypotFormMixin
from digiscouts.forms import EmailField, PlainTextField, required_message, validate_plain_text
from digiscouts.normalise import normalise_company_name
from digiscouts.phones import PhoneField
from events.forms import FORM_FRAGMENT_TIMEOUT, round_form_fragment_key

from .choices import HeardAbout
from .eligibility import eligibility_problems, parse_whole_number
from .models import APPLICANT_FIELDS

OTHER_MUNICIPALITY = "andere"


def municipality_choices(round_):
    return [
        ("", _("Bitte wählen")),
        *[(name, name) for name in round_.municipality_names()],
        (OTHER_MUNICIPALITY, _("eine andere Kommune")),
    ]


def _number_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", **attrs})


def _text_input(autocomplete):
    return forms.TextInput(attrs={"autocomplete": autocomplete})


def _postcode_field(**kwargs):
    return forms.RegexField(
        regex=r"\A[0-9]{5}\Z",
        strip=True,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
        ),
        **kwargs,
    )


POSTCODE_INVALID = _("Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657.")


def validate_company_name(value):
    # Names without letters or digits would all be one company (normalised_company_name).
    if not normalise_company_name(value):
        raise ValidationError(
            _("Der Name muss mindestens einen Buchstaben oder eine Ziffer enthalten."),
            code="no_letters",
        )


class EligibilityFieldsMixin(forms.Form):
    """The three questions of the pre-check; the full form asks them too."""

    employees = forms.CharField(
        label=_("Wie viele Beschäftigte hat Ihr Unternehmen?"),
        help_text=_("Alle Beschäftigten einschließlich der Auszubildenden, ganze Zahl."),
        widget=_number_input(),
        error_messages=required_message(_("Bitte geben Sie die Zahl der Beschäftigten an.")),
    )
    municipality = forms.ChoiceField(
        label=_("In welcher Kommune hat Ihr Unternehmen seinen Sitz?"),
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
        error_messages=required_message(
            _("Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat."),
            invalid_choice=_("Bitte wählen Sie eine Kommune aus der Liste."),
        ),
    )
    postcode = _postcode_field(
        label=_("Postleitzahl Ihres Unternehmens (freiwillig)"),
        required=False,
        help_text=_("Wenn Sie sie angeben, prüfen wir, ob sie zur Kommune passt."),
        error_messages={"invalid": POSTCODE_INVALID},
    )
    apprentices = forms.CharField(
        label=_("Wie viele Auszubildende sollen im Team mitmachen?"),
        widget=_number_input(),
        error_messages=required_message(
            _("Bitte geben Sie an, wie viele Auszubildende im Team mitmachen.")
        ),
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.fields["municipality"].choices = municipality_choices(round_)
        self.fields["apprentices"].help_text = _(
            "Mindestens %(min)d Auszubildende bilden ein Team."
        ) % {"min": round_.min_apprentices}
        for name in ("employees", "apprentices"):
            self.fields[name].widget.attrs["maxlength"] = 15

    fragment_name = "eligibility"
    fragment_timeout = FORM_FRAGMENT_TIMEOUT

    @property
    def fragment_key(self):
        """The cache key of the rendered unbound form without initial answers, or ""
        (see events.forms.round_form_fragment_key): it changes with the round's
        municipalities and the limits the fields' texts name."""
        round_ = self.round
        return round_form_fragment_key(
            self,
            self.fragment_name,
            round_,
            round_.municipalities,
            round_.min_apprentices,
            round_.max_employees,
        )

    def clean(self):
        cleaned = super().clean()
        # Only well-formed answers can make a company ineligible: a missing, unknown or
        # unparsable answer is a field error and nothing more.
        raw = {name: self.data.get(self.add_prefix(name)) for name in ("employees", "apprentices")}
        malformed = set(self.errors) | {
            name for name, value in raw.items() if parse_whole_number(value) is None
        }
        problems = eligibility_problems(
            self.round,
            municipality=cleaned.get("municipality"),
            postcode=cleaned.get("postcode"),
            **raw,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        for field in ("employees", "apprentices"):
            if field not in self.errors:
                cleaned[field] = parse_whole_number(cleaned.get(field))
        self.eligibility_reasons = [
            message for field, message in problems.items() if field not in malformed
        ]
        return cleaned


class PreCheckForm(EligibilityFieldsMixin):
    """Passt Digiscouts zu Ihrem Unternehmen? Asked by GET; nothing is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Asked by GET: no CSRF token in the form (it would end up in the address, and
        # the rendered form is cached for every visitor: fragment_key).
        self.helper.disable_csrf = True

    fragment_name = "precheck"

    @property
    def input_errors(self):
        """True when an answer is missing or malformed (the error summary's case); a
        well-formed answer that makes the company ineligible is a reason instead."""
        reasons = set(getattr(self, "eligibility_reasons", []))
        return any(message not in reasons for errors in self.errors.values() for message in errors)


class ApplicationForm(HoneypotFormMixin, EligibilityFieldsMixin):
    fragment_name = "application"

    company_name = PlainTextField(
        label=_("Name des Unternehmens"),
        max_length=200,
        validators=[validate_company_name],
        widget=_text_input("organization"),
        error_messages=required_message(_("Bitte geben Sie den Namen Ihres Unternehmens an.")),
    )
    legal_form = PlainTextField(
        label=_("Rechtsform"),
        max_length=60,
        help_text=_("Zum Beispiel GmbH, KG oder e. K."),
        error_messages=required_message(
            _("Bitte geben Sie die Rechtsform Ihres Unternehmens an, z. B. GmbH.")
        ),
    )
    street = PlainTextField(
        label=_("Straße und Hausnummer"),
        max_length=200,
        widget=_text_input("street-address"),
        error_messages=required_message(
            _("Bitte geben Sie Straße und Hausnummer Ihres Unternehmens an.")
        ),
    )
    postcode = _postcode_field(
        label=_("Postleitzahl"),
        error_messages=required_message(
            _("Bitte geben Sie die Postleitzahl Ihres Unternehmens an."),
            invalid=POSTCODE_INVALID,
        ),
    )
    website = forms.URLField(
        label=_("Website (freiwillig)"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[validate_plain_text],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "invalid": _(
                "Bitte geben Sie die Website als Internetadresse an, z. B. www.beispiel.de."
            )
        },
    )
    sector = PlainTextField(
        label=_("Branche"),
        max_length=120,
        error_messages=required_message(_("Bitte geben Sie die Branche Ihres Unternehmens an.")),
    )
    training_occupations = PlainTextField(
        label=_("Ausbildungsberufe der Auszubildenden im Team"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=required_message(
            _("Bitte geben Sie die Ausbildungsberufe der Auszubildenden im Team an.")
        ),
    )
    contact_first_name = PlainTextField(
        label=_("Vorname"),
        max_length=100,
        widget=_text_input("given-name"),
        error_messages=required_message(_("Bitte geben Sie Ihren Vornamen an.")),
    )
    contact_last_name = PlainTextField(
        label=_("Nachname"),
        max_length=100,
        widget=_text_input("family-name"),
        error_messages=required_message(_("Bitte geben Sie Ihren Nachnamen an.")),
    )
    contact_function = PlainTextField(
        label=_("Funktion im Unternehmen"),
        max_length=120,
        widget=_text_input("organization-title"),
        error_messages=required_message(_("Bitte geben Sie Ihre Funktion im Unternehmen an.")),
    )
    contact_email = EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=required_message(
            _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            invalid=_("Bitte geben Sie Ihre E-Mail-Adresse im Format name@beispiel.de an."),
        ),
        help_text=_("An diese Adresse senden wir die Bestätigung und Ihren persönlichen Link."),
    )
    contact_phone = PhoneField(
        label=_("Telefon"),
        error_messages=required_message(_("Bitte geben Sie eine Telefonnummer für Rückfragen an.")),
    )
    # Someone else's data: the browser must not offer the applicant's own name or address.
    trainer_name = PlainTextField(
        label=_("Name der Ausbilderin oder des Ausbilders"),
        max_length=200,
        widget=_text_input("off"),
        error_messages=required_message(
            _("Bitte geben Sie den Namen der Ausbilderin oder des Ausbilders an.")
        ),
    )
    trainer_email = EmailField(
        label=_("E-Mail-Adresse der Ausbilderin oder des Ausbilders"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages=required_message(
            _("Bitte geben Sie die E-Mail-Adresse der Ausbilderin oder des Ausbilders an."),
            invalid=_(
                "Bitte geben Sie die E-Mail-Adresse der Ausbilderin oder des Ausbilders im "
                "Format name@beispiel.de an."
            ),
        ),
    )
    management_support = forms.BooleanField(
        label=_("Die Geschäftsführung unterstützt die Teilnahme an Digiscouts."),
        error_messages=required_message(
            _("Bitte bestätigen Sie, dass die Geschäftsführung das Projekt unterstützt.")
        ),
    )
    team_time = forms.BooleanField(
        label=_(
            "Das Team der Auszubildenden erhält etwa 1 bis 3 Stunden pro Woche für das Projekt."
        ),
        error_messages=required_message(
            _(
                "Bitte bestätigen Sie, dass das Team etwa 1 bis 3 Stunden pro Woche für das "
                "Projekt erhält."
            )
        ),
    )
    motivation = PlainTextField(
        label=_("Warum möchten Sie teilnehmen?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Höchstens 2000 Zeichen."),
        error_messages=required_message(
            _("Bitte beschreiben Sie kurz, warum Sie teilnehmen möchten.")
        ),
    )
    first_ideas = PlainTextField(
        label=_("Erste Ideen für die Digitalisierung (freiwillig)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Höchstens 2000 Zeichen."),
    )
    heard_about = forms.ChoiceField(
        label=_("Wie sind Sie auf Digiscouts aufmerksam geworden?"),
        choices=[("", _("Bitte wählen")), *HeardAbout.choices],
        error_messages=required_message(
            _("Bitte wählen Sie, wie Sie auf Digiscouts aufmerksam geworden sind."),
            invalid_choice=_(
                "Bitte wählen Sie aus der Liste, wie Sie auf Digiscouts aufmerksam geworden sind."
            ),
        ),
    )
    privacy_consent = forms.BooleanField(
        error_messages=required_message(
            _(
                "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und mit "
                "der Verarbeitung Ihrer Angaben einverstanden sind."
            )
        ),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("employees", "municipality", "apprentices"):
            self.fields[name].label = {
                "employees": _("Zahl der Beschäftigten"),
                "municipality": _("Kommune (Sitz des Unternehmens)"),
                "apprentices": _("Zahl der Auszubildenden im Team"),
            }[name]
        self.fields["privacy_consent"].label = format_html(
            _(
                'Ich habe die <a href="{url}">Datenschutzerklärung</a> gelesen und bin mit der '
                "Verarbeitung meiner Angaben für die Bewerbung einverstanden."
            ),
            url=reverse("datenschutz"),
        )
        if editing:
            del self.fields["privacy_consent"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(*self._sections(editing))
        # The fields in the order of the page, so the error summary lists them so too.
        self.order_fields([name for section in self.helper.layout for name in section.fields])

    def _sections(self, editing):
        sections = [
            Fieldset(
                _("Ihr Unternehmen"),
                "company_name",
                "legal_form",
                "website",
                "sector",
                "employees",
            ),
            Fieldset(_("Anschrift des Unternehmens"), "street", "postcode", "municipality"),
            Fieldset(_("Team der Auszubildenden"), "apprentices", "training_occupations"),
            Fieldset(
                _("Ansprechperson für die Bewerbung"),
                "contact_first_name",
                "contact_last_name",
                "contact_function",
                "contact_email",
                "contact_phone",
            ),
            Fieldset(_("Ausbilderin oder Ausbilder"), "trainer_name", "trainer_email"),
            Fieldset(
                _("Rückhalt der Geschäftsführung und Zeit"), "management_support", "team_time"
            ),
            Fieldset(_("Motivation und erste Ideen"), "motivation", "first_ideas", "heard_about"),
        ]
        if not editing:
            sections.append(Fieldset(_("Einwilligung"), "privacy_consent"))
        sections.append(Fieldset(_("Bitte nicht ausfüllen"), HONEYPOT_FIELD, css_class="hp-field"))
        return sections

    @staticmethod
    def initial_from(application):
        """The stored answers of an application, to edit them."""
        return {name: getattr(application, name) for name in APPLICANT_FIELDS}

    def service_arguments(self):
        """The cleaned answers as the keyword arguments of application_submit/_update."""
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class WithdrawForm(forms.Form):
    """Asks before the application is withdrawn."""

    confirm = forms.BooleanField(
        label=_("Ja, ich möchte die Bewerbung zurückziehen."),
        error_messages=required_message(
            _("Bitte bestätigen Sie, dass Sie die Bewerbung zurückziehen möchten.")
        ),
    )
