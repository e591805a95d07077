"""The action plan panels of a person's home page: what waits for them in their own councils.

- a plan's writers (managers and authors): plans returned for changes, and actions of signed-off plans nobody has
  updated for 60 days;
- an approver: plans submitted for sign-off that they did not write or last edit.

Each panel is one query, however many plans and actions there are (councils/dashboard.py). The councils app calls
`dashboard_panels(request)` through ActionplansConfig; it never imports this app.
"""

from django.db.models import Max, Min, Window
from django.db.models.functions import Coalesce
from django.urls import reverse

from actionplans.models import Action, ActionPlan, PlanStatus, PlanStep
from actionplans.models.actions import STALE_AFTER
from actionplans.permissions import EDITORS, UPDATERS, WHO
from councils import dashboard
from councils.access import councils_with, memberships
from councils.dashboard import panel, row
from councils.templatetags.text import shorten

PLANS = ("plan", "plans")


def dashboard_panels(request):
    found = memberships(request)
    several = len({m.council_id for m in found}) > 1
    panels = []
    writers = councils_with(found, *EDITORS)
    if writers:
        panels.append(_returned(writers, several))
    updaters = councils_with(found, *UPDATERS)
    if updaters:
        panels.append(_to_update(updaters))
    approvers = councils_with(found, *WHO[PlanStep.APPROVE])
    if approvers:
        panels.append(_waiting_for_sign_off(approvers, request.user, several))
    return panels


def _council(plan, several):
    return plan.council.name if several else plan.get_source_display()


def _returned(council_ids, several):
    returns = dashboard.returns(ActionPlan.objects.filter(council_id__in=council_ids)).select_related("plan__council")

    def make_row(change):
        plan = change.plan
        return row(
            plan.title, plan.get_absolute_url(), _council(plan, several), change.at, **dashboard.return_detail(change)
        )

    return panel(
        "plans-returned",
        "Action plans returned for changes",
        returns,
        make_row,
        date_label="Returned on",
        detail_label="Reason",
        place_label="Council" if several else "Response to",
        nouns=PLANS,
        empty="No action plans have been returned for changes.",
        more_url=reverse("actionplans:list"),
        more_hint="action plans",
    )


def _to_update(council_ids):
    stale = (
        Action.objects.filter(plan__council_id__in=council_ids, plan__status=PlanStatus.APPROVED)
        .stale()
        .select_related("plan")
        .only("id", "ref", "area_of_focus", "last_update_at", "created_at", "plan__title")
        # Whether they all belong to one plan, in the panel's one query: then its "more" goes to that plan's page,
        # showing them all.
        .annotate(first_plan=Window(Min("plan_id")), last_plan=Window(Max("plan_id")))
        .order_by(Coalesce("last_update_at", "created_at"), "plan_id", "ref_key")
    )
    days = STALE_AFTER.days

    def make_row(action):
        one_plan = action.plan if action.first_plan == action.last_plan else None
        return row(
            f"{action.ref}: {shorten(action.area_of_focus, 80)}",
            action.get_absolute_url(),
            action.plan.title,
            action.last_update_at,
            one_plan=one_plan,
        )

    found = panel(
        "actions-to-update",
        f"Actions with no update for {days} days",
        stale,
        make_row,
        date_label="Last update",
        place_label="Plan",
        nouns=("action", "actions"),
        empty=f"Every action of your signed-off plans has an update from the last {days} days.",
        more_url=reverse("actionplans:list"),
        more_hint=f"actions with no update for {days} days, on their plans' pages",
    )
    if found["items"] and (plan := found["items"][0]["one_plan"]) is not None:
        found["more_url"] = f"{plan.get_absolute_url()}?stale=1#actions"
        found["more_hint"] = f"actions with no update for {days} days"
    return found


def _waiting_for_sign_off(council_ids, user, several):
    waiting = dashboard.waiting_for_sign_off(
        ActionPlan.objects.filter(council_id__in=council_ids).select_related("council"), by=user
    )
    return panel(
        "plans-sign-off",
        "Action plans waiting for your sign-off",
        waiting,
        lambda plan: row(
            plan.title, plan.get_absolute_url(), _council(plan, several), plan.submitted_at or plan.updated_at
        ),
        date_label="Submitted on",
        place_label="Council" if several else "Response to",
        nouns=PLANS,
        empty="No action plans are waiting for your sign-off.",
        more_url=reverse("actionplans:list"),
        more_hint="action plans",
    )
