"""Admin actions of the application list: each calls a service per application.

The status actions ask first where something would be lost (status_actions); the
decision e-mail is previewed first (decisions); the exports download at once.
"""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports import XLSX, export_response, round_of
from ..models import ApplicationStatus
from ..services import (
    application_reject,
    application_reopen,
    application_reserve,
    application_select,
    application_shortlist,
)
from .decisions import send_decisions
from .privacy import erase_company_data, export_company_data
from .status_actions import run_status_action

S = ApplicationStatus


@admin.action(description=gettext_lazy("In die engere Auswahl nehmen"), permissions=["change"])
def shortlist_applications(modeladmin, request, queryset):
    texts = {
        "title": _("In die engere Auswahl nehmen"),
        "submit": _("Ja, in die engere Auswahl nehmen"),
        "done": _("In die engere Auswahl genommen: %(references)s."),
    }
    return run_status_action(
        modeladmin,
        request,
        queryset,
        target=S.SHORTLISTED,
        service=application_shortlist,
        texts=texts,
    )


@admin.action(description=gettext_lazy("Auswählen"), permissions=["change"])
def select_applications(modeladmin, request, queryset):
    texts = {
        "title": _("Auswählen"),
        "submit": _("Ja, auswählen"),
        "done": _("Ausgewählt: %(references)s."),
    }
    return run_status_action(
        modeladmin, request, queryset, target=S.SELECTED, service=application_select, texts=texts
    )


@admin.action(description=gettext_lazy("Auf die Nachrückerliste setzen"), permissions=["change"])
def reserve_applications(modeladmin, request, queryset):
    texts = {
        "title": _("Auf die Nachrückerliste setzen"),
        "submit": _("Ja, auf die Nachrückerliste setzen"),
        "done": _("Auf die Nachrückerliste gesetzt: %(references)s."),
    }
    return run_status_action(
        modeladmin, request, queryset, target=S.RESERVE, service=application_reserve, texts=texts
    )


@admin.action(description=gettext_lazy("Absagen"), permissions=["change"])
def reject_applications(modeladmin, request, queryset):
    texts = {
        "title": _("Absagen"),
        "submit": _("Ja, absagen"),
        "done": _("Abgesagt: %(references)s."),
    }
    return run_status_action(
        modeladmin, request, queryset, target=S.REJECTED, service=application_reject, texts=texts
    )


@admin.action(
    description=gettext_lazy("Wieder aufnehmen (abgesagt oder zurückgezogen)"),
    permissions=["change"],
)
def reopen_applications(modeladmin, request, queryset):
    texts = {
        "title": _("Wieder aufnehmen"),
        "submit": _("Ja, wieder aufnehmen"),
        "done": _("Wieder aufgenommen (jetzt „eingegangen“): %(references)s."),
    }
    return run_status_action(
        modeladmin, request, queryset, target=S.SUBMITTED, service=application_reopen, texts=texts
    )


@admin.action(
    description=gettext_lazy("Markierte Bewerbungen als CSV exportieren"), permissions=["view"]
)
def export_applications(modeladmin, request, queryset):
    return export_response(round_=round_of(queryset), queryset=queryset)


@admin.action(
    description=gettext_lazy("Markierte Bewerbungen als Excel-Datei (XLSX) exportieren"),
    permissions=["view"],
)
def export_applications_xlsx(modeladmin, request, queryset):
    return export_response(round_=round_of(queryset), queryset=queryset, file_format=XLSX)


# The actions of the application list, in the order staff see them.
ACTIONS = [
    shortlist_applications,
    select_applications,
    reserve_applications,
    reject_applications,
    reopen_applications,
    send_decisions,
    export_applications,
    export_applications_xlsx,
    export_company_data,
    erase_company_data,
]
