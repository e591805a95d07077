"""Importing a council's action plan file (CSV or Excel) into a plan: read it, check it, preview it, apply it.

- read_table(uploaded_file): the file's table, decided by its content (never its name), or FileRefused saying
  what to do instead.
- check(plan, table): a Preview: the rows read (JSON-serialisable, for PendingImport.rows), what they would
  add and change in the plan, and every problem, each with its spreadsheet row and column.
- compare(plan, rows): the Preview of rows read earlier, against the plan as it is now.
- apply(plan, rows, by=..., filename=...): make the changes, in one transaction. Importing the same file twice
  changes nothing the second time.

Rules that keep a plan's record true:
- an action's status moves only through Action.record_update, and only when the file's status differs;
- a milestone is matched by its words: a milestone the file still has keeps its record (and its place in
  status updates); a milestone done in EqA stays done, and is kept even when the file leaves it out;
- a link ("(Linked to T1.5)") is added, never taken away: links made in EqA stay;
- a column the file does not have leaves that part of existing actions alone;
- actions of the plan that the file does not mention are left as they are.

Its parts, in the order a file goes through them: limits.py (how much of a file is read), reading.py (CSV, and
telling the kinds of file apart), workbook.py (an Excel workbook, read as a stream), columns.py (the columns and
the names files give them), table.py (the header row and the rows under it), problems.py, milestone_cells.py,
rows.py (checking each row), preview.py (what the rows would do to the plan) and applying.py.
"""

from actionplans.importer.applying import apply, refusal
from actionplans.importer.columns import COLUMNS, HEADER, column_for
from actionplans.importer.limits import MAX_BYTES, MAX_ROWS, READ_MEMORY_CEILING
from actionplans.importer.milestone_cells import line_of, read_milestone_cell
from actionplans.importer.preview import check, compare, status_reader
from actionplans.importer.problems import FileRefused
from actionplans.importer.reading import read_table

__all__ = [
    "COLUMNS",
    "HEADER",
    "MAX_BYTES",
    "MAX_ROWS",
    "READ_MEMORY_CEILING",
    "FileRefused",
    "apply",
    "check",
    "column_for",
    "compare",
    "line_of",
    "read_milestone_cell",
    "read_table",
    "refusal",
    "status_reader",
]
