"""Spreadsheet downloads (CSV and Excel) that both apps share.

A cell that starts with "=", "+", "-", "@", a tab or a carriage return is one a spreadsheet program may run
as a formula (CSV injection, OWASP): such text gets a leading single quote, and in Excel files every text
cell is written as text, never as a formula.

Both are streamed from an iterable of rows: the first bytes go as soon as the header is known, and only a few
rows are held at a time, so that a council's whole register starts downloading at once and takes no more memory
than a small one. openpyxl cannot stream an Excel file (even its write-only mode zips the file at the end), so
the workbook's parts are written here, a sheet of inline strings needing no shared-strings table, and zipped as
they are made by stream-zip.
"""

import csv
import re
import stat
import zlib
from datetime import date, datetime
from itertools import chain, islice
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from stream_zip import ZIP_32, stream_zip

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 10, 60
# The rows a column's width is chosen from, beside the header: the widths come before the rows in the sheet.
WIDTH_SAMPLE = 100
# About how much a chunk of the file holds before it is sent (a CSV's header goes alone, at once): what is held
# while a download is made is a chunk and a batch of rows, whatever the length of the file.
CHUNK = 16 * 1024


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


class _Line:
    """What csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, line):
        return line


def csv_bytes(header, rows):
    """The CSV file in chunks: UTF-8 with a byte order mark, so that Excel reads the accents and dashes right. The
    header is a chunk of its own, so that it goes before any row is read."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([safe_cell(_plain(value)) for value in header])).encode("utf-8")
    lines, size = [], 0
    for row in rows:
        line = writer.writerow([safe_cell(_plain(value)) for value in row])
        lines.append(line)
        size += len(line)
        if size >= CHUNK:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode("utf-8")


def csv_response(filename, header, rows):
    """A CSV download, streamed: `rows` may be a generator, read as the file is sent."""
    response = StreamingHttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def csv_file(filename, header, rows):
    """A CSV download made whole, for an answer kept in a cache (a stream can be sent only once)."""
    content = b"".join(csv_bytes(header, rows))
    return _attachment(HttpResponse(content, content_type="text/csv; charset=utf-8"), filename)


def _sheet_title(title):
    # Excel's rules: at most 31 characters, none of []:*?/\ .
    return (re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31].strip()) or "Sheet1"


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


# The workbook's fixed parts: one sheet, and its styles. The cell styles (cellXfs), in this order: text and numbers,
# a date, a date and time; each plain, then bold for the header. All wrap their text and sit at the top of the cell.
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    f'{_DECLARATION}<Types xmlns="{_PACKAGE}/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_OFFICE}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_TEXT, _DATE, _DATE_TIME = 0, 1, 2
_NUMBER_FORMATS = {_TEXT: 0, _DATE: 164, _DATE_TIME: 165}  # 0 is General; 164 on are the file's own
_ALIGNED = '<alignment vertical="top" wrapText="1"/>'
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="d mmm yyyy"/>'
    '<numFmt numFmtId="165" formatCode="d mmm yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + "".join(
        f'<xf numFmtId="{_NUMBER_FORMATS[kind]}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        f' applyNumberFormat="1" applyFont="1" applyAlignment="1">{_ALIGNED}</xf>'
        for font in (0, 1)
        for kind in (_TEXT, _DATE, _DATE_TIME)
    )
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet_title):
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
        f'<sheets><sheet name={quoteattr(_sheet_title(sheet_title))} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _style(kind, bold):
    return 1 + kind + (3 if bold else 0)  # the cellXfs above, after the workbook's default


def _cell(reference, value, bold):
    """One cell of the sheet's XML, as openpyxl writes one: a date a number in a date format, a yes or no in
    words, text always as text (never a formula, "#N/A" never an error value)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return f'<c r="{reference}" s="{_style(_DATE_TIME, bold)}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{reference}" s="{_style(_DATE, bold)}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    elif isinstance(value, (int, float)):
        return f'<c r="{reference}" s="{_style(_TEXT, bold)}"><v>{value!r}</v></c>'
    text = escape(safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value))), {"\r": "&#13;"})
    if not text:
        return ""
    return f'<c r="{reference}" s="{_style(_TEXT, bold)}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _row(number, values, letters, bold=False):
    while len(letters) < len(values):
        letters.append(get_column_letter(len(letters) + 1))
    cells = "".join(_cell(f"{letters[index]}{number}", value, bold) for index, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def _sheet(header, rows):
    """The sheet's XML in pieces: a bold header row that stays in view, then a row at a time. The columns' widths
    come before the rows in the file, so they are chosen from the header and the first rows only (WIDTH_SAMPLE),
    not from every value: enough to size a register's columns, without holding the whole register."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = [_width(value) for value in header]
    for row in sample:
        widths.extend([0] * (len(row) - len(widths)))
        for column, value in enumerate(row):
            widths[column] = max(widths[column], _width(value))
    columns = "".join(
        f'<col min="{column}" max="{column}" width="{min(max(width + 2, MIN_WIDTH), MAX_WIDTH)}" customWidth="1"/>'
        for column, width in enumerate(widths, start=1)
    )
    yield (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f"{f'<cols>{columns}</cols>' if columns else ''}<sheetData>"
    ).encode()
    letters = []
    yield _row(1, header, letters, bold=True)
    for number, row in enumerate(chain(sample, rows), start=2):
        yield _row(number, row, letters)
    yield b"</sheetData></worksheet>"


def xlsx_bytes(sheet_title, header, rows):
    """The workbook of one sheet, in chunks as it is zipped. Its fixed parts come first, so that the download starts
    before any row is read."""
    made = timezone.localtime().replace(tzinfo=None)

    def part(name, content):
        return name, made, stat.S_IFREG | 0o600, ZIP_32, content

    return stream_zip(
        [
            part("[Content_Types].xml", [_CONTENT_TYPES.encode()]),
            part("_rels/.rels", [_RELS.encode()]),
            part("xl/workbook.xml", [_workbook(sheet_title).encode()]),
            part("xl/_rels/workbook.xml.rels", [_WORKBOOK_RELS.encode()]),
            part("xl/styles.xml", [_STYLES.encode()]),
            part("xl/worksheets/sheet1.xml", _sheet(header, rows)),
        ],
        chunk_size=CHUNK,
        # As openpyxl and most zip tools compress: level 9 is much slower for files hardly smaller.
        get_compressobj=lambda: zlib.compressobj(wbits=-zlib.MAX_WBITS, level=6),
    )


def xlsx_response(filename, sheet_title, header, rows):
    """An Excel workbook download of one sheet, streamed: a bold header row that stays in view, wrapped text, and
    columns as wide as their text (within reason). `rows` may be a generator, read as the file is sent."""
    return _attachment(
        StreamingHttpResponse(xlsx_bytes(sheet_title, header, rows), content_type=XLSX_CONTENT_TYPE), filename
    )
