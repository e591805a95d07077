"""A plan's actions as a spreadsheet, with the columns the import reads and the actions' extra fields: what is
exported imports back unchanged.
Anyone of the plan's council may export it."""

from django.db.models import Prefetch
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplans.importer import HEADER, line_of
from actionplans.models import Action, Milestone
from actionplans.views.common import plans
from councils.access import fetch
from councils.spreadsheets import csv_response, xlsx_response


def plan_table(plan):
    """The header and one row an action, in ref order: the import's columns, then the actions' extra fields, a
    column each under its name, in the order they first come."""
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("quality_statement", "theme", "status_word")
        .order_by("ref_key")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")))
    )
    extras = {}  # a name as it is first written, by its words in any case
    for action in actions:
        for name, _ in action.extra_fields:
            extras.setdefault(name.casefold(), name)
    rows = []
    for action in actions:
        values = {name.casefold(): value for name, value in action.extra_fields}
        rows.append(
            [
                action.quality_statement.name if action.quality_statement else "",
                action.ref,
                action.area_of_focus,
                action.actions_taken,
                action.success_measures,
                action.lead_officers,
                action.status_word.word,
                timezone.localdate(action.last_update_at) if action.last_update_at else None,
                "\n".join(line_of(milestone) for milestone in action.milestones.all()),
                action.theme.name if action.theme else "",
                action.get_priority_display(),
                action.target_date,
                *(values.get(folded, "") for folded in extras),
            ]
        )
    return [*HEADER, *extras.values()], rows


def _filename(plan, extension):
    return f"{plan.title or 'action-plan'} {timezone.localdate():%Y-%m-%d}.{extension}"


@require_GET
def plan_xlsx(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    return xlsx_response(_filename(plan, "xlsx"), "Action plan", *plan_table(plan))


@require_GET
def plan_csv(request, pk):
    plan, _ = fetch(request, plans(), pk=pk)
    return csv_response(_filename(plan, "csv"), *plan_table(plan))
