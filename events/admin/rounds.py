"""Rounds: built on one page with their events, phases and milestones, and copied for the
next year."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import models, router
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digiscouts.admin_confirm import action_confirmed, confirmation_page
from digiscouts.admin_history import OwnHistoryMixin
from digiscouts.admin_service_errors import ServiceErrorsAtFieldsMixin
from digiscouts.errors import ServiceError

from ..models import Event, Milestone, Phase, Round
from ..services import milestones_add_defaults, round_copy
from .event_saves import hold_back, save_held_back
from .forms import CapacityCheckedForm, RoundCopyForm


class EventInlineForm(CapacityCheckedForm):
    class Meta:
        model = Event
        fields = "__all__"


class EventInline(admin.StackedInline):
    model = Event
    form = EventInlineForm
    extra = 0
    fields = [
        ("kind", "title"),
        ("starts_at", "duration_minutes"),
        ("location", "online_url"),
        ("capacity", "registration_opens_at", "registration_closes_at"),
        "participants_only",
        "description",
    ]
    show_change_link = True


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["title", "start_date", "end_date", "description"]


def deletion_blockers(instance):
    """What refers to ``instance`` and keeps it from being deleted (PROTECT), as
    "2 erreichte Meilensteine"; empty when it can go. Generic: the events app does not
    know the models that point at its milestones."""
    collector = NestedObjects(using=router.db_for_write(type(instance)))
    collector.collect([instance])
    counts = {}
    for obj in collector.protected:
        counts[obj._meta] = counts.get(obj._meta, 0) + 1
    return [
        f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
        for opts, count in counts.items()
    ]


class MilestoneFormSet(forms.BaseInlineFormSet):
    """Deleting a milestone that a participant reached (or a reminder named) is refused
    with a German message above the milestones; nothing of the round is saved."""

    def clean(self):
        # Before the formsets' own checks: Django's refusal of a protected deletion,
        # raised in there, names the objects but not what staff can do.
        refusals = []
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            blockers = deletion_blockers(form.instance)
            if blockers:
                refusals.append(
                    gettext(
                        "Der Meilenstein „%(milestone)s“ lässt sich nicht löschen, weil "
                        "Einträge darauf verweisen (%(blockers)s). Ein versehentlich als "
                        "erreicht eingetragener Meilenstein wird bei der Teilnahme "
                        "zurückgenommen; sonst ändern Sie Titel oder Datum."
                    )
                    % {"milestone": form.instance.title, "blockers": ", ".join(blockers)}
                )
        if refusals:
            raise ValidationError(refusals, code="milestone_in_use")
        super().clean()


class MilestoneInline(admin.TabularInline):
    """The round's milestones, in order; a new round gets RKW's steps (save_related)."""

    model = Milestone
    formset = MilestoneFormSet
    extra = 0
    fields = ["position", "title", "due_date", "description"]
    formfield_overrides = {
        # One line per milestone in the table; longer texts still fit.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


@admin.register(Round)
class RoundAdmin(OwnHistoryMixin, ServiceErrorsAtFieldsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "partner_region",
        "year",
        "places",
        "start_date",
        "end_date",
        "is_published",
    ]
    list_filter = ["is_published", "year", "partner_region"]
    search_fields = ["title", "partner_region", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventInline, PhaseInline, MilestoneInline]
    actions = ["copy_round"]
    copy_template = "admin/events/round/copy_confirm.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "partner_region", "year", "summary", "is_published"]}),
        (
            _("Teilnahmebedingungen"),
            {"fields": ["places", "max_employees", "min_apprentices", "municipalities"]},
        ),
        (
            _("Zeitraum"),
            {
                "fields": [
                    ("application_start", "application_end"),
                    "decisions_by",
                    ("start_date", "end_date"),
                ]
            },
        ),
        (
            _("Ansprechperson"),
            {"fields": ["contact_name", "contact_unit", "contact_phone", "contact_email"]},
        ),
    ]

    def save_formset(self, request, form, formset, change):
        """Events' capacities, times and places change through their services, as on the
        event's own page (event_saves)."""
        if formset.model is not Event:
            super().save_formset(request, form, formset, change)
            return
        held = []
        for event_form in formset.initial_forms:
            if event_form in formset.deleted_forms:
                continue
            values = hold_back(event_form, event_form.instance)
            if values:
                held.append((event_form, values))
        super().save_formset(request, form, formset, change)
        for event_form, values in held:
            try:
                save_held_back(self, request, event_form.instance, values)
            except ServiceError as error:
                error.form_prefix = event_form.prefix  # shown at that event's field
                raise

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new round saved without milestones gets RKW's steps, dated from its start.
            added = milestones_add_defaults(round_=form.instance)
            if added:
                self.note_after_save(
                    request,
                    gettext(
                        "Die Runde hat die %(count)d üblichen Meilensteine erhalten; Sie können "
                        "sie im Formular der Runde ändern."
                    )
                    % {"count": len(added)},
                    messages.INFO,
                )

    @admin.action(description=_("Runde kopieren"), permissions=["add"])
    def copy_round(self, request, queryset):
        """Asks for the shift (weeks or kick-off date) first; copies on the confirmed POST."""
        rounds = list(queryset[:2])
        if len(rounds) != 1:
            self.message_user(
                request,
                _("Bitte markieren Sie genau eine Runde, die kopiert werden soll."),
                messages.WARNING,
            )
            return None
        (source,) = rounds
        confirmed = action_confirmed(request)
        form = RoundCopyForm(request.POST if confirmed else None, round_=source)
        if confirmed and form.is_valid():
            try:
                new = round_copy(round_=source, **form.shift())
            except ServiceError as error:
                field = getattr(error, "field", None)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                self.log_addition(request, new, _("Kopie von „%(round)s“") % {"round": source})
                url = reverse("admin:events_round_change", args=[new.pk])
                self.message_user(
                    request,
                    format_html(
                        _(
                            'Die Runde „<a href="{url}">{title}</a>“ ist angelegt '
                            "(Kurzname {slug}, nicht veröffentlicht). Prüfen Sie Termine und "
                            "Texte und veröffentlichen Sie die Runde dann."
                        ),
                        url=url,
                        title=new.title,
                        slug=new.slug,
                    ),
                    messages.SUCCESS,
                )
                return None
        return confirmation_page(
            self,
            request,
            template=self.copy_template,
            title=_("Runde kopieren"),
            action="copy_round",
            objects=[source],
            submit_label=_("Runde kopieren"),
            form=form,
            source=source,
            events=list(source.events.order_by("starts_at", "pk")),
            phases=list(source.phases.order_by("start_date", "pk")),
        )
