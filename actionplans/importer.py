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
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from actionplans import milestones as milestone_reading
from actionplans import statuses
from actionplans.models import Action, ActionPlan, ActionStatus, Milestone, PlanStatus, QualityStatement
from actionplans.refs import linked_refs, ref_key
from councils.lifecycle import TransitionRefused, count_edit
from councils.spreadsheets import unsafe_cell

MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can hold far more once unpacked; an Excel file of a plan never needs this much.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
REF_FORMAT = re.compile(r"^[A-Za-z]+\d+(?:\.\d+)*$")
STATUS_WORDS = "To be started, Started, On track, Off track or Complete"


# The columns of seed 001's table, in its order: (key, name, required, the names files give it).
COLUMNS = [
    ("quality_statement", "Quality statement", True,
     ["quality statement", "quality statements", "cqc quality statement", "statement"]),
    ("ref", "Action ref", True,
     ["action ref", "ref", "action reference", "reference", "action ref no", "ref no", "action no"]),
    ("area_of_focus", "Area of focus", True,
     ["area of focus", "areas of focus", "areas of focus identified within the report",
      "area of focus identified within the report", "areas for focus"]),
    ("actions_taken", "Actions we are taking", False,
     ["actions we are taking", "action we are taking", "actions being taken", "actions taken", "actions"]),
    ("success_measures", "How we will know it has worked", False,
     ["how we will know it has worked", "how will we know it has worked", "how we will know",
      "how will we know", "success measures", "measures of success"]),
    ("lead_officers", "Responsible lead officer", False,
     ["responsible lead officer", "responsible lead officers", "lead officer", "lead officers",
      "responsible officer", "responsible officers"]),
    ("status", "Status", False, ["status", "current status"]),
    ("milestones", "Milestones", False, ["milestones", "milestone"]),
]
HEADER = [name for _, name, _, _ in COLUMNS]
COLUMN_NAMES = {key: name for key, name, _, _ in COLUMNS}
REQUIRED = [key for key, _, required, _ in COLUMNS if required]
TEXT_FIELDS = ["area_of_focus", "actions_taken", "success_measures", "lead_officers"]
LINK_FIELDS = ["area_of_focus", "actions_taken", "success_measures"]
MAX_LENGTHS = {"lead_officers": 500}


def _header_words(text):
    text = re.sub(r"\([^)]*\)?", " ", str(text).lower())  # "Status (Started/ On Track/ Complete)", even unclosed
    text = re.sub(r"^\s*theme\s*\d*\s*[:\-–—.]?\s*", "", text)  # "Theme 1: Quality Statement"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_NAMES = {_header_words(name): key for key, _, _, names in COLUMNS for name in names}


def column_for(header_text):
    """The column key a header cell names, or None."""
    return _NAMES.get(_header_words(header_text)) if header_text else None


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
    cut = words[:limit + 1].rsplit(" ", 1)[0] if " " in words[:limit + 1] else words[:limit]
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
    return (f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Save the plan's table on its own, "
            f"without pictures, and upload it again.")


SIGNATURES = [
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office file (.xls or .doc). Save it as an Excel "
                                          "Workbook (.xlsx) or CSV and upload it again. It is"),
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
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
        except csv.Error:
            raise FileRefused("The CSV file could not be read: a cell's quotes do not close. Open it in Excel, "
                              "save it again as CSV and upload it again.") from None
        cells = [(number, [unsafe_cell(cell) for cell in row]) for number, row in enumerate(rows, start=1)]
        try:
            return _table(name, cells)
        except FileRefused as refused:
            first_problem = first_problem or refused
    raise first_problem


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
    raise FileRefused("The file's text could not be read (it is not UTF-8 or Windows text). Save it from Excel as "
                      "‘CSV UTF-8’ and upload it again.")


def _read_xlsx(data, name):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        raise FileRefused(f"The file is a damaged or protected compressed file, not a spreadsheet. {TRY_AGAIN}") \
            from None
    if "word/document.xml" in names:
        raise FileRefused(f"The file is a Word document, not a spreadsheet. {TRY_AGAIN}")
    if any(n.startswith("ppt/") for n in names):
        raise FileRefused(f"The file is a PowerPoint presentation, not a spreadsheet. {TRY_AGAIN}")
    if "mimetype" in names and "content.xml" in names:
        raise FileRefused("The file is an OpenDocument file. Save it as an Excel Workbook (.xlsx) or CSV and "
                          "upload it again.")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise FileRefused("The file has macros in it. Save it as an Excel Workbook (.xlsx), which has no macros, "
                          "and upload it again.")
    if "xl/workbook.bin" in names:
        raise FileRefused("The file is an Excel binary workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and "
                          "upload it again.")
    if "xl/workbook.xml" not in names:
        raise FileRefused(f"The file is a compressed (zip) file, not a spreadsheet. {TRY_AGAIN}")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise FileRefused(_too_big())
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged or unusual workbook
        raise FileRefused("The Excel file could not be read. Open it in Excel, save it again as an Excel Workbook "
                          "(.xlsx) and upload it again.") from None
    first_problem = None
    for sheet in workbook.worksheets:
        try:
            return _sheet_table(sheet, name)
        except FileRefused as refused:
            first_problem = first_problem or refused
    raise first_problem or FileRefused(f"The workbook has no sheets. {TRY_AGAIN}")


def _sheet_table(sheet, name):
    # A cell merged down several rows shows its words on each of them: read it so.
    filled = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_col == merged.max_col:
            top = sheet.cell(row=merged.min_row, column=merged.min_col)
            for row in range(merged.min_row + 1, merged.max_row + 1):
                filled[(row, merged.min_col)] = top
    cells, formulas = [], []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            source = filled.get((cell.row, cell.column), cell)
            if getattr(source, "data_type", None) == "f":
                formulas.append((cell.row, cell.column))
            values.append(_xlsx_text(source))
        cells.append((row[0].row if row else len(cells) + 1, values))
    table = _table(name, cells)
    if formulas:
        row, column = formulas[0]
        raise FileRefused(f"The file has formulas in it (row {row}, column {_column_label(table, column)}). "
                          f"Save it with values only and upload it again.")
    return table


def _column_label(table, column_number):
    for key, index in table.columns.items():
        if index == column_number - 1:
            return COLUMN_NAMES[key]
    from openpyxl.utils import get_column_letter

    return get_column_letter(column_number)


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


def _table(name, cells):
    """Find the header row (within the first rows), match its columns, and keep each data row's cells."""
    header_at, columns, ignored, duplicates = None, {}, [], []
    for number, row in cells[:HEADER_SEARCH_ROWS]:
        found, repeated = {}, []
        for index, text in enumerate(row):
            key = column_for(text)
            if key is None:
                continue
            if key in found:
                repeated.append((key, found[key], index))
            else:
                found[key] = index
        if len(found) >= 2:
            header_at, columns, duplicates = number, found, repeated
            ignored = [str(text).strip() for text in row if str(text).strip() and column_for(text) is None]
            break
    if header_at is None:
        raise FileRefused(
            "The file has no header row EqA recognises. Its first row should name the columns: "
            + ", ".join(HEADER) + ".")
    problems = []
    for key, first, second in duplicates:
        problems.append(Problem(f"The file has two {COLUMN_NAMES[key]} columns ({_letter(first)} and "
                                f"{_letter(second)}). Keep one and upload the file again."))
    for key in REQUIRED:
        if key not in columns:
            problems.append(Problem(f"The file has no {COLUMN_NAMES[key]} column. Add it, with "
                                    f"‘{COLUMN_NAMES[key]}’ in the header row, and upload the file again."))
    if problems:
        raise FileRefused(*problems)
    rows = []
    for number, row in cells:
        if number <= header_at:
            continue
        values = {key: _clean(row[index]) if index < len(row) else "" for key, index in columns.items()}
        if any(values.values()):
            rows.append((number, values))
    if not rows:
        raise FileRefused("The file has a header row but no actions under it. Add the plan's actions, one a row, "
                          "and upload it again.")
    return Table(filename=name, header_row=header_at, columns=columns, rows=rows, ignored=ignored)


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
                if len(words) > len(name_words) and words[:len(name_words)] == name_words \
                        and words[len(name_words)] == "we":
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
    return milestone_line(milestone.source_text or milestone.description, milestone.due_date,
                          milestone.due_precision, milestone.done)


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
            line = line[:match.start()].rstrip()
        if due_text is not None or no_due:
            due, precision = None, Milestone.Precision.MONTH
            if due_text is not None:
                read_due = milestone_reading.read_milestone(due_text)
                if read_due.due is None:
                    problems.append(f"{_quote(f'(due {due_text})')} names no date. Write it like ‘(due April "
                                    f"2023)’ or ‘(due 15 April 2023)’.")
                due, precision = read_due.due, read_due.precision
            read = [milestone_reading.ReadMilestone(line, due, precision,
                                                    milestone_reading.read_milestone(line).done, line)]
        else:
            read = milestone_reading.read_milestones(line)
        for item in read:
            if len(item.source_text) > 500:
                problems.append(f"a milestone is longer than 500 characters ({_quote(item.source_text)}). Put "
                                f"each milestone on a line of its own.")
                continue
            found.append({"description": item.description, "source_text": item.source_text,
                          "due": item.due.isoformat() if item.due else None,
                          "precision": item.precision if item.due else Milestone.Precision.MONTH,
                          "done": bool(item.done or done)})
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
    unused = list(existing)
    for position, item in enumerate(items):
        key = _words(item["source_text"] or item["description"])
        match = next((m for m in unused if _words(m.source_text or m.description) == key), None)
        if match is None:
            sync.creates.append((position, item))
            sync.new_lines.append(_line_of_item(item))
            continue
        unused.remove(match)
        changes = {}
        if match.position != position:
            changes["position"] = position
        due = _due(item)
        if (match.due_date, match.due_precision if match.due_date else None) != \
                (due, item["precision"] if due else None):
            changes["due_date"], changes["due_precision"] = due, item["precision"]
        done = match.done or item["done"]  # what EqA has recorded done stays done
        if item["done"] and not match.done:
            changes["done"] = True
        if changes:
            sync.updates.append((match, changes))
        sync.new_lines.append(milestone_line(match.source_text or match.description, due, item["precision"], done)
                              if ("due_date" in changes or "done" in changes) else line_of(match))
    for milestone in unused:
        if milestone.done:
            sync.kept.append(milestone)
            sync.new_lines.append(line_of(milestone))
        else:
            sync.removes.append(milestone)
    return sync


# Checking rows


def _status_label(key):
    return ActionStatus(key).label


def _parse_row(number, cells, columns, matcher):
    problems = []

    def problem(column, message):
        problems.append(Problem(message, number, column))

    row = {"row": number}
    statement, wrong = matcher.match(cells["quality_statement"]) if cells["quality_statement"] else (None, "empty")
    if wrong == "empty":
        problem("quality_statement", "enter the CQC quality statement the action is for, for example ‘Assessing "
                                     "needs’.")
    elif wrong == "ambiguous":
        problem("quality_statement", f"{_quote(cells['quality_statement'])} could be more than one quality "
                                     f"statement. Write the statement's full name.")
    elif wrong:
        problem("quality_statement", f"{_quote(cells['quality_statement'])} is not a quality statement of the "
                                     f"plan's CQC framework. Write the statement's name as CQC writes it, for "
                                     f"example ‘Supporting people to live healthier lives’.")
    row["quality_statement"] = statement.pk if statement else None

    ref = " ".join(cells["ref"].split())
    if not ref:
        problem("ref", "enter the action's ref, for example T1.10.")
    elif not REF_FORMAT.match(ref) or len(ref) > 20:
        problem("ref", f"{_quote(ref)} is not an action ref. Write it as letters then numbers with dots, for "
                       f"example T1.10.")
    row["ref"] = ref.upper()

    row["area_of_focus"] = cells["area_of_focus"]
    if not cells["area_of_focus"]:
        problem("area_of_focus", "enter the area of focus: what the review found that this action is about.")
    for key in ("actions_taken", "success_measures", "lead_officers"):
        row[key] = cells[key] if key in columns else None
        limit = MAX_LENGTHS.get(key)
        if limit and row[key] and len(row[key]) > limit:
            problem(key, f"is {len(row[key])} characters long. Shorten it to {limit} characters or fewer.")

    row["status"] = None
    if "status" in columns:
        text = cells["status"]
        status = statuses.read_status(text) if text else statuses.TO_BE_STARTED
        if status is None:
            problem("status", f"{_quote(text)} is not a status. Use {STATUS_WORDS}.")
        row["status"] = status

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
        return _status_label(self.row["status"] or statuses.TO_BE_STARTED)

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
                problems.append(Problem(f"{row['ref']} is also the ref of row {first_row_of[key]}. Give each "
                                        f"action its own ref.", row["row"], "ref"))
            else:
                first_row_of[key] = row["row"]
    actions = list(Action.objects.filter(plan=plan).select_related("quality_statement")
                   .prefetch_related("milestones", "linked_actions"))
    existing = {a.ref_key: a for a in actions}
    file_keys = {ref_key(row["ref"]) for row in rows if row["ref"]}
    known_keys = file_keys | set(existing)
    added, changed, unchanged, seen = [], [], [], set()
    rows_with_problems = {p.row for p in problems}
    for row in rows:
        for linked in row["links"]:
            if ref_key(linked) not in known_keys:
                problems.append(Problem(f"it says the action is linked to {linked}, which is not in the file or the "
                                        f"plan. Correct the ref, or add action {linked}.", row["row"],
                                        row["link_columns"].get(linked, "area_of_focus")))
        if row["quality_statement"] is not None and row["quality_statement"] not in statements:
            problems.append(Problem("the quality statement is no longer in the plan's CQC framework. Upload the "
                                    "file again.", row["row"], "quality_statement"))
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
            continue
        planned = _changes(action, row, statement)
        (changed if planned.changes else unchanged).append(planned)
    problems.sort(key=lambda p: (p.row or 0, _column_order(p.column)))
    untouched = [a for a in actions if a.ref_key not in file_keys]
    order = lambda planned: ref_key(planned.ref)  # noqa: E731
    return Preview(rows=rows, added=sorted(added, key=order), changed=sorted(changed, key=order),
                   unchanged=sorted(unchanged, key=order), errors=problems, untouched=untouched)


def _column_order(column):
    keys = [key for key, _, _, _ in COLUMNS]
    return keys.index(column) if column in keys else -1


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
        planned.changes.append(Change("Status", action.get_status_display(), _status_label(row["status"])))
        planned.status = row["status"]
    if row["milestones"] is not None:
        sync = sync_milestones(action.milestones.all(), row["milestones"])
        if sync.changed:
            planned.changes.append(Change("Milestones", "\n".join(sync.old_lines), "\n".join(sync.new_lines)))
            planned.milestones = sync
    linked = {a.ref_key: a.ref for a in action.linked_actions.all()}
    planned.new_links = [ref for ref in row["links"] if ref_key(ref) not in linked]
    if planned.new_links:
        planned.changes.append(Change("Linked actions", ", ".join(sorted(linked.values(), key=ref_key)),
                                      ", ".join(sorted([*linked.values(), *planned.new_links], key=ref_key))))
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
        return ("This plan is signed off, so nothing can be imported into it. Its actions' progress is recorded "
                "with status updates.")
    return (f"This plan is {plan.get_status_display().lower()}, so nothing can be imported into it now. An "
            f"approver can return it for changes.")


def apply(plan, rows, *, by, filename=""):
    """Make the changes the rows describe, all or nothing. Raises TransitionRefused when the plan is not a
    draft, FileRefused when the rows no longer fit the plan."""
    note = f"Imported from {filename}" if filename else "Imported from a plan file"
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
                planned.action.record_update(by=by, status=planned.status, note=note)
        if preview.has_changes:
            count_edit(locked, by=by)
    return Result(len(preview.added), len(preview.changed), len(preview.unchanged))


def _create(plan, planned, by):
    row = planned.row
    action = Action(plan=plan, ref=row["ref"], quality_statement=planned.statement, area_of_focus=row["area_of_focus"],
                    actions_taken=row["actions_taken"] or "", success_measures=row["success_measures"] or "",
                    lead_officers=row["lead_officers"] or "")
    action._history_user = by
    action.save()
    for position, item in enumerate(row["milestones"] or []):
        _new_milestone(action, position, item, by)
    planned.action = action


def _new_milestone(action, position, item, by):
    milestone = Milestone(action=action, position=position, description=item["description"],
                          source_text=item["source_text"], due_date=_due(item), due_precision=item["precision"],
                          done=item["done"])
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
