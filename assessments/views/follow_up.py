"""What happens after an EIA is signed off, recorded without changing what was signed off, each corrected on the same
form and each change said in the EIA's History: the decision it informed, once its meeting has taken it (the page
then says whether the signed-off EIA existed before the meeting), and each action of its plan done."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from assessments import services
from assessments.forms import ActionDoneForm, DecisionForm
from assessments.models import ActionDone, DecisionRecord
from assessments.permissions import follow_up_refusal
from assessments.views.common import eia_crumbs, eias, refusals_go_back
from councils.access import fetch, refuse
from councils.conflicts import edit_page
from councils.once import creates_once

DECISION, DONE = "the decision it informed", "an action done"


def _signed_off_eia(request, pk, what):
    assessment, standing = fetch(request, eias(), pk=pk)
    refused = follow_up_refusal(assessment, standing, what)
    if refused is not None:
        if refused.forbidden:
            refuse(request, assessment, f"record {what}")
        raise refused
    return assessment


@require_http_methods(["GET", "POST"])
@creates_once()
@refusals_go_back
def decision_add(request, pk):
    assessment = _signed_off_eia(request, pk, DECISION)
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
    assessment = _signed_off_eia(request, pk, DECISION)
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


@require_http_methods(["GET", "POST"])
@creates_once()
@refusals_go_back
def action_done(request, pk, action_pk):
    """Record an action of the signed-off EIA as done, or correct when it was."""
    assessment = _signed_off_eia(request, pk, DONE)
    action = get_object_or_404(assessment.actions.select_related("done"), pk=action_pk)
    done = getattr(action, "done", None) or ActionDone(action=action)
    form = ActionDoneForm(request.POST or None, instance=done)
    title = "Record the action as done" if done.pk is None else "Correct when the action was done"
    return edit_page(
        request,
        assessment if done.pk is None else done,
        form,
        save=lambda rev: services.action_done_record(action=action, form=form, by=request.user, revision=rev),
        to=done.get_absolute_url(),
        message="The action is recorded as done.",
        what="record",
        template="assessments/action_done.html",
        context={
            "assessment": assessment,
            "action": action,
            "done": done,
            "form": form,
            "title": title,
            "crumbs": eia_crumbs(assessment, (title, None)),
        },
    )
