"""Every status a plan file writes, and the council's word each is read as: one of its own words, as written; one
the council chose before for its files (ImportStatusValue); one EqA matched by the spellings plan files write for
its default words ("completed", "in progress"); or, for anything else ("Amber – On Track", "Slipped", "3"), one the
person chooses, once. Their choices are remembered for the council, so that next month's file asks nothing."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from actionplans import statuses
from actionplans.importer.problems import FileRefused, Problem, quote
from actionplans.importer.rows import StatusReader
from actionplans.models import ImportStatusValue, StatusWord
from actionplans.models.imports import STATUS_VALUE_LENGTH
from councils.lifecycle import SavedByOther, editing

# A status column holds a handful of words; a file with more different values has the wrong column chosen.
MAX_STATUS_VALUES = 40

# How each status was read, as the preview and History say it.
HOW = {
    "own": "The council's own word",
    "remembered": "As chosen before",
    "matched": "EqA matched the words",
    "suggested": "It begins with the council's word: check it",
    "chosen": "As you chose",
    "asked": "Not chosen yet",
}


@dataclass
class Value:
    """A status the file writes: as first written, the rows that write it, and the word it is read as (a pk)."""

    text: str
    key: str
    rows: list = field(default_factory=list)
    word: int | None = None
    how: str = "asked"

    @property
    def asked(self):
        """Whether the person must say what it is: EqA cannot read it, or only suggests a word."""
        return self.how in ("asked", "suggested")

    @property
    def how_label(self):
        return HOW[self.how]

    def as_json(self):
        return [self.text, self.word, self.how, self.rows]

    @classmethod
    def from_json(cls, data):
        text, word, how, rows = data
        return cls(text=text, key=statuses.normalise(text), rows=rows, word=word, how=how)


def remembered_statuses(council_id):
    """{normalised value: word pk} the council chose before."""
    return dict(ImportStatusValue.objects.filter(council_id=council_id).values_list("key", "word_id"))


def reader_for(plan, words):
    return StatusReader(words, remembered_statuses(plan.council_id))


def status_values(plan, table, choices, chosen=()):
    """Each different status the table writes in its column chosen as the status, in the order the file first
    writes them, and how each is read now; the keys in `chosen` are those the person has just chosen. Refused
    (FileRefused) when the column holds too many different values, or one too long, to be a status."""
    read = table.read_as(choices)
    if "status" not in read.columns:
        return []
    found = {}
    for number, cells, _ in read.rows:
        text = " ".join(cells["status"].split())
        key = statuses.normalise(text)
        if not key:  # an empty cell, or only a dash or a dot: no status, as StatusReader.read has it
            continue
        if key not in found:
            found[key] = Value(text=text, key=key)
        found[key].rows.append(number)
    if len(found) > MAX_STATUS_VALUES:
        raise FileRefused(
            f"The column chosen as the status has {len(found):,} different values; EqA can read at most "
            f"{MAX_STATUS_VALUES}. Check that the right column is chosen as the status, or make the file write "
            f"each status the same way."
        )
    # The key too: a few letters lengthen in lower case ("İ" is two characters).
    long = [value for value in found.values() if max(len(value.text), len(value.key)) > STATUS_VALUE_LENGTH]
    if long:
        raise FileRefused(
            *(
                Problem(
                    f"{quote(value.text, 40)} is too long for a status, which can have at most "
                    f"{STATUS_VALUE_LENGTH} characters. Check that the right column is chosen as the status.",
                    value.rows[0],
                    "status",
                )
                for value in long
            )
        )
    reader = reader_for(plan, StatusWord.objects.filter(council_id=plan.council_id).in_order())
    for value in found.values():
        value.word, value.how = reader.how(value.text)
        if value.key in chosen:
            value.how = "chosen"
    return list(found.values())


class ChosenByOther(Exception):
    """Somebody else chose what some of the statuses are read as since the person's page was opened: `current`,
    the ImportStatusValue of each, as saved now. Nothing was saved."""

    def __init__(self, current):
        super().__init__("statuses chosen by somebody else")
        self.current = current


def remember_statuses(*, council, chosen, seen, by):
    """Keep the person's choices for the council's files: `chosen` [(Value, word pk)], `seen` {key: the revision
    of the council's choice for it the page was opened on, 0 for none}. All or nothing: ChosenByOther when
    somebody changed (or first made) a choice since, to a different word. A choice the same as the one
    remembered, or as EqA reads the value anyway, is not kept."""
    clashes = []
    with transaction.atomic():
        saved = {
            choice.key: choice
            for choice in ImportStatusValue.objects.filter(council=council, key__in=[value.key for value, _ in chosen])
        }
        for value, word in chosen:
            choice = saved.get(value.key)
            if choice is None and not (value.how == "matched" and value.word == word):
                try:
                    _first_choice(council, value, word, by)
                except IntegrityError:  # somebody made it at the same moment
                    clashes.append(ImportStatusValue.objects.get(council=council, key=value.key))
            elif choice is not None and choice.word_id != word:
                try:
                    rechoose_status(choice, word=word, by=by, revision=seen.get(value.key, 0))
                except SavedByOther as other:
                    clashes.append(other.current)
        if clashes:
            raise ChosenByOther(clashes)


def _first_choice(council, value, word, by):
    choice = ImportStatusValue(
        council=council, key=value.key, value=value.text, word_id=word, last_edited_by=by, revision=1
    )
    choice._history_user = by
    with transaction.atomic():
        choice.save()


def rechoose_status(choice, *, word, by, revision):
    """The council's word a remembered status is read as from now on; SavedByOther when somebody changed it since
    `revision`. `word`: a StatusWord or its pk."""
    with editing(choice, by=by, revision=revision, editable=lambda locked: True) as locked:
        locked.word_id = getattr(word, "pk", word)
        locked.last_edited_by = by
        locked._history_user = by
        locked.save(update_fields=["word", "last_edited_by", "updated_at"])
    return locked
