"""The annual equality report's part from a council's improvement plans: the actions of each signed-off plan, by
theme of its framework, counted by what their status meant at the end of the period and of the period before
(an action added later is not counted then). A past status is read as summary.as_of reads it, here in the
database: the latest update by then; else, for an action first updated later, what that update changed from;
else the status it has now, for only an update changes a status. A fixed number of queries however many plans and
actions there are. The councils app asks for it through ActionplansConfig; assessments never imports it."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from actionplans.models import Action, ActionPlan, PlanStatus, StatusUpdate, Theme
from actionplans.statuses import Meaning
from councils.reports import Figure, Record, Records, Row, Table

NO_THEME = "none"


def _status_on(on):
    updates = StatusUpdate.objects.standing().filter(action=OuterRef("pk"))
    return Coalesce(
        Subquery(updates.filter(at__date__lte=on).order_by("-at", "-pk").values("status")[:1]),
        Subquery(updates.order_by("at", "pk").values("previous_status")[:1]),
        F("status"),
    )


def _counted(on):
    """The actions of a plan signed off by the end of the day, added by then."""
    return Q(plan__approved_at__date__lte=on, created_at__date__lte=on)


def _actions(council):
    return Action.objects.filter(plan__council=council, plan__status=PlanStatus.APPROVED)


def _ends(period):
    return (("now", period.end), ("before", period.previous.end))


def progress(council, period):
    counts = {}
    for when, on in _ends(period):
        counts.update(
            {
                f"{meaning}_{when}": Count("pk", filter=_counted(on) & Q(**{f"status_{when}": meaning}))
                for meaning in Meaning
            }
        )
    found = list(
        _actions(council)
        .filter(_counted(period.end) | _counted(period.previous.end))
        .annotate(**{f"status_{when}": _status_on(on) for when, on in _ends(period)})
        .values("plan", "theme")
        .annotate(**counts)
        .order_by()
    )
    plans = ActionPlan.objects.select_related("framework").in_bulk({row["plan"] for row in found})
    themes = Theme.objects.in_bulk({row["theme"] for row in found if row["theme"]})
    rows = []
    for row in sorted(found, key=lambda row: _order(plans[row["plan"]], themes.get(row["theme"]))):
        plan, theme = plans[row["plan"]], themes.get(row["theme"])
        heading = plan.framework.theme_heading(theme) if theme else plan.framework.no_theme_heading
        asks = {"figure": "plan-actions", "plan": plan.pk, "theme": theme.pk if theme else NO_THEME}
        figures = [Figure(row[f"{m}_now"], row[f"{m}_before"], {**asks, "meaning": m.value}) for m in Meaning]
        figures.append(Figure(sum(f.now for f in figures), sum(f.before for f in figures), asks))
        rows.append(Row(f"{plan.title}: {heading}", tuple(figures)))
    if rows:
        totals = [
            Figure(
                sum(row.figures[index].now for row in rows),
                sum(row.figures[index].before for row in rows),
                {"figure": "plan-actions", **({"meaning": m.value} if m else {})},
            )
            for index, m in enumerate([*Meaning, None])
        ]
        rows.append(Row("All plans", tuple(totals), is_total=True))
    return Table(
        key="plans",
        title="Improvement plan progress",
        about=f"The actions of each signed-off improvement plan, by theme, counted by what their status meant at "
        f"the end of {period.end.day} {period.end:%B %Y}.",
        row_label="Plan and theme",
        columns=(*Meaning.labels, "All actions"),
        rows=tuple(rows),
        empty="The council has no signed-off improvement plan.",
    )


def _order(plan, theme):
    return (plan.title, plan.pk, theme is None, theme.number if theme else 0)


def records(council, period, asked):
    if asked.get("figure") != "plan-actions":
        return None
    on = period.end
    actions = _actions(council).filter(_counted(on)).annotate(status_then=_status_on(on))
    plan, theme, meaning = asked.get("plan", ""), asked.get("theme", ""), asked.get("meaning", "")
    if not all(value.isdecimal() and len(value) < 19 for value in (plan, theme) if value and value != NO_THEME):
        return None
    if meaning and meaning not in Meaning.values:
        return None
    if plan:
        actions = actions.filter(plan=plan)
    if theme:
        actions = actions.filter(theme__isnull=True) if theme == NO_THEME else actions.filter(theme=theme)
    if meaning:
        actions = actions.filter(status_then=meaning)
    found = [
        Record(
            f"{action.ref}: {action.area_of_focus}",
            action.get_absolute_url(),
            action.plan.title,
            f"{Meaning(action.status_then).label} on {on.day} {on:%B %Y}",
        )
        for action in actions.select_related("plan").order_by("plan__title", "plan", "ref_key")
    ]
    what = f": {Meaning(meaning).label.lower()}," if meaning else ""
    return Records(f"Improvement plan actions{what} on {on.day} {on:%B %Y}", found)
