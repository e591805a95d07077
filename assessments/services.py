"""Edits of a draft EIA that span its rows and actions: each locks the EIA, refuses a stale save, and records
who edited it last (an approver may not sign off what they last edited).

And the lifecycle steps that set something off: the step itself is the model's (Assessment.approve), what it sets
off (the issued PDF, the security log) is here, in the step's transaction."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from assessments.models import (
    Assessment,
    AssessmentAction,
    ImpactRow,
    IssuedPdf,
    LegacyAssessment,
    PendingLegacyImport,
    Screening,
    ScreeningAnswer,
    ScreeningIssuedPdf,
    ScreeningStatus,
    ScreeningStep,
)
from assessments.pdf import fingerprint_parts, render_assessment_pdf
from assessments.screening_pdf import render_screening_pdf, screening_fingerprint_parts
from assessments.word_import import Found, words
from councils.lifecycle import TransitionRefused, content_fingerprint, editing
from councils.logs import log_sign_off
from councils.models import Council
from councils.services import reference_take


def _reference_take(council):
    """The council's next reference. Screenings and EIAs share the numbers; one an earlier pattern gave either
    is skipped."""

    def taken(reference):
        return any(
            model.objects.filter(council=council, reference=reference).exists() for model in (Assessment, Screening)
        )

    return reference_take(council=council, taken=taken)


@transaction.atomic
def assessment_start(*, form, by):
    """A new draft EIA from the start form, with its grid copied from the council's list of characteristics."""
    assessment = form.save(commit=False)
    assessment.council = assessment.service.council
    assessment.reference = _reference_take(assessment.council)
    assessment.created_by = assessment.last_edited_by = by
    assessment.save()
    assessment.copy_grid_from_council()
    return assessment


def _editing(record, *, by, revision):
    """Edit a draft EIA or screening: its newest version, while it is a draft."""

    def editable(locked):
        return locked.status == locked.Status.DRAFT and locked.is_latest

    return editing(record, by=by, revision=revision, editable=editable)


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


def row_add(*, assessment, form, by, revision):
    """A row the author adds to this EIA's grid, after its other rows; it covers no statutory item."""
    with _editing(assessment, by=by, revision=revision):
        row = form.save(commit=False)
        row.assessment, row.added_by_author, row.covers = assessment, True, []
        row.position = (assessment.rows.aggregate(last=Max("position"))["last"] or 0) + 1
        row.save()
        return row


def row_remove(*, assessment, row, by, revision):
    with _editing(assessment, by=by, revision=revision):
        row.delete()


def uncovered_reasons_save(*, assessment, reasons, by, revision):
    with _editing(assessment, by=by, revision=revision) as locked:
        locked.uncovered_reasons = reasons
        locked.save(update_fields=["uncovered_reasons", "updated_at"])


# The steps that set something off. Each is one transaction with its step: a PDF that cannot be issued leaves the EIA
# as it was; the PDF's file is written with it, and the log line once it has committed.


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


# Screenings: the short first step that decides whether a full EIA is needed.


@transaction.atomic
def screening_start(*, form, by):
    """A new draft screening, with one answer to give for each row of the council's list of characteristics."""
    screening = form.save(commit=False)
    screening.council = screening.service.council
    screening.reference = _reference_take(screening.council)
    screening.created_by = screening.last_edited_by = by
    screening.save()
    screening.copy_rows_from_council()
    return screening


def screening_update(*, screening, form, by, revision):
    with _editing(screening, by=by, revision=revision):
        form.instance.last_edited_by = by
        form.instance.save(update_fields=[*form.Meta.fields, "last_edited_by", "updated_at"])
        form.save_answers(screening)


def screening_answers_save(*, screening, formset, by, revision):
    with _editing(screening, by=by, revision=revision):
        changed = [form.instance for form in formset.forms if form.has_changed()]
        bulk_update_with_history(changed, ScreeningAnswer, formset.form.Meta.fields, default_user=by)


def screening_approve(*, screening, by):
    """Screen it out (no full EIA needed), issue its PDF as it now stands, and log the decision."""
    with transaction.atomic():
        decided = screening.approve(by=by)
        issued = ScreeningIssuedPdf(
            screening=decided, issued_by=by, fingerprint=content_fingerprint(screening_fingerprint_parts(decided))
        )
        issued.store(render_screening_pdf(decided, issued=issued), f"screening-{decided.pk}-v{decided.version}.pdf")
        issued.save()
        log_sign_off(decided, by=by)
    return decided


@transaction.atomic
def screening_start_eia(*, screening, by):
    """Start the full EIA a screening found needed, in one step: its service, title and proposal, and the grid a new
    EIA has, with the screening's answer and reason beside each row it answered. A draft screened in by its answers
    is decided by it."""
    locked = screening.lock_for(ScreeningStep.START_EIA, by)
    if locked.status == ScreeningStatus.DRAFT:
        problems = (
            Screening.objects.prefetch_related("answers", "question_answers").get(pk=locked.pk).submission_problems()
        )
        if problems:
            raise TransitionRefused("The screening is not ready to start the full EIA yet.", problems=problems)
        locked.approved_by, locked.approved_at = by, timezone.now()
        locked.move(ScreeningStatus.FULL_EIA_NEEDED, by, fields=["approved_by", "approved_at"])
        # A reopened screening decided by its answers replaces the decision of the version before.
        locked.supersede_previous(by)
    assessment = Assessment.objects.create(
        council=locked.council,
        service=locked.service,
        reference=locked.reference,
        title=locked.title,
        aims=locked.proposal,
        service_users=locked.affects,
        screening=locked,
        created_by=by,
        last_edited_by=by,
    )
    assessment.copy_grid_from_council()
    _carry_answers(locked.answers.select_related("characteristic"), to=assessment)
    return assessment


def _carry_answers(answers, *, to):
    """Each answer beside the grid's row for the same row of the council's list (or, failing that, of the same
    name). A row the council has retired since the screening is added after the others, so no answer is lost."""
    rows = list(to.rows.all())
    by_characteristic = {row.characteristic_id: row for row in rows if row.characteristic_id is not None}
    by_label = {row.label: row for row in rows}
    answered, added = [], []
    for answer in answers:
        row = by_characteristic.get(answer.characteristic_id) or by_label.get(answer.label)
        if row is None or row.screening_answer:
            row = ImpactRow(
                assessment=to,
                characteristic=answer.characteristic,
                position=len(rows) + len(added) + 1,
                label=answer.label,
                guidance=answer.characteristic.guidance if answer.characteristic else "",
                covers=list(answer.covers),
            )
            added.append(row)
        else:
            answered.append(row)
        row.screening_answer, row.screening_reason = answer.answer, answer.reason
    ImpactRow.objects.bulk_update(answered, ["screening_answer", "screening_reason"])
    ImpactRow.objects.bulk_create(added)


# The decision a signed-off EIA informed: not part of what was signed off, so recorded, and corrected, at any time.


def decision_record(*, assessment, form, by):
    """Record the decision with the PDF issued at the EIA's sign-off, the one the meeting could have read."""
    decision = form.save(commit=False)
    decision.assessment, decision.recorded_by = assessment, by
    decision.signed_off_pdf = assessment.issued_pdfs.filter(kind=IssuedPdf.Kind.SIGN_OFF).first()
    if decision.signed_off_pdf is None:
        raise TransitionRefused(
            "This assessment was signed off without a PDF being kept, so EqA cannot show what the meeting had."
        )
    with transaction.atomic():
        decision.save()
        _decision_saved(assessment, by=by)
    return decision


def decision_correct(*, decision, form, by, revision):
    """Correct the decision as the form has it; refused with SavedByOther when somebody corrected it since
    `revision`."""
    with editing(decision, by=by, revision=revision, editable=lambda locked: True):
        form.save()
        _decision_saved(decision.assessment, by=by)


def _decision_saved(assessment, *, by):
    """The EIA's PDF is issued again with its decisions as they now read, so that the PDF a committee paper carries
    says them; the PDFs issued before are kept as they were. The register shows the decision too."""
    _issue_pdf(assessment, by=by, kind=IssuedPdf.Kind.DECISION)
    Council.objects.register_changed(assessment.council_id)


@transaction.atomic
def legacy_import(*, pending, chosen, by):
    """Each readable file of a waiting upload as a legacy record, with what its council admin chose for it
    (`chosen`: {file position: (title, service, review date)}), its Word file kept byte for byte; the upload is then
    gone, so the same upload is never imported twice: None when it was already. The council's public register moves
    on, to show them."""
    locked = PendingLegacyImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        return None
    made = []
    for file in locked.files.exclude(found=None).order_by("position"):
        title, service, review_due = chosen[file.position]
        found = Found.from_json(file.found)
        record = LegacyAssessment(
            council=locked.council,
            service=service,
            title=title,
            reference=found.reference,
            owner=found.owner,
            assessed_on=date.fromisoformat(found.assessed_on) if found.assessed_on else None,
            review_due=review_due,
            rows=file.found["rows"],
            original_filename=file.filename,
            imported_by=by,
        )
        record.store(bytes(file.data), file.filename)
        record.save()
        made.append(record)
    locked.delete()
    Council.objects.register_changed(locked.council_id)
    return made


@transaction.atomic
def legacy_start_review(*, legacy, by, link):
    """A new draft EIA reviewing an old one brought in from Word: its service, title, reference and lead officer,
    the grid a new EIA has with each row the old EIA rated filled as it was rated, and `link` (the old EIA's page)
    as the previous EIA made outside EqA. One review an old EIA: asked again, it is the one already started
    (`created` False)."""
    locked = LegacyAssessment.objects.select_for_update().get(pk=legacy.pk)
    if locked.review_id is not None:
        return locked.review, False
    assessment = Assessment.objects.create(
        council=locked.council,
        service=locked.service,
        reference=_reference_take(locked.council),
        old_reference=locked.reference,
        title=locked.title,
        lead_officer=locked.owner,
        previous_eia_link=link,
        created_by=by,
        last_edited_by=by,
    )
    assessment.copy_grid_from_council()
    _carry_ratings(locked.found_rows, to=assessment)
    locked.review = assessment
    locked.save(update_fields=["review"])
    return assessment, True


BEFORE_EQA = "in the EIA made before EqA"


def _carry_ratings(found_rows, *, to):
    """Each row the old EIA rated, on the grid's row for the same group (by what it covers, or its name); a group the
    council's grid lacks is added as a row of the author's. A negative impact is carried only with its level: a
    level the old EIA did not give is for the author to choose."""
    rows = list(to.rows.all())
    filled, added = [], []
    for found in found_rows:
        row = next((row for row in rows if _same_group(row, found)), None)
        if row is None:
            row = ImpactRow(assessment=to, position=len(rows) + len(added) + 1, label=found.label, added_by_author=True)
            added.append(row)
        else:
            filled.append(row)
        if found.positive:
            row.positive = found.positive_text or f"Rated positive {BEFORE_EQA}."
        if found.neutral:
            row.neutral = found.neutral_text or f"Rated neutral {BEFORE_EQA}."
        if found.negative and found.level:
            row.negative = found.negative_text or f"Rated negative ({found.level}) {BEFORE_EQA}."
            row.negative_level = found.level
    ImpactRow.objects.bulk_update(filled, ["positive", "neutral", "negative", "negative_level"])
    ImpactRow.objects.bulk_create(added)


def _same_group(row, found):
    if found.code in row.covers:
        return True
    label = words.plain(row.label)
    return label == words.plain(found.label) or (found.code == words.CARERS and "carer" in label)


def action_done_record(*, action, form, by, revision):
    """Record an action of a signed-off EIA as done, or correct when it was; a correction is refused with SavedByOther
    when somebody corrected it since `revision`."""
    done = form.instance
    if done.pk is None:
        done.action, done.recorded_by = action, by
        done.save()
        return done
    with editing(done, by=by, revision=revision, editable=lambda locked: True):
        return form.save()
