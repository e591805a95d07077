import logging
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.permissions import EDITORS, may_edit, roles
from councils.access import get_for_person

security_log = logging.getLogger("eqa.security")


def get_plan(request, pk, queryset=None):
    """The plan, if it is of one of the person's councils (else 404), with the person's roles in its council."""
    if queryset is None:
        queryset = ActionPlan.objects.select_related("council", "framework")
    plan = get_for_person(queryset, request.user, pk=pk)
    return plan, roles(request.user, plan.council)


class PlanNotEditableNow(PermissionDenied):
    """A person who edits the council's plans opened an edit page of a plan that is no longer a draft."""

    def __init__(self, plan):
        super().__init__()
        self.plan = plan


def get_plan_to_edit(request, pk):
    plan, held = get_plan(request, pk)
    if not may_edit(plan, held):
        if held & set(EDITORS):
            raise PlanNotEditableNow(plan)
        refuse(request, plan, "edit")
    return plan, held


def refusals_explained(view):
    """An edit page of a plan that is submitted or signed off says why it cannot be changed and what to do
    instead, rather than a bare refusal; nothing was changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PlanNotEditableNow as refused:
            return render(
                request,
                "actionplans/not_editable.html",
                {
                    "plan": refused.plan,
                    "crumbs": plan_crumbs(refused.plan, ("Cannot be changed", None)),
                },
                status=403,
            )

    return wrapper


def refuse(request, plan, what):
    """Refuse (403) and log an attempt the pages never offered: a forged or stale request."""
    security_log.warning(
        "refused user=%s council=%s plan=%s action=%s path=%r",
        request.user.pk,
        plan.council_id,
        plan.pk,
        what,
        request.path,
    )
    raise PermissionDenied


def crumbs(*pairs):
    return [("Home", reverse("home")), ("Action plans", reverse("actionplans:list")), *pairs]


def plan_crumbs(plan, *pairs):
    return crumbs((plan.title, plan.get_absolute_url()), *pairs)
