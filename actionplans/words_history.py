"""The history of the council's status words, as a council admin changes them on the council settings pages: words
added, reworded, given another meaning or colour, moved, retired and offered again, in the council settings'
History. A reworded word's old wording stays here, whatever the plans' pages now show."""

from actionplans.models import StatusWord
from actionplans.statuses import Colour, Meaning
from councils.audit import Change, Said, by_object, changed_fields, consecutive, read, said_together
from councils.templatetags.text import mid_sentence

STATUS_WORDS_RANK = 5  # after the EIA's fields and questions (assessments/questions_history.py) saved at one moment


def _meaning(value):
    return mid_sentence(Meaning(value).label) if value in Meaning.values else value


def _colour(value):
    return mid_sentence(Colour(value).label) if value in Colour.values else value


# A word's fields that hold a choice: what a sentence calls each, and its value in words.
CHOICES = {"meaning": ("Meaning", _meaning), "colour": ("Colour", _colour)}


def _word_changes(records):
    for prev, record in consecutive(records):
        key = (StatusWord, record.id)
        called = f"the status word ‘{record.word}’"
        if record.history_type == "+":
            text = f"Added {called}, meaning {_meaning(record.meaning)}, shown in {_colour(record.colour)}"
            yield record, Change((*key, "+"), text=text)
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed {called}")
        elif prev is None:
            text = f"Changed {called}; what it said before was not recorded"
            yield record, Change((*key, "unknown", record.history_id), text=text)
        else:
            for name in changed_fields(prev, record, ["word", "meaning", "colour", "position", "retired"]):
                if name == "word":
                    yield record, Change((*key, name), label="Wording of a status word", old=prev.word, new=record.word)
                elif name in CHOICES:
                    label, said = CHOICES[name]
                    old, new = said(getattr(prev, name)), said(getattr(record, name))
                    yield record, Change((*key, name), label=f"{label} of {called}", old=old, new=new)
                elif name == "position":
                    text = f"Moved {called} from place {prev.position} to place {record.position}"
                    yield record, Change((*key, name), text=text)
                else:
                    text = (
                        f"Retired {called}: updates no longer offer it"
                        if record.retired
                        else f"The status word ‘{record.word}’ is offered again"
                    )
                    yield record, Change((*key, name, record.history_id), text=text)


def status_words_history(council):
    """The changes to the council's status words, for the council settings' History."""
    changes = [
        (record, change)
        for records in by_object(read(StatusWord.history.filter(council_id=council.pk))).values()
        for record, change in _word_changes(records)
    ]
    return [
        Said.of(record, change, STATUS_WORDS_RANK)
        for record, change in said_together(changes, model=StatusWord, sentence=_words_together)
    ]


def _words_together(kind, records):
    """A new council's words, or the demo's, in one sentence: "Added 5 status words: ‘Started’ (in progress, on
    track; purple), …"."""
    if kind == "-":
        return f"Removed {len(records)} status words: " + ", ".join(f"‘{record.word}’" for record in records)
    words = ", ".join(f"‘{record.word}’ ({_meaning(record.meaning)}; {_colour(record.colour)})" for record in records)
    return f"Added {len(records)} status words: {words}"
