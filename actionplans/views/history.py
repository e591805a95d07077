"""The history of a plan: every change to it, its actions and their milestones, its updates and its steps, in
sentences, newest first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplans.history import plan_history
from actionplans.views.common import plan_crumbs, plans
from councils.access import fetch
from councils.forms import QueryForm

PAGE_SIZE = 50


@require_GET
def plan_history_page(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    page = Paginator(plan_history(plan), PAGE_SIZE).get_page(QueryForm(request.GET).chosen()["page"])
    return render(
        request,
        "actionplans/history.html",
        {
            "plan": plan,
            "page": page,
            "crumbs": plan_crumbs(plan, ("History", None)),
        },
    )
