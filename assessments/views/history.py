"""The history of an EIA: every change to it, its grid, its actions and its steps, in sentences, newest first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.history import assessment_history
from assessments.views.common import eia_crumbs, eias
from councils.access import fetch
from councils.forms import QueryForm


@require_GET
def assessment_history_page(request, pk):
    assessment, _ = fetch(request, eias(), pk=pk)
    entries = assessment_history(assessment)
    page = Paginator(entries, 50).get_page(QueryForm(request.GET).chosen()["page"])
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "page": page,
            "crumbs": eia_crumbs(assessment, ("History", None)),
        },
    )
