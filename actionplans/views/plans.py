"""The plans of a person's councils, starting one, its details, and the plan page: where it stands at a glance."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import services
from actionplans.chart import status_chart
from actionplans.cqc import comparison_councils, latest_scores
from actionplans.forms import ActionFilters, PlanForm
from actionplans.grouping import grouped
from actionplans.models import ActionPlan, Milestone, PlanStatus, PlanStep, StatusUpdate, StatusWord, Theme
from actionplans.permissions import EDITORS, may_edit, may_update, open_steps
from actionplans.statuses import FINISHED
from actionplans.summary import summarise
from actionplans.views.common import crumbs, get_plan_to_edit, plan_crumbs, plans, refusals_explained
from councils.access import councils_where, fetch, scoped
from councils.conflicts import edit_page
from councils.drafts import delete_draft_page
from councils.forms import QueryForm
from councils.lifecycle import author_refusal
from councils.models import Council, Role
from councils.once import create_page, creates_once


def _editable_councils(user):
    return councils_where(user, *EDITORS)


@require_GET
def plan_list(request):
    theirs = scoped(ActionPlan.objects.select_related("council"), request)
    page = Paginator(theirs, 20).get_page(QueryForm.chosen_in(request.GET)["page"])
    return render(
        request,
        "actionplans/list.html",
        {
            "page": page,
            "can_start": _editable_councils(request.user).exists(),
            "crumbs": crumbs()[:-1] + [("Action plans", None)],
        },
    )


@require_http_methods(["GET", "POST"])
@creates_once()
def plan_start(request):
    councils = _editable_councils(request.user)
    if not councils.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, councils=councils)
    return create_page(
        request,
        form,
        create=lambda: services.plan_start(form=form, by=request.user),
        message=lambda plan: f"You started ‘{plan.title}’. Add its actions, or import them from a spreadsheet.",
        template="actionplans/plan_form.html",
        context={"title": "Start an action plan", "crumbs": crumbs(("Start an action plan", None))},
    )


@require_http_methods(["GET", "POST"])
@refusals_explained
def plan_edit(request, pk):
    def details(plan):
        return PlanForm(request.POST or None, instance=plan, councils=Council.objects.filter(pk=plan.council_id))

    plan, _ = get_plan_to_edit(request, pk, details)
    form = details(plan)
    return edit_page(
        request,
        plan,
        form,
        save=lambda rev: services.plan_update(plan=plan, form=form, by=request.user, revision=rev),
        to=plan,
        message="The plan's details are saved.",
        what="plan",
        template="actionplans/plan_form.html",
        context={
            "plan": plan,
            "form": form,
            "title": "The plan's details",
            "crumbs": plan_crumbs(plan, ("Details", None)),
        },
    )


def _filtered(actions, chosen, today):
    if chosen["theme"]:
        actions = actions.filter(theme__number=int(chosen["theme"]))
    if chosen["statement"]:
        actions = actions.filter(quality_statement_id=int(chosen["statement"]))
    if chosen["status"]:
        actions = actions.filter(status_word_id=int(chosen["status"]))
    if chosen["lead"]:
        actions = actions.filter(lead_officers=chosen["lead"])
    if chosen["overdue"]:
        # Narrowed here; plan_page keeps only those the rule finds overdue.
        actions = actions.filter(Exists(_overdue_milestones(today).filter(action=OuterRef("pk"))))
    if chosen["stale"]:
        actions = actions.stale()
    return actions


def _overdue_milestones(today):
    """Not ticked done, of an action not complete, and past the day it was due (or past the month, for a month's
    milestone). Milestone.is_overdue has the last word: words that say it was done make it done."""
    first_of_month = today.replace(day=1)
    return (
        Milestone.objects.filter(done=False)
        .exclude(action__status__in=FINISHED)
        .filter(
            Q(due_precision=Milestone.Precision.DAY, due_date__lt=today)
            | Q(due_precision=Milestone.Precision.MONTH, due_date__lt=first_of_month)
        )
    )


LONG_TEXT = ("actions_taken", "success_measures")


@require_GET
def plan_page(request, pk):
    plan, standing = fetch(request, plans(), pk=pk)
    today = timezone.localdate()
    filters = ActionFilters(request.GET)
    chosen = filters.chosen()
    chosen.pop("page")
    framework = plan.framework
    themes = list(Theme.objects.filter(framework=framework).prefetch_related("statements"))
    words = list(StatusWord.objects.filter(council_id=plan.council_id).in_order())

    is_filtered = any(chosen.values())
    # The table shows an action's area of focus but not its other long text, and of its latest update only when
    # and by whom: fetching whole actions and updates, and making objects of them, was much of the page's time.
    latest = StatusUpdate.objects.standing().filter(action=OuterRef("pk")).order_by("-at", "-id")
    shown = list(
        _filtered(plan.actions.all(), chosen, today)
        .select_related("theme", "quality_statement", "status_word")
        .defer(*LONG_TEXT)
        .annotate(
            latest_update_at=Subquery(latest.values("at")[:1]),
            latest_update_by_id=Subquery(latest.values("by")[:1]),
        )
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")),
        )
    )
    if chosen["overdue"]:
        shown = [action for action in shown if any(m.is_overdue(today) for m in action.milestones.all())]
    updaters = get_user_model().objects.in_bulk({action.latest_update_by_id for action in shown} - {None})
    # The summary and the lead officers' list count every action; unfiltered, those are the ones shown.
    everything = (
        list(plan.actions.select_related("theme").only("plan", "status", "status_word", "lead_officers", "theme"))
        if is_filtered
        else shown
    )
    summary = summarise(everything, themes, words, framework=framework)
    # A score beside a statement only where CQC scores them: its local authority assessment's.
    scores = latest_scores(plan.council, framework) if framework.shows_cqc_scores else {}

    now = timezone.now()
    for action in shown:
        action.is_stale_now = action.is_stale(now)
        action.latest_update_by = updaters.get(action.latest_update_by_id)
        undone = [m for m in action.milestones.all() if not m.counts_as_done]
        action.next_milestone = min((m for m in undone if m.due_date), key=lambda m: m.due_date, default=None) or (
            undone[0] if undone else None
        )
    groups = grouped(shown, framework)
    for group in groups:
        for block in group["statements"]:
            block["score"] = scores.get(block["statement"].pk) if block["statement"] else None

    used_themes = {action.theme_id for action in everything}
    steps = open_steps(plan, standing)
    return render(
        request,
        "actionplans/plan.html",
        {
            "plan": plan,
            "groups": groups,
            "summary": summary,
            "chart": status_chart(summary),
            "overdue": [
                m
                for m in _overdue_milestones(today)
                .filter(action__plan=plan)
                .select_related("action")
                .defer(*(f"action__{name}" for name in ("area_of_focus", *LONG_TEXT)))
                .order_by("due_date", "action__ref_key")
                if m.is_overdue(today)
            ],
            "framework": framework,
            "themes": [theme for theme in themes if not theme.retired or theme.pk in used_themes],
            "has_target_dates": any(action.target_date for action in shown),
            "words": words,
            "leads": sorted({a.lead_officers for a in everything if a.lead_officers}),
            "chosen": chosen,
            "is_filtered": is_filtered,
            "shown_count": sum(len(s["actions"]) for g in groups for s in g["statements"]),
            "filter_query": filters.query_string(),
            "can_edit": may_edit(plan, standing),
            "can_update": may_update(standing),
            "steps": steps,
            "can_delete": plan.status == PlanStatus.DRAFT
            and (standing.has(Role.COUNCIL_ADMIN) or plan.created_by_id == request.user.pk)
            and not plan.status_changes.filter(to_status=PlanStatus.SUBMITTED).exists(),
            "not_theirs_to_sign": author_refusal(plan, request.user, "plan")
            if (plan.status == PlanStatus.SUBMITTED and standing.has(Role.APPROVER) and PlanStep.APPROVE not in steps)
            else None,
            "timeline": plan.status_changes.select_related("by"),
            "compare_with": comparison_councils(plan.council, plan.framework),
            "crumbs": crumbs((plan.title, None)),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    """Delete a draft that was never submitted, once the person confirms; kept in the council's deletion log."""
    plan, _ = fetch(request, plans(), pk=pk)
    return delete_draft_page(
        request,
        plan,
        noun="plan",
        done_url="actionplans:list",
        crumbs=plan_crumbs(plan, ("Delete this draft", None)),
    )
