"""The history of a CQC result in sentences: when it was recorded, and what each correction changed (its title,
date, summary, and any statement's score or key findings). Two queries of history, however many corrections."""

from actionplans.models import CqcResult, StatementScore
from councils.audit import Change, Describer, Said, by_object, changed_fields, consecutive, entries, field_change, read

RESULT_FIELDS = ["title", "assessed_on", "summary"]
SCORE_FIELDS = ["score", "key_findings"]
LABELS = {"title": "Title", "assessed_on": "Date of the assessment", "summary": "Summary"}


def cqc_history(result):
    """The result's changes as entries, newest first."""
    describe = Describer()
    said = []
    for prev, record in consecutive(read(CqcResult.history.filter(id=result.pk))):
        if prev is None:
            said.append(Said.of(record, Change((CqcResult, record.id, "+"), text="Recorded the result")))
            continue
        for name in changed_fields(prev, record, RESULT_FIELDS):
            said.append(
                Said.of(
                    record,
                    field_change(CqcResult, (CqcResult, record.id), name, prev, record, describe, LABELS[name]),
                )
            )
    # The scores the page fetched with the result: no query of their own.
    names = {score.quality_statement_id: score.quality_statement.name for score in result.scores.all()}
    scores = read(StatementScore.history.filter(result_id=result.pk))
    for records in by_object(scores).values():
        for prev, record in consecutive(records):
            if prev is None:
                continue  # recorded with the result
            statement = names.get(record.quality_statement_id, "a quality statement")
            for name in changed_fields(prev, record, SCORE_FIELDS):
                what = "Score" if name == "score" else "Key findings"
                said.append(
                    Said.of(
                        record,
                        field_change(
                            StatementScore,
                            (StatementScore, record.id),
                            name,
                            prev,
                            record,
                            describe,
                            f"{what} for {statement}",
                        ),
                        1,
                    )
                )
    return entries(said)
