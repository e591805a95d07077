"""A screening as a committee paper: what is proposed, who it affects, the answer on each row, and the decision.
A screened-out decision downloads as the PDF issued when it was decided; anything else is rendered now, marked
DRAFT until decided."""

from django.utils.text import slugify

from councils.pdf import pdf_response, render_pdf


def screening_pdf_response(screening):
    issued = getattr(screening, "issued_pdf", None) if screening.is_decided else None
    if issued is not None:
        return issued_screening_pdf_response(issued)
    return pdf_response(render_screening_pdf(screening), _filename(screening))


def issued_screening_pdf_response(issued):
    return pdf_response(issued.read(), _filename(issued.screening, "decided"))


def _filename(screening, kind=""):
    parts = [f"screening-{screening.pk}-v{screening.version}", slugify(screening.title)[:80], kind]
    return "-".join(part for part in parts if part) + ".pdf"


def render_screening_pdf(screening, issued=None):
    """The PDF's bytes; with `issued`, the first line carries the decision and the record's fingerprint."""
    answers = list(screening.answers.all())
    context = {
        "screening": screening,
        "council": screening.council,
        "answers": answers,
        "questions": screening.questions_shown(),
        "outcome": screening.outcome(),
        "decision": screening.decision,
        # A screening decided by its answers is decided as its full EIA starts.
        "assessment": getattr(screening, "assessment", None) if screening.decision else None,
        "is_draft": not screening.is_decided,
        "issued": issued,
    }
    return render_pdf("assessments/screening_pdf.html", context, issuing=issued is not None)


def screening_fingerprint_parts(screening):
    """Everything the decided screening says, in a fixed order, for its fingerprint."""
    return [
        *(getattr(screening, field) for field in FINGERPRINTED_FIELDS),
        *((a.label, a.answer, a.reason) for a in screening.answers.all()),
        *screening.questions_shown(),
    ]


FINGERPRINTED_FIELDS = [
    "pk",
    "version",
    "reference",
    "title",
    "service_id",
    "proposal",
    "affects",
    "conclusion",
    "decision_reason",
    "status",
    "approved_by_id",
    "approved_at",
    "review_due",
]
