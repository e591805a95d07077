"""Finding the header row among a file's first rows, and the table under it: each row's cells, column by column."""

import itertools
import re
from dataclasses import dataclass, field

from actionplans.importer.columns import COLUMN_NAMES, REQUIRED, column_for, recognise
from actionplans.importer.limits import HEADER_SEARCH_ROWS, MAX_CELL_CHARACTERS, MAX_COLUMNS, MAX_ROWS
from actionplans.importer.mapping import heading, letter, mapped
from actionplans.importer.problems import FileRefused, HeaderRefused, Problem, listed, quote


@dataclass
class Table:
    """A plan file's table as read: its header row, and the cells of each row under it, column by column. What each
    column is, is chosen afterwards (mapping.py): EqA's recognition, the council's remembered choices, or the
    person's."""

    filename: str
    header_row: int
    headers: list  # the header row's words, one a column ("" for a column with no heading)
    rows: list  # (spreadsheet row number, [cell text, one a column])
    above: list = field(default_factory=list)  # (row number, its words): the rows above the header row, left out

    def recognised(self, known_extras=()):
        return recognise(self.headers, known_extras)

    def read_as(self, choices):
        """The rows, each as {column key: text} and its extra fields, by the choices (mapping.Mapped)."""
        return mapped(self.headers, self.rows, choices)

    @property
    def used(self):
        """The indexes of the columns with something in them: a heading, or a value under it."""
        return [
            index
            for index, text in enumerate(self.headers)
            if text or any(index < len(cells) and cells[index] for _, cells in self.rows)
        ]

    def samples(self, index, count=2):
        """The first different values of a column, for a person choosing what it is."""
        found = []
        for _, cells in self.rows:
            value = cells[index] if index < len(cells) else ""
            if value and value not in found:
                found.append(value)
                if len(found) == count:
                    break
        return found

    def as_json(self):
        return {
            "header_row": self.header_row,
            "headers": self.headers,
            "rows": [[number, cells] for number, cells in self.rows],
            "above": [[number, words] for number, words in self.above],
        }

    @classmethod
    def from_json(cls, filename, data):
        return cls(
            filename=filename,
            header_row=data["header_row"],
            headers=data["headers"],
            rows=[(number, cells) for number, cells in data["rows"]],
            above=[(number, words) for number, words in data["above"]],
        )


def _texts(row):
    return [str(text).strip() for text in row]


# A heading is a few words: a longer cell is a title, a note or an action, not a column's name.
HEADING_CHARACTERS = 100
NUMBER = re.compile(r"[\d\s.,%£$€+\-]+")


def _named(row):
    """Whether most of a row's cells are headings EqA recognises, of two of its columns or more."""
    texts = [text for text in _texts(row) if text]
    keys = [column_for(text) for text in texts]
    return len(set(keys) - {None}) >= 2 and 2 * sum(1 for key in keys if key) >= len(texts)


def _like_headings(row, widest):
    """Whether a row looks like headings: several short words, none of them a number, in at least half as many
    cells as the widest of the first rows."""
    texts = [text for text in _texts(row) if text]
    return len(texts) >= max(2, (widest + 1) // 2) and all(
        len(text) <= HEADING_CHARACTERS and not NUMBER.fullmatch(text) for text in texts
    )


@dataclass(frozen=True)
class Header:
    position: int  # in the first rows
    named: bool  # its headings are mostly EqA's own
    width: int  # its headings


def find_header(head):
    """The header row among `head`, the first rows of a file (one more than are searched, to see what follows the
    last): the first row whose headings are mostly EqA's; failing that, the first row that looks like headings
    with something under it. None when no row is either."""
    searched = head[:HEADER_SEARCH_ROWS]
    for position, (_, row) in enumerate(searched):
        if _named(row[:MAX_COLUMNS]):
            return Header(position, True, sum(1 for text in _texts(row) if text))
    widest = max((sum(1 for text in _texts(row[:MAX_COLUMNS]) if text) for _, row in head), default=0)
    for position, (_, row) in enumerate(searched):
        if _like_headings(row[:MAX_COLUMNS], widest) and any(any(_texts(after)) for _, after in head[position + 1 :]):
            return Header(position, False, sum(1 for text in _texts(row) if text))
    return None


def first_rows(rows):
    """The rows the header row is looked for in, taken from the iterator `rows`."""
    return list(itertools.islice(rows, HEADER_SEARCH_ROWS + 1))


def table_from(name, rows, head=None):
    """Find the header row (within the first rows) and keep each row's cells under it. `rows` is read only as far
    as the limits allow; `head`, its first rows when they were read already."""
    rows = iter(rows)
    head = first_rows(rows) if head is None else head
    found = find_header(head)
    if found is None:
        raise HeaderRefused(no_header(head))
    header_at, header_cells = head[found.position]
    _check_cells(header_at, header_cells, [])
    headers = [clean(text) for text in header_cells[:MAX_COLUMNS]]
    # The words of each row above, as far as the preview shows them.
    above = [(number, " ".join(text for text in _texts(row) if text)[:200]) for number, row in head[: found.position]]
    table_rows = []
    for number, row in itertools.chain(head[found.position + 1 :], rows):
        if not any(str(text).strip() for text in row):
            continue
        if number > header_at + MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} rows under its header row (row {header_at:,}): "
                f"row {number:,} has something in it. EqA imports at most {MAX_ROWS:,} rows at once. "
                f"Delete the rows that are not actions, or split the file in two, and upload it again."
            )
        _check_cells(number, row, headers)
        table_rows.append((number, [clean(text) for text in row[:MAX_COLUMNS]]))
    if not table_rows:
        raise FileRefused(
            f"The file has a header row (row {header_at}) but no actions under it. Add the plan's "
            f"actions, one a row, and upload it again."
        )
    width = max(_width(headers), *(_width(cells) for _, cells in table_rows))
    return Table(
        filename=name,
        header_row=header_at,
        headers=_padded(headers, width),
        rows=[(number, _padded(cells, width)) for number, cells in table_rows],
        above=[(number, words) for number, words in above if words],
    )


def _width(cells):
    return max((index + 1 for index, text in enumerate(cells) if text), default=0)


def _padded(cells, width):
    return [*cells[:width], *[""] * (width - len(cells))]


def _check_cells(number, row, headers):
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
                    column_name(headers, index),
                )
            )


def column_name(headers, index):
    """A column as a problem names it: EqA's name for a heading it recognises, else the heading as written, else
    its letter."""
    key = column_for(headers[index]) if index < len(headers) else None
    return COLUMN_NAMES[key] if key else heading(headers, index)


def no_header(head):
    """What the first rows have, and what a header row is."""
    candidates = [(number, [text for text in _texts(row[:MAX_COLUMNS]) if text]) for number, row in head]
    candidates = [(number, texts) for number, texts in candidates[:HEADER_SEARCH_ROWS] if texts]
    if candidates:
        number, texts = candidates[0]
        found = (
            f"Its first row with words, row {number}, has "
            + listed([quote(text) for text in texts[:8]])
            + (", and more" if len(texts) > 8 else "")
            + "."
        )
    else:
        found = f"Its first {HEADER_SEARCH_ROWS} rows are empty."
    examples = listed([quote(COLUMN_NAMES[key]) for key in REQUIRED])
    return (
        f"EqA found no header row in the first {HEADER_SEARCH_ROWS} rows of the file: a row of short headings, one "
        f"a column, with the actions in the rows under it. {found} Put a row naming the columns above the actions, "
        f"such as {examples}, or your own names: you choose what each column is after uploading. Then upload the "
        f"file again."
    )


def clean(text):
    """A cell's text with one kind of line break and no space around it."""
    return re.sub(r"\r\n?", "\n", str(text or "")).strip()
