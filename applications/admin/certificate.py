"""The Teilnahmebescheinigung as a download from the participation's admin page.

ParticipationAdmin mounts certificate_download at "<id>/bescheinigung.pdf"
(URL name "admin:applications_participation_certificate") inside admin_view,
which adds the login check and the no-cache headers.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from ..certificate import certificate_filename, certificate_pdf, certificate_refusal
from ..models import Participation

PERMISSION = "applications.view_participation"


def certificate_download(request, participation_id):
    """The participant's certificate as an A4 PDF; before the closing event (or for a
    firm that no longer takes part) back to the participation with the reason."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    participation = get_object_or_404(
        Participation.objects.select_related("application", "round"), pk=participation_id
    )
    now = timezone.now()
    refusal = certificate_refusal(participation, now)
    if refusal is not None:
        messages.warning(request, refusal)
        return HttpResponseRedirect(
            reverse("admin:applications_participation_change", args=[participation.pk])
        )
    response = HttpResponse(certificate_pdf(participation, now=now), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=certificate_filename(participation)
    )
    return response
