"""The history of an EIA: every change to it, its grid, its actions and its steps, in sentences, newest first."""

from django.views.decorators.http import require_GET

from assessments.history import assessment_history
from assessments.views.common import eia_crumbs, eias
from councils.access import fetch
from councils.audit import history_page


@require_GET
def assessment_history_page(request, pk):
    assessment, _ = fetch(request, eias(), pk=pk)
    return history_page(
        request,
        assessment_history(assessment),
        template="assessments/history.html",
        context={"assessment": assessment, "crumbs": eia_crumbs(assessment, ("History", None))},
    )
