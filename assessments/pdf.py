"""The EIA as a committee paper: the paper template's layout (seed 004), ending with its sign-off block."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import slugify

from assessments import review
from assessments.models import LEVEL_DEFINITIONS, AssessmentAction, ImpactRow
from councils.pdf import pdf_response, render_pdf

# Characters of a cell that fill most of an A4 page at the table's width and type size.
LONG_CELL = 1200


def assessment_pdf_response(assessment):
    # Rows, actions and the rows each action addresses: three queries whatever the size of the EIA.
    prefetch_related_objects(
        [assessment],
        "rows",
        Prefetch("actions", queryset=AssessmentAction.objects.prefetch_related(
            Prefetch("mitigates", queryset=ImpactRow.objects.only("id", "label", "position").order_by("position"))
        )),
    )
    rows, actions = list(assessment.rows.all()), list(assessment.actions.all())
    # A table row is kept on one page, unless it has a cell near a page long: WeasyPrint would then drop the
    # repeated column headings on every page the row fills, so such a row may break instead.
    for row in rows:
        row.breaks_across_pages = max(map(len, (row.neutral, row.positive, row.negative))) > LONG_CELL
    for action in actions:
        action.breaks_across_pages = max(map(len, (action.action_required, action.key_activity,
                                                   action.outcomes_required))) > LONG_CELL
    periods = assessment.review_periods()
    context = {
        "assessment": assessment,
        "council": assessment.council,
        "rows": rows,
        "actions": actions,
        "is_draft": not assessment.is_signed_off,
        "review": assessment.review_summary(),
        "periods": {name: review.describe_period(getattr(periods, name)) for name in ("high", "medium", "low", "none")},
        "levels": LEVEL_DEFINITIONS,
    }
    pdf = render_pdf("assessments/pdf.html", context)
    return pdf_response(pdf, f"eia-{assessment.pk}-{slugify(assessment.title)[:80]}.pdf")

