"""The history of what the council's EIAs ask, as a council admin changes it on the council settings pages: the
standard fields switched on, off or made required, and the council's questions added, reworded, moved and retired,
in the council settings' History."""

from datetime import timedelta

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
# The records of one move are saved together; a save this long after the one before starts another.
ONE_MOVE = timedelta(seconds=1)


def _list_place(questions, question_id):
    """Where the question is in its place's list as the settings page numbers it: from 1, retired ones too."""
    question = questions[question_id]
    order = sorted((q.position, q.id) for q in questions.values() if q.place == question.place)
    return order.index((question.position, question.id)) + 1


def _places_seen(records):
    """{history_id: (place before, place after)} for each record of a question moved, counted in its own list as the
    person saw it. Positions alone do not say it: a list may have gaps, from questions removed, or ties. A move
    renumbers its whole list, a record for each question it moves, so the places are read from the list as it was
    before the first of those records and as it is after the last."""
    now, seen, move = {}, {}, []

    def finish():
        before = dict(now)
        for record in move:
            now[record.id] = record
        seen.update(
            {record.history_id: (_list_place(before, record.id), _list_place(now, record.id)) for record in move}
        )
        move.clear()

    for record in records:
        if move and not (
            record.history_type == "~"
            and record.place == move[0].place
            and record.history_user_id == move[0].history_user_id
            and record.history_date - move[-1].history_date < ONE_MOVE
            and record.id not in {m.id for m in move}
        ):
            finish()
        prev = now.get(record.id)
        if record.history_type == "~" and prev is not None and prev.position != record.position:
            move.append(record)
        elif record.history_type == "-":
            now.pop(record.id, None)
        else:
            now[record.id] = record
    finish()
    return seen


def _question_changes(records, places_seen):
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
                    before, after = places_seen.get(record.history_id, (prev.position, record.position))
                    if before != after:  # else numbered afresh by a move of others, in the place it had
                        text = f"Moved the question ‘{record.text}’ from place {before} to place {after} {where}"
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
    ]
    questions = read(Question.history.filter(council_id=council.pk))
    places_seen = _places_seen(questions)
    found += [
        (record, change)
        for records in by_object(questions).values()
        for record, change in _question_changes(records, places_seen)
    ]
    return [Said.of(record, change, QUESTIONS_RANK) for record, change in found]
