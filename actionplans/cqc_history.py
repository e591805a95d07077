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
    return entries(_said(result.council, [result.pk]))


def cqc_settings_history(council):
    """Every CQC result of the council, recorded and corrected, for the council settings' History: each sentence
    names its result."""
    results = CqcResult.objects.filter(council=council).in_bulk()
    return [
        Said(
            said.when,
            said.user_id,
            said.user,
            Change(said.change.key, text=f"CQC result ‘{results[result_id]}’: {said.change.sentence()}"),
            said.order,
        )
        for result_id, said in _said(council, list(results), named=True)
        if said.change.says_something
    ]


def _said(council, result_ids, named=False):
    """The Said of each change of the results; with `named`, each as (its result's id, the Said)."""
    describe = Describer(empty_as={"assessed_council": f"{council.name} (its own result)", "published_on": "not given"})
    said = []
    for records in by_object(read(CqcResult.history.filter(id__in=result_ids))).values():
        for prev, record in consecutive(records):
            if prev is None:
                said.append(
                    (record.id, Said.of(record, Change((CqcResult, record.id, "+"), text="Recorded the result")))
                )
                continue
            for name in changed_fields(prev, record, RESULT_FIELDS):
                change = field_change(CqcResult, (CqcResult, record.id), name, prev, record, describe, LABELS[name])
                said.append((record.id, Said.of(record, change)))
    # Each record with its statement, in the same query: a score taken away is no longer among the result's.
    scores = read(StatementScore.history.filter(result_id__in=result_ids).select_related("quality_statement"))
    for records in by_object(scores).values():
        for prev, record in consecutive(records):
            statement = record.quality_statement.name
            if prev is None or record.history_type == "-":
                change = _added_or_taken_away(record, statement, describe)
                if change is not None:
                    said.append((record.result_id, Said.of(record, change, 1)))
                continue
            for name in changed_fields(prev, record, SCORE_FIELDS):
                what = "Score" if name == "score" else "Key findings"
                change = field_change(
                    StatementScore,
                    (StatementScore, record.id),
                    name,
                    prev,
                    record,
                    describe,
                    f"{what} for {statement}",
                )
                said.append((record.result_id, Said.of(record, change, 1)))
    return said if named else [one for _, one in said]


def _added_or_taken_away(record, statement, describe):
    """A score added by a correction, or taken away by one; None for a score recorded with the result."""
    score = quoted(describe.of(StatementScore, "score", record))
    if record.history_type == "-":
        return Change((StatementScore, record.id, "-"), text=f"Score for {statement} taken away: it was {score}")
    if record.history_change_reason == StatementScore.ADDED_BY_CORRECTION:
        return Change((StatementScore, record.id, "+"), text=f"Score for {statement} added: {score}")
    return None
