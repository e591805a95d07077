"""Making the changes a checked file describes, all or nothing, as the person who imported it."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from actionplans import milestones as milestone_reading
from actionplans.importer.milestone_cells import due_of
from actionplans.importer.preview import compare
from actionplans.importer.problems import FileRefused
from actionplans.models import Action, ActionPlan, Milestone, PlanImport, PlanStatus
from actionplans.refs import ref_key
from councils.lifecycle import TransitionRefused, count_edit
from councils.templatetags.text import mid_sentence

# The words of a status update the import records: they are printed as the action's latest update in committee
# papers, so they name no file (History says which file it was).
IMPORTED_NOTE = "Status as given in the plan's spreadsheet when it was imported."


@dataclass(frozen=True)
class Result:
    added: int
    changed: int
    unchanged: int

    def summary(self):
        return f"{self.added} action{'' if self.added == 1 else 's'} added, {self.changed} changed"


def refusal(plan):
    """Why nothing can be imported into the plan now, or None when it is a draft."""
    if plan.status == PlanStatus.DRAFT:
        return None
    if plan.status == PlanStatus.APPROVED:
        return (
            "This plan is signed off, so nothing can be imported into it. Its actions' progress is recorded "
            "with status updates."
        )
    return (
        f"This plan is {mid_sentence(plan.get_status_display())}, so nothing can be imported into it now. An "
        f"approver can return it for changes."
    )


def apply(plan, rows, *, by, filename="", columns=(), rows_above=(), statuses=()):
    """Make the changes the rows describe, all or nothing, and record the import for the plan's History with how
    the file's `columns` were read (mapping.described), the `rows_above` its header row that were left out, and how
    its statuses were read ([[as the file writes it, the council's word, how: status_values.HOW]]).
    Raises TransitionRefused when the plan is not a draft, FileRefused when the rows no longer fit the plan."""
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        refused = refusal(locked)
        if refused:
            raise TransitionRefused(refused)
        preview = compare(locked, rows)
        if preview.errors:
            raise FileRefused(*preview.errors)
        for planned in preview.added:
            _create(locked, planned, by)
        for planned in preview.changed:
            _change(planned, by)
        if preview.added or any(p.new_links for p in preview.changed):
            by_key = {a.ref_key: a for a in Action.objects.filter(plan=locked)}
            for planned in [*preview.added, *preview.changed]:
                others = [by_key[ref_key(ref)] for ref in planned.new_links]
                if others:
                    planned.action.linked_actions.add(*others)
        for planned in [*preview.added, *preview.changed]:
            if planned.status and planned.status.pk != planned.action.status_word_id:
                planned.action.record_update(
                    by=by,
                    word=planned.status,
                    note=IMPORTED_NOTE,
                    on=_status_day(locked, planned, new=planned in preview.added),
                    imported_from=filename or "a plan file",
                )
        if preview.has_changes:
            count_edit(locked, by=by)
            PlanImport.objects.create(
                plan=locked,
                by=by,
                filename=filename or "a plan file",
                columns=[list(pair) for pair in columns],
                rows_above=list(rows_above),
                statuses=[list(triple) for triple in statuses],
            )
    return Result(len(preview.added), len(preview.changed), len(preview.unchanged))


def _create(plan, planned, by):
    row = planned.row
    action = Action(
        plan=plan,
        ref=row["ref"],
        quality_statement=planned.statement,
        theme=planned.theme,
        priority=row.get("priority") or "",
        target_date=date.fromisoformat(row["target_date"]) if row.get("target_date") else None,
        area_of_focus=row["area_of_focus"],
        actions_taken=row["actions_taken"] or "",
        success_measures=row["success_measures"] or "",
        lead_officers=row["lead_officers"] or "",
        extra_fields=planned.extra_fields,
    )
    action._history_user = by
    action.save()
    for position, item in milestone_reading.numbered(row["milestones"] or []):
        _new_milestone(action, position, item, by)
    planned.action = action


def _new_milestone(action, position, item, by):
    milestone = Milestone(
        action=action,
        position=position,
        description=item["description"],
        source_text=item["source_text"],
        due_date=due_of(item),
        due_precision=item["precision"],
        done=item["done"],
    )
    milestone._history_user = by
    milestone.save()


def _change(planned, by):
    action = planned.action
    if planned.updates:
        for name, value in planned.updates.items():
            setattr(action, name, value)
        action._history_user = by
        action.save(update_fields=[*planned.updates, "updated_at"])
    sync = planned.milestones
    if sync is None:
        return
    for milestone in sync.removes:
        milestone._history_user = by
        milestone.delete()
    for milestone, changes in sync.updates:
        for name, value in changes.items():
            setattr(milestone, name, value)
        milestone._history_user = by
        milestone.save(update_fields=list(changes))
    for position, item in sync.creates:
        _new_milestone(action, position, item, by)


def _status_day(plan, planned, *, new):
    """The day a status the import records stands from: the day the file gives; else, for an action the import
    adds, the plan's beginning, so that a progress report of any day since shows the status the file gave (the
    file says what the status was before EqA had the action, not that it changed today); else, for an action EqA
    had already, today: the file says it has changed since."""
    if planned.row.get("status_date"):
        return date.fromisoformat(planned.row["status_date"])
    if new:
        return plan.source_date or timezone.localdate(plan.created_at)
    return None
