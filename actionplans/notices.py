"""Whom an action plan's steps tell by email (councils/notifications.py), and what is due each month: the council's
approvers on submit (a plan covers no one service), its authors on return and sign-off; each action of a signed-off
plan that is not finished, to its lead officer's account, once a month that its update is due (unless updated this
month already) and once a month while it is past its target date."""

from django.db.models import F

from actionplans.models import Action, ActionPlan, PlanStatus
from actionplans.statuses import FINISHED
from councils.models import NoticeKind, Role
from councils.notifications import members, notify, sign_off_notices

WHAT = "action plan"


def step_notices(record, change):
    if not isinstance(record, ActionPlan):
        return []
    return sign_off_notices(record, change, approvers=lambda: members(record.council, Role.APPROVER), what=WHAT)


def periodic_notices(today):
    """Record this month's notices of the actions due them; each (action, kind, month) once however often this
    runs."""
    month = f"{today:%Y-%m}"
    actions = (
        Action.objects.filter(
            plan__status=PlanStatus.APPROVED,
            lead_officer_user__isnull=False,
            lead_officer_user__memberships__council=F("plan__council"),
        )
        .exclude(status__in=FINISHED)
        .select_related("plan__council", "lead_officer_user")
        .distinct()
        .order_by("pk")
    )
    told = []
    for action in actions:
        about = {
            "record": action,
            "people": [action.lead_officer_user],
            "council": action.plan.council,
            "what": "action",
            # An action has no title of its own: its reference and its plan's name it.
            "reference": "",
            "title": f"{action.ref} of {action.plan.title}",
        }
        updated = action.last_update_at
        if updated is None or (updated.year, updated.month) != (today.year, today.month):
            told += notify(kind=NoticeKind.UPDATE_DUE, occasion=f"update-due:{month}", **about)
        if action.target_date is not None and action.target_date < today:
            told += notify(kind=NoticeKind.ACTION_OVERDUE, occasion=f"overdue:{month}", **about)
    return told
