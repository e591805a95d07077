"""Plan files built to hold a worker: each is refused with a message saying what to do, within a second of the
worker's own time and within the importer's stated memory ceiling (importer.READ_MEMORY_CEILING).

Time is the process's CPU time (time.process_time), so that other work on the machine does not make a test fail,
and the limit is a second, where each refusal takes a few hundredths of one; `make bench` is where timings are
measured. Memory is the peak of Python's allocations while the file is read (tracemalloc), which includes the XML
parser's."""

import csv
import io
import re
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans import importer

pytestmark = pytest.mark.django_db

HEADER = [
    "Quality statement",
    "Action ref",
    "Area of focus",
    "Actions we are taking",
    "How we will know it has worked",
    "Responsible lead officer",
    "Status",
    "Milestones",
]
SECOND = 1.0


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(content, edit):
    """The workbook with its first sheet's XML changed by `edit`, as an attacker would write it by hand."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            target.writestr(info.filename, data)
    return buffer.getvalue()


def with_shared_strings(content, count):
    """The workbook with `count` texts for its cells to share, which no cell uses."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    strings = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
        f'uniqueCount="{count}">' + "".join(f"<si><t>{n}</t></si>" for n in range(count)) + "</sst>"
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


def merged_whole_column():
    """The probe's file: a header, one action, and column C merged from row 2 to the sheet's last row."""
    content = xlsx_bytes([HEADER, ["Assessing needs", "T1.1", "Complaints", "", "", "", "", ""]])
    return with_sheet_xml(
        content,
        lambda xml: xml.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="C2:C1048576"/></mergeCells>'
        ),
    )


def big_sheet(rows, *, dimension=True, cell_text="Plain words of a plan's action"):
    """A sheet of `rows` honest rows of eight cells, written as Excel writes it (inline text), its zip sizes true."""

    def row(cells):  # row and cell numbers are optional: each follows the one before
        return "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>' for text in cells) + "</row>"

    action = row(
        [
            "Assessing needs",
            "T1.1",
            cell_text,
            cell_text,
            cell_text,
            "A lead officer",
            "Started",
            "Framework April 2023",
        ]
    )
    sheet_data = row(HEADER) + action * rows
    size = f'<dimension ref="A1:H{rows + 1}"/>' if dimension else ""

    def edit(xml):
        xml = re.sub(r"<dimension [^>]*/>", size, xml)
        return re.sub(
            r"<sheetData>.*</sheetData>|<sheetData/>", f"<sheetData>{sheet_data}</sheetData>", xml, flags=re.DOTALL
        )

    return with_sheet_xml(xlsx_bytes([["x"]]), edit)


def csv_of(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def rows_csv(count):
    """A header and `count` short rows: 100,000 of them fit well inside the 2 MB upload limit."""
    return csv_of([HEADER[:3], *[["s", f"A{n}", "x"] for n in range(1, count + 1)]])


def long_cell_csv(characters):
    return csv_of([HEADER, ["Assessing needs", "T1.1", "x" * characters, "", "", "", "", ""]])


def refusal(content, name):
    """The importer's refusal of the file, the CPU seconds it took and the peak memory of reading it."""
    started = time.process_time()
    with pytest.raises(importer.FileRefused) as refused:
        importer.read_table(SimpleUploadedFile(name, content))
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        with pytest.raises(importer.FileRefused):
            importer.read_table(SimpleUploadedFile(name, content))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value.messages, seconds, peak


def row_numbered_a_million():
    return with_sheet_xml(
        xlsx_bytes([HEADER]),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )


def cell_in_column_xfd():
    return with_sheet_xml(
        xlsx_bytes([HEADER, ["Assessing needs", "T1.1", "x"]]),
        lambda xml: xml.replace('<c r="A2"', '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c><c r="A2"'),
    )


def formatted_cells(count):
    return with_sheet_xml(
        xlsx_bytes([HEADER]),
        lambda xml: xml.replace("</sheetData>", "<row>" + '<c s="1"/>' * count + "</row></sheetData>"),
    )


ROWS_PAST = "The sheet goes on past row 2,020"
HOSTILE_FILES = {
    "merged-whole-column.xlsx": (merged_whole_column, "Cells C2 to C1048576 are merged into one, past row 2,020"),
    "50-mb-sheet.xlsx": (lambda: big_sheet(170_000), "The workbook unpacks to more than 10 MB"),
    # As many rows as fit within the unpacked size limit, the sheet's size left out, or given truly.
    "25000-rows-no-size.xlsx": (
        lambda: big_sheet(25_000, dimension=False, cell_text="x"),
        f"{ROWS_PAST}, even if the rows at the end look empty",
    ),
    "25000-rows-with-size.xlsx": (lambda: big_sheet(25_000, cell_text="x"), ROWS_PAST),
    "a-row-numbered-a-million.xlsx": (row_numbered_a_million, f"{ROWS_PAST} (to row 1,000,000)"),
    "cells-in-column-xfd.xlsx": (
        cell_in_column_xfd,
        "Row 2: column XFD has something in it. EqA reads at most 50 columns",
    ),
    "40001-cells.xlsx": (
        lambda: formatted_cells(40_001),
        "The workbook has more than 40,000 cells, counting empty cells that are formatted",
    ),
    "40001-shared-texts.xlsx": (
        lambda: with_shared_strings(xlsx_bytes([HEADER]), 40_001),
        "The workbook has more than 40,000 cells",
    ),
    "100000-rows.csv": (
        lambda: rows_csv(100_000),
        ("The file has more than 2,000 rows under its header row (row 1): row 2,002 has something in it."),
    ),
    "a-cell-past-the-csv-limit.csv": (
        lambda: long_cell_csv(200_000),
        ("Row 2, Area of focus: the cell has 200,000 characters. A cell can have at most 20,000: shorten it"),
    ),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_file_is_refused_within_a_second_and_the_memory_ceiling(name):
    make, message = HOSTILE_FILES[name]
    content = make()
    assert len(content) <= importer.MAX_BYTES, "each file gets past the upload's own size limit"
    messages, seconds, peak = refusal(content, name)
    print(f"{name}: {len(content):,} bytes, refused in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert len(messages) == 1 and message in messages[0]
    assert seconds < SECOND
    assert peak < importer.READ_MEMORY_CEILING


def test_the_50_mb_sheet_really_is_50_mb():
    sizes = [
        info.file_size
        for info in zipfile.ZipFile(io.BytesIO(big_sheet(170_000))).infolist()
        if info.filename == "xl/worksheets/sheet1.xml"
    ]
    assert sizes[0] > 50 * 2**20


def test_the_merged_range_file_is_as_small_as_the_probes():
    assert len(merged_whole_column()) < 6_000


def test_the_largest_file_allowed_is_read_within_the_limits(plan):
    """2,000 rows under the header, every cell in use: read whole, within a second and the memory ceiling."""
    content = big_sheet(importer.MAX_ROWS, dimension=True, cell_text="Words of an action " * 80)
    started = time.process_time()
    table = importer.read_table(SimpleUploadedFile("largest.xlsx", content))
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        importer.read_table(SimpleUploadedFile("largest.xlsx", content))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"largest allowed: {len(content):,} bytes, read in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert len(table.rows) == importer.MAX_ROWS
    assert seconds < 2 * SECOND
    assert peak < importer.READ_MEMORY_CEILING


def test_the_upload_page_says_why_the_merged_range_file_is_refused(client, manager, plan):
    client.force_login(manager)
    response = client.post(
        reverse("actionplans:import", args=[plan.pk]), {"file": SimpleUploadedFile("plan.xlsx", merged_whole_column())}
    )
    assert response.status_code == 200
    assert "Cells C2 to C1048576 are merged into one" in response.content.decode()
    assert not plan.actions.exists()
