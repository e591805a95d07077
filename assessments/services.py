"""Edits of a draft EIA that span its rows and actions: each locks the EIA, refuses a stale save, and records
who edited it last (an approver may not sign off what they last edited).

And the lifecycle steps that set something off: the step itself is the model's (Assessment.approve), what it sets
off (the issued PDF, the security log) is here, in the step's transaction."""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from assessments.models import AssessmentAction, ImpactRow, IssuedPdf, Status
from assessments.pdf import fingerprint_parts, render_assessment_pdf
from councils.lifecycle import content_fingerprint, editing
from councils.logs import log_sign_off


@transaction.atomic
def assessment_start(*, form, by):
    """A new draft EIA from the start form, with its grid copied from the council's list of characteristics."""
    assessment = form.save(commit=False)
    assessment.council = assessment.service.council
    assessment.created_by = assessment.last_edited_by = by
    assessment.save()
    assessment.copy_grid_from_council()
    return assessment


def _editing(assessment, *, by, revision):
    return editing(
        assessment, by=by, revision=revision, editable=lambda locked: locked.status == Status.DRAFT and locked.is_latest
    )


def assessment_update(*, assessment, form, by, revision):
    with _editing(assessment, by=by, revision=revision):
        form.instance.last_edited_by = by
        form.instance.save(update_fields=[*form.saved_fields(), "last_edited_by", "updated_at"])
        form.save_answers(assessment)


def grid_save(*, assessment, formset, questions, by, revision):
    """The grid's rows, and the answers to the council's questions at its end."""
    with _editing(assessment, by=by, revision=revision):
        changed = [form.instance for form in formset.forms if form.has_changed()]
        # One statement for the rows, however many, and their history with it.
        bulk_update_with_history(changed, ImpactRow, formset.form.Meta.fields, default_user=by)
        questions.save_answers(assessment)


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


# The steps that set something off. Each is one transaction with its step: a PDF that cannot be issued leaves the EIA
# as it was, and the PDF's file and the log line are written only once it has committed.


def assessment_approve(*, assessment, by):
    """Sign the EIA off, issue its PDF as it now stands, and log the sign-off."""
    with transaction.atomic():
        approved = assessment.approve(by=by)
        _issue_pdf(approved, by=by, kind=IssuedPdf.Kind.SIGN_OFF)
        log_sign_off(approved, by=by)
    return approved


def assessment_moderate(*, assessment, by, body, on, outcome, comments=""):
    """Record the moderation and re-issue the PDF with it; the signed-off PDF is kept as it was."""
    with transaction.atomic():
        moderated = assessment.record_moderation(by=by, body=body, on=on, outcome=outcome, comments=comments)
        _issue_pdf(moderated, by=by, kind=IssuedPdf.Kind.MODERATION)
    return moderated


def _issue_pdf(assessment, *, by, kind):
    """Render the EIA as it now stands, once, and keep the bytes."""
    issued = IssuedPdf(
        assessment=assessment, kind=kind, issued_by=by, fingerprint=content_fingerprint(fingerprint_parts(assessment))
    )
    issued.store(
        render_assessment_pdf(assessment, issued=issued), f"eia-{assessment.pk}-v{assessment.version}-{kind}.pdf"
    )
    issued.save()
    return issued
