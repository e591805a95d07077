"""The cumulative impact of a budget or savings round, for anyone of the council: assessments/cumulative.py."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments import cumulative
from assessments.models import ImpactLevel
from assessments.views.common import crumbs
from councils.access import councils_for
from councils.forms import QueryForm
from councils.pdf import pdf_response, render_pdf


class RoundFilter(QueryForm):
    round = forms.CharField(required=False, max_length=200)


def _round(request, slug):
    """The council (of the person's: 404 otherwise), its rounds, the round asked for (else the last), and what
    the page and its PDF show of it."""
    council = get_object_or_404(councils_for(request.user), slug=slug)
    rounds = cumulative.rounds(council)
    chosen = RoundFilter(request.GET).chosen()["round"]
    if chosen not in rounds:
        chosen = rounds[-1] if rounds else ""
    eias = cumulative.proposals(council, chosen) if chosen else []
    return {
        "council": council,
        "rounds": rounds,
        "chosen": chosen,
        "eias": eias,
        "affected": cumulative.affected(council, eias),
        "levels": [ImpactLevel(level).label for level in cumulative.LEVELS],
    }


@require_GET
def cumulative_pdf(request, slug):
    """The round as an appendix for the budget meeting, made when it is downloaded and not kept."""
    shown = _round(request, slug)
    if not shown["chosen"]:
        raise Http404("No EIA names a budget or savings round")
    pdf = render_pdf("assessments/cumulative_pdf.html", {**shown, "made": timezone.localdate()})
    return pdf_response(pdf, f"cumulative-impact-{shown['chosen']}.pdf")


@require_GET
def cumulative_page(request, slug):
    shown = _round(request, slug)
    council = shown["council"]
    return render(
        request,
        "assessments/cumulative.html",
        {
            **shown,
            "crumbs": crumbs((f"Cumulative impact: {council.name}", None)),
        },
    )
