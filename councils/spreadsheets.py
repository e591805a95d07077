"""Spreadsheet downloads (CSV and Excel) that both apps share.

A cell that starts with "=", "+", "-", "@", a tab or a carriage return is one a spreadsheet program may run
as a formula (CSV injection, OWASP): such text gets a leading single quote, and in Excel files every text
cell is written as text, never as a formula.
"""

import csv
import io
import re
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 10, 60


def safe_cell(value):
    """Text a spreadsheet program will show as text: a leading quote before a formula-like first character.
    Anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_cell(text):
    """Undo safe_cell, for a file EqA wrote coming back in."""
    if isinstance(text, str) and len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def download_name(filename):
    """An ASCII file name for Content-Disposition: "Peer review – plan.xlsx" gives "peer-review-plan.xlsx"."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem = slugify(stem)[:100].strip("-") or "download"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem}.{extension}" if extension else stem


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{download_name(filename)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _plain(value):
    """A value as a CSV cell shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def csv_response(filename, header, rows):
    """A CSV download: UTF-8 with a byte order mark, so that Excel reads the accents and dashes right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(_plain(value)) for value in header])
    for row in rows:
        writer.writerow([safe_cell(_plain(value)) for value in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _sheet_title(title):
    # Excel's rules: at most 31 characters, none of []:*?/\ .
    return (re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31].strip()) or "Sheet1"


def _set(cell, value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell.value = value
        cell.number_format = "d mmm yyyy hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "d mmm yyyy"
    elif isinstance(value, bool):
        cell.value = "Yes" if value else "No"
        cell.data_type = "s"
    elif isinstance(value, (int, float)):
        cell.value = value
    elif value is None:
        cell.value = None
    else:
        cell.value = safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        # Text stays text: openpyxl would otherwise make "=..." a formula and "#N/A" an error value.
        cell.data_type = "s"


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(filename, sheet_title, header, rows):
    """An Excel workbook download of one sheet: a bold header row that stays in view, wrapped text, and
    columns as wide as their text (within reason)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    widths = [_width(value) for value in header]
    for column, value in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        _set(cell, value)
        cell.font, cell.alignment = bold, wrap
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _set(cell, value)
            cell.alignment = wrap
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _width(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)
