"""The export downloads of the application list and its summary of places per round."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from events.models import Round

from ..exports import export_response
from ..selectors import first_reserves, rounds_with_places


class ExportViewsMixin:
    """For ApplicationAdmin: the round's export URL and the changelist's places summary."""

    def get_urls(self):
        urls = [
            path(
                "export/<int:round_id>/",
                self.admin_site.admin_view(self.export_view),
                name="applications_application_export",
            ),
        ]
        return urls + super().get_urls()

    def export_view(self, request, round_id):
        """Ausgewählte Unternehmen exportieren: the round's selected firms as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        round_ = get_object_or_404(Round, pk=round_id)
        return export_response(round_=round_)

    def changelist_view(self, request, extra_context=None):
        round_id = request.GET.get("round__id__exact", "")
        round_ids = [round_id] if re.fullmatch(r"[0-9]{1,18}", round_id) else None
        rounds = list(rounds_with_places(round_ids))
        reserves = first_reserves([r for r in rounds if r.taken < r.places])
        for round_ in rounds:
            round_.free = max(round_.places - round_.taken, 0)
            round_.first_reserve = reserves.get(round_.pk)
            round_.export_url = reverse(
                "admin:applications_application_export", kwargs={"round_id": round_.pk}
            )
        extra_context = {**(extra_context or {}), "rounds_with_places": rounds}
        return super().changelist_view(request, extra_context=extra_context)
