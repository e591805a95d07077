"""The EIA as a committee paper: the layout of Cheshire West and Chester's EIA template, ending with its
sign-off block."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import slugify

from assessments import review
from assessments.characteristics import nation_duties, uncovered
from assessments.models import LEVEL_DEFINITIONS, STANDARD_FIELDS, AssessmentAction, ImpactRow, IssuedPdf
from councils.pdf import pdf_response, render_pdf

# Characters of a cell that fill about a third of an A4 page at the table's width and type size. A longer row
# may break across pages: kept whole, it left up to a third of the page before it blank.
LONG_CELL = 500


def assessment_pdf_response(assessment):
    """A signed-off EIA downloads as the bytes issued last (at sign-off or moderation); a draft is rendered now."""
    if assessment.is_signed_off:
        issued = assessment.issued_pdfs.order_by("-issued_at", "-id").first()
        if issued is not None:
            return issued_pdf_response(issued)
    return pdf_response(render_assessment_pdf(assessment), _filename(assessment))


# What a download's name says of a kept PDF (not the kind's label, "Signed-off PDF", which ended "-pdf.pdf").
KIND_IN_FILE_NAME = {
    IssuedPdf.Kind.SIGN_OFF: "signed-off",
    IssuedPdf.Kind.MODERATION: "moderated",
    IssuedPdf.Kind.DECISION: "with-decision",
}


def issued_pdf_response(issued):
    return pdf_response(issued.read(), _filename(issued.assessment, KIND_IN_FILE_NAME[issued.kind]))


def _filename(assessment, kind=""):
    parts = [f"eia-{assessment.pk}-v{assessment.version}", slugify(assessment.title)[:80], slugify(kind)]
    return "-".join(part for part in parts if part) + ".pdf"


def render_assessment_pdf(assessment, issued=None):
    """The PDF's bytes; with `issued`, the footer carries the sign-off and the record's fingerprint."""
    rows, actions = _rows_and_actions(assessment)
    periods = assessment.review_periods()
    context = {
        "assessment": assessment,
        "origin": assessment.origin_screening(),
        "council": assessment.council,
        "rows": rows,
        "actions": actions,
        "standard_fields": assessment.standard_fields_shown(),
        "questions": assessment.questions_shown(),
        "is_draft": not assessment.is_signed_off,
        "issued": issued,
        "review": assessment.review_summary(),
        "periods": {name: review.describe_period(getattr(periods, name)) for name in ("high", "medium", "low", "none")},
        "levels": LEVEL_DEFINITIONS,
        # Each statutory characteristic the grid leaves out, with the officer's reason (shown on the EIA page too).
        "uncovered": [
            (characteristic.label, assessment.uncovered_reasons.get(characteristic.value, ""))
            for characteristic in uncovered((row.covers for row in rows), assessment.council.nation)
        ],
        "duties": nation_duties(assessment.council.nation),
        # Only a signed-off EIA informs a decision; a draft has none to read.
        "decisions": assessment.decisions.select_related("signed_off_pdf") if assessment.is_signed_off else [],
    }
    return render_pdf("assessments/pdf.html", context, issuing=issued is not None)


def fingerprint_parts(assessment):
    """Everything the signed-off record says, in a fixed order, for its fingerprint."""
    rows, actions = _rows_and_actions(assessment)
    header = [getattr(assessment, field) for field in FINGERPRINTED_FIELDS]
    return [
        *header,
        *(getattr(assessment, name) for name in STANDARD_FIELDS),
        *assessment.questions_shown(),
        *((row.label, row.neutral, row.positive, row.negative, row.negative_level) for row in rows),
        *(
            (
                a.action_required,
                a.key_activity,
                a.priority,
                a.outcomes_required,
                a.officer_responsible,
                a.review_date,
                a.review_date_precision,
                a.review_date_note,
                [r.label for r in a.mitigates.all()],
            )
            for a in actions
        ),
    ]


FINGERPRINTED_FIELDS = [
    "pk",
    "reference",
    "old_reference",
    "version",
    "title",
    "subject_type",
    "aims",
    "service_users",
    "stakeholders",
    "lead_officer",
    "commissioning_officers",
    "evidence",
    "engagement",
    "decision",
    "decision_reason",
    "uncovered_reasons",
    "head_of_service",
    "approved_by_id",
    "approved_at",
    "review_due",
    "moderation_body",
    "moderation_date",
    "moderation_outcome",
    "moderation_comments",
]


def _rows_and_actions(assessment):
    # Rows, actions and the rows each action addresses: three queries whatever the size of the EIA.
    prefetch_related_objects(
        [assessment],
        "rows",
        Prefetch(
            "actions",
            queryset=AssessmentAction.objects.prefetch_related(
                Prefetch("mitigates", queryset=ImpactRow.objects.only("id", "label", "position").order_by("position"))
            ),
        ),
    )
    rows, actions = list(assessment.rows.all()), list(assessment.actions.all())
    # A table row is kept on one page, unless it has a long cell: kept whole, a row near a page long would leave
    # the page before it mostly blank (and WeasyPrint drops the repeated column headings on every page it fills).
    for row in rows:
        row.breaks_across_pages = max(map(len, (row.neutral, row.positive, row.negative))) > LONG_CELL
    for action in actions:
        action.breaks_across_pages = (
            max(map(len, (action.action_required, action.key_activity, action.outcomes_required))) > LONG_CELL
        )
    return rows, actions
