"""What the importer's tests share: Sefton's peer review action plan as the council's CSV, and files
made from its rows."""

import csv
import io
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans import importer

SEED = Path(__file__).resolve().parents[2] / "actionplans" / "demo" / "seed_001_action_plan.csv"
SEED_NAME = "seed_001_action_plan.csv"
# T1.4's Status cell as Sefton's plan wrote it, before the council officer's correction (SEED_001_NOTES.md).
T1_4_ORIGINAL_STATUS = "Business Case to consider greater structural alignment Shared Care records -On Track"
SEED_HEADERS = [
    "Theme 1: Quality Statement",
    "Action Ref",
    "Areas of Focus identified within the report",
    "Actions We Are Taking",
    "How we will know it has worked",
    "Responsible Lead Officer",
    "Status (Started/ On Track/ Complete)",
    "Milestones",
]
SEED_REFS = [
    "T1.1",
    "T1.2",
    "T1.4",
    "T1.5",
    "T1.7",
    "T1.8",
    "T1.9",
    "T1.10",
    "T1.11",
    "T2.1",
    "T2.2",
    "T2.3",
    "T2.4",
    "T2.5",
    "T2.6",
    "T2.7",
    "T3.1",
    "T3.2",
    "T3.3",
    "T3.4",
    "T3.5",
    "T3.6",
    "T4.1",
    "T4.2",
    "T4.3",
    "T4.4",
    "T4.5",
    "T4.6",
    "T4.7",
]


def seed_rows():
    with SEED.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(content, name="plan.csv"):
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows, *, edit=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cell(rows, ref, column, value):
    """The rows with one cell of the action `ref` changed."""
    index = rows[0].index(column)
    return [row if row[1] != ref else [*row[:index], value, *row[index + 1 :]] for row in rows]


def one_action(**cells):
    header = seed_rows()[0]
    values = {
        "Quality statement": "Assessing needs",
        "Action ref": "T1.1",
        "Area of focus": "Complaints",
        "Actions we are taking": "",
        "How we will know it has worked": "",
        "Responsible lead officer": "",
        "Status": "",
        "Milestones": "",
        **cells,
    }
    return [header, [values[name] for name in header]]


def read_rows(table):
    """The table's rows as EqA recognises its columns: (row number, {column key: text})."""
    return [(number, cells) for number, cells, _ in table.read_as(table.recognised()).rows]


def checked(plan, rows):
    return importer.check(plan, importer.read_table(upload(csv_bytes(rows))))


def problems(plan, rows):
    return [problem.text for problem in checked(plan, rows).errors]


def import_seed(plan, by, content=None):
    preview = importer.check(plan, importer.read_table(upload(content or SEED.read_bytes(), SEED_NAME)))
    assert preview.errors == []
    return importer.apply(plan, preview.rows, by=by, filename=SEED_NAME)


FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A council's own tracker, as it is kept month by month: a title and a date above headings EqA does not know, refs
# 1 to 12 (and in April, 13), and columns EqA has no field for.
TRACKER_MARCH = FIXTURES / "tracker_march.csv"
TRACKER_APRIL = FIXTURES / "tracker_april.csv"
TRACKER_HEADINGS = [
    "Rec No",
    "Quality standard",
    "Recommendation",
    "Lead",
    "Progress",
    "RAG",
    "Core service",
    "Evidence",
    "Assurance",
]
# What a person chooses for the columns EqA does not know; the others it recognises (RAG gives way to Progress).
TRACKER_CHOICES = {
    "column_0": "ref",
    "column_1": "quality_statement",
    "column_6": "extra",
    "column_7": "extra",
    "column_8": "extra",
}
TRACKER_REFS = [str(number) for number in range(1, 13)]
