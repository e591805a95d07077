"""The lifecycle's steps: each a page that says what will happen, and a POST that takes the step."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from assessments.forms import ModerationForm, ReturnForm
from assessments.models import AssessmentAction, Step, SubmissionProblem
from assessments.permissions import refusal
from assessments.services import assessment_approve, assessment_moderate
from assessments.views.common import eia_crumbs, eias, refusals_go_back
from councils.access import fetch, refuse
from councils.forms import error_list
from councils.lifecycle import TransitionRefused

FORMS = {Step.RETURN: ReturnForm, Step.MODERATE: ModerationForm}

DONE = {
    Step.SUBMIT: "The assessment is submitted for sign-off. Approvers of your council can now sign it off.",
    Step.RETURN: "The assessment is returned to its author with your reason.",
    Step.APPROVE: "The assessment is signed off. Its PDF is issued and kept as it is now.",
    Step.MODERATE: "The moderation is recorded and the PDF is re-issued with it.",
    Step.PUBLISH: "The assessment is published.",
    Step.START_REVIEW: "Version {version} is started as a draft, with a copy of everything in the signed-off version.",
}

# Added to the address of a page a submission problem links to: that page shows the problems at their fields, as a
# save would (views.common.form_for).
CHECK_SUBMISSION = "?check=submission"

# The page each part of an EIA is put right on, and the id there of the field a problem names. A new action is added
# on a page of its own, with nothing there to check.
PROBLEM_PAGES = {
    SubmissionProblem.DETAILS: ("assessments:edit", "id_{}"),
    SubmissionProblem.GRID: ("assessments:grid", "row-{}"),
    SubmissionProblem.COVERAGE: ("assessments:coverage", "id_{}"),
}
# The decision is a set of radios: the link goes to the first, and they count from 1.
RADIOS = {"decision"}


def _take(step, assessment, by, form):
    if step == Step.SUBMIT:
        return assessment.submit(by=by)
    if step == Step.RETURN:
        return assessment.return_for_changes(by=by, reason=form.cleaned_data["reason"])
    if step == Step.APPROVE:
        return assessment_approve(assessment=assessment, by=by)
    if step == Step.MODERATE:
        data = form.cleaned_data
        return assessment_moderate(
            assessment=assessment,
            by=by,
            body=data["body"],
            on=data["on"],
            outcome=data["outcome"],
            comments=data["comments"],
        )
    if step == Step.PUBLISH:
        return assessment.publish(by=by)
    return assessment.start_review(by=by)


@require_http_methods(["GET", "POST"])
@refusals_go_back
def take_step(request, pk, step):
    assessment, standing = fetch(
        request,
        eias().prefetch_related(
            "rows", Prefetch("actions", queryset=AssessmentAction.objects.prefetch_related("mitigates"))
        ),
        pk=pk,
    )
    refused = refusal(step, assessment, standing)
    if refused is not None:
        if refused.forbidden:
            refuse(request, assessment, step)
        raise refused

    form_class = FORMS.get(step)
    form = (
        form_class(request.POST or None, initial=_initial(step, assessment), **_about(step, assessment))
        if form_class
        else None
    )
    problems = problem_links(assessment, assessment.submission_problems()) if step == Step.SUBMIT else []
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = _take(step, assessment, request.user, form)
        except TransitionRefused as not_ready:
            if not not_ready.problems:
                raise
            problems = problem_links(assessment, not_ready.problems)
        else:
            messages.success(request, DONE[step].format(version=result.version))
            return redirect(result)
    return render(
        request,
        "assessments/step.html",
        {
            "assessment": assessment,
            "step": step,
            "form": form,
            "problems": problems,
            "review": assessment.review_summary(),
            "errors": problems + (error_list(form) if form else []),
            "crumbs": eia_crumbs(assessment, (step.label, None)),
        },
    )


def _about(step, assessment):
    """What a step's form needs to know of the EIA to check what is typed."""
    if step == Step.MODERATE:
        signed_off = assessment.approved_at
        return {"signed_off_on": timezone.localdate(signed_off) if signed_off else None}
    return {}


def _initial(step, assessment):
    if step == Step.MODERATE:
        return {"body": assessment.moderation_body}
    return None


def problem_links(assessment, problems):
    """(message, address) of each submission problem, for the error summary: the address of the field to put it
    right in."""
    links = []
    for problem in problems:
        if problem.part == SubmissionProblem.ACTIONS:
            address = reverse("assessments:action-add", args=[assessment.pk])
        else:
            url_name, field_id = PROBLEM_PAGES[problem.part]
            field = f"{problem.field}_1" if problem.field in RADIOS else problem.field
            # The council's own questions are fields on the details page and the grid's alike.
            anchor = f"id_{field}" if field.startswith("question_") else field_id.format(field)
            address = f"{reverse(url_name, args=[assessment.pk])}{CHECK_SUBMISSION}#{anchor}"
        links.append((problem.message, address))
    return links
