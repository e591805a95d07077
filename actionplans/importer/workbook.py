"""Reading an Excel workbook as a stream, refusing it as soon as it passes a limit, before anything is expanded."""

import io
import re
import zipfile
from datetime import date

from actionplans.importer.limits import (
    LAST_ROW,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MERGED_RANGES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
)
from actionplans.importer.problems import TRY_AGAIN, FileRefused, HeaderRefused, Problem
from actionplans.importer.table import column_name, find_header, first_rows, no_header, table_from
from councils.spreadsheets import unsafe_cell

UNREADABLE_XLSX = (
    "The Excel file could not be read. Open it in Excel, save it again as an Excel Workbook (.xlsx) "
    "and upload it again."
)


def read_xlsx(data, name):
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
        # The first sheet whose header row is EqA's headings; failing that, the first with a row like headings.
        first_head, guessed = None, None
        for sheet in workbook.worksheets:
            cells, formulas = _sheet_rows(sheet)
            head = first_rows(iter(cells))
            first_head = head if first_head is None else first_head
            header = find_header(head)
            if header is not None and header.named:
                return _sheet_table(name, cells, formulas)
            if header is not None and guessed is None:
                guessed = (cells, formulas)
        if guessed is not None:
            return _sheet_table(name, *guessed)
        if first_head is None:
            raise FileRefused(f"The workbook has no sheets. {TRY_AGAIN}")
        raise HeaderRefused(no_header(first_head))
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


def _sheet_rows(sheet):
    """(row number, cells' text) of each row of a sheet that holds something, and where its formulas are."""
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
    return cells, formulas


def _sheet_table(name, cells, formulas):
    table = table_from(name, cells)
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
    return column_name(table.headers, column_number - 1)


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
