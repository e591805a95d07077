"""An action of a plan: its page with its updates, its words (while the plan is a draft), and recording an
update, the only way its status moves."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import services
from actionplans.forms import ActionForm, UpdateForm, WithdrawUpdateForm
from actionplans.models import Action, StatusUpdate
from actionplans.permissions import may_edit, may_update, withdraw_refusal
from actionplans.statuses import Meaning, moved_into
from actionplans.views.common import get_plan_to_edit, plan_crumbs, plans, refusals_explained
from assessments.models import Assessment
from councils.access import fetch, refuse
from councils.conflicts import action_checks, edit_page
from councils.forms import error_list
from councils.lifecycle import TransitionRefused
from councils.once import create_once, creates_once


def _action(plan, action_pk):
    return get_object_or_404(plan.actions.select_related("theme", "quality_statement", "status_word"), pk=action_pk)


@require_GET
def action_page(request, pk, action_pk):
    plan, standing = fetch(request, plans(), pk=pk)
    action = _action(plan, action_pk)
    updates = list(
        action.updates.select_related("by", "withdrawn_by", "word", "previous_word").prefetch_related("milestones_done")
    )
    now = timezone.now()
    for update in updates:
        update.can_withdraw = withdraw_refusal(update, standing, now) is None
    standing_updates = [update for update in reversed(updates) if update.withdrawn_at is None]
    return render(
        request,
        "actionplans/action.html",
        {
            "plan": plan,
            "action": action,
            "framework": plan.framework,
            "theme_heading": plan.framework.theme_heading(action.theme) if action.theme else "",
            "milestones": action.milestones.all(),
            "updates": updates,
            "verification": moved_into(standing_updates, {Meaning.VERIFIED}),
            "linked_actions": action.linked_actions.order_by("ref_key"),
            "linked_assessments": action.linked_assessments.filter(council=plan.council),
            "is_stale": action.is_stale(),
            "can_edit": may_edit(plan, standing),
            "can_update": may_update(standing),
            "crumbs": plan_crumbs(plan, (action.ref, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@refusals_explained
@creates_once()
def action_add(request, pk):
    def form(plan):
        return _bound_action(request, plan, Action(plan=plan))

    plan, _ = get_plan_to_edit(request, pk, form)
    return _action_form(request, plan, form(plan))


@require_http_methods(["GET", "POST"])
@refusals_explained
def action_edit(request, pk, action_pk):
    def form(plan):
        return _bound_action(request, plan, _action(plan, action_pk))

    plan, _ = get_plan_to_edit(request, pk, form)
    return _action_form(request, plan, form(plan))


def _bound_action(request, plan, action):
    assessments = Assessment.objects.latest_versions().filter(council=plan.council).order_by("title")
    return ActionForm(request.POST or None, instance=action, plan=plan, assessments=assessments)


def _action_form(request, plan, form):
    action = form.instance

    def context():
        # Once the form is checked, the action holds the reference typed.
        title = "Add an action" if action.pk is None else f"Change action {action.ref}"
        return {
            "plan": plan,
            "action": action,
            "form": form,
            "title": title,
            "crumbs": plan_crumbs(plan, (title, None)),
        }

    return edit_page(
        request,
        plan,
        form,
        save=lambda rev: services.action_save(plan=plan, form=form, by=request.user, revision=rev),
        **action_checks(form, lambda current: current.actions.filter(pk=action.pk).first(), named_by="ref"),
        to=action,
        message=lambda: f"Action {action.ref} is saved.",
        what="plan",
        template="actionplans/action_form.html",
        context=context,
    )


@require_http_methods(["GET", "POST"])
@creates_once()
def action_update(request, pk, action_pk):
    plan, standing = fetch(request, plans(), pk=pk)
    if not may_update(standing):
        refuse(request, plan, "record an update")
    action = _action(plan, action_pk)
    form = UpdateForm(request.POST or None, action=action, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                request,
                form,
                lambda: action.record_update(
                    by=request.user,
                    word=form.cleaned_data["word"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data["evidence"],
                    milestones_done=form.cleaned_data.get("milestones_done", []),
                    on=form.cleaned_data["on"],
                ),
            )
        except TransitionRefused as refused:
            # Somebody else's update since the form was checked (the action is no longer complete, say).
            form.add_error("word", refused.message.rstrip("."))
        else:
            messages.success(request, f"Your update to {action.ref} is recorded.")
            return redirect(action)
    return render(
        request,
        "actionplans/update_form.html",
        {
            "plan": plan,
            "action": action,
            "form": form,
            "last": StatusUpdate.objects.standing().filter(action=action).select_related("by").first(),
            "errors": error_list(form),
            "crumbs": plan_crumbs(plan, (action.ref, action.get_absolute_url()), ("Record an update", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def update_withdraw(request, pk, action_pk, update_pk):
    """Withdraw an update entered in error: it stays on the action's page, marked withdrawn, and no longer counts."""
    plan, standing = fetch(request, plans(), pk=pk)
    action = _action(plan, action_pk)
    update = get_object_or_404(action.updates.select_related("by", "word", "previous_word"), pk=update_pk)
    refused = withdraw_refusal(update, standing, timezone.now())
    if refused is not None:
        if refused.forbidden:
            refuse(request, plan, "withdraw an update")
        messages.error(request, refused.message)
        return redirect(action)
    form = WithdrawUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action.withdraw_update(update, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as moved_on:
            messages.error(request, moved_on.message)
        else:
            word = Action.objects.select_related("status_word").get(pk=action.pk).status_word
            messages.success(
                request, f"The update of {update.at:%-d %B %Y} is withdrawn. {action.ref} is {word} again."
            )
        return redirect(action)
    return render(
        request,
        "actionplans/update_withdraw.html",
        {
            "plan": plan,
            "action": action,
            "update": update,
            "form": form,
            "errors": error_list(form),
            "crumbs": plan_crumbs(plan, (action.ref, action.get_absolute_url()), ("Withdraw an update", None)),
        },
    )
