"""The cumulative impact of a budget or savings round, for anyone of the council: assessments/cumulative.py."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assessments import cumulative
from assessments.models import ImpactLevel
from assessments.views.common import crumbs
from councils.access import councils_for
from councils.forms import QueryForm


class RoundFilter(QueryForm):
    round = forms.CharField(required=False, max_length=200)


@require_GET
def cumulative_page(request, slug):
    council = get_object_or_404(councils_for(request.user), slug=slug)
    rounds = cumulative.rounds(council)
    chosen = RoundFilter(request.GET).chosen()["round"]
    if chosen not in rounds:
        chosen = rounds[-1] if rounds else ""
    eias = cumulative.proposals(council, chosen) if chosen else []
    return render(
        request,
        "assessments/cumulative.html",
        {
            "council": council,
            "rounds": rounds,
            "chosen": chosen,
            "eias": eias,
            "affected": cumulative.affected(council, eias),
            "levels": [ImpactLevel(level).label for level in cumulative.LEVELS],
            "crumbs": crumbs((f"Cumulative impact: {council.name}", None)),
        },
    )
