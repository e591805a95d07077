"""The history of a plan: every change to it, its actions and their milestones, its updates and its steps, in
sentences, newest first."""

from django.views.decorators.http import require_GET

from actionplans.history import plan_history
from actionplans.views.common import plan_crumbs, plans
from councils.access import fetch
from councils.audit import history_page


@require_GET
def plan_history_page(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    return history_page(
        request,
        plan_history(plan),
        template="actionplans/history.html",
        context={"plan": plan, "crumbs": plan_crumbs(plan, ("History", None))},
    )
