"""Finding the header row among a file's first rows, and the table of actions under it."""

import itertools
import re
from dataclasses import dataclass, field

from actionplans.importer.columns import COLUMN_NAMES, COLUMNS, REQUIRED, column_for, stands_in
from actionplans.importer.limits import HEADER_SEARCH_ROWS, MAX_CELL_CHARACTERS, MAX_COLUMNS, MAX_ROWS
from actionplans.importer.problems import FileRefused, HeaderRefused, Problem, quote


@dataclass
class Table:
    filename: str
    header_row: int
    columns: dict  # column key → index in each row
    rows: list  # (spreadsheet row number, {column key: text})
    ignored: list = field(default_factory=list)  # header names EqA does not use


def _header_columns(row):
    """The columns a row names, {key: index}; the columns it names twice, (key, first index, second index); and
    the headings EqA does not read."""
    found, repeated, ignored = {}, [], []
    for index, text in enumerate(row[:MAX_COLUMNS]):
        key = column_for(text)
        if key is None:
            if str(text).strip():
                ignored.append(str(text).strip())
        elif key not in found:
            found[key] = index
        elif stands_in(text):  # "Target date" beside "Milestones": the column's own name wins
            ignored.append(str(text).strip())
        elif stands_in(row[found[key]]):
            ignored.append(str(row[found[key]]).strip())
            found[key] = index
        else:
            repeated.append((key, found[key], index))
    return found, repeated, ignored


def table_from(name, rows):
    """Find the header row (within the first rows), match its columns, and keep each data row's cells. `rows` is
    read only as far as the limits allow."""
    rows = iter(rows)
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    found = next(
        (
            (position, number, _header_columns(row))
            for position, (number, row) in enumerate(head)
            if len(_header_columns(row)[0]) >= 2
        ),
        None,
    )
    if found is None:
        raise HeaderRefused(_no_header(head))
    position, header_at, (columns, duplicates, ignored) = found
    problems = []
    for key, first, second in duplicates:
        problems.append(
            Problem(
                f"The header row (row {header_at}) has two {COLUMN_NAMES[key]} columns "
                f"({letter(first)} and {letter(second)}). Keep one and upload the file again."
            )
        )
    for key in REQUIRED:
        if key not in columns:
            problems.append(Problem(missing_column(header_at, COLUMN_NAMES[key])))
    if problems:
        raise HeaderRefused(*problems)
    names = {index: key for key, index in columns.items()}
    table_rows = []
    for number, row in itertools.chain(head[position + 1 :], rows):
        if not any(str(text).strip() for text in row):
            continue
        if number > header_at + MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} rows under its header row (row {header_at:,}): "
                f"row {number:,} has something in it. EqA imports at most {MAX_ROWS:,} rows at once. "
                f"Delete the rows that are not actions, or split the file in two, and upload it again."
            )
        for index, text in enumerate(row):
            if index >= MAX_COLUMNS and str(text).strip():
                raise FileRefused(
                    Problem(
                        f"column {letter(index)} has something in it. EqA reads at most "
                        f"{MAX_COLUMNS} columns: delete the columns after {letter(MAX_COLUMNS - 1)} "
                        f"and upload the file again.",
                        number,
                    )
                )
            if len(str(text)) > MAX_CELL_CHARACTERS:
                raise FileRefused(
                    Problem(
                        f"the cell has {len(str(text)):,} characters. A cell can have at most "
                        f"{MAX_CELL_CHARACTERS:,}: shorten it and upload the file again.",
                        number,
                        names.get(index, f"column {letter(index)}"),
                    )
                )
        values = {key: clean(row[index]) if index < len(row) else "" for key, index in columns.items()}
        if any(values.values()):
            table_rows.append((number, values))
    if not table_rows:
        raise FileRefused(
            f"The file has a header row (row {header_at}) but no actions under it. Add the plan's "
            f"actions, one a row, and upload it again."
        )
    return Table(filename=name, header_row=header_at, columns=columns, rows=table_rows, ignored=ignored)


def missing_column(header_at, name):
    """What to do about a column the plan needs and the file's header row (`header_at`) lacks."""
    return (
        f"The header row (row {header_at}) has no {name} column. Add it, with ‘{name}’ in the header row, and "
        f"upload the file again."
    )


def _no_header(head):
    """Which headings the first rows have, and which names EqA reads for each of its columns."""
    candidates = [
        (number, [str(text).strip() for text in row[:MAX_COLUMNS] if str(text).strip()], row) for number, row in head
    ]
    candidates = [(number, texts, row) for number, texts, row in candidates if texts]
    if candidates:
        # The row nearest to a header: the one naming the most of EqA's columns, else the first with words in it.
        number, texts, _ = max(candidates, key=lambda c: (len(_header_columns(c[2])[0]), -c[0]))
        known = [f"{quote(text)} ({COLUMN_NAMES[column_for(text)]})" for text in texts if column_for(text)]
        found = (
            (f"Its first row with words, row {number}, has " if not known else f"Row {number} has ")
            + _listed([quote(text) for text in texts[:8]])
            + (", and more" if len(texts) > 8 else "")
            + "."
        )
        if known:
            found += f" EqA knows only {_listed(known)}, and needs at least two of its columns in one row."
    else:
        found = f"Its first {HEADER_SEARCH_ROWS} rows are empty."
    accepted = "; ".join(
        f"{name}: {_listed([quote(_shown(n), 50) for n in names[:5]], 'or')}" for _, name, _, names in COLUMNS
    )
    needed = _listed(COLUMN_NAMES[key] for key in REQUIRED)
    return (
        f"EqA found no header row in the first {HEADER_SEARCH_ROWS} rows of the file. {found} Put a row naming "
        f"the columns above the actions, using these names or others like them ({needed} are needed). "
        f"{accepted}. Then upload the file again."
    )


def _listed(items, joiner="and"):
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def _shown(header_name):
    """A header name as a person would write it: "Cqc quality statement" would look wrong."""
    words = [word.upper() if word in {"cqc", "rag", "kpi", "kpis", "id"} else word for word in header_name.split()]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def clean(text):
    """A cell's text with one kind of line break and no space around it."""
    return re.sub(r"\r\n?", "\n", str(text or "")).strip()
