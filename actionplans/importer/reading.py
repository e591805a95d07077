"""Reading an uploaded plan file: CSV or Excel (.xlsx), told apart by its content, never its name."""

import csv
import io
import re

from actionplans.importer.limits import MAX_BYTES
from actionplans.importer.problems import TRY_AGAIN, FileRefused, HeaderRefused
from actionplans.importer.table import find_header, first_rows, no_header, table_from
from actionplans.importer.workbook import read_xlsx
from councils.spreadsheets import unsafe_cell


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
        return read_xlsx(data, name)
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
    # The separator is the one by which a row reads as EqA's headings; failing that, the one that makes the widest
    # row of headings (a semicolon file read by commas has one cell a row, or splits a cell's words).
    read = {}
    for delimiter in (",", ";", "\t"):
        rows = _csv_rows(text, delimiter)
        head = first_rows(rows)
        read[delimiter] = (rows, head, find_header(head))
    found = [(delimiter, header) for delimiter, (_, _, header) in read.items() if header is not None]
    named = [delimiter for delimiter, header in found if header.named]
    if not found:
        raise HeaderRefused(no_header(read[","][1]))
    chosen = named[0] if named else max(found, key=lambda pair: pair[1].width)[0]
    rows, head, _ = read[chosen]
    return table_from(name, rows, head)


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
