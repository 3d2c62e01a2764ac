"""The export downloads of the application list and its summary of places per round."""

import functools
import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from events.models import Round

from ..exports import CSV, XLSX, export_response
from ..selectors import first_reserves, rounds_with_places


class ExportViewsMixin:
    """For ApplicationAdmin: the round's export URLs and the changelist's places summary."""

    def get_urls(self):
        urls = [
            path(
                "export/<int:round_id>/",
                self.admin_site.admin_view(self.export_view),
                name="applications_application_export",
            ),
            path(
                "export/<int:round_id>/xlsx/",
                self.admin_site.admin_view(self.export_xlsx_view),
                name="applications_application_export_xlsx",
            ),
        ]
        return urls + super().get_urls()

    def export_view(self, request, round_id, file_format=CSV):
        """Ausgewählte Unternehmen der Runde: the round's selected firms as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        return export_response(round_=round_, file_format=file_format)

    def export_xlsx_view(self, request, round_id):
        """The same rows as an Excel file with typed cells."""
        return self.export_view(request, round_id, file_format=XLSX)

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
            kwargs = {"round_id": round_.pk}
            round_.export_url = reverse("admin:applications_application_export", kwargs=kwargs)
            round_.export_xlsx_url = reverse(
                "admin:applications_application_export_xlsx", kwargs=kwargs
            )
        return rounds
