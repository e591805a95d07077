"""The history of a CQC result in sentences: when it was recorded, and what each correction changed (whose result it
is, its title, dates and summary, and any statement's score or key findings, a score added or taken away). Two
queries of history, however many corrections."""

from actionplans.models import CqcResult, StatementScore
from councils.audit import (
    Change,
    Describer,
    Said,
    by_object,
    changed_fields,
    consecutive,
    entries,
    field_change,
    quoted,
    read,
)

RESULT_FIELDS = ["assessed_council", "title", "assessed_on", "published_on", "summary"]
SCORE_FIELDS = ["score", "key_findings"]
LABELS = {
    "assessed_council": "Council assessed",
    "title": "Title",
    "assessed_on": "Date of the assessment",
    "published_on": "Date the report was published",
    "summary": "Summary",
}


def cqc_history(result):
    """The result's changes as entries, newest first."""
    describe = Describer(
        empty_as={"assessed_council": f"{result.council.name} (its own result)", "published_on": "not given"}
    )
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
    # Each record with its statement, in the same query: a score taken away is no longer among the result's.
    scores = read(StatementScore.history.filter(result_id=result.pk).select_related("quality_statement"))
    for records in by_object(scores).values():
        for prev, record in consecutive(records):
            statement = record.quality_statement.name
            if prev is None or record.history_type == "-":
                change = _added_or_taken_away(record, statement, describe)
                if change is not None:
                    said.append(Said.of(record, change, 1))
                continue
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


def _added_or_taken_away(record, statement, describe):
    """A score added by a correction, or taken away by one; None for a score recorded with the result."""
    score = quoted(describe.of(StatementScore, "score", record))
    if record.history_type == "-":
        return Change((StatementScore, record.id, "-"), text=f"Score for {statement} taken away: it was {score}")
    if record.history_change_reason == StatementScore.ADDED_BY_CORRECTION:
        return Change((StatementScore, record.id, "+"), text=f"Score for {statement} added: {score}")
    return None
