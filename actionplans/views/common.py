from django.shortcuts import render
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.permissions import EDITORS, may_edit
from councils.access import explains_not_editable, fetch_to_edit


def plans():
    """What a plan's pages fetch of it, at least."""
    return ActionPlan.objects.select_related("council", "framework")


def get_plan_to_edit(request, pk, form=None):
    """The plan to edit; `form(plan)` is the page's form bound to what was sent, shown to a person whose old tab
    sent it after the plan moved on."""
    return fetch_to_edit(request, plans(), may_edit=may_edit, editors=EDITORS, form=form, pk=pk)


def _not_editable(request, plan, standing, typed):
    return render(
        request,
        "actionplans/not_editable.html",
        {"plan": plan, "typed": typed, "crumbs": plan_crumbs(plan, ("Cannot be changed", None))},
    )


# An edit page of a plan that is submitted or signed off says why it cannot be changed and what to do instead,
# rather than a bare refusal; nothing was changed.
refusals_explained = explains_not_editable(_not_editable)


def crumbs(*pairs):
    return [("Home", reverse("home")), ("Action plans", reverse("actionplans:list")), *pairs]


def plan_crumbs(plan, *pairs):
    return crumbs((plan.title, plan.get_absolute_url()), *pairs)
