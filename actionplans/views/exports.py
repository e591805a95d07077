"""A plan's actions as a spreadsheet, with the columns the import reads: what is exported imports back unchanged.
Anyone of the plan's council may export it."""

from django.db.models import Prefetch
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplans.importer import HEADER, line_of
from actionplans.models import Action, Milestone
from actionplans.views.common import plans
from councils.access import fetch
from councils.spreadsheets import csv_response, xlsx_response


def plan_rows(plan):
    """One row an action, in ref order, in the import's columns."""
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("quality_statement", "status_word")
        .order_by("ref_key")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")))
    )
    for action in actions:
        yield [
            action.quality_statement.name,
            action.ref,
            action.area_of_focus,
            action.actions_taken,
            action.success_measures,
            action.lead_officers,
            action.status_word.word,
            timezone.localdate(action.last_update_at) if action.last_update_at else None,
            "\n".join(line_of(milestone) for milestone in action.milestones.all()),
        ]


def _filename(plan, extension):
    return f"{plan.title or 'action-plan'} {timezone.localdate():%Y-%m-%d}.{extension}"


@require_GET
def plan_xlsx(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    return xlsx_response(_filename(plan, "xlsx"), "Action plan", HEADER, list(plan_rows(plan)))


@require_GET
def plan_csv(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    return csv_response(_filename(plan, "csv"), HEADER, list(plan_rows(plan)))
