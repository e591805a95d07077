"""What is wrong with a file or a row, each problem with its spreadsheet row and column and what to do."""

from dataclasses import dataclass

from actionplans.importer.columns import COLUMN_NAMES


@dataclass(frozen=True)
class Problem:
    message: str
    row: int | None = None
    column: str | None = None  # a column key

    @property
    def column_name(self):
        return COLUMN_NAMES.get(self.column, self.column)

    @property
    def text(self):
        if self.row is None:
            return self.message
        if self.column is None:
            return f"Row {self.row}: {self.message}"
        return f"Row {self.row}, {self.column_name}: {self.message}"

    def __str__(self):
        return self.text


class FileRefused(Exception):
    """The file cannot be read or imported. `problems` says what, each with what to do."""

    def __init__(self, *problems):
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("; ".join(p.text for p in self.problems))

    @property
    def messages(self):
        return [p.text for p in self.problems]


def quote(text, limit=30):
    """‘Business Case to consider…’: a cell's words, shortened at a word for a message."""
    words = " ".join(str(text).split())
    if len(words) <= limit:
        return f"‘{words}’"
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[: limit + 1] else words[:limit]
    return f"‘{cut.rstrip(' ,.;:')}…’"


def listed(items, joiner="and"):
    """‘a’, ‘b’ and ‘c’."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {joiner} {items[-1]}"


class HeaderRefused(FileRefused):
    """The rows make no table EqA knows, read this way: a CSV file is tried again with another separator."""


TRY_AGAIN = "Upload the plan as a CSV file or an Excel workbook (.xlsx)."
