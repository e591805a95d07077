"""Edits of a draft EIA that span its rows and actions: each locks the EIA, refuses a stale save, and records
who edited it last (an approver may not sign off what they last edited)."""

from simple_history.utils import bulk_update_with_history

from assessments.models import AssessmentAction, ImpactRow, Status
from councils.lifecycle import editing


def _editing(assessment, *, by, revision):
    return editing(
        assessment, by=by, revision=revision, editable=lambda locked: locked.status == Status.DRAFT and locked.is_latest
    )


def assessment_update(*, assessment, form, by, revision):
    with _editing(assessment, by=by, revision=revision):
        form.instance.last_edited_by = by
        form.instance.save(update_fields=[*form.Meta.fields, "last_edited_by", "updated_at"])


def grid_save(*, assessment, formset, by, revision):
    with _editing(assessment, by=by, revision=revision):
        changed = [form.instance for form in formset.forms if form.has_changed()]
        # One statement for the rows, however many, and their history with it.
        bulk_update_with_history(changed, ImpactRow, formset.form.Meta.fields, default_user=by)


def action_save(*, assessment, form, by, revision):
    with _editing(assessment, by=by, revision=revision):
        action = form.instance
        if action.pk is None:
            action.position = AssessmentAction.objects.filter(assessment=assessment).count() + 1
        return form.save()


def action_remove(*, assessment, action, by, revision):
    with _editing(assessment, by=by, revision=revision):
        action.delete()


def uncovered_reasons_save(*, assessment, reasons, by, revision):
    with _editing(assessment, by=by, revision=revision) as locked:
        locked.uncovered_reasons = reasons
        locked.save(update_fields=["uncovered_reasons", "updated_at"])
