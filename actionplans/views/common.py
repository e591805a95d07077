import logging

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.permissions import may_edit, roles
from councils.access import get_for_person

security_log = logging.getLogger("eqa.security")


def get_plan(request, pk, queryset=None):
    """The plan, if it is of one of the person's councils (else 404), with the person's roles in its council."""
    if queryset is None:
        queryset = ActionPlan.objects.select_related("council", "framework")
    plan = get_for_person(queryset, request.user, pk=pk)
    return plan, roles(request.user, plan.council)


def get_plan_to_edit(request, pk):
    plan, held = get_plan(request, pk)
    if not may_edit(plan, held):
        refuse(request, plan, "edit")
    return plan, held


def refuse(request, plan, what):
    """Refuse (403) and log an attempt the pages never offered: a forged or stale request."""
    security_log.warning("refused user=%s council=%s plan=%s action=%s path=%r", request.user.pk, plan.council_id,
                         plan.pk, what, request.path)
    raise PermissionDenied


def crumbs(*pairs):
    return [("Home", reverse("home")), ("Action plans", reverse("actionplans:list")), *pairs]


def plan_crumbs(plan, *pairs):
    return crumbs((plan.title, plan.get_absolute_url()), *pairs)
