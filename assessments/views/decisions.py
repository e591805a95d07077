"""The decision a signed-off EIA informed: recorded once its meeting has taken it, corrected on the same form, each
change said in the EIA's History. The page says whether the signed-off EIA existed before the meeting."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from assessments import services
from assessments.forms import DecisionForm
from assessments.models import DecisionRecord
from assessments.permissions import decision_refusal
from assessments.views.common import eia_crumbs, eias, refusals_go_back
from councils.access import fetch, refuse
from councils.conflicts import edit_page
from councils.once import creates_once


def _signed_off_eia(request, pk):
    assessment, standing = fetch(request, eias(), pk=pk)
    refused = decision_refusal(assessment, standing)
    if refused is not None:
        if refused.forbidden:
            refuse(request, assessment, "record the decision")
        raise refused
    return assessment


@require_http_methods(["GET", "POST"])
@creates_once()
@refusals_go_back
def decision_add(request, pk):
    assessment = _signed_off_eia(request, pk)
    form = DecisionForm(request.POST or None, instance=DecisionRecord(assessment=assessment))
    return _decision_form(
        request,
        assessment,
        form,
        save=lambda rev: services.decision_record(assessment=assessment, form=form, by=request.user),
        title="Record the decision it informed",
        record=assessment,
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def decision_correct(request, pk, decision_pk):
    assessment = _signed_off_eia(request, pk)
    decision = get_object_or_404(assessment.decisions.select_related("assessment"), pk=decision_pk)
    form = DecisionForm(request.POST or None, instance=decision)
    return _decision_form(
        request,
        assessment,
        form,
        save=lambda rev: services.decision_correct(decision=decision, form=form, by=request.user, revision=rev),
        title="Correct the decision it informed",
        record=decision,
    )


def _decision_form(request, assessment, form, *, save, title, record):
    return edit_page(
        request,
        record,
        form,
        save=save,
        to=assessment.get_absolute_url() + "#decisions",
        message="The decision is saved.",
        what="decision",
        template="assessments/decision_form.html",
        context={
            "assessment": assessment,
            "decision": form.instance,
            "form": form,
            "title": title,
            "crumbs": eia_crumbs(assessment, (title, None)),
        },
    )
