"""The cumulative impact of a budget or savings round, for anyone of the council: assessments/cumulative.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments import cumulative
from assessments.forms.filters import RoundFilter
from assessments.models import ImpactLevel
from assessments.views.common import crumbs
from councils.access import councils_for
from councils.pdf import pdf_response, render_pdf


def _round(request, slug):
    """The council (of the person's: 404 otherwise), its rounds, the round asked for (else the last), and what
    the page and its PDF show of it."""
    council = get_object_or_404(councils_for(request.user), slug=slug)
    rounds = cumulative.rounds(council)
    asked = RoundFilter.chosen_in(request.GET)["round"]
    chosen = next((name for name in rounds if cumulative.same_key(name) == cumulative.same_key(asked)), None)
    if chosen is None:
        chosen = list(rounds)[-1] if rounds else ""
    eias = cumulative.proposals(rounds[chosen]) if chosen else []
    return {
        "council": council,
        "rounds": list(rounds),
        # A round asked for that no EIA names (a link to a round since renamed): the page says so.
        "not_found": asked if asked and cumulative.same_key(asked) != cumulative.same_key(chosen) else "",
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
