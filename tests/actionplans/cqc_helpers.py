"""CQC results as the tests record them: a score (or none) for each of the current framework's statements."""

from datetime import date, timedelta

from actionplans.cqc import current_framework, current_statements
from actionplans.models import CqcResult, StatementScore


def statements():
    return list(current_statements(current_framework()))


def record(
    council,
    by,
    scores,
    assessed_on=date(2024, 11, 14),
    findings=None,
    title="CQC local authority assessment",
    assessed_council="",
    published_on=...,
):
    """A result `council` keeps: its own, or with `assessed_council` another council's; published 36 days after the
    assessment unless `published_on` says (None: not given, as results recorded before the date was asked)."""
    if published_on is ...:
        published_on = assessed_on + timedelta(days=36)
    result = CqcResult.objects.create(
        council=council,
        framework=current_framework(),
        title=title,
        assessed_council=assessed_council,
        assessed_on=assessed_on,
        published_on=published_on,
        created_by=by,
    )
    for quality_statement, score in zip(statements(), scores, strict=True):
        if score is not None:
            StatementScore.objects.create(
                result=result,
                quality_statement=quality_statement,
                score=score,
                key_findings=(findings or {}).get(quality_statement.name, ""),
            )
    return result
