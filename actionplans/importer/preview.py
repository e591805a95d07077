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
"""

import csv
import hashlib
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from actionplans import milestones as milestone_reading
from actionplans import statuses
from actionplans.models import Action, ActionPlan, ActionStatus, Milestone, PlanStatus, QualityStatement
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from actionplans.refs import linked_refs, ref_key
from councils.forms import PLAN_TEXT_LIMIT
from councils.lifecycle import TransitionRefused, count_edit
from councils.spreadsheets import unsafe_cell

# Limits no council's plan file reaches. Each is checked while the file is read, before anything is expanded
# (a merged range over a whole column, a row numbered a million, a sheet of a million cells), so that reading a
# file, even a hostile one, takes well under a second and at most READ_MEMORY_CEILING of memory.
MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can hold far more once unpacked; an Excel file of 2,000 full rows needs far less than this.
MAX_UNZIPPED_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 2_000  # rows under the header row
LAST_ROW = HEADER_SEARCH_ROWS + MAX_ROWS  # no row past this one is read
MAX_COLUMNS = 50
MAX_CELLS = 40_000  # cells of a workbook, empty formatted ones too: 2,000 rows of 20 columns
MAX_CELL_CHARACTERS = 20_000
MAX_MERGED_RANGES = 1_000
READ_MEMORY_CEILING = (
    64 * 1024 * 1024
)  # bytes; tests/security/test_hostile_input.py measures the largest files against it
# The words of a status update the import records: they are printed as the action's latest update in committee
# papers, so they name no file (History says which file it was).
IMPORTED_NOTE = "Status as given in the plan's spreadsheet when it was imported."
REF_FORMAT = re.compile(r"^[A-Za-z]+\d+(?:\.\d+)*$")
STATUS_WORDS = "To be started, Started, On track, Off track or Complete"
RAG_COLOURS = {"red", "amber", "green", "blue", "grey", "gray", "r", "a", "g", "amber red", "amber green"}


# The columns of seed 001's table, in its order: (key, name, required, the names files give it). The names are
# the ones councils' plans use; a header cell matches one whatever its case, punctuation or "(…)" note.
COLUMNS = [
    (
        "quality_statement",
        "Quality statement",
        True,
        [
            "quality statement",
            "quality statements",
            "cqc quality statement",
            "cqc quality statements",
            "cqc statement",
            "statement",
            "quality statement area",
        ],
    ),
    (
        "ref",
        "Action ref",
        True,
        [
            "action ref",
            "ref",
            "action reference",
            "reference",
            "action ref no",
            "ref no",
            "action no",
            "action number",
            "reference number",
            "ref number",
            "action id",
            "no",
            "number",
        ],
    ),
    (
        "area_of_focus",
        "Area of focus",
        True,
        [
            "area of focus",
            "areas of focus",
            "areas of focus identified within the report",
            "area of focus identified within the report",
            "areas for focus",
            "focus area",
            "area",
            "area for improvement",
            "areas for improvement",
            "area for development",
            "areas for development",
            "improvement area",
            "recommendation",
            "recommendations",
            "finding",
            "findings",
            "issue",
            "issues",
        ],
    ),
    (
        "actions_taken",
        "Actions we are taking",
        False,
        [
            "actions we are taking",
            "action we are taking",
            "actions being taken",
            "actions taken",
            "actions",
            "action",
            "action to be taken",
            "actions to be taken",
            "action required",
            "actions required",
            "planned action",
            "planned actions",
            "what we will do",
            "what we are doing",
            "next steps",
        ],
    ),
    (
        "success_measures",
        "How we will know it has worked",
        False,
        [
            "how we will know it has worked",
            "how will we know it has worked",
            "how we will know",
            "how will we know",
            "success measures",
            "measures of success",
            "measure of success",
            "success criteria",
            "outcome",
            "outcomes",
            "expected outcome",
            "expected outcomes",
            "measures",
            "evidence of impact",
            "kpi",
            "kpis",
        ],
    ),
    (
        "lead_officers",
        "Responsible lead officer",
        False,
        [
            "responsible lead officer",
            "responsible lead officers",
            "lead officer",
            "lead officers",
            "responsible officer",
            "responsible officers",
            "lead",
            "leads",
            "owner",
            "owners",
            "action owner",
            "action owners",
            "responsible",
            "responsible person",
            "accountable officer",
            "lead person",
        ],
    ),
    (
        "status",
        "Status",
        False,
        [
            "status",
            "current status",
            "rag",
            "rag status",
            "rag rating",
            "progress",
            "progress status",
            "current progress",
        ],
    ),
    (
        "status_date",
        "Status date",
        False,
        [
            "status date",
            "date of status",
            "status as at",
            "status as of",
            "as at",
            "as of",
            "date updated",
            "last updated",
            "updated",
            "update date",
            "date of update",
            "date of last update",
            "status updated",
        ],
    ),
    (
        "milestones",
        "Milestones",
        False,
        [
            "milestones",
            "milestone",
            "key milestones",
            "milestone dates",
            "timescale",
            "timescales",
            "timeline",
            "target date",
            "target dates",
            "due date",
            "due dates",
            "deadline",
            "deadlines",
            "by when",
            "completion date",
            "target completion date",
        ],
    ),
]
HEADER = [name for _, name, _, _ in COLUMNS]
COLUMN_NAMES = {key: name for key, name, _, _ in COLUMNS}
REQUIRED = [key for key, _, required, _ in COLUMNS if required]
TEXT_FIELDS = ["area_of_focus", "actions_taken", "success_measures", "lead_officers"]
LINK_FIELDS = ["area_of_focus", "actions_taken", "success_measures"]
MAX_LENGTHS = {"lead_officers": 500}
# Names that give way to a column's own name: a file with both "Milestones" and "Target date" reads the first,
# and leaves the other out.
STAND_INS = {
    "timescale",
    "timescales",
    "timeline",
    "target date",
    "target dates",
    "due date",
    "due dates",
    "deadline",
    "deadlines",
    "by when",
    "completion date",
    "target completion date",
    "progress",
    "current progress",
    "rag",
    "rag rating",
    "outcome",
    "outcomes",
    "measures",
    "area",
    "issue",
    "issues",
    "action",
    "no",
    "number",
    "lead",
    "leads",
    "responsible",
}


def _header_words(text):
    text = re.sub(r"\([^)]*\)?", " ", str(text).lower())  # "Status (Started/ On Track/ Complete)", even unclosed
    text = re.sub(r"^\s*theme\s*\d*\s*[:\-–—.]?\s*", "", text)  # "Theme 1: Quality Statement"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_NAMES = {_header_words(name): key for key, _, _, names in COLUMNS for name in names}


def column_for(header_text):
    """The column key a header cell names, or None."""
    return _NAMES.get(_header_words(header_text)) if header_text else None


def _stands_in(header_text):
    return _header_words(header_text) in STAND_INS


# Problems and refusals


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


def _quote(text, limit=30):
    """‘Business Case to consider…’: a cell's words, shortened at a word for a message."""
    words = " ".join(str(text).split())
    if len(words) <= limit:
        return f"‘{words}’"
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[: limit + 1] else words[:limit]
    return f"‘{cut.rstrip(' ,.;:')}…’"


# Reading the file


@dataclass
class Table:
    filename: str
    header_row: int
    columns: dict  # column key → index in each row
    rows: list  # (spreadsheet row number, {column key: text})
    ignored: list = field(default_factory=list)  # header names EqA does not use


TRY_AGAIN = "Upload the plan as a CSV file or an Excel workbook (.xlsx)."


def read_table(uploaded_file):
    """The table of a plan file. CSV or Excel (.xlsx), told apart by what is in the file, not its name."""
    name = (getattr(uploaded_file, "name", "") or "plan").replace("\\", "/").rsplit("/", 1)[-1][:255]
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise FileRefused(_too_big())
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused(_too_big())
    if not data.strip():
        raise FileRefused(f"The file is empty. {TRY_AGAIN}")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _read_xlsx(data, name)
    other = _other_kind(data)
    if other:
        raise FileRefused(f"The file is {other}, not a spreadsheet. {TRY_AGAIN}")
    return _read_csv(data, name)


def _too_big():
    return (
        f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Save the plan's table on its own, "
        f"without pictures, and upload it again."
    )


SIGNATURES = [
    (b"%PDF", "a PDF"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style Office file (.xls or .doc). Save it as an Excel "
        "Workbook (.xlsx) or CSV and upload it again. It is",
    ),
    (b"{\\rtf", "a Rich Text document"),
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"Rar!", "a compressed (RAR) file"),
    (b"7z\xbc\xaf", "a compressed (7-Zip) file"),
]


def _other_kind(data):
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    return None


def _read_csv(data, name):
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(f"The file is not a CSV file or an Excel workbook EqA can read. {TRY_AGAIN}")
    text = _decode(data)
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise FileRefused(f"The file is not a CSV file or an Excel workbook EqA can read. {TRY_AGAIN}")
    first_problem = None
    for delimiter in (",", ";", "\t"):
        try:
            return _table(name, _csv_rows(text, delimiter))
        except HeaderRefused as refused:
            first_problem = first_problem or refused
    raise first_problem


# The csv module's own limit (131,072 characters a cell) fails with an error that names no row or column. A CSV
# file EqA reads is at most MAX_BYTES, so with this limit every cell reads, and MAX_CELL_CHARACTERS is checked
# with its row and column.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))


def _csv_rows(text, delimiter):
    """(row number, cells) of each row, as they are read: a file is read only as far as it is used."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise FileRefused(
                f"Row {number + 1:,} of the CSV file could not be read. Open the file in Excel, save "
                f"it again as CSV and upload it again."
            ) from None
        number += 1
        yield number, [unsafe_cell(cell) for cell in row]


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]  # Excel's "Unicode text"
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        "The file's text could not be read (it is not UTF-8 or Windows text). Save it from Excel as "
        "‘CSV UTF-8’ and upload it again."
    )


UNREADABLE_XLSX = (
    "The Excel file could not be read. Open it in Excel, save it again as an Excel Workbook (.xlsx) "
    "and upload it again."
)


def _read_xlsx(data, name):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        raise FileRefused(
            f"The file is a damaged or protected compressed file, not a spreadsheet. {TRY_AGAIN}"
        ) from None
    if "word/document.xml" in names:
        raise FileRefused(f"The file is a Word document, not a spreadsheet. {TRY_AGAIN}")
    if any(n.startswith("ppt/") for n in names):
        raise FileRefused(f"The file is a PowerPoint presentation, not a spreadsheet. {TRY_AGAIN}")
    if "mimetype" in names and "content.xml" in names:
        raise FileRefused(
            "The file is an OpenDocument file. Save it as an Excel Workbook (.xlsx) or CSV and upload it again."
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise FileRefused(
            "The file has macros in it. Save it as an Excel Workbook (.xlsx), which has no macros, and upload it again."
        )
    if "xl/workbook.bin" in names:
        raise FileRefused(
            "The file is an Excel binary workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and upload it again."
        )
    if "xl/workbook.xml" not in names:
        raise FileRefused(f"The file is a compressed (zip) file, not a spreadsheet. {TRY_AGAIN}")
    # The sizes a zip file declares bound what it unpacks to: Python stops reading a part at its declared size.
    if unzipped > MAX_UNZIPPED_BYTES:
        raise FileRefused(
            f"The workbook unpacks to more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB (an Excel "
            f"file is compressed), far more than a plan's table needs. Copy the plan's table alone "
            f"into a new workbook, without pictures, and upload that."
        )
    _count_cells(archive)
    try:
        # Read-only: each sheet is read as a stream of rows, never built whole in memory.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged or unusual workbook
        raise FileRefused(UNREADABLE_XLSX) from None
    try:
        first_problem = None
        for sheet in workbook.worksheets:
            try:
                return _sheet_table(sheet, name)
            except HeaderRefused as refused:
                first_problem = first_problem or refused
        raise first_problem or FileRefused(f"The workbook has no sheets. {TRY_AGAIN}")
    finally:
        workbook.close()


ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|si)[\s/>]")  # a cell, or a text that cells share


def _count_cells(archive):
    """Refuse a workbook with too many rows or cells before openpyxl reads any of it: opening a sheet that does
    not state its size reads the whole sheet once to find it."""
    cells = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith(".xml"):
            continue
        xml = archive.read(info.filename)
        if sum(1 for _ in ROW_TAG.finditer(xml)) > LAST_ROW:
            raise FileRefused(_rows_past())
        cells += sum(1 for _ in CELL_TAG.finditer(xml))
        if cells > MAX_CELLS:
            raise FileRefused(
                f"The workbook has more than {MAX_CELLS:,} cells, counting empty cells that are "
                f"formatted. A plan's table needs far fewer. Copy the plan's table alone into a new "
                f"workbook and upload that."
            )


def _sheet_table(sheet, name):
    try:
        rows, merged = _sheet_cells(sheet)
    except FileRefused:
        raise
    # A damaged sheet: XML that does not parse (ParseError is a SyntaxError), or parts that do not fit together.
    except (SyntaxError, ValueError, KeyError, IndexError, TypeError, OSError, EOFError, zipfile.BadZipFile):
        raise FileRefused(UNREADABLE_XLSX) from None
    # A cell merged down several rows shows its words on each of them: read it so, on the rows that hold
    # something else (a row with nothing but the merged cell is no action).
    for min_col, min_row, max_col, max_row in merged:
        top = rows.get(min_row, {}).get(min_col)
        if min_col == max_col and top is not None:
            for row in range(min_row + 1, max_row + 1):
                if row in rows:
                    rows[row][min_col] = top
    cells, formulas = [], []
    for number in sorted(rows):
        found = rows[number]
        values = []
        for column in range(1, max(found, default=0) + 1):
            cell = found.get(column)
            if cell is not None and cell.data_type == "f":
                formulas.append((number, column))
            values.append(_xlsx_text(cell))
        cells.append((number, values))
    table = _table(name, cells)
    if formulas:
        row, column = formulas[0]
        raise FileRefused(
            f"The file has formulas in it (row {row}, column {_column_label(table, column)}). "
            f"Save it with values only and upload it again."
        )
    return table


def _sheet_cells(sheet):
    """The cells of a read-only sheet that hold something, {row: {column: cell}}, and its merged ranges as
    (min column, min row, max column, max row): read as a stream, refused as soon as a row, a column or a merged
    range passes the limits, so nothing past them is ever held or expanded."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter, range_boundaries

    # The parser of openpyxl's read-only sheets (pinned in requirements.txt): unlike iter_rows, it gives each row
    # as the file has it (a row numbered a million is not padded out to it) and the merged ranges after them.
    from openpyxl.worksheet._reader import WorkSheetParser

    if (sheet.max_row or 0) > LAST_ROW:  # the size the sheet says it has, when it says
        raise FileRefused(_rows_past(sheet.max_row))
    workbook = sheet.parent
    rows = {}
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, row in parser.parse():
            if number > LAST_ROW:
                raise FileRefused(_rows_past(number))
            for cell in row:
                if cell["value"] is None or cell["value"] == "":
                    continue
                if cell["column"] > MAX_COLUMNS:
                    raise FileRefused(
                        Problem(
                            f"column {get_column_letter(cell['column'])} has something in it. "
                            f"EqA reads at most {MAX_COLUMNS} columns: delete the columns after "
                            f"{get_column_letter(MAX_COLUMNS)} and upload the file again.",
                            number,
                        )
                    )
                rows.setdefault(number, {})[cell["column"]] = ReadOnlyCell(sheet, **cell)
        ranges = parser.merged_cells.mergeCell if parser.merged_cells else []
    if len(ranges) > MAX_MERGED_RANGES:
        raise FileRefused(
            f"The sheet has {len(ranges):,} merged ranges of cells; EqA reads at most "
            f"{MAX_MERGED_RANGES:,}. Unmerge the cells (Home, Merge & Center, Unmerge Cells) and upload "
            f"the file again."
        )
    merged = []
    for merged_range in ranges:
        try:
            bounds = range_boundaries(merged_range.ref)
        except (TypeError, ValueError):
            raise FileRefused(UNREADABLE_XLSX) from None
        max_col, max_row = bounds[2:]
        if None in bounds or max_row > LAST_ROW or max_col > MAX_COLUMNS:  # "C:C" is the whole column
            raise FileRefused(
                f"Cells {merged_range.ref.replace(':', ' to ')} are merged into one, past row "
                f"{LAST_ROW:,} or column {get_column_letter(MAX_COLUMNS)}, the last EqA reads. Unmerge "
                f"them (Home, Merge & Center, Unmerge Cells) and upload the file again."
            )
        merged.append(bounds)
    # Merged ranges never overlap in a workbook Excel wrote: within the limits, they fill at most every cell once.
    if (
        sum((max_row - min_row + 1) * (max_col - min_col + 1) for min_col, min_row, max_col, max_row in merged)
        > LAST_ROW * MAX_COLUMNS
    ):
        raise FileRefused(UNREADABLE_XLSX)
    return rows, merged


def _rows_past(number=None):
    return (
        f"The sheet goes on past row {LAST_ROW:,}{f' (to row {number:,})' if number else ''}, even if the rows "
        f"at the end look empty. EqA reads at most {MAX_ROWS:,} rows under the header row. Delete the rows under "
        f"the plan's table, or copy the table into a new workbook, and upload it again."
    )


def _column_label(table, column_number):
    for key, index in table.columns.items():
        if index == column_number - 1:
            return COLUMN_NAMES[key]
    return _letter(column_number - 1)


def _xlsx_text(cell):
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):  # a month typed as "April 2023" often becomes a date
        day = value.date() if hasattr(value, "date") else value
        fmt = (getattr(cell, "number_format", "") or "").lower()
        has_day = "d" in re.sub(r"\[[^\]]*\]|\"[^\"]*\"", "", fmt)
        return f"{day.day} {day:%B %Y}" if has_day else f"{day:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unsafe_cell(str(value))


class HeaderRefused(FileRefused):
    """The rows make no table EqA knows, read this way: a CSV file is tried again with another separator."""


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
        elif _stands_in(text):  # "Target date" beside "Milestones": the column's own name wins
            ignored.append(str(text).strip())
        elif _stands_in(row[found[key]]):
            ignored.append(str(row[found[key]]).strip())
            found[key] = index
        else:
            repeated.append((key, found[key], index))
    return found, repeated, ignored


def _table(name, rows):
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
                f"({_letter(first)} and {_letter(second)}). Keep one and upload the file again."
            )
        )
    for key in REQUIRED:
        if key not in columns:
            problems.append(
                Problem(
                    f"The header row (row {header_at}) has no {COLUMN_NAMES[key]} column. Add "
                    f"it, with ‘{COLUMN_NAMES[key]}’ in the header row, and upload the file "
                    f"again."
                )
            )
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
                        f"column {_letter(index)} has something in it. EqA reads at most "
                        f"{MAX_COLUMNS} columns: delete the columns after {_letter(MAX_COLUMNS - 1)} "
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
                        names.get(index, f"column {_letter(index)}"),
                    )
                )
        values = {key: _clean(row[index]) if index < len(row) else "" for key, index in columns.items()}
        if any(values.values()):
            table_rows.append((number, values))
    if not table_rows:
        raise FileRefused(
            f"The file has a header row (row {header_at}) but no actions under it. Add the plan's "
            f"actions, one a row, and upload it again."
        )
    return Table(filename=name, header_row=header_at, columns=columns, rows=table_rows, ignored=ignored)


def _no_header(head):
    """Which headings the first rows have, and which names EqA reads for each of its columns."""
    candidates = [
        (number, [str(text).strip() for text in row[:MAX_COLUMNS] if str(text).strip()], row) for number, row in head
    ]
    candidates = [(number, texts, row) for number, texts, row in candidates if texts]
    if candidates:
        # The row nearest to a header: the one naming the most of EqA's columns, else the first with words in it.
        number, texts, _ = max(candidates, key=lambda c: (len(_header_columns(c[2])[0]), -c[0]))
        known = [f"{_quote(text)} ({COLUMN_NAMES[column_for(text)]})" for text in texts if column_for(text)]
        found = (
            (f"Its first row with words, row {number}, has " if not known else f"Row {number} has ")
            + _listed([_quote(text) for text in texts[:8]])
            + (", and more" if len(texts) > 8 else "")
            + "."
        )
        if known:
            found += f" EqA knows only {_listed(known)}, and needs at least two of its columns in one row."
    else:
        found = f"Its first {HEADER_SEARCH_ROWS} rows are empty."
    accepted = "; ".join(
        f"{name}: {_listed([_quote(_shown(n), 50) for n in names[:5]], 'or')}" for _, name, _, names in COLUMNS
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


def _letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _clean(text):
    """A cell's text with one kind of line break and no space around it."""
    return re.sub(r"\r\n?", "\n", str(text or "")).strip()


# Matching quality statements


def _statement_words(text):
    text = str(text).lower().replace("&", " and ")
    return [word for word in re.sub(r"[^a-z0-9]+", " ", text).split() if word != "and"]


class StatementMatcher:
    """A cell's quality statement, by its name or an alias; case, punctuation, "and"/"&", a footnote "*" and a
    "we" statement written after the name (as seed 001's cells have) make no difference."""

    def __init__(self, statements):
        self.statements = {s.pk: s for s in statements}
        self.by_words = {}
        self.by_we = {}
        for statement in statements:
            for name in [statement.name, *(statement.aliases or [])]:
                self.by_words.setdefault(tuple(_statement_words(name)), set()).add(statement.pk)
            if statement.we_statement:
                self.by_we.setdefault(tuple(_statement_words(statement.we_statement)), set()).add(statement.pk)

    def match(self, text):
        """(statement, None) or (None, what is wrong)."""
        words = tuple(_statement_words(text))
        found = self.by_words.get(words) or self.by_we.get(words)
        if not found:
            # The name, then its "we" statement: "Assessing Needs We maximise the effectiveness…"
            found = set()
            for name_words, pks in self.by_words.items():
                if (
                    len(words) > len(name_words)
                    and words[: len(name_words)] == name_words
                    and words[len(name_words)] == "we"
                ):
                    found |= pks
        if len(found) == 1:
            return self.statements[next(iter(found))], None
        if found:
            return None, "ambiguous"
        return None, "unknown"


# Milestones

_SUFFIX = re.compile(r"\s*\((done|no due date|due\s+([^()]*))\)\s*$", re.I)


def format_due(due, precision):
    if due is None:
        return ""
    return f"{due.day} {due:%B %Y}" if precision == Milestone.Precision.DAY else f"{due:%B %Y}"


def milestone_line(text, due, precision, done):
    """A milestone as one line of a plan file: its words, then "(due …)" when the words do not name its due
    date (or "(no due date)" when they name one it does not have), then "(done)" when it is done and its words
    do not say so. Reading the line back gives the same milestone."""
    read = milestone_reading.read_milestones(text)
    single = read[0] if len(read) == 1 else None
    line = text
    reads_same = single is not None and single.due == due and (due is None or single.precision == precision)
    if not reads_same:
        line += f" (due {format_due(due, precision)})" if due else " (no due date)"
    if done and not (single is not None and single.done):
        line += " (done)"
    return line


def line_of(milestone):
    return milestone_line(
        milestone.source_text or milestone.description, milestone.due_date, milestone.due_precision, milestone.done
    )


def read_milestone_cell(cell):
    """The milestones of a Milestones cell, one a line: dicts ready for JSON; and problems, as messages."""
    found, problems = [], []
    for raw in _clean(cell).split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        done, due_text, no_due = False, None, False
        while (match := _SUFFIX.search(line)) and match.start() > 0:
            word = match.group(1).lower()
            if word == "done":
                done = True
            elif word == "no due date":
                no_due = True
            else:
                due_text = match.group(2).strip()
            line = line[: match.start()].rstrip()
        if due_text is not None or no_due:
            due, precision = None, Milestone.Precision.MONTH
            if due_text is not None:
                read_due = milestone_reading.read_milestone(due_text)
                if read_due.due is None:
                    problems.append(
                        f"{_quote(f'(due {due_text})')} names no date. Write it like ‘(due April "
                        f"2023)’ or ‘(due 15 April 2023)’."
                    )
                due, precision = read_due.due, read_due.precision
            read = [
                milestone_reading.ReadMilestone(line, due, precision, milestone_reading.read_milestone(line).done, line)
            ]
        else:
            read = milestone_reading.read_milestones(line)
        for item in read:
            if len(item.source_text) > 500:
                problems.append(
                    f"a milestone is longer than 500 characters ({_quote(item.source_text)}). Put "
                    f"each milestone on a line of its own."
                )
                continue
            found.append(
                {
                    "description": item.description,
                    "source_text": item.source_text,
                    "due": item.due.isoformat() if item.due else None,
                    "precision": item.precision if item.due else Milestone.Precision.MONTH,
                    "done": bool(item.done or done),
                }
            )
    return found, problems


def _due(item):
    return date.fromisoformat(item["due"]) if item["due"] else None


def _line_of_item(item):
    return milestone_line(item["source_text"] or item["description"], _due(item), item["precision"], item["done"])


def _words(text):
    return " ".join(str(text).split()).casefold()


@dataclass
class MilestoneSync:
    """What the file's milestones do to an action's: new ones, changes to matched ones, removed ones, and done
    ones kept though the file leaves them out."""

    old_lines: list
    new_lines: list
    creates: list = field(default_factory=list)  # (position, item)
    updates: list = field(default_factory=list)  # (milestone, {field: value})
    removes: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.creates or self.updates or self.removes)


def sync_milestones(existing, items):
    existing = list(existing)
    sync = MilestoneSync(old_lines=[line_of(m) for m in existing], new_lines=[])
    unused, matched = list(existing), []
    for position, item in milestone_reading.numbered(items):
        key = _words(item["source_text"] or item["description"])
        match = next((m for m in unused if _words(m.source_text or m.description) == key), None)
        if match is None:
            sync.creates.append((position, item))
            sync.new_lines.append(_line_of_item(item))
            continue
        unused.remove(match)
        matched.append(match)
        changes = {}
        if match.position != position:
            changes["position"] = position
        due = _due(item)
        if (match.due_date, match.due_precision if match.due_date else None) != (
            due,
            item["precision"] if due else None,
        ):
            changes["due_date"], changes["due_precision"] = due, item["precision"]
        done = match.done or item["done"]  # what EqA has recorded done stays done
        if item["done"] and not match.done:
            changes["done"] = True
        if changes:
            sync.updates.append((match, changes))
        sync.new_lines.append(
            milestone_line(match.source_text or match.description, due, item["precision"], done)
            if ("due_date" in changes or "done" in changes)
            else line_of(match)
        )
    for milestone in unused:
        if milestone.done:
            sync.kept.append(milestone)
            sync.new_lines.append(line_of(milestone))
        else:
            sync.removes.append(milestone)
    if not sync.creates and not sync.removes and matched == [m for m in existing if m in matched]:
        # The same milestones in the same order: numbered some other way before (from 0, as imports once did),
        # they are not changed for that.
        sync.updates = [
            (m, changes)
            for m, changes in (
                (m, {k: v for k, v in changes.items() if k != "position"}) for m, changes in sync.updates
            )
            if changes
        ]
    return sync


# Checking rows


def _status_label(key):
    return ActionStatus(key).label


def _as_of(row):
    return f", as of {_day(date.fromisoformat(row['status_date']))}" if row.get("status_date") else ""


def _parse_row(number, cells, columns, matcher):
    problems = []

    def problem(column, message):
        problems.append(Problem(message, number, column))

    row = {"row": number}
    statement, wrong = matcher.match(cells["quality_statement"]) if cells["quality_statement"] else (None, "empty")
    if wrong == "empty":
        problem(
            "quality_statement", "enter the CQC quality statement the action is for, for example ‘Assessing needs’."
        )
    elif wrong == "ambiguous":
        problem(
            "quality_statement",
            f"{_quote(cells['quality_statement'])} could be more than one quality "
            f"statement. Write the statement's full name.",
        )
    elif wrong:
        problem(
            "quality_statement",
            f"{_quote(cells['quality_statement'])} is not a quality statement of the "
            f"plan's CQC framework. Write the statement's name as CQC writes it, for "
            f"example ‘Supporting people to live healthier lives’.",
        )
    row["quality_statement"] = statement.pk if statement else None

    ref = " ".join(cells["ref"].split())
    if not ref:
        problem("ref", "enter the action's ref, for example T1.10.")
    elif not REF_FORMAT.match(ref) or len(ref) > 20:
        problem(
            "ref", f"{_quote(ref)} is not an action ref. Write it as letters then numbers with dots, for example T1.10."
        )
    row["ref"] = ref.upper()

    row["area_of_focus"] = cells["area_of_focus"]
    if not cells["area_of_focus"]:
        problem("area_of_focus", "enter the area of focus: what the review found that this action is about.")
    for key in ("actions_taken", "success_measures", "lead_officers"):
        row[key] = cells[key] if key in columns else None
        limit = MAX_LENGTHS.get(key)
        if limit and row[key] and len(row[key]) > limit:
            problem(
                key,
                f"the cell has {len(row[key]):,} characters. Shorten it to {limit} characters or fewer and "
                f"upload the file again.",
            )

    row["status"] = None
    if "status" in columns:
        text = cells["status"]
        status = statuses.read_status(text) if text else statuses.TO_BE_STARTED
        if status is None and statuses.normalise(text) in RAG_COLOURS:
            problem(
                "status", f"{_quote(text)} is a RAG colour, not a status. Write the status in words: {STATUS_WORDS}."
            )
        elif status is None:
            problem("status", f"{_quote(text)} is not a status. Use {STATUS_WORDS}.")
        row["status"] = status

    row["status_date"] = None
    if "status_date" in columns and cells["status_date"]:
        day, wrong = read_day(cells["status_date"])
        if wrong:
            problem("status_date", wrong)
        elif day > timezone.localdate():
            problem(
                "status_date",
                f"{_day(day)} is in the future. Write the day the status was given, today or "
                f"earlier, or leave the cell empty.",
            )
        else:
            row["status_date"] = day.isoformat()

    row["milestones"] = None
    if "milestones" in columns:
        row["milestones"], milestone_problems = read_milestone_cell(cells["milestones"])
        for message in milestone_problems:
            problem("milestones", message)

    row["problems"] = [[p.column, p.message] for p in problems]
    row["links"] = []
    row["link_columns"] = {}
    for key in LINK_FIELDS:
        for linked in linked_refs(row.get(key) or ""):
            if ref_key(linked) != ref_key(ref) and linked not in row["links"]:
                row["links"].append(linked)
                row["link_columns"][linked] = key
    return row, problems


ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")  # day first, as in the UK


def read_day(text):
    """(the day a cell names, None), or (None, what to write instead): "31 March 2024", "31/03/2024", "2024-03-31"
    (as EqA's own CSV export writes it)."""
    words = " ".join(str(text).split())
    try:
        if match := ISO_DAY.fullmatch(words):
            return date(int(match[1]), int(match[2]), int(match[3])), None
        if match := NUMERIC_DAY.fullmatch(words):
            return date(int(match[3]), int(match[2]), int(match[1])), None
        if match := milestone_reading.DAY_MONTH_YEAR.fullmatch(words):
            return date(int(match[3]), milestone_reading.MONTHS[match[2].lower()], int(match[1])), None
    except ValueError:
        return (
            None,
            f"{_quote(words)} is not a real date. Write the day the status was given, for example 31 "
            f"March 2024, or leave the cell empty.",
        )
    if milestone_reading.MONTH_YEAR.fullmatch(words):
        return (
            None,
            f"{_quote(words)} names a month but not the day. Write the day the status was given, for "
            f"example 31 March 2024, or leave the cell empty.",
        )
    return (
        None,
        f"{_quote(words)} is not a date. Write the day the status was given, for example 31 March 2024, "
        f"or leave the cell empty.",
    )


def _day(day):
    return f"{day.day} {day:%B %Y}"


def check(plan, table):
    """Read and check every row of the table against the plan: a Preview with every problem found."""
    statements = _statements(plan)
    matcher = StatementMatcher(statements)
    rows = []
    for number, cells in table.rows:
        full = {key: cells.get(key, "") for key, _, _, _ in COLUMNS}
        row, _ = _parse_row(number, full, table.columns, matcher)
        rows.append(row)
    return compare(plan, rows, statements=statements)


def _statements(plan):
    return list(QualityStatement.objects.filter(theme__framework_id=plan.framework_id).select_related("theme"))


# Comparing rows with the plan


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Planned:
    """One row of the file and what it does to the plan."""

    row: dict
    action: Action | None = None
    statement: QualityStatement | None = None
    changes: list = field(default_factory=list)
    updates: dict = field(default_factory=dict)  # action field → new value
    status: str | None = None  # the status to record, when it differs
    milestones: MilestoneSync | None = None
    new_links: list = field(default_factory=list)

    @property
    def ref(self):
        return self.action.ref if self.action else self.row["ref"]

    @property
    def status_label(self):
        return _status_label(self.row["status"] or statuses.TO_BE_STARTED) + _as_of(self.row)

    @property
    def milestone_lines(self):
        return [_line_of_item(item) for item in self.row["milestones"] or []]


@dataclass
class Preview:
    rows: list
    added: list
    changed: list
    unchanged: list
    errors: list
    untouched: list  # actions of the plan the file does not mention

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.added or self.changed)

    def fingerprint(self):
        """A short digest of what applying would do, so that a preview shown before the plan changed is
        noticed when it is confirmed."""
        what = [("add", p.row["ref"], json.dumps(p.row, sort_keys=True, default=str)) for p in self.added]
        what += [("change", p.ref, [(c.label, c.old, c.new) for c in p.changes]) for p in self.changed]
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _same_text(old, new):
    return _clean(old) == _clean(new)


def compare(plan, rows, *, statements=None):
    """What the rows would do to the plan as it is now, with every problem of the rows: those found reading
    them, refs given twice, links to refs that are nowhere, statements no longer in the framework."""
    statements = {s.pk: s for s in (statements if statements is not None else _statements(plan))}
    problems, first_row_of = [], {}
    for row in rows:
        problems.extend(Problem(message, row["row"], column) for column, message in row.get("problems", []))
        if row["ref"] and REF_FORMAT.match(row["ref"]):
            key = ref_key(row["ref"])
            if key in first_row_of:
                problems.append(
                    Problem(
                        f"{row['ref']} is also the ref of row {first_row_of[key]}. Give each action its own ref.",
                        row["row"],
                        "ref",
                    )
                )
            else:
                first_row_of[key] = row["row"]
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("quality_statement")
        .prefetch_related("milestones", "linked_actions")
    )
    existing = {a.ref_key: a for a in actions}
    file_keys = {ref_key(row["ref"]) for row in rows if row["ref"]}
    known_keys = file_keys | set(existing)
    added, changed, unchanged, seen = [], [], [], set()
    rows_with_problems = {p.row for p in problems}
    for row in rows:
        for linked in row["links"]:
            if ref_key(linked) not in known_keys:
                problems.append(
                    Problem(
                        f"it says the action is linked to {linked}, which is not in the file or the "
                        f"plan. Correct the ref, or add action {linked}.",
                        row["row"],
                        row["link_columns"].get(linked, "area_of_focus"),
                    )
                )
        if row["quality_statement"] is not None and row["quality_statement"] not in statements:
            problems.append(
                Problem(
                    "the quality statement is no longer in the plan's CQC framework. Upload the file again.",
                    row["row"],
                    "quality_statement",
                )
            )
        if row["row"] in rows_with_problems or not row["ref"]:
            continue
        key = ref_key(row["ref"])
        if key in seen:
            continue
        seen.add(key)
        statement = statements.get(row["quality_statement"])
        action = existing.get(key)
        if action is None:
            planned = Planned(row=row, statement=statement, new_links=list(row["links"]))
            if (row["status"] or statuses.TO_BE_STARTED) != statuses.TO_BE_STARTED:
                planned.status = row["status"]
            added.append(planned)
        else:
            planned = _changes(action, row, statement)
            (changed if planned.changes else unchanged).append(planned)
        if planned.status and row.get("status_date"):
            problems.extend(_status_date_problems(plan, action, row))
    if len(actions) + len(added) > MAX_ACTIONS_PER_PLAN:
        problems.append(
            Problem(
                f"The plan would have {len(actions) + len(added):,} actions after this import "
                f"({len(actions):,} now and {len(added):,} new in the file). A plan can have at most "
                f"{MAX_ACTIONS_PER_PLAN} actions. Take out of the file the actions that belong to "
                f"another plan, or split the plan in two, and upload it again."
            )
        )
    length = _text_length_after(plan, added, changed)
    if length > PLAN_TEXT_LIMIT:
        problems.append(
            Problem(
                f"The plan's text would be {length:,} characters in all after this import, and one "
                f"plan can hold {PLAN_TEXT_LIMIT:,}. Shorten the text in the file by "
                f"{length - PLAN_TEXT_LIMIT:,} characters, or split the plan in two, and upload it "
                f"again."
            )
        )
    problems.sort(key=lambda p: (p.row or 0, _column_order(p.column)))
    untouched = [a for a in actions if a.ref_key not in file_keys]
    order = lambda planned: ref_key(planned.ref)  # noqa: E731
    return Preview(
        rows=rows,
        added=sorted(added, key=order),
        changed=sorted(changed, key=order),
        unchanged=sorted(unchanged, key=order),
        errors=problems,
        untouched=untouched,
    )


def _status_date_problems(plan, action, row):
    """A status dated by the file stands from that day: not before the plan began, nor before the action's last
    update (the status moves on from that one). As the update form checks a date (UpdateForm.clean_on)."""
    day = date.fromisoformat(row["status_date"])
    if plan.source_date and day < plan.source_date:
        yield Problem(
            f"{_day(day)} is before {_day(plan.source_date)}, the date of the review or assessment the "
            f"plan responds to. Write a date on or after it, or leave the cell empty.",
            row["row"],
            "status_date",
        )
    elif not plan.source_date and day < timezone.localdate(plan.created_at):
        started = timezone.localdate(plan.created_at)
        yield Problem(
            f"{_day(day)} is before {_day(started)}, when the plan was started in EqA. Add the date of the "
            f"review or assessment to the plan's details first, or leave the cell empty.",
            row["row"],
            "status_date",
        )
    elif action is not None and action.last_update_at and day < timezone.localdate(action.last_update_at):
        last = timezone.localdate(action.last_update_at)
        yield Problem(
            f"{_day(day)} is before {_day(last)}, the date of the action's last update in EqA. Write a "
            f"date on or after it, or leave the cell empty for today.",
            row["row"],
            "status_date",
        )


def _status_day(plan, planned):
    """The day a status the import records stands from: the day the file gives; else, for an action with no
    update yet, the plan's beginning, so that a progress report of any day since shows the status the file gave
    (the file says what the status was before EqA had the plan, not that it changed today); else today."""
    if planned.row.get("status_date"):
        return date.fromisoformat(planned.row["status_date"])
    if planned.action.last_update_at is None:
        return plan.source_date or timezone.localdate(plan.created_at)
    return None


def _column_order(column):
    keys = [key for key, _, _, _ in COLUMNS]
    return keys.index(column) if column in keys else -1


def _text_length_after(plan, added, changed):
    """The plan's text in all (ActionPlan.text_length) once the file's new and changed actions are in."""

    def milestones(items):
        return sum(len(item["description"]) for item in items or [])

    more = sum(sum(len(p.row[key] or "") for key in TEXT_FIELDS) + milestones(p.row["milestones"]) for p in added)
    for p in changed:
        more += sum(len(value) - len(getattr(p.action, key)) for key, value in p.updates.items() if key in TEXT_FIELDS)
        if p.milestones is not None:
            more += milestones(p.row["milestones"]) - sum(len(m.description) for m in p.action.milestones.all())
    return plan.text_length() + more if more > 0 else 0


def _changes(action, row, statement):
    planned = Planned(row=row, action=action, statement=statement)
    if statement is not None and statement.pk != action.quality_statement_id:
        planned.changes.append(Change("Quality statement", action.quality_statement.name, statement.name))
        planned.updates["quality_statement"] = statement
    for key in TEXT_FIELDS:
        new = row[key]
        if new is not None and not _same_text(getattr(action, key), new):
            planned.changes.append(Change(COLUMN_NAMES[key], getattr(action, key), new))
            planned.updates[key] = new
    if row["status"] is not None and row["status"] != action.status:
        planned.changes.append(
            Change("Status", action.get_status_display(), _status_label(row["status"]) + _as_of(row))
        )
        planned.status = row["status"]
    if row["milestones"] is not None:
        sync = sync_milestones(action.milestones.all(), row["milestones"])
        if sync.changed:
            planned.changes.append(Change("Milestones", "\n".join(sync.old_lines), "\n".join(sync.new_lines)))
            planned.milestones = sync
    linked = {a.ref_key: a.ref for a in action.linked_actions.all()}
    planned.new_links = [ref for ref in row["links"] if ref_key(ref) not in linked]
    if planned.new_links:
        planned.changes.append(
            Change(
                "Linked actions",
                ", ".join(sorted(linked.values(), key=ref_key)),
                ", ".join(sorted([*linked.values(), *planned.new_links], key=ref_key)),
            )
        )
    return planned


# Applying


@dataclass(frozen=True)
class Result:
    added: int
    changed: int
    unchanged: int

    def summary(self):
        return f"{self.added} action{'' if self.added == 1 else 's'} added, {self.changed} changed"


def refusal(plan):
    """Why nothing can be imported into the plan now, or None when it is a draft."""
    if plan.status == PlanStatus.DRAFT:
        return None
    if plan.status == PlanStatus.APPROVED:
        return (
            "This plan is signed off, so nothing can be imported into it. Its actions' progress is recorded "
            "with status updates."
        )
    return (
        f"This plan is {plan.get_status_display().lower()}, so nothing can be imported into it now. An "
        f"approver can return it for changes."
    )


def apply(plan, rows, *, by, filename=""):
    """Make the changes the rows describe, all or nothing. Raises TransitionRefused when the plan is not a
    draft, FileRefused when the rows no longer fit the plan."""
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        refused = refusal(locked)
        if refused:
            raise TransitionRefused(refused)
        preview = compare(locked, rows)
        if preview.errors:
            raise FileRefused(*preview.errors)
        for planned in preview.added:
            _create(locked, planned, by)
        for planned in preview.changed:
            _change(planned, by)
        if preview.added or any(p.new_links for p in preview.changed):
            by_key = {a.ref_key: a for a in Action.objects.filter(plan=locked)}
            for planned in [*preview.added, *preview.changed]:
                others = [by_key[ref_key(ref)] for ref in planned.new_links]
                if others:
                    planned.action.linked_actions.add(*others)
        for planned in [*preview.added, *preview.changed]:
            if planned.status and planned.status != planned.action.status:
                planned.action.record_update(
                    by=by,
                    status=planned.status,
                    note=IMPORTED_NOTE,
                    on=_status_day(locked, planned),
                    imported_from=filename or "a plan file",
                )
        if preview.has_changes:
            count_edit(locked, by=by)
    return Result(len(preview.added), len(preview.changed), len(preview.unchanged))


def _create(plan, planned, by):
    row = planned.row
    action = Action(
        plan=plan,
        ref=row["ref"],
        quality_statement=planned.statement,
        area_of_focus=row["area_of_focus"],
        actions_taken=row["actions_taken"] or "",
        success_measures=row["success_measures"] or "",
        lead_officers=row["lead_officers"] or "",
    )
    action._history_user = by
    action.save()
    for position, item in milestone_reading.numbered(row["milestones"] or []):
        _new_milestone(action, position, item, by)
    planned.action = action


def _new_milestone(action, position, item, by):
    milestone = Milestone(
        action=action,
        position=position,
        description=item["description"],
        source_text=item["source_text"],
        due_date=_due(item),
        due_precision=item["precision"],
        done=item["done"],
    )
    milestone._history_user = by
    milestone.save()


def _change(planned, by):
    action = planned.action
    if planned.updates:
        for name, value in planned.updates.items():
            setattr(action, name, value)
        action._history_user = by
        action.save(update_fields=[*planned.updates, "updated_at"])
    sync = planned.milestones
    if sync is None:
        return
    for milestone in sync.removes:
        milestone._history_user = by
        milestone.delete()
    for milestone, changes in sync.updates:
        for name, value in changes.items():
            setattr(milestone, name, value)
        milestone._history_user = by
        milestone.save(update_fields=list(changes))
    for position, item in sync.creates:
        _new_milestone(action, position, item, by)
