"""A council's CQC local authority assessment results, its own and other councils' kept to compare with: the list,
recording one, its page with the overall percentage and rating (actionplans/rating.py), and a plan's statements with
the council's own scores beside another council's."""

import re

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import services
from actionplans.cqc import (
    RECORDERS,
    comparison_councils,
    current_framework,
    current_statements,
    in_words,
    latest_scores,
    where_in_band,
)
from actionplans.cqc_history import cqc_history
from actionplans.forms import CqcResultForm
from actionplans.models import CqcResult, QualityStatement, StatementScore
from actionplans.rating import BAND_RANGES, BANDS, MAX_SCORE, STATEMENTS
from actionplans.views.common import crumbs, plan_crumbs, plans
from councils.access import councils_where, fetch, refuse, scoped
from councils.audit import history_page
from councils.conflicts import differences, edit_page
from councils.models import Council
from councils.once import create_page, creates_once

# The bar shows every whole percentage a result can have, 25 to 100.
SCALE_LOW, SCALE_HIGH = 25, 100


def cqc_crumbs(*pairs):
    return crumbs(("CQC assessments", reverse("actionplans:cqc-list")), *pairs)


def _with_scores(queryset):
    return queryset.prefetch_related(
        Prefetch("scores", queryset=StatementScore.objects.select_related("quality_statement__theme"))
    )


def _paragraphs(text):
    """Text as its paragraphs (split at blank lines); single line breaks stay, for the page to keep."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def _wording(score):
    """ "Evidence shows some shortfalls" for a score of 2: the words of the model's Score choice."""
    return StatementScore.Score(score.score).label.split(": ", 1)[-1]


@require_http_methods(["GET"])
def result_list(request):
    results = _with_scores(scoped(CqcResult.objects.select_related("council"), request).order_by("-assessed_on", "-id"))
    rows = [{"result": result, "overall": result.overall(), "scored": result.scored()} for result in results]
    return render(
        request,
        "actionplans/cqc_list.html",
        {
            "own": [row for row in rows if not row["result"].is_comparison],
            "comparisons": [row for row in rows if row["result"].is_comparison],
            "can_start": councils_where(request.user, *RECORDERS).exists(),
            "crumbs": crumbs(("CQC assessments", None)),
        },
    )


@require_http_methods(["GET", "POST"])
@creates_once()
def result_start(request):
    councils = councils_where(request.user, *RECORDERS).order_by("name")
    if not councils.exists():
        refuse(request, None, "record a CQC result")
    framework = current_framework()
    form = CqcResultForm(
        request.POST or None, councils=councils, framework=framework, statements=current_statements(framework)
    )
    return create_page(
        request,
        form,
        create=lambda: form.save(by=request.user, framework=framework),
        message=_recorded,
        template="actionplans/cqc_form.html",
        context={"crumbs": cqc_crumbs(("Record an assessment", None))},
    )


def _recorded(result):
    overall = result.overall()
    return f"You recorded ‘{result.title}’" + (f": {overall.percentage}%, {overall.rating}." if overall else ".")


@require_http_methods(["GET"])
def result_page(request, pk):
    result, standing = fetch(
        request, _with_scores(CqcResult.objects.select_related("council", "framework", "created_by")), pk=pk
    )
    scores = {score.quality_statement_id: score for score in result.scores.all()}
    statements = [
        statement
        for statement in QualityStatement.objects.filter(theme__framework=result.framework)
        .select_related("theme")
        .order_by("theme__number", "position", "pk")
        if not statement.retired or statement.pk in scores
    ]
    themes = []
    for statement in statements:
        if not themes or themes[-1]["theme"].pk != statement.theme_id:
            themes.append({"theme": statement.theme, "rows": []})
        score = scores.get(statement.pk)
        themes[-1]["rows"].append(
            {
                "statement": statement,
                "score": score,
                "wording": _wording(score) if score else "",
                "findings": _paragraphs(score.key_findings) if score else [],
            }
        )
    for theme in themes:
        theme["with_findings"] = [row for row in theme["rows"] if row["findings"]]
    overall = result.overall()
    return render(
        request,
        "actionplans/cqc_result.html",
        {
            "result": result,
            "overall": overall,
            "where": where_in_band(overall) if overall else "",
            "total": sum(result.current_scores()),
            "maximum": MAX_SCORE * STATEMENTS,
            "scored": result.scored(),
            "bar": _bar(overall) if overall else None,
            "themes": themes,
            "summary": _paragraphs(result.summary),
            "can_correct": standing.has(*RECORDERS),
            "crumbs": cqc_crumbs((result.title, None)),
        },
    )


def _bar(overall):
    """The four bands side by side, each as wide as its share of 25-100%, and a mark at the percentage:
    widths and positions as CSS percentages, for a bar drawn with no script."""
    span = SCALE_HIGH - SCALE_LOW + 1
    bands = []
    for _, name in sorted(BANDS):
        low, high = BAND_RANGES[name]
        bands.append(
            {
                "name": name,
                "low": low,
                "high": high,
                "width": f"{100 * (high - low + 1) / span:.3f}",
                "current": name == overall.rating,
            }
        )
    return {"bands": bands, "mark": f"{100 * (overall.percentage - SCALE_LOW + 0.5) / span:.3f}"}


def _recorded_result(request, pk):
    """The result, if of one of the person's councils (else 404), and whether they may correct it."""
    result, standing = fetch(request, _with_scores(CqcResult.objects.select_related("council", "framework")), pk=pk)
    return result, standing.has(*RECORDERS)


@require_http_methods(["GET", "POST"])
def result_correct(request, pk):
    """Correct a result typed wrongly: the same form, starting from what is saved; History keeps each change."""
    result, may_correct = _recorded_result(request, pk)
    if not may_correct:
        refuse(request, result, "correct")
    form = CqcResultForm(
        request.POST or None,
        councils=Council.objects.filter(pk=result.council_id),
        framework=result.framework,
        statements=current_statements(result.framework),
        correcting=result,
    )
    return edit_page(
        request,
        result,
        form,
        save=lambda rev: services.cqc_result_correct(result=result, form=form, by=request.user, revision=rev),
        compare=lambda current: _clashes(form, current),
        to=result,
        message="The result is corrected. Its history keeps what it said before.",
        what="result",
        template="actionplans/cqc_form.html",
        context={
            "form": form,
            "result": result,
            "crumbs": cqc_crumbs((result.title, result.get_absolute_url()), ("Correct the result", None)),
        },
    )


def _clashes(form, current):
    """What the person typed beside what is saved now, where both they and somebody else changed it."""
    saved = form.saved_values(current)
    return differences(
        (form.question(name), form.shown(name, form.cleaned_data.get(name)), form.shown(name, saved[name]))
        for name in form.clashes(current)
    )


@require_http_methods(["GET"])
def result_history_page(request, pk):
    result, _ = _recorded_result(request, pk)
    return history_page(
        request,
        cqc_history(result),
        template="actionplans/cqc_history.html",
        context={"result": result, "crumbs": cqc_crumbs((result.title, result.get_absolute_url()), ("History", None))},
    )


@require_GET
def plan_comparison(request, pk):
    """Beside each quality statement of the plan's framework, the council's own latest CQC score and the latest of
    another council it keeps a result of, chosen from those; results scored against another framework have none."""
    plan, _ = fetch(request, plans(), pk=pk)
    names = comparison_councils(plan.council, plan.framework)
    chosen = request.GET.get("council", "")
    if chosen not in names:
        chosen = names[0] if names else ""
    own = latest_scores(plan.council, plan.framework)
    theirs = latest_scores(plan.council, plan.framework, assessed=chosen) if chosen else {}
    rows = [
        {
            "statement": statement,
            "own": _score_words(own.get(statement.pk)),
            "theirs": _score_words(theirs.get(statement.pk)),
        }
        for statement in current_statements(plan.framework)
    ]
    return render(
        request,
        "actionplans/cqc_comparison.html",
        {
            "plan": plan,
            "names": names,
            "chosen": chosen,
            "rows": rows,
            "own_results": _results_of(own),
            "their_results": _results_of(theirs),
            "crumbs": plan_crumbs(plan, ("CQC scores compared", None)),
        },
    )


def _score_words(score):
    return in_words(score.score) if score else ""


def _results_of(scores):
    """The results the scores come from, the newest first."""
    results = {score.result_id: score.result for score in scores.values()}
    return sorted(results.values(), key=lambda result: (result.assessed_on, result.pk), reverse=True)
