"""Importing a council's action plan file (CSV or Excel) into a plan: read it, say what its columns are, check it,
preview it, apply it.

- read_table(uploaded_file): the file's table (its header row, found among the first rows, and the cells under it),
  decided by its content (never its name), or FileRefused saying what to do instead.
- reading_for(plan, table): what each column is: as the council chose for files with the same header row; else as
  EqA recognises the headings; else the person chooses (Reading.asks), and remember(...) keeps their choice for the
  next file of that shape.
- status_values(plan, table, choices): each status the file writes and the council's word it is read as; a value
  EqA cannot read (Value.asked) the person chooses, and remember_statuses(...) keeps it for the council's next file.
- check(plan, table, choices): a Preview: the rows read by the choices (JSON-serialisable, for PendingImport.rows),
  what they would add and change in the plan, and every problem, each with its spreadsheet row and column.
- compare(plan, rows): the Preview of rows read earlier, against the plan as it is now.
- apply(plan, rows, by=..., filename=..., columns=...): make the changes, in one transaction, and record the import
  for History. Importing the same file twice changes nothing the second time.

Rules that keep a plan's record true:
- an action's status moves only through Action.record_update, and only when the file's status differs;
- a milestone is matched by its words: a milestone the file still has keeps its record (and its place in
  status updates); a milestone done in EqA stays done, and is kept even when the file leaves it out;
- a link ("(Linked to T1.5)") is added, never taken away: links made in EqA stay;
- a column the file does not have leaves that part of existing actions alone; so does an extra field it does not
  have, and an empty cell of an extra field it has takes that field away;
- actions of the plan that the file does not mention are left as they are;
- nothing is left out unsaid: the preview and History list the columns ignored, the rows above the header row and
  how each status the file writes was read.

Its parts, in the order a file goes through them: limits.py (how much of a file is read), reading.py (CSV, and
telling the kinds of file apart), workbook.py (an Excel workbook, read as a stream), table.py (the header row and
the rows under it), columns.py (EqA's columns and the names files give them), mapping.py (what each column is,
checked, and the rows read by it), remembered.py (the council's choices), status_values.py (the file's statuses and
the council's choices of them), problems.py, milestone_cells.py, rows.py
(checking each row), preview.py (what the rows would do to the plan) and applying.py.
"""

from actionplans.importer.applying import apply, refusal
from actionplans.importer.columns import (
    CHOICE_NAMES,
    COLUMN_NAMES,
    COLUMNS,
    EXTRA,
    HEADER,
    IGNORE,
    READ_AS,
    column_for,
    columns_for,
    required_columns,
)
from actionplans.importer.limits import MAX_BYTES, MAX_ROWS, READ_MEMORY_CEILING
from actionplans.importer.mapping import MAX_EXTRA_FIELDS, choice_problems, columns_of, described, heading, letter
from actionplans.importer.milestone_cells import line_of, read_milestone_cell
from actionplans.importer.preview import check, compare, status_reader
from actionplans.importer.problems import FileRefused
from actionplans.importer.reading import read_table
from actionplans.importer.remembered import Reading, fitted, reading_for, remember
from actionplans.importer.status_values import (
    HOW,
    ChosenByOther,
    Value,
    rechoose_status,
    remember_statuses,
    status_values,
)
from actionplans.importer.table import Table

__all__ = [
    "CHOICE_NAMES",
    "COLUMN_NAMES",
    "COLUMNS",
    "EXTRA",
    "HEADER",
    "IGNORE",
    "MAX_BYTES",
    "MAX_EXTRA_FIELDS",
    "MAX_ROWS",
    "READ_AS",
    "READ_MEMORY_CEILING",
    "HOW",
    "ChosenByOther",
    "FileRefused",
    "Reading",
    "Table",
    "Value",
    "apply",
    "check",
    "choice_problems",
    "column_for",
    "columns_for",
    "columns_of",
    "compare",
    "described",
    "fitted",
    "heading",
    "letter",
    "line_of",
    "read_milestone_cell",
    "read_table",
    "reading_for",
    "rechoose_status",
    "refusal",
    "remember",
    "remember_statuses",
    "required_columns",
    "status_reader",
    "status_values",
]
