"""The history of the council's remembered choices of what a plan file's columns are (ImportColumnMapping) and what
the statuses its plan files write are read as (ImportStatusValue), as plan editors choose them when they import and
change them on the spreadsheet columns and statuses page: in the council settings' History."""

from actionplans.importer.columns import READ_AS
from actionplans.models import ImportColumnMapping, ImportStatusValue, StatusWord
from councils.audit import EMPTY, Change, Said, by_object, consecutive, quoted, read

MAPPING_RANK = 5  # after the EIAs' questions (assessments/questions_history.py) saved at the same moment


def _headed(record):
    return quoted(", ".join(text for text in record.headers if text), 120)


def _mapping_changes(records):
    for prev, record in consecutive(records):
        key = (ImportColumnMapping, record.id)
        if record.history_type == "+":
            chosen = "; ".join(
                f"{quoted(text)}: {READ_AS.get(choice, choice)}"
                for text, choice in zip(record.headers, record.choices, strict=False)
                if text
            )
            text = f"Chose what the columns of plan files headed {_headed(record)} are: {chosen}"
            yield record, Change((*key, "+"), text=text)
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Forgot the columns of plan files headed {_headed(record)}")
        elif prev is not None:
            for index, (text, choice) in enumerate(zip(record.headers, record.choices, strict=False)):
                before = prev.choices[index] if index < len(prev.choices) else None
                if before != choice:
                    yield (
                        record,
                        Change(
                            (*key, index),
                            label=f"What the column {quoted(text)} of plan files headed {_headed(record)} is",
                            old=READ_AS.get(before, EMPTY),
                            new=READ_AS.get(choice, choice),
                        ),
                    )


def _status_changes(records, words):
    for prev, record in consecutive(records):
        key = (ImportStatusValue, record.id)
        if record.history_type == "+":
            text = f"Chose that the status {quoted(record.value)} in plan files is read as {words[record.word_id]}"
            yield record, Change((*key, "+"), text=text)
        elif prev is not None and prev.word_id != record.word_id:
            yield (
                record,
                Change(
                    (*key, "word"),
                    label=f"What the status {quoted(record.value)} in plan files is read as",
                    old=words[prev.word_id],
                    new=words[record.word_id],
                ),
            )


def import_mappings_history(council):
    """The changes to the council's remembered columns and statuses, for the council settings' History."""
    words = dict(StatusWord.objects.filter(council_id=council.pk).values_list("pk", "word"))
    return [
        *(
            Said.of(record, change, MAPPING_RANK)
            for records in by_object(read(ImportColumnMapping.history.filter(council_id=council.pk))).values()
            for record, change in _mapping_changes(records)
        ),
        *(
            Said.of(record, change, MAPPING_RANK)
            for records in by_object(read(ImportStatusValue.history.filter(council_id=council.pk))).values()
            for record, change in _status_changes(records, words)
        ),
    ]
