"""The legal texts in the admin: staff edit the Impressum, the Datenschutzerklärung and the
Erklärung zur Barrierefreiheit. The three rows exist (migration 0003); none is added or
deleted. Each save records who changed the text and when (the page's "Stand"); the German
and the English text have their own dates, and the form says which one is older: the
English page shows the English text only while it is at least as new as the German one.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.selectors import round_for_home

from .admin_history import OwnHistoryMixin
from .legal_text import (
    PLACEHOLDERS,
    english_is_current,
    legal_text_save,
    placeholder_values,
    unknown_placeholders,
)
from .models import MARKUP_HELP, LegalText


def _placeholder_list(names):
    return ", ".join(f"{{{name}}}" for name in names)


class PlainTextField(forms.CharField):
    """Text from a textarea, its line breaks as "\n" whatever the browser sent: a text
    saved unchanged compares equal to the stored one and keeps its date."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class LegalTextForm(forms.ModelForm):
    confirm_en = forms.BooleanField(
        label=_("Englischer Text ist aktuell"),
        required=False,
        help_text=_(
            "Haken setzen, wenn der englische Text nach einer Änderung am deutschen weiter "
            "passt: Die englische Seite zeigt ihn dann wieder."
        ),
    )

    class Meta:
        model = LegalText
        fields = ["body", "body_en"]
        field_classes = {"body": PlainTextField, "body_en": PlainTextField}
        help_texts = {
            "body": format_lazy(
                "{} {}",
                MARKUP_HELP,
                format_lazy(
                    _(
                        "Werte aus den Einstellungen fügen Sie mit diesen Platzhaltern ein "
                        "(Bedeutung und Wert in der Tabelle unter dem Feld): {placeholders}"
                    ),
                    placeholders=_placeholder_list(p.name for p in PLACEHOLDERS),
                ),
            )
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField"}),
            "body_en": forms.Textarea(attrs={"rows": 15, "class": "vLargeTextField"}),
        }

    def clean_body(self):
        return self._known_placeholders_only(self.cleaned_data["body"])

    def clean_body_en(self):
        return self._known_placeholders_only(self.cleaned_data["body_en"])

    @staticmethod
    def _known_placeholders_only(text):
        unknown = unknown_placeholders(text)
        if unknown:
            raise ValidationError(
                ngettext(
                    "Den Platzhalter %(unknown)s gibt es nicht. Möglich sind: %(known)s.",
                    "Die Platzhalter %(unknown)s gibt es nicht. Möglich sind: %(known)s.",
                    len(unknown),
                )
                % {
                    "unknown": _placeholder_list(unknown),
                    "known": _placeholder_list(p.name for p in PLACEHOLDERS),
                },
                code="unknown_placeholder",
            )
        return text


@admin.register(LegalText)
class LegalTextAdmin(OwnHistoryMixin, admin.ModelAdmin):
    form = LegalTextForm
    list_display = ["kind", "updated_at", "changed_by"]
    list_select_related = ["updated_by"]
    fields = [
        "kind",
        "updated_at",
        "updated_at_en",
        "changed_by",
        "versions",
        "body",
        "placeholders",
        "body_en",
        "confirm_en",
    ]
    readonly_fields = [
        "kind",
        "placeholders",
        "updated_at",
        "updated_at_en",
        "changed_by",
        "versions",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Each text keeps its date unless it changed; "aktuell" dates the English one.
        changed = [name for name in ("body", "body_en") if name in form.changed_data]
        if form.cleaned_data.get("confirm_en") and obj.body_en.strip():
            changed = [*changed, "body_en"] if "body_en" not in changed else changed
        if changed:
            legal_text_save(obj, by=request.user, changed=changed)

    @admin.display(description=_("Deutsche und englische Fassung"))
    def versions(self, obj):
        if not obj.body_en.strip():
            return _(
                "Es gibt keinen englischen Text: Die englische Seite zeigt den deutschen Text "
                "mit dem Hinweis, dass er nur auf Deutsch vorliegt."
            )
        dates = {
            "de": self._when(obj.updated_at),
            "en": self._when(obj.updated_at_en),
        }
        if not english_is_current(obj):
            return (
                _(
                    "Der englische Text ist älter als der deutsche (Deutsch: %(de)s, Englisch: "
                    "%(en)s). Die englische Seite zeigt darum den deutschen Text, bis Sie den "
                    "englischen ändern oder als aktuell bestätigen."
                )
                % dates
            )
        if obj.updated_at_en == obj.updated_at:
            return _("Beide Fassungen haben denselben Stand (%(de)s).") % dates
        return (
            _(
                "Der deutsche Text ist älter als der englische (Deutsch: %(de)s, Englisch: "
                "%(en)s). Die englische Seite zeigt den englischen Text."
            )
            % dates
        )

    @staticmethod
    def _when(moment):
        if moment is None:
            return "–"
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")

    @admin.display(description=_("zuletzt geändert von"))
    def changed_by(self, obj):
        user = obj.updated_by
        if user is None:  # the shipped default, or a user since deleted
            return "–"
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("Platzhalter für Werte aus den Einstellungen"))
    def placeholders(self, obj):
        values = placeholder_values(round_for_home())
        rows = format_html_join(
            "",
            "<tr><td><code>{{{}}}</code></td><td>{}</td><td>{}</td></tr>",
            ((p.name, p.meaning, values[p.name] or "–") for p in PLACEHOLDERS),
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _(
                "Schreiben Sie einen Platzhalter mit seinen geschweiften Klammern in den Text; "
                "die Seite zeigt an seiner Stelle den aktuellen Wert."
            ),
            _("Platzhalter"),
            _("Bedeutung"),
            _("Wert zurzeit"),
            rows,
        )
