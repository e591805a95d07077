"""A record's history in sentences a council officer can read: who changed what, and when. The parts that do not
depend on what the record is; assessments/history.py (an EIA) and actionplans/history.py (an action plan) say
what their records' changes mean.

How a history is built, so that its queries do not grow with the number of changes:
- read(queryset): one query for all of a history table's records of the record being shown, oldest first, with
  the person who saved each;
- by_object(records) and consecutive(records): the records of each object, each with the one before it;
- changed_fields(prev, record, fields): which of `fields` one save changed (django-simple-history's diff);
- Describer: a stored value in words: "(empty)", a choice's label, a name for a foreign key, a date;
- Change: one sentence, "Added the action T1.7" or "Title changed from ‘…’ to ‘…’";
- Said: a Change with who said it and when (from a history record: Said.of(record, change, rank));
- said_together(changes, ...): the items of a council's list added or removed at once in one sentence;
- entries(items): the sentences grouped into Entry objects, one per person and moment, newest first; however
  close together a person's saves come, none of their changes is lost;
- history_page(request, entries, ...): the History page of any record, a page of entries at a time.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from councils.forms import QueryForm

EMPTY = "(empty)"
SHORT = 200  # characters of a value quoted in a sentence
# One person's changes this close together are one entry.
SAME_MOMENT = timedelta(seconds=1)


@dataclass
class Entry:
    when: datetime
    who: str
    changes: list = field(default_factory=list)


@dataclass
class Change:
    """One sentence: either plain `text`, or `label` changed from `old` to `new`.

    `key` says what the sentence is about, (model, object id, what); `save`, which save said it (a history record's
    id, unless the change says otherwise). Within one entry, changes of the same key from one save are said once, from
    the first's old value to the last's new one (links removed, then added); from several saves, each is kept: one
    value after another ("from ‘Optional’ to ‘Not used’, then to ‘Always’"), or a sentence each."""

    key: tuple
    text: str = ""
    label: str = ""
    old: str = ""
    new: str = ""
    save: object = None
    # The values between `old` and `new` that saves in the same entry left.
    between: list = field(default_factory=list)

    def sentence(self):
        if self.text:
            return self.text
        first, *later = [*self.between, self.new]
        then = "".join(f", then to ‘{shorten(value)}’" for value in later)
        return f"{self.label} changed from ‘{shorten(self.old)}’ to ‘{shorten(first)}’{then}"

    @property
    def says_something(self):
        return bool(self.text) or self.old != self.new or bool(self.between)

    def then(self, later):
        """`later`, a change of the same key by a later save, after this one."""
        self.label, self.save = later.label, later.save
        if later.new != self.new:
            self.between.append(self.new)
            self.new = later.new

    def merge(self, later):
        """`later`, a change of the same key by the same save: said as one, from this one's old value to its new."""
        self.label, self.new = later.label, later.new
        if self.between and self.new == self.between[-1]:
            self.new = self.between.pop()  # the last save left it as it found it


@dataclass
class Said:
    """A change, with when and by whom. `order` places it among changes saved at the same moment."""

    when: datetime
    user_id: int | None
    user: object
    change: Change
    order: tuple = ()

    @classmethod
    def of(cls, record, change, rank=0):
        """A change a history record shows, said by the save that wrote the record unless it says otherwise."""
        if change.save is None:
            change.save = record.history_id
        return cls(record.history_date, record.history_user_id, record.history_user, change, (rank, record.history_id))


def shorten(text, limit=SHORT):
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def quoted(text, limit=SHORT):
    return f"‘{shorten(text, limit)}’"


def person(user):
    if user is None:
        return "EqA"
    return user.get_full_name() or user.get_username()


def label(model, name, labels=None):
    """What a field is called: as `labels` says, else its verbose name."""
    return (labels or {}).get(name) or capfirst(model._meta.get_field(name).verbose_name)


def plural(count, word):
    return f"{count} {word}{'s' if count != 1 else ''}"


# Reading history tables


def read(history_queryset):
    """The records, oldest first, with the person who saved each: one query."""
    return list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))


def by_object(records):
    """The records of each object (by its id), in the order given."""
    grouped = defaultdict(list)
    for record in records:
        grouped[record.id].append(record)
    return grouped


def consecutive(records):
    """Each record of one object with the one before it (None for the first)."""
    return zip([None, *records], records, strict=False)


def changed_fields(prev, record, fields):
    """Which of `fields` changed from `prev` to `record`, in the order of `fields`."""
    changed = set(record.diff_against(prev, included_fields=fields).changed_fields)
    return [name for name in fields if name in changed]


def values_that_changed(records, attname):
    """The values of `attname` worth a name: none unless the value ever changed between the records."""
    values = {getattr(record, attname) for record in records}
    values.discard(None)
    return (
        values if len(values) > 1 or (values and any(getattr(record, attname) is None for record in records)) else set()
    )


class Describer:
    """Turns stored values into words: choices into their labels, foreign keys into names, dates into dates.

    `names`: for a foreign key's field, ({id: name}, what to say of an id with no name); `empty_as`: what an
    empty value of a field means, where "(empty)" would not say it."""

    def __init__(self, names=None, empty_as=None):
        self.names, self.empty_as = names or {}, empty_as or {}

    def value(self, model, name, value):
        if value in (None, "", [], {}):
            return self.empty_as.get(name, EMPTY)
        if isinstance(value, list):
            return "; ".join(self.value(model, name, item) for item in value)
        if name in self.names:
            known, missing = self.names[name]
            return known.get(value, missing)
        choices = dict(model._meta.get_field(name).flatchoices)
        if choices:
            return str(choices.get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime):
            return dateformat.format(timezone.localtime(value), "j F Y \\a\\t H:i")
        if isinstance(value, date):
            return dateformat.format(value, "j F Y")
        return str(value)

    def of(self, model, name, record):
        """The value of field `name` of a record (a foreign key's id: no query), in words."""
        return self.value(model, name, getattr(record, model._meta.get_field(name).attname))


def field_change(model, key, name, prev, record, describe, label_text):
    """The Change of field `name` from `prev` to `record`."""
    return Change(
        (*key, name), label=label_text, old=describe.of(model, name, prev), new=describe.of(model, name, record)
    )


# Entries


def entries(items, fold=None, gap=SAME_MOMENT):
    """The changes as entries, newest first: one entry per person and moment.

    A moment is a run of one person's changes, nobody else's between them, each within `gap` of the one before:
    so that one save is one entry however long it takes (an import), and whatever second it starts in (a save
    that begins at 09:00:00.98 and ends at 09:00:01.02 is still one). `fold(changes)` may replace an entry's
    changes by fewer sentences (a grid created with its rows)."""
    items = sorted(items, key=lambda said: (said.when, said.order))
    grouped, previous = {}, None
    for said in items:
        if previous and previous[1] == said.user_id and said.when - previous[2] <= gap:
            moment = previous[0]
        else:
            moment = (said.when, said.user_id)
        previous = (moment, said.user_id, said.when)
        entry = grouped.get(moment)
        if entry is None:
            entry = grouped[moment] = {"when": said.when, "user": said.user, "changes": [], "latest": {}}
        entry["when"] = max(entry["when"], said.when)
        _add(entry, said.change)

    result = []
    for entry in grouped.values():
        found = entry["changes"]
        if fold is not None:
            found = fold(found)
        sentences = [c.sentence() for c in found if c.says_something]
        if sentences:
            result.append(Entry(when=entry["when"], who=person(entry["user"]), changes=sentences))
    result.sort(key=lambda e: e.when, reverse=True)
    return result


def _add(entry, change):
    """Add `change` to an entry's changes, losing none: one save's changes of a key are one change (an action's links
    are removed, then added: a record each), several saves' are said one after another."""
    earlier = entry["latest"].get(change.key)
    same_save = earlier is not None and earlier.save is not None and earlier.save == change.save
    if earlier is not None and change.label and earlier.label:
        if same_save:
            earlier.merge(change)
        else:
            earlier.then(change)
        return
    if same_save:
        at = next(index for index, said in enumerate(entry["changes"]) if said is earlier)
        entry["changes"][at] = change
    else:
        entry["changes"].append(change)
    entry["latest"][change.key] = change


HISTORY_PAGE = 50  # entries on one page of a History


def history_page(request, entries, *, template, context):
    """The History page of a record (an EIA, a plan, a CQC result, a council's settings): its entries, newest first,
    a page at a time; `context` is the template's, which gets the page."""
    page = Paginator(entries, HISTORY_PAGE).get_page(QueryForm.chosen_in(request.GET)["page"])
    return render(request, template, {**context, "page": page})


WHOLE_LIST = 4  # items of a list added or removed at once, from which they are said in one sentence


def said_together(changes, *, model, sentence):
    """(record, Change) pairs of a council's list, with its items added or removed together (a new council's
    defaults, the demo's) said in one sentence each, not one an item: `sentence(kind, records)` words them, "+" or
    "-", the records in the list's order ("Added 14 rows to the council's impact grid: ‘Age’, …")."""
    together, kept = defaultdict(list), []
    for record, change in changes:
        if change.key[-1] in ("+", "-"):
            together[(change.key[-1], record.history_user_id, record.history_date.replace(microsecond=0))].append(
                (record, change)
            )
        else:
            kept.append((record, change))
    for (kind, _, _), found in together.items():
        if len(found) < WHOLE_LIST:
            kept.extend(found)
            continue
        records = sorted((record for record, _ in found), key=lambda record: record.position)
        change = Change((model, "together", kind, records[0].history_id), text=sentence(kind, records))
        kept.append((records[0], change))
    return kept
