"""Submitting a plan, returning it, signing it off: the same steps as an EIA's, by the same mechanism."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from actionplans.forms import ReturnForm
from actionplans.models import PlanStep
from actionplans.permissions import refusal
from actionplans.services import plan_approve
from actionplans.views.common import plan_crumbs, plans
from councils.access import fetch, refuse
from councils.forms import error_list
from councils.lifecycle import TransitionRefused

DONE = {
    PlanStep.SUBMIT: "The plan is submitted for sign-off.",
    PlanStep.RETURN: "The plan is returned with your reason.",
    PlanStep.APPROVE: "The plan is signed off. Its PDF is issued and kept as it is now.",
}


@require_http_methods(["GET", "POST"])
def take_step(request, pk, step):
    plan, standing = fetch(request, plans(), pk=pk)
    refused = refusal(step, plan, standing)
    if refused is not None:
        if refused.forbidden:
            refuse(request, plan, step)
        messages.error(request, refused.message)
        return redirect(plan)
    form = ReturnForm(request.POST or None) if step == PlanStep.RETURN else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if step == PlanStep.SUBMIT:
                plan.submit(by=request.user)
            elif step == PlanStep.RETURN:
                plan.return_for_changes(by=request.user, reason=form.cleaned_data["reason"])
            else:
                plan_approve(plan=plan, by=request.user)
        except TransitionRefused as moved_on:
            messages.error(request, moved_on.message)
        else:
            messages.success(request, DONE[step])
        return redirect(plan)
    return render(
        request,
        "actionplans/step.html",
        {
            "plan": plan,
            "step": step,
            "form": form,
            "errors": error_list(form) if form else [],
            "crumbs": plan_crumbs(plan, (step.label, None)),
        },
    )
