"""The participation admin's own pages: a milestone reached or taken back and the
drop-out, each asking on GET and acting on POST through its service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _gettext

from events.models import Milestone

from ..models import MilestoneReached, Participation
from ..progress import berlin_today
from ..services import (
    ParticipationError,
    milestone_reach,
    milestone_undo,
    participation_drop_out,
)
from .participation_forms import DropOutForm, ReachForm, UndoForm, add_refusal

VIEW = "applications.view_participation"
CHANGE = "applications.change_participation"
REACH = "applications.add_milestonereached"
UNDO = "applications.delete_milestonereached"


class ParticipationPagesMixin:
    def _url(self, kind, participation, milestone):
        return reverse(
            f"admin:applications_participation_{kind}",
            kwargs={"participation_id": participation.pk, "milestone_id": milestone.pk},
        )

    def _change_url(self, participation, anchor=""):
        url = reverse("admin:applications_participation_change", args=[participation.pk])
        return url + anchor

    def _participation(self, request, participation_id, permission):
        participation = get_object_or_404(
            Participation.objects.select_related("application", "round"), pk=participation_id
        )
        if not (request.user.has_perm(VIEW) and request.user.has_perm(permission)):
            raise PermissionDenied
        return participation

    def _page(self, request, participation, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": participation,
            "change_url": self._change_url(participation),
            **context,
        }
        return TemplateResponse(request, template, context)

    def reach_view(self, request, participation_id, milestone_id):
        """Record a milestone as reached: the row of the change form posts here; on GET,
        or with an error, the form stands on a page of its own."""
        participation = self._participation(request, participation_id, REACH)
        milestone = get_object_or_404(
            Milestone.objects.filter(round_id=participation.round_id), pk=milestone_id
        )
        form = ReachForm(
            request.POST if request.method == "POST" else None,
            initial={"reached_on": berlin_today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                reached = milestone_reach(
                    participation=participation,
                    milestone=milestone,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ParticipationError as error:
                add_refusal(form, error)
            else:
                self.message_user(
                    request,
                    _gettext(
                        "„%(milestone)s“ ist für %(company)s als erreicht am %(date)s eingetragen."
                    )
                    % {
                        "milestone": milestone.title,
                        "company": participation.application.company_name,
                        "date": date_format(reached.reached_on, "DATE_FORMAT"),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(participation, "#meilensteine"))
        return self._page(
            request,
            participation,
            "admin/applications/participation/reach_form.html",
            _gettext("Meilenstein eintragen: %(milestone)s") % {"milestone": milestone.title},
            form=form,
            milestone=milestone,
        )

    def undo_view(self, request, participation_id, milestone_id):
        """Take back a milestone entered by mistake: asks on GET, acts on POST."""
        participation = self._participation(request, participation_id, UNDO)
        reached = get_object_or_404(
            MilestoneReached.objects.select_related("milestone", "recorded_by"),
            participation=participation,
            milestone_id=milestone_id,
        )
        form = UndoForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            milestone_undo(reached=reached, by=request.user, note=form.cleaned_data["note"])
            self.message_user(
                request,
                _gettext("„%(milestone)s“ ist für %(company)s zurückgenommen.")
                % {
                    "milestone": reached.milestone.title,
                    "company": participation.application.company_name,
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(participation, "#meilensteine"))
        return self._page(
            request,
            participation,
            "admin/applications/participation/undo_confirm.html",
            _gettext("Meilenstein zurücknehmen: %(milestone)s")
            % {"milestone": reached.milestone.title},
            form=form,
            reached=reached,
        )

    def drop_out_view(self, request, participation_id):
        """The firm leaves: date and reason, then the company is told by e-mail and the
        change form shows who may take the place."""
        participation = self._participation(request, participation_id, CHANGE)
        if not participation.is_active:
            self.message_user(
                request,
                _gettext("%(company)s nimmt bereits nicht mehr teil.")
                % {"company": participation.application.company_name},
                messages.WARNING,
            )
            return HttpResponseRedirect(self._change_url(participation))
        form = DropOutForm(
            request.POST if request.method == "POST" else None,
            initial={"on": berlin_today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = participation_drop_out(
                    participation=participation,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ParticipationError as error:
                add_refusal(form, error)
            else:
                self._report_drop_out(request, result)
                return HttpResponseRedirect(self._change_url(participation))
        return self._page(
            request,
            participation,
            "admin/applications/participation/drop_out_form.html",
            _gettext("Ausstieg eintragen"),
            form=form,
            contact_email=participation.application.contact_email,
        )

    def _report_drop_out(self, request, result):
        """Said once; the change form then shows the free place: the first reserve that
        may take it (result.reserve_offer, read again there) or why nobody moves up."""
        participation = result.participation
        self.message_user(
            request,
            _gettext(
                "%(company)s ist als ausgestiegen eingetragen (am %(date)s). Die Bewerbung ist "
                "zurückgezogen; das Unternehmen erhält eine Bestätigung per E-Mail."
            )
            % {
                "company": participation.application.company_name,
                "date": date_format(participation.ended_on, "DATE_FORMAT"),
            },
            messages.SUCCESS,
        )
