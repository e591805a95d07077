"""The history of what the council's EIAs ask, as a council admin changes it on the council settings pages: the
standard fields switched on, off or made required, and the council's questions added, reworded, moved and retired,
in the council settings' History."""

from assessments.models import STANDARD_FIELDS, FieldState, Question, StandardField
from councils.audit import EMPTY, Change, Said, by_object, changed_fields, consecutive, read
from councils.templatetags.text import mid_sentence

QUESTIONS_RANK = 4  # after the grid's rows (assessments/grid_rows_history.py) saved at the same moment


def _state_sentence(name, state):
    label = mid_sentence(STANDARD_FIELDS.get(name, name))
    if state == FieldState.REQUIRED:
        return f"EIAs ask for the {label}, required before submitting"
    if state == FieldState.OPTIONAL:
        return f"EIAs ask for the {label}, as an optional field"
    return f"EIAs no longer ask for the {label}"


def _field_changes(records):
    for prev, record in consecutive(records):
        key = (StandardField, record.id)
        if record.history_type == "-":
            yield record, Change((*key, "-"), text=_state_sentence(record.name, FieldState.OFF))
        elif prev is None or prev.state != record.state:
            yield record, Change((*key, "state", record.history_id), text=_state_sentence(record.name, record.state))


QUESTION_LABELS = {"text": "Wording", "hint": "Hint"}


def _question_changes(records):
    for prev, record in consecutive(records):
        key = (Question, record.id)
        where = Question.Place(record.place).asked if record.place in Question.Place.values else f"in {record.place}"
        if record.history_type == "+":
            text = f"Added the question ‘{record.text}’, asked {where}"
            yield record, Change((*key, "+"), text=text + (", required" if record.required else ""))
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the question ‘{record.text}’")
        elif prev is None:
            text = f"Changed the question ‘{record.text}’; what it said before was not recorded"
            yield record, Change((*key, "unknown", record.history_id), text=text)
        else:
            for name in changed_fields(prev, record, ["text", "hint", "required", "position", "is_active"]):
                if name == "position":
                    text = (
                        f"Moved the question ‘{record.text}’ from place {prev.position} to place {record.position}"
                        f" {where}"
                    )
                    yield record, Change((*key, name), text=text)
                elif name == "is_active":
                    text = (
                        f"The question ‘{record.text}’ is asked again"
                        if record.is_active
                        else f"Retired the question ‘{record.text}’: drafts no longer ask it"
                    )
                    yield record, Change((*key, name, record.history_id), text=text)
                elif name == "required":
                    text = (
                        f"The question ‘{record.text}’ must be answered before submitting"
                        if record.required
                        else f"The question ‘{record.text}’ is optional"
                    )
                    yield record, Change((*key, name, record.history_id), text=text)
                else:
                    yield (
                        record,
                        Change(
                            (*key, name),
                            label=f"{QUESTION_LABELS[name]} of the question ‘{record.text}’",
                            old=getattr(prev, name) or EMPTY,
                            new=getattr(record, name) or EMPTY,
                        ),
                    )


def questions_history(council):
    """The changes to the fields and questions the council's EIAs ask, for the council settings' History."""
    found = [
        (record, change)
        for records in by_object(read(StandardField.history.filter(council_id=council.pk))).values()
        for record, change in _field_changes(records)
    ] + [
        (record, change)
        for records in by_object(read(Question.history.filter(council_id=council.pk))).values()
        for record, change in _question_changes(records)
    ]
    return [Said.of(record, change, QUESTIONS_RANK) for record, change in found]
