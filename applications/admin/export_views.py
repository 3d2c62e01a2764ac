"""The export downloads of a round and the application list's summary of places per round."""

import functools
import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from events.models import Round

from ..exports import ALL, CSV, SELECTED, XLSX, export_response
from ..selectors import first_reserves, rounds_with_places

# (URL suffix, URL name suffix, what, file format) of a round's four downloads.
ROUND_EXPORTS = [
    ("", "", SELECTED, CSV),
    ("xlsx/", "_xlsx", SELECTED, XLSX),
    ("alle/", "_all", ALL, CSV),
    ("alle/xlsx/", "_all_xlsx", ALL, XLSX),
]


def round_export_links(round_id):
    """(label, url) of a round's downloads, as the list and the round overview show them."""
    labels = {
        (SELECTED, CSV): _("Ausgewählte Unternehmen der Runde (CSV)"),
        (SELECTED, XLSX): _("Ausgewählte Unternehmen der Runde (Excel)"),
        (ALL, CSV): _("Alle Bewerbungen der Runde (CSV)"),
        (ALL, XLSX): _("Alle Bewerbungen der Runde (Excel)"),
    }
    return [
        (
            labels[scope, file_format],
            reverse(f"admin:applications_application_export{name}", kwargs={"round_id": round_id}),
        )
        for _suffix, name, scope, file_format in ROUND_EXPORTS
    ]


class ExportViewsMixin:
    """For ApplicationAdmin: the round's export URLs and the changelist's places summary."""

    def get_urls(self):
        urls = [
            path(
                f"export/<int:round_id>/{suffix}",
                self.admin_site.admin_view(self.export_view),
                {"scope": scope, "file_format": file_format},
                name=f"applications_application_export{name}",
            )
            for suffix, name, scope, file_format in ROUND_EXPORTS
        ]
        return urls + super().get_urls()

    def export_view(self, request, round_id, scope, file_format):
        """The round's selected firms, or all its applications with motivation and first
        ideas (for the selection meeting), as CSV or as an Excel file with typed cells."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        return export_response(round_=round_, scope=scope, file_format=file_format)

    def changelist_view(self, request, extra_context=None):
        round_id = request.GET.get("round__id__exact", "")
        round_ids = [round_id] if re.fullmatch(r"[0-9]{1,18}", round_id) else None
        # Read only when the list page is rendered (the template calls it), not for
        # an action that answers with a download or a confirmation page.
        summary = functools.cache(lambda: self._rounds_with_places(round_ids))
        extra_context = {**(extra_context or {}), "rounds_with_places": summary}
        return super().changelist_view(request, extra_context=extra_context)

    def _rounds_with_places(self, round_ids):
        rounds = list(rounds_with_places(round_ids))
        reserves = first_reserves([r for r in rounds if r.taken < r.places])
        for round_ in rounds:
            round_.free = max(round_.places - round_.taken, 0)
            round_.first_reserve = reserves.get(round_.pk)
            round_.export_links = round_export_links(round_.pk)
        return rounds
