"""What each column of a plan file is, once chosen: one of EqA's fields, an extra field kept with each action under
the column's heading, or left out. Plain functions, no Django: the choices are checked here, whoever made them (the
person, on the columns page; a council's remembered choices; EqA's own recognition), and the table is read by them.

A file's shape is its header row: `shape_key(headers)` is the same for next month's file with the same headings,
whatever their case, punctuation or "(…)" notes, so that the council's choices for it are found again."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from actionplans.importer.columns import CHOICE_NAMES, COLUMN_NAMES, EXTRA, IGNORE, READ_AS, REQUIRED
from actionplans.importer.problems import quote

# An action keeps at most this many extra fields, each named by at most this many characters: a tracker's own
# columns ("Core service", "Evidence", "Assurance") are a handful of short headings. A value is a cell, bounded by
# MAX_CELL_CHARACTERS, and all of an action's extra fields count toward the plan's text limit.
MAX_EXTRA_FIELDS = 20
MAX_EXTRA_NAME = 100


def letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def heading(headers, index, start=False):
    """A column as a person would find it in their file: "column C (‘Lead’)", or "column H" with no heading;
    "Column C …" to `start` a sentence."""
    text = str(headers[index]).strip() if index < len(headers) else ""
    column = f"{'Column' if start else 'column'} {letter(index)}"
    return f"{column} ({quote(text, 40)})" if text else column


def _key_words(text):
    """A heading as the shape's key has it: case, punctuation and a "(…)" note make no difference."""
    folded = str(text).casefold()
    words = " ".join(re.sub(r"[\W_]+", " ", re.sub(r"\([^)]*\)?", " ", folded)).split())
    return words or " ".join(folded.split())


def shape_key(headers):
    """The key of a file's shape: its headings in order, without the empty ones its table ends with."""
    words = [_key_words(text) for text in headers]
    while words and not words[-1]:
        words.pop()
    return hashlib.sha256(json.dumps(words).encode()).hexdigest()


def extra_name(text):
    return " ".join(str(text).split())


def choice_problems(headers, choices, required=None):
    """What is wrong with choices for a header row: (column index or None, what to do), in column order. A choice
    EqA does not offer (a forged form, a stored choice of a field EqA no longer has) is one of them. `required`:
    {key: name} of the columns that must be chosen (columns.required_columns of the plan's framework); without a
    plan, the columns every plan needs."""
    if required is None:
        required = {key: COLUMN_NAMES[key] for key in REQUIRED}
    found = []
    if len(choices) != len(headers):
        return [(None, "Choose what each column of the file is.")]
    chosen, extras = {}, {}
    for index, choice in enumerate(choices):
        if choice not in CHOICE_NAMES:
            found.append((index, f"Choose what {heading(headers, index)} is from the list."))
        elif choice == EXTRA:
            name = extra_name(headers[index])
            if not name:
                found.append(
                    (
                        index,
                        f"{heading(headers, index, start=True)} has no heading to name an extra field by. Give it "
                        f"a heading in the file and upload it again, or ignore it.",
                    )
                )
            elif len(name) > MAX_EXTRA_NAME:
                found.append(
                    (
                        index,
                        f"The heading of {heading(headers, index)} is {len(name):,} characters long; an extra "
                        f"field's name can have at most {MAX_EXTRA_NAME}. Shorten the heading in the file and "
                        f"upload it again, or ignore the column.",
                    )
                )
            elif name.casefold() in extras:
                found.append(
                    (
                        index,
                        f"{heading(headers, extras[name.casefold()], start=True)} and {heading(headers, index)} "
                        f"would both be kept as the extra field {quote(name, 40)}. Keep one of them, or rename one "
                        f"in the file and upload it again.",
                    )
                )
            else:
                extras[name.casefold()] = index
        elif choice != IGNORE:
            if choice in chosen:
                found.append(
                    (
                        index,
                        f"{heading(headers, chosen[choice], start=True)} and {heading(headers, index)} are both "
                        f"chosen as {COLUMN_NAMES[choice]}. Choose {COLUMN_NAMES[choice]} for one column only.",
                    )
                )
            else:
                chosen[choice] = index
    if len(extras) > MAX_EXTRA_FIELDS:
        found.append(
            (
                None,
                f"{len(extras)} columns are kept as extra fields; an action can keep at most {MAX_EXTRA_FIELDS}. "
                f"Ignore the columns you do not need.",
            )
        )
    for key, name in required.items():
        if key not in chosen and all(c in CHOICE_NAMES for c in choices):
            found.append(
                (
                    None,
                    f"Choose the column that holds the {name}. If the file has none, add one and upload the file "
                    f"again.",
                )
            )
    return found


@dataclass
class Mapped:
    """A table read by its choices."""

    columns: dict  # column key → index
    rows: list = field(default_factory=list)  # (row number, {column key: text}, [[extra field name, text], …])


def mapped(headers, rows, choices):
    """The rows of a table, each as {column key: text} and its extra fields (every extra column, empty or not: an
    empty one clears the field). A row with nothing in the columns read is no action, and is left out."""
    columns = {choice: index for index, choice in enumerate(choices) if choice in COLUMN_NAMES}
    extras = [(index, extra_name(headers[index])) for index, choice in enumerate(choices) if choice == EXTRA]
    result = Mapped(columns=columns)
    for number, cells in rows:
        values = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        kept = [[name, cells[index] if index < len(cells) else ""] for index, name in extras]
        if any(values.values()) or any(value for _, value in kept):
            result.rows.append((number, values, kept))
    return result


def merged_extras(current, from_file):
    """An action's extra fields once a file's are in: each field the file has takes its value (an empty one is
    taken away); fields the file does not have stay, in their places, and new ones follow in the file's order."""
    result = [list(pair) for pair in current]
    places = {name.casefold(): position for position, (name, _) in enumerate(result)}
    for name, value in from_file:
        position = places.get(name.casefold())
        if position is not None:
            result[position][1] = value
        elif value:
            places[name.casefold()] = len(result)
            result.append([name, value])
    return [pair for pair in result if pair[1]]


def extras_length(extras):
    """Characters an action's extra fields count toward the plan's text limit: as ActionPlan.text_length counts them
    in the database, their JSON text (the punctuation too), and none for an action without."""
    return len(json.dumps(extras)) - 2 if extras else 0


def columns_of(headers, choices, used=()):
    """[(the column's heading, its choice)] for every column with a heading, and for each column without one that has
    values (`used`: the indexes of the columns with something in them), "Column H"."""
    return [
        (str(headers[index]).strip() or f"Column {letter(index)}", choice)
        for index, choice in enumerate(choices)
        if str(headers[index]).strip() or index in used
    ]


def described(columns):
    """Columns (columns_of) in words, as the preview and History say them: [(heading, what it is read as)]."""
    return [(name, READ_AS.get(choice, choice)) for name, choice in columns]
