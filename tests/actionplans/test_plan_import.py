"""Importing a council's action plan file: Sefton's peer review action plan as the council's CSV,
and the files that must be refused, each saying where and what to do."""

import csv
import io
import zipfile
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans import importer, statuses
from actionplans.models import Action, ActionPlan, Milestone, PendingImport, StatusUpdate
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from actionplans.pdf import render_plan_pdf
from actionplans.refs import ref_key
from actionplans.summary import as_of
from councils.lifecycle import TransitionRefused
from councils.models import Role
from tests.factories import ActionFactory, MembershipFactory, MilestoneFactory, UserFactory, statement

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


def checked(plan, rows):
    return importer.check(plan, importer.read_table(upload(csv_bytes(rows))))


def problems(plan, rows):
    return [problem.text for problem in checked(plan, rows).errors]


def import_seed(plan, by, content=None):
    preview = importer.check(plan, importer.read_table(upload(content or SEED.read_bytes(), SEED_NAME)))
    assert preview.errors == []
    return importer.apply(plan, preview.rows, by=by, filename=SEED_NAME)


class TestSeed001:
    def test_it_imports_the_29_actions_in_natural_order(self, plan, manager):
        result = import_seed(plan, manager)
        assert (result.added, result.changed, result.summary()) == (29, 0, "29 actions added, 0 changed")
        assert [a.ref for a in plan.actions.in_ref_order()] == SEED_REFS

    def test_statuses_are_mapped(self, plan, manager):
        import_seed(plan, manager)
        by_ref = dict(plan.actions.values_list("ref", "status"))
        assert {ref for ref, status in by_ref.items() if status == "started"} == {
            "T1.7",
            "T1.9",
            "T2.1",
            "T2.6",
            "T2.7",
            "T4.6",
            "T4.7",
        }
        assert {ref for ref, status in by_ref.items() if status == "to_be_started"} == {"T2.2", "T2.4"}
        # T1.5's "On Track On Track" is one status; T1.4 is the corrected cell.
        assert by_ref["T1.5"] == by_ref["T1.4"] == by_ref["T3.3"] == "on_track"
        assert sum(status == "on_track" for status in by_ref.values()) == 20

    def test_each_status_is_an_update_from_the_importer(self, plan, manager):
        import_seed(plan, manager)
        updates = StatusUpdate.objects.filter(action__plan=plan)
        # Every action but the two "To be started" ones moved from To be started, once.
        assert updates.count() == 27
        assert set(updates.values_list("note", "imported_from", "by", "previous_status")) == {
            ("Status as given in the plan's spreadsheet when it was imported.", SEED_NAME, manager.pk, "to_be_started")
        }
        assert not updates.filter(action__ref__in=["T2.2", "T2.4"]).exists()

    def test_committee_papers_and_the_plan_page_never_name_the_file(self, client, plan, manager):
        import_seed(plan, manager)
        client.force_login(manager)
        pages = [
            client.get(plan.get_absolute_url()).content.decode(),
            client.get(plan.actions.get(ref="T1.1").get_absolute_url()).content.decode(),
        ]
        pdf = PdfReader(io.BytesIO(render_plan_pdf(plan)))
        papers = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        assert "Status as given in the plan's spreadsheet when it was imported." in papers
        for text in [papers, *pages]:
            assert "seed_001" not in text and "Imported from" not in text

    def test_updates_written_before_name_their_file_in_history_only(self, plan, manager):
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        action = ActionFactory(plan=plan)
        action.record_update(by=manager, status="started", note=f"Imported from {SEED_NAME}")
        action.record_update(by=manager, status="on_track", note="Imported from Leeds.\nAn officer's words")
        action.record_update(by=manager, status="complete", note="Imported from a plan file")
        state = MigrationExecutor(connection).loader.project_state(("actionplans", "0004_status_update_imported_from"))
        move_file_names = import_module("actionplans.migrations.0004_status_update_imported_from").move_file_names
        move_file_names(state.apps, None)
        assert list(action.updates.order_by("at", "id").values_list("note", "imported_from")) == [
            ("Status as given in the plan's spreadsheet when it was imported.", SEED_NAME),
            ("Imported from Leeds.\nAn officer's words", ""),
            ("Status as given in the plan's spreadsheet when it was imported.", "a plan file"),
        ]

    def test_quality_statements_are_matched_by_name(self, plan, manager):
        import_seed(plan, manager)
        by_ref = {a.ref: a.quality_statement.name for a in plan.actions.select_related("quality_statement")}
        assert by_ref["T1.1"] == "Assessing needs"
        assert by_ref["T1.11"] == "Equity in experience and outcomes"
        assert by_ref["T3.2"] == "Safe pathways, systems and transitions"
        assert by_ref["T4.1"] == "Governance, management and sustainability"
        assert by_ref["T4.7"] == "Learning, improvement and innovation"

    def test_t1_1_milestones(self, plan, manager):
        import_seed(plan, manager)
        t1_1 = plan.actions.get(ref="T1.1")
        assert [(m.description, m.due_date, m.due_precision, m.done) for m in t1_1.milestones.all()] == [
            ("Framework April 2023", date(2023, 4, 1), "month", False),
            ("Evaluation of impact May-Sep 2023", date(2023, 9, 1), "month", False),
        ]
        assert [m.source_text for m in t1_1.milestones.all()] == [
            "Framework April 2023",
            "Evaluation of impact May-Sep 2023",
        ]

    def test_t2_5_is_linked_to_t1_5_both_ways(self, plan, manager):
        # The only "Linked to" in Sefton's plan is "(Linked to T1.5)" in T2.5's area of focus.
        import_seed(plan, manager)
        links = {a.ref: sorted(x.ref for x in a.linked_actions.all()) for a in plan.actions.all()}
        assert links["T2.5"] == ["T1.5"]
        assert links["T1.5"] == ["T2.5"]
        assert [ref for ref, linked in links.items() if linked] == ["T1.5", "T2.5"]

    def test_the_text_is_kept_as_written(self, plan, manager):
        import_seed(plan, manager)
        t3_6 = plan.actions.get(ref="T3.6")
        assert t3_6.actions_taken.startswith("-We are working with Health colleagues")
        assert plan.actions.get(ref="T1.4").lead_officers == (
            "Assistant Director and Director Adult Social Care and Health\nSystem Partners"
        )

    def test_the_same_file_twice_changes_nothing(self, plan, manager):
        import_seed(plan, manager)
        plan.refresh_from_db()

        def state():
            return {
                "actions": list(
                    Action.objects.order_by("pk").values_list("pk", "ref", "status", "updated_at", "last_update_at")
                ),
                "updates": StatusUpdate.objects.count(),
                "milestones": list(
                    Milestone.objects.order_by("pk").values_list("pk", "description", "due_date", "position", "done")
                ),
                "action history": Action.history.count(),
                "milestone history": Milestone.history.count(),
                "links": list(Action.linked_actions.through.objects.order_by("pk").values_list("pk", flat=True)),
                "plan": ActionPlan.objects.filter(pk=plan.pk).values_list("revision", "updated_at").get(),
            }

        before = state()
        preview = importer.check(plan, importer.read_table(upload(SEED.read_bytes(), SEED_NAME)))
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, 29)
        assert not preview.has_changes
        result = importer.apply(plan, preview.rows, by=manager, filename=SEED_NAME)
        assert (result.added, result.changed, result.unchanged) == (0, 0, 29)
        assert state() == before

    def test_t1_4_as_the_seed_wrote_it_is_refused_with_its_row_and_column(self, client, manager, plan):
        rows = with_cell(seed_rows(), "T1.4", "Status", T1_4_ORIGINAL_STATUS)
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(csv_bytes(rows), SEED_NAME)}
        )
        message = (
            "Row 4, Status: ‘Business Case to consider…’ is not a status. Use To be started, Started, "
            "On track, Off track or Complete."
        )
        assert response.status_code == 200
        assert response.context["errors"] == [(message, "id_file")]
        assert message in response.content.decode()
        assert (
            Action.objects.count(),
            Milestone.objects.count(),
            StatusUpdate.objects.count(),
            PendingImport.objects.count(),
        ) == (0, 0, 0, 0)


STATUS_CELLS = [
    *[(spelling, status) for spelling, status in statuses.SPELLINGS.items()],
    *[(spelling.upper(), status) for spelling, status in statuses.SPELLINGS.items()],
    ("On Track On Track", "on_track"),
    ("ON TRACK", "on_track"),
    ("on-track", "on_track"),
    ("On Track", "on_track"),
    ("Complete.", "complete"),
    ("", "to_be_started"),
    ("Maybe", None),
    ("On track / complete", None),
    ("Started, Complete", None),
    (T1_4_ORIGINAL_STATUS, None),
]


@pytest.mark.parametrize(("cell", "expected"), STATUS_CELLS)
def test_the_status_column(plan, cell, expected):
    preview = checked(plan, one_action(Status=cell))
    if expected is None:
        assert [p.text for p in preview.errors] == [
            f"Row 2, Status: {importer._quote(cell)} is not a status. Use To be started, Started, On track, "
            f"Off track or Complete."
        ]
    else:
        assert preview.errors == []
        assert preview.rows[0]["status"] == expected


# Every Milestones cell of Sefton's plan, as the CSV has it, with what each line reads as:
# (description, due month or None, done). Year-only and financial-year lines keep their words and no date.
SEED_MILESTONES = {
    "T1.1": (
        "Framework April 2023\nEvaluation of impact May-Sep 2023",
        [
            ("Framework April 2023", date(2023, 4, 1), False),
            ("Evaluation of impact May-Sep 2023", date(2023, 9, 1), False),
        ],
    ),
    "T1.2": ("Plan in place March 2023", [("Plan in place March 2023", date(2023, 3, 1), False)]),
    "T1.4": (
        "Business Case to consider greater structural alignment\nMarch 2023",
        [
            ("Business Case to consider greater structural alignment", None, False),
            ("March 2023", date(2023, 3, 1), False),
        ],
    ),
    "T1.5": (
        "January 2023 to improve capacity.\nApril 2023 to review model\nApril 2023",
        [
            ("January 2023 to improve capacity.", date(2023, 1, 1), False),
            ("April 2023 to review model", date(2023, 4, 1), False),
            ("April 2023", date(2023, 4, 1), False),
        ],
    ),
    "T1.7": (
        "April 2023\nAdditional support from Empower identified to review pathway and processes",
        [
            ("April 2023", date(2023, 4, 1), False),
            ("Additional support from Empower identified to review pathway and processes", None, False),
        ],
    ),
    "T1.8": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T1.9": ("June 2023", [("June 2023", date(2023, 6, 1), False)]),
    "T1.10": (
        "April 2023\nFirst Draft January 2023",
        [("April 2023", date(2023, 4, 1), False), ("First Draft January 2023", date(2023, 1, 1), False)],
    ),
    "T1.11": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T2.1": ("Refresh completed March 2023", [("Refresh completed March 2023", date(2023, 3, 1), False)]),
    "T2.2": (
        "Review with front line teams March 2023\nSeptember 2023",
        [
            ("Review with front line teams March 2023", date(2023, 3, 1), False),
            ("September 2023", date(2023, 9, 1), False),
        ],
    ),
    "T2.3": ("March 2024", [("March 2024", date(2024, 3, 1), False)]),
    "T2.4": ("March 2024", [("March 2024", date(2024, 3, 1), False)]),
    "T2.5": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T2.6": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T2.7": (
        "Initial strategy developed by April 2023",
        [("Initial strategy developed by April 2023", date(2023, 4, 1), False)],
    ),
    "T3.1": ("Initial options completed June 2023", [("Initial options completed June 2023", date(2023, 6, 1), False)]),
    "T3.2": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.3": ("Completed", [("Completed", None, True)]),
    "T3.4": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.5": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.6": (
        "Dedicated work programme developed by Feb 2023",
        [("Dedicated work programme developed by Feb 2023", date(2023, 2, 1), False)],
    ),
    "T4.1": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T4.2": ("First Phase completed April 2023", [("First Phase completed April 2023", date(2023, 4, 1), False)]),
    "T4.3": (
        "Co-production sessions delivered March 2023",
        [("Co-production sessions delivered March 2023", date(2023, 3, 1), False)],
    ),
    "T4.4": (
        "March 2023\nProgress monitored through April - Sep 2023",
        [
            ("March 2023", date(2023, 3, 1), False),
            ("Progress monitored through April - Sep 2023", date(2023, 9, 1), False),
        ],
    ),
    "T4.5": (
        "Relaunch by April 2023\nFurther Evaluation July 2023",
        [
            ("Relaunch by April 2023", date(2023, 4, 1), False),
            ("Further Evaluation July 2023", date(2023, 7, 1), False),
        ],
    ),
    "T4.6": (
        "Action plan in place April 2023\nImplementation through 2023",
        [("Action plan in place April 2023", date(2023, 4, 1), False), ("Implementation through 2023", None, False)],
    ),
    "T4.7": (
        "Initial review completed April 2023\nDedicated work throughout 2023/24",
        [
            ("Initial review completed April 2023", date(2023, 4, 1), False),
            ("Dedicated work throughout 2023/24", None, False),
        ],
    ),
}


def test_the_list_has_every_milestone_cell_of_seed_001():
    assert {row[1]: row[7] for row in seed_rows()[1:]} == {ref: cell for ref, (cell, _) in SEED_MILESTONES.items()}


@pytest.mark.parametrize("ref", list(SEED_MILESTONES))
def test_seed_001_milestone_cells(ref):
    cell, expected = SEED_MILESTONES[ref]
    items, cell_problems = importer.read_milestone_cell(cell)
    assert cell_problems == []
    assert [
        (i["description"], date.fromisoformat(i["due"]) if i["due"] else None, i["done"]) for i in items
    ] == expected
    assert all(i["precision"] == "month" for i in items)


def test_the_imported_milestones_are_those_of_the_cells(plan, manager):
    import_seed(plan, manager)
    for action in plan.actions.prefetch_related("milestones"):
        assert [(m.description, m.due_date, m.done) for m in action.milestones.all()] == SEED_MILESTONES[action.ref][
            1
        ], action.ref


class TestFileTypes:
    """What a file is comes from what is in it, not its name."""

    def test_a_pdf_named_csv_is_refused(self):
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "plan.csv"))
        assert refused.value.messages == [
            "The file is a PDF, not a spreadsheet. Upload the plan as a CSV file or an Excel workbook (.xlsx)."
        ]

    def test_a_word_document_named_xlsx_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as docx:
            docx.writestr("[Content_Types].xml", "<Types/>")
            docx.writestr("word/document.xml", "<w:document/>")
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(buffer.getvalue(), "plan.xlsx"))
        assert refused.value.messages == [
            "The file is a Word document, not a spreadsheet. Upload the plan as a CSV file or an Excel workbook "
            "(.xlsx)."
        ]

    def test_a_zip_that_is_no_workbook_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        with pytest.raises(importer.FileRefused, match="compressed"):
            importer.read_table(upload(buffer.getvalue(), "plan.xlsx"))

    def test_an_old_xls_is_refused_saying_what_to_do(self):
        with pytest.raises(importer.FileRefused, match=r"Save it as an Excel Workbook \(.xlsx\) or CSV"):
            importer.read_table(upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.xls"))

    def test_binary_that_is_no_known_type_is_refused(self):
        with pytest.raises(importer.FileRefused, match="not a CSV file or an Excel workbook"):
            importer.read_table(upload(bytes(range(256)) * 4, "plan.csv"))

    def test_a_csv_named_xlsx_is_read_as_csv(self, plan):
        table = importer.read_table(upload(SEED.read_bytes(), "plan.xlsx"))
        assert len(table.rows) == 29

    def test_an_xlsx_named_csv_is_read_as_xlsx(self, plan):
        table = importer.read_table(upload(xlsx_bytes(seed_rows()), "plan.csv"))
        assert len(table.rows) == 29

    def test_a_file_over_2_mb_is_refused(self):
        content = SEED.read_bytes() + b"\n" * (importer.MAX_BYTES + 1 - len(SEED.read_bytes()))
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(content))
        assert refused.value.messages == [
            "The file is larger than 2 MB. Save the plan's table on its own, without pictures, and upload it again."
        ]

    def test_a_file_of_2_mb_exactly_is_read(self):
        content = SEED.read_bytes() + b"\r\n" * ((importer.MAX_BYTES - len(SEED.read_bytes())) // 2)
        assert len(importer.read_table(upload(content)).rows) == 29

    def test_an_empty_file_is_refused(self):
        with pytest.raises(importer.FileRefused, match="The file is empty"):
            importer.read_table(upload(b"   \r\n"))

    def test_a_formula_cell_is_refused_naming_its_row_and_column(self):
        def formula(sheet):
            sheet["H5"] = '=A1&" 2023"'

        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(xlsx_bytes(seed_rows(), edit=formula), "plan.xlsx"))
        assert refused.value.messages == [
            "The file has formulas in it (row 5, column Milestones). Save it with values only and upload it again."
        ]

    def test_a_workbook_with_macros_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes(seed_rows()))) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                target.writestr(item, source.read(item))
            target.writestr("xl/vbaProject.bin", b"\0" * 64)
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(buffer.getvalue(), "plan.xlsx"))
        assert refused.value.messages == [
            "The file has macros in it. Save it as an Excel Workbook (.xlsx), which has no macros, and upload it again."
        ]

    def test_windows_text_is_read(self, plan):
        rows = one_action(**{"Area of focus": "Café – résumé of complaints"})
        table = importer.read_table(upload(csv_bytes(rows, encoding="cp1252")))
        assert table.rows[0][1]["area_of_focus"] == "Café – résumé of complaints"

    def test_utf8_with_a_bom_and_semicolons_is_read(self, plan):
        rows = one_action(**{"Area of focus": "Café; complaints"})
        table = importer.read_table(upload(b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";")))
        assert table.rows[0][1]["area_of_focus"] == "Café; complaints"


class TestXlsx:
    def test_seed_001_as_a_workbook_imports_the_same(self, plan, manager):
        result = import_seed(plan, manager, content=xlsx_bytes(seed_rows()))
        assert (result.added, result.changed) == (29, 0)
        assert [a.ref for a in plan.actions.in_ref_order()] == SEED_REFS
        # And the CSV then changes nothing: both read the same.
        preview = importer.check(plan, importer.read_table(upload(SEED.read_bytes())))
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, 29)

    def test_title_rows_above_the_header_and_the_seed_header_names(self, plan):
        rows = seed_rows()
        rows = [
            ["National Assurance Framework – Adult Social Care – Peer Review Action Plan"],
            [],
            SEED_HEADERS,
            *rows[1:],
        ]
        table = importer.read_table(upload(xlsx_bytes(rows), "plan.xlsx"))
        assert table.header_row == 3
        assert table.rows[0][0] == 4
        preview = importer.check(plan, table)
        assert (preview.errors, len(preview.added)) == ([], 29)

    def test_a_month_excel_made_a_date_reads_as_the_month(self, plan):
        def dates(sheet):
            sheet["H2"] = date(2023, 4, 1)
            sheet["H2"].number_format = "mmm-yy"
            sheet["H3"] = date(2023, 3, 31)
            sheet["H3"].number_format = "dd/mm/yyyy"

        table = importer.read_table(upload(xlsx_bytes(seed_rows()[:3], edit=dates), "plan.xlsx"))
        preview = importer.check(plan, table)
        assert [(m["description"], m["due"], m["precision"]) for row in preview.rows for m in row["milestones"]] == [
            ("April 2023", "2023-04-01", "month"),
            ("31 March 2023", "2023-03-31", "day"),
        ]

    def test_a_merged_quality_statement_cell_covers_its_rows(self, plan):
        rows = seed_rows()[:4]  # T1.1, T1.2, T1.4: T1.2 and T1.4 share a statement

        def merge(sheet):
            sheet["A4"] = None
            sheet.merge_cells("A3:A4")

        table = importer.read_table(upload(xlsx_bytes(rows, edit=merge), "plan.xlsx"))
        assert [cells["quality_statement"] for _, cells in table.rows] == [
            "Assessing needs",
            "Supporting people to live healthier lives",
            "Supporting people to live healthier lives",
        ]

    def test_a_merged_cell_running_past_the_table_adds_no_rows(self, plan):
        rows = seed_rows()[:3]

        def merge(sheet):
            sheet.merge_cells("A3:A400")

        table = importer.read_table(upload(xlsx_bytes(rows, edit=merge), "plan.xlsx"))
        assert [number for number, _ in table.rows] == [2, 3]


class TestHeader:
    def test_the_seed_header_variants_are_matched(self):
        content = csv_bytes([SEED_HEADERS, *seed_rows()[1:]])
        table = importer.read_table(upload(content))
        assert list(table.columns) == [key for key, _, _, _ in importer.COLUMNS if key != "status_date"]

    @pytest.mark.parametrize(
        "header",
        [
            "Status (Started/ On Track/",
            "STATUS",
            "status:",
            "Theme 4: Quality Statement",
            "Ref",
            "Areas of Focus",
            "How will we know it has worked?",
            "Responsible lead officer(s)",
            "Milestone",
        ],
    )
    def test_loose_spellings(self, header):
        assert importer.column_for(header) is not None

    def test_a_missing_required_column_is_named(self):
        header, *rows = seed_rows()
        drop = header.index("Area of focus")
        content = csv_bytes([[cell for i, cell in enumerate(row) if i != drop] for row in [header, *rows]])
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(content))
        assert refused.value.messages == [
            "The header row (row 1) has no Area of focus column. Add it, with ‘Area of focus’ in the header row, "
            "and upload the file again."
        ]

    def test_a_file_with_no_header_is_refused(self):
        with pytest.raises(importer.FileRefused, match="EqA found no header row in the first 20 rows"):
            importer.read_table(upload(b"a,b,c\n1,2,3\n"))

    def test_with_no_header_it_says_what_it_found_and_what_it_reads(self):
        rows = [
            ["Adult social care improvement plan"],
            [],
            ["Item", "What", "Owner", "When"],
            ["1", "Complaints", "Head of service", "April 2024"],
        ]
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(csv_bytes(rows)))
        [message] = refused.value.messages
        assert message.startswith(
            "EqA found no header row in the first 20 rows of the file. Row 3 has ‘Item’, ‘What’, ‘Owner’ and "
            "‘When’. EqA knows only ‘Owner’ (Responsible lead officer), and needs at least two of its columns in "
            "one row. Put a row naming the columns above the actions"
        )
        assert "Action ref: ‘Action ref’, ‘Ref’, ‘Action reference’, ‘Reference’ or ‘Action ref no’" in message
        assert "Responsible lead officer: ‘Responsible lead officer’" in message
        assert message.endswith("Then upload the file again.")

    def test_with_no_words_in_its_first_rows_it_says_so(self):
        with pytest.raises(importer.FileRefused, match="Its first 20 rows are empty."):
            importer.read_table(upload(csv_bytes([[""]] * 25 + [["Ref", "Area of focus"]])))

    @pytest.mark.parametrize(
        ("header", "key"),
        [
            ("Lead", "lead_officers"),
            ("Lead officer", "lead_officers"),
            ("Owner", "lead_officers"),
            ("Action", "actions_taken"),
            ("Actions", "actions_taken"),
            ("Target date", "milestones"),
            ("Due date", "milestones"),
            ("Deadline", "milestones"),
            ("RAG", "status"),
            ("Progress", "status"),
            ("RAG status", "status"),
            ("Ref no.", "ref"),
            ("Recommendation", "area_of_focus"),
            ("Outcomes", "success_measures"),
            ("Timescales", "milestones"),
        ],
    )
    def test_the_names_councils_use(self, header, key):
        assert importer.column_for(header) == key

    def test_each_name_belongs_to_one_column(self):
        names = [importer._header_words(name) for _, _, _, names in importer.COLUMNS for name in names]
        assert len(names) == len(set(names))

    def test_a_council_header_of_other_names_imports(self, plan):
        rows = [
            ["Ref", "CQC statement", "Issue", "Action", "Lead", "RAG", "Deadline"],
            ["T1.1", "Assessing needs", "Complaints", "Answer sooner", "Head of service", "On track", "April 2024"],
        ]
        preview = checked(plan, rows)
        assert preview.errors == []
        [added] = preview.added
        assert (added.row["actions_taken"], added.row["lead_officers"], added.row["status"]) == (
            "Answer sooner",
            "Head of service",
            "on_track",
        )
        assert added.milestone_lines == ["April 2024"]

    def test_a_stand_in_name_gives_way_to_the_columns_own(self):
        rows = [
            ["Action ref", "Area of focus", "Quality statement", "Milestones", "Target date"],
            ["T1.1", "Complaints", "Assessing needs", "Framework April 2023", "31/03/2024"],
        ]
        table = importer.read_table(upload(csv_bytes(rows)))
        assert (table.columns["milestones"], table.ignored) == (3, ["Target date"])

    def test_two_columns_of_one_name_are_refused(self):
        header, *rows = seed_rows()
        content = csv_bytes([[*header, "Status"], *[[*row, "Started"] for row in rows]])
        with pytest.raises(importer.FileRefused, match=r"two Status columns \(G and I\)"):
            importer.read_table(upload(content))

    def test_optional_columns_left_out_leave_existing_actions_alone(self, plan, manager):
        action = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Complaints", actions_taken="As we wrote it")
        MilestoneFactory(action=action, description="Framework April 2023")
        action.record_update(by=manager, status="started", note="Going")
        content = csv_bytes(
            [["Quality statement", "Action ref", "Area of focus"], ["Assessing needs", "T1.1", "Complaints"]]
        )
        preview = importer.check(plan, importer.read_table(upload(content)))
        assert (preview.errors, len(preview.unchanged)) == ([], 1)


class TestLimits:
    def rows(self, count):
        return [
            ["Quality statement", "Action ref", "Area of focus"],
            *[["Assessing needs", f"T1.{n}", "Complaints"] for n in range(1, count + 1)],
        ]

    def test_it_reads_2000_rows(self):
        assert len(importer.read_table(upload(csv_bytes(self.rows(2_000)))).rows) == 2_000

    def test_it_refuses_2001_rows_saying_so(self, client, manager, plan):
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(csv_bytes(self.rows(2_001)))}
        )
        assert response.status_code == 200
        assert (
            "The file has more than 2,000 rows under its header row (row 1): row 2,002 has something in it. EqA "
            "imports at most 2,000 rows at once."
        ) in response.content.decode()
        assert not PendingImport.objects.exists()

    def test_a_cell_longer_than_a_text_box_is_refused_with_its_row_and_column(self):
        rows = one_action(**{"Actions we are taking": "x" * 20_001})
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(csv_bytes(rows)))
        assert refused.value.messages == [
            "Row 2, Actions we are taking: the cell has 20,001 characters. A cell can have at most 20,000: shorten it "
            "and upload the file again."
        ]

    def test_a_lead_officer_cell_longer_than_its_field_is_refused(self, plan):
        assert problems(plan, one_action(**{"Responsible lead officer": "x" * 501})) == [
            "Row 2, Responsible lead officer: the cell has 501 characters. Shorten it to 500 characters or fewer and "
            "upload the file again."
        ]

    def test_a_cell_past_the_csv_modules_own_limit_gets_the_same_message(self):
        rows = one_action(**{"Area of focus": "x" * 200_000})
        with pytest.raises(importer.FileRefused, match=r"^Row 2, Area of focus: the cell has 200,000 characters"):
            importer.read_table(upload(csv_bytes(rows)))

    def fill(self, plan, count):
        qs = statement("Assessing needs")
        Action.objects.bulk_create(
            [
                Action(
                    plan=plan, ref=f"X{n}", ref_key=ref_key(f"X{n}"), quality_statement=qs, area_of_focus="Made in EqA"
                )
                for n in range(count)
            ]
        )

    def test_a_plan_takes_actions_up_to_250(self, plan, manager):
        self.fill(plan, MAX_ACTIONS_PER_PLAN - 2)
        preview = checked(plan, self.rows(2))
        assert preview.errors == []
        importer.apply(plan, preview.rows, by=manager)
        assert plan.actions.count() == MAX_ACTIONS_PER_PLAN == 250

    def test_an_import_that_takes_a_plan_past_250_actions_is_refused(self, plan):
        self.fill(plan, MAX_ACTIONS_PER_PLAN - 2)
        assert problems(plan, self.rows(3)) == [
            "The plan would have 251 actions after this import (248 now and 3 new in the file). A plan can have at "
            "most 250 actions. Take out of the file the actions that belong to another plan, or split the plan in "
            "two, and upload it again."
        ]

    def test_changing_the_actions_of_a_full_plan_is_not_refused(self, plan):
        self.fill(plan, MAX_ACTIONS_PER_PLAN)
        rows = [["Quality statement", "Action ref", "Area of focus"], ["Assessing needs", "X1", "Changed"]]
        assert problems(plan, rows) == []


class TestStatusDates:
    """A status the file gives stands from the day the file says; with no day, from before any report."""

    REVIEW = date(2022, 11, 1)

    def rows(self, status="On track", on="", ref="T1.1"):
        return [
            ["Quality statement", "Action ref", "Area of focus", "Status", "Status date"],
            ["Assessing needs", ref, "Complaints", status, on],
        ]

    @pytest.fixture
    def reviewed(self, plan):
        plan.source_date = self.REVIEW
        plan.save(update_fields=["source_date"])
        return plan

    def status_on(self, plan, day):
        actions = list(plan.actions.all())
        updates = list(StatusUpdate.objects.filter(action__plan=plan))
        return as_of(actions, updates, day)[actions[0].pk]

    @pytest.mark.parametrize("written", ["5 March 2024", "05/03/2024", "2024-03-05", " 5  March 2024 "])
    def test_a_status_is_dated_the_day_the_file_gives(self, reviewed, manager, written):
        importer.apply(reviewed, checked(reviewed, self.rows(on=written)).rows, by=manager, filename="plan.csv")
        update = StatusUpdate.objects.get()
        assert timezone.localdate(update.at) == date(2024, 3, 5)
        assert timezone.localdate(update.recorded_at) == timezone.localdate()
        assert (self.status_on(reviewed, date(2024, 3, 4)), self.status_on(reviewed, date(2024, 3, 5))) == (
            "to_be_started",
            "on_track",
        )

    def test_an_excel_date_cell_is_read_as_its_day(self, reviewed, manager):
        content = xlsx_bytes(self.rows(on=date(2024, 3, 5)))
        preview = importer.check(reviewed, importer.read_table(upload(content, "plan.xlsx")))
        assert preview.errors == []
        assert preview.added[0].status_label == "On track, as of 5 March 2024"

    def test_with_no_day_a_new_actions_status_stands_from_the_plans_review(self, reviewed, manager):
        importer.apply(reviewed, checked(reviewed, self.rows()).rows, by=manager, filename="plan.csv")
        # A report of any day since the review shows the file's status, not "To be started".
        assert self.status_on(reviewed, self.REVIEW) == "on_track"
        assert self.status_on(reviewed, date(2023, 6, 30)) == "on_track"

    def test_with_no_day_and_no_review_date_it_stands_from_the_plans_start(self, plan, manager):
        importer.apply(plan, checked(plan, self.rows()).rows, by=manager, filename="plan.csv")
        assert self.status_on(plan, timezone.localdate(plan.created_at)) == "on_track"

    def test_with_no_day_a_change_to_an_updated_action_is_dated_today(self, reviewed, manager):
        action = ActionFactory(plan=reviewed, ref="T1.1", area_of_focus="Complaints")
        action.record_update(by=manager, status="started", note="Going", on=date(2024, 1, 10))
        importer.apply(reviewed, checked(reviewed, self.rows()).rows, by=manager, filename="plan.csv")
        latest = action.updates.first()
        assert (latest.status, timezone.localdate(latest.at)) == ("on_track", timezone.localdate())
        assert self.status_on(reviewed, date(2024, 2, 1)) == "started"

    @pytest.mark.parametrize(
        ("written", "message"),
        [
            (
                "March 2024",
                "‘March 2024’ names a month but not the day. Write the day the status was given, for example "
                "31 March 2024, or leave the cell empty.",
            ),
            (
                "31/02/2024",
                "‘31/02/2024’ is not a real date. Write the day the status was given, for example 31 March "
                "2024, or leave the cell empty.",
            ),
            (
                "Last week",
                "‘Last week’ is not a date. Write the day the status was given, for example 31 March 2024, or "
                "leave the cell empty.",
            ),
            (
                "1 October 2022",
                "1 October 2022 is before 1 November 2022, the date of the review or assessment the plan "
                "responds to. Write a date on or after it, or leave the cell empty.",
            ),
        ],
    )
    def test_a_day_that_cannot_be_used_says_why(self, reviewed, written, message):
        assert problems(reviewed, self.rows(on=written)) == [f"Row 2, Status date: {message}"]

    def test_a_day_in_the_future_is_refused(self, reviewed):
        tomorrow = timezone.localdate() + timedelta(days=1)
        assert problems(reviewed, self.rows(on=tomorrow.isoformat())) == [
            f"Row 2, Status date: {tomorrow.day} {tomorrow:%B %Y} is in the future. Write the day the status was "
            f"given, today or earlier, or leave the cell empty."
        ]

    def test_a_day_before_the_actions_last_update_is_refused(self, reviewed, manager):
        action = ActionFactory(plan=reviewed, ref="T1.1", area_of_focus="Complaints")
        action.record_update(by=manager, status="started", note="Going", on=date(2024, 1, 10))
        assert problems(reviewed, self.rows(on="9 January 2024")) == [
            "Row 2, Status date: 9 January 2024 is before 10 January 2024, the date of the action's last update in "
            "EqA. Write a date on or after it, or leave the cell empty for today."
        ]

    def test_a_day_beside_an_unchanged_status_changes_nothing(self, reviewed, manager):
        action = ActionFactory(plan=reviewed, ref="T1.1", area_of_focus="Complaints")
        action.record_update(by=manager, status="on_track", note="Going", on=date(2024, 1, 10))
        preview = checked(reviewed, self.rows(on="1 December 2022"))
        assert (preview.errors, preview.changed) == ([], [])


class TestRowProblems:
    def test_a_rag_colour_is_asked_for_in_words(self, plan):
        assert problems(plan, one_action(Status="Amber")) == [
            "Row 2, Status: ‘Amber’ is a RAG colour, not a status. Write the status in words: To be started, "
            "Started, On track, Off track or Complete."
        ]

    def test_an_unknown_quality_statement(self, plan):
        assert problems(plan, one_action(**{"Quality statement": "Assessing wants"})) == [
            "Row 2, Quality statement: ‘Assessing wants’ is not a quality statement of the plan's CQC framework. "
            "Write the statement's name as CQC writes it, for example ‘Supporting people to live healthier lives’."
        ]

    def test_an_empty_quality_statement(self, plan):
        assert problems(plan, one_action(**{"Quality statement": ""})) == [
            "Row 2, Quality statement: enter the CQC quality statement the action is for, for example ‘Assessing "
            "needs’."
        ]

    @pytest.mark.parametrize(
        ("cell", "name"),
        [
            ("assessing needs", "Assessing needs"),
            ("Equity in experiences and outcomes*", "Equity in experience and outcomes"),
            ("Care provision, integration, and continuity", "Care provision, integration and continuity"),
            ("Learning, improvement & innovation", "Learning, improvement and innovation"),
            ("Safe systems, pathways, and transitions", "Safe pathways, systems and transitions"),
            (
                "Supporting people to live healthier lives: We support people to manage their health and wellbeing",
                "Supporting people to live healthier lives",
            ),
            ("Assessing Needs We maximise the effectiveness of people's care and treatment", "Assessing needs"),
            (
                "We have clear responsibilities, roles, systems of accountability and good governance to manage and "
                "deliver good quality, sustainable care, treatment, and support. We act on the best information about "
                "risk, performance, and outcomes, and we share this securely with others when appropriate.",
                "Governance, management and sustainability",
            ),
            ("Workforce equality, diversity, and inclusion", "Workforce equality, diversity and inclusion"),
        ],
    )
    def test_seed_style_statement_cells(self, plan, cell, name):
        preview = checked(plan, one_action(**{"Quality statement": cell}))
        assert preview.errors == []
        assert preview.added[0].statement == statement(name)

    def test_a_name_followed_by_other_words_is_no_guess(self, plan):
        assert len(problems(plan, one_action(**{"Quality statement": "Safeguarding adults at risk"}))) == 1

    def test_a_duplicate_ref(self, plan):
        header, first = one_action()
        assert problems(plan, [header, first, first]) == [
            "Row 3, Action ref: T1.1 is also the ref of row 2. Give each action its own ref."
        ]

    def test_a_duplicate_ref_differing_in_case(self, plan):
        header, first = one_action()
        _, second = one_action(**{"Action ref": "t1.1"})
        assert problems(plan, [header, first, second]) == [
            "Row 3, Action ref: T1.1 is also the ref of row 2. Give each action its own ref."
        ]

    @pytest.mark.parametrize("ref", ["1.1", "T1.", "T 1.1", "T1..2", "Action one"])
    def test_a_ref_that_is_not_one(self, plan, ref):
        assert problems(plan, one_action(**{"Action ref": ref})) == [
            f"Row 2, Action ref: ‘{ref}’ is not an action ref. Write it as letters then numbers with dots, for "
            f"example T1.10."
        ]

    def test_a_missing_ref(self, plan):
        assert problems(plan, one_action(**{"Action ref": ""})) == [
            "Row 2, Action ref: enter the action's ref, for example T1.10."
        ]

    def test_a_missing_area_of_focus(self, plan):
        assert problems(plan, one_action(**{"Area of focus": ""})) == [
            "Row 2, Area of focus: enter the area of focus: what the review found that this action is about."
        ]

    def test_a_link_to_a_ref_in_neither_the_file_nor_the_plan(self, plan):
        assert problems(plan, one_action(**{"Area of focus": "Reablement (Linked to T1.3)"})) == [
            "Row 2, Area of focus: it says the action is linked to T1.3, which is not in the file or the plan. "
            "Correct the ref, or add action T1.3."
        ]

    def test_a_link_to_an_action_of_the_plan(self, plan, manager):
        other = ActionFactory(plan=plan, ref="T1.5")
        preview = checked(plan, one_action(**{"Area of focus": "Reablement (Linked to T1.5)"}))
        assert preview.errors == []
        importer.apply(plan, preview.rows, by=manager)
        assert list(Action.objects.get(ref="T1.1").linked_actions.all()) == [other]

    def test_every_problem_is_listed_in_row_order(self, plan):
        header, *rows = seed_rows()
        rows = with_cell([header, *rows], "T1.4", "Status", T1_4_ORIGINAL_STATUS)
        rows = with_cell(rows, "T2.1", "Quality statement", "Care provision")
        rows = with_cell(rows, "T1.2", "Action ref", "T1.1")
        assert problems(plan, rows) == [
            "Row 3, Action ref: T1.1 is also the ref of row 2. Give each action its own ref.",
            "Row 4, Status: ‘Business Case to consider…’ is not a status. Use To be started, Started, On track, "
            "Off track or Complete.",
            "Row 11, Quality statement: ‘Care provision’ is not a quality statement of the plan's CQC framework. "
            "Write the statement's name as CQC writes it, for example ‘Supporting people to live healthier lives’.",
        ]

    def test_a_file_with_problems_cannot_be_applied(self, plan, manager):
        rows = checked(plan, one_action(Status="Maybe")).rows
        with pytest.raises(importer.FileRefused):
            importer.apply(plan, rows, by=manager)
        assert Action.objects.count() == 0

    def test_rows_are_json(self, plan):
        import json

        preview = importer.check(plan, importer.read_table(upload(SEED.read_bytes())))
        assert json.loads(json.dumps(preview.rows)) == preview.rows


class TestChanges:
    @pytest.fixture
    def imported(self, plan, manager):
        import_seed(plan, manager)
        return plan

    def test_a_changed_file_says_what_changes_field_by_field(self, imported, manager):
        rows = with_cell(seed_rows(), "T1.1", "Status", "Complete")
        rows = with_cell(rows, "T1.1", "Milestones", "Framework April 2023 (done)\nEvaluation of impact May-Sep 2023")
        rows = with_cell(rows, "T2.4", "Responsible lead officer", "Director Adult Social Care and Health")
        preview = checked(imported, rows)
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 2, 27)
        changes = {p.ref: [(c.label, c.old, c.new) for c in p.changes] for p in preview.changed}
        assert changes == {
            "T1.1": [
                ("Status", "On track", "Complete"),
                (
                    "Milestones",
                    "Framework April 2023\nEvaluation of impact May-Sep 2023",
                    "Framework April 2023 (done)\nEvaluation of impact May-Sep 2023",
                ),
            ],
            "T2.4": [
                (
                    "Responsible lead officer",
                    "Assistant Director All Age Commissioning",
                    "Director Adult Social Care and Health",
                )
            ],
        }

    def test_applying_changes_records_the_status_and_keeps_the_milestones(self, imported, manager):
        t1_1 = imported.actions.get(ref="T1.1")
        milestone_ids = list(t1_1.milestones.values_list("pk", flat=True))
        updates = StatusUpdate.objects.count()
        rows = with_cell(seed_rows(), "T1.1", "Status", "Complete")
        rows = with_cell(rows, "T1.1", "Milestones", "Framework April 2023 (done)\nEvaluation of impact May-Sep 2023")
        result = importer.apply(imported, checked(imported, rows).rows, by=manager, filename="v2.csv")
        assert (result.added, result.changed, result.summary()) == (0, 1, "0 actions added, 1 changed")
        t1_1.refresh_from_db()
        assert t1_1.status == "complete"
        assert StatusUpdate.objects.count() == updates + 1
        update = t1_1.updates.first()
        assert (update.previous_status, update.status, update.note, update.by) == (
            "on_track",
            "complete",
            "Status as given in the plan's spreadsheet when it was imported.",
            manager,
        )
        assert update.imported_from == "v2.csv"
        # The same milestones, the first now done.
        assert list(t1_1.milestones.values_list("pk", "done")) == [(milestone_ids[0], True), (milestone_ids[1], False)]
        # Only the changed action changed.
        assert Milestone.objects.exclude(action=t1_1).filter(done=True).count() == 1  # T3.3's "Completed"

    def test_a_milestone_done_in_eqa_stays_done_and_stays(self, imported, manager):
        t1_1 = imported.actions.get(ref="T1.1")
        first = t1_1.milestones.first()
        t1_1.record_update(by=manager, status="on_track", note="Framework agreed", milestones_done=[first])
        preview = checked(imported, seed_rows())
        assert (len(preview.changed), len(preview.unchanged)) == (0, 29)
        rows = with_cell(seed_rows(), "T1.1", "Milestones", "Evaluation of impact May-Sep 2023")
        preview = checked(imported, rows)
        importer.apply(imported, preview.rows, by=manager)
        assert [(m.description, m.done) for m in t1_1.milestones.all()] == [
            ("Framework April 2023", True),
            ("Evaluation of impact May-Sep 2023", False),
        ]
        assert list(StatusUpdate.objects.get(note="Framework agreed").milestones_done.all()) == [first]

    def test_a_milestone_the_file_drops_is_removed_and_new_ones_added(self, imported, manager):
        rows = with_cell(seed_rows(), "T1.10", "Milestones", "First Draft January 2023\nCabinet May 2023")
        importer.apply(imported, checked(imported, rows).rows, by=manager)
        t1_10 = imported.actions.get(ref="T1.10")
        assert [(m.description, m.due_date, m.position) for m in t1_10.milestones.all()] == [
            ("First Draft January 2023", date(2023, 1, 1), 1),
            ("Cabinet May 2023", date(2023, 5, 1), 2),
        ]

    def test_new_rows_are_added_beside_existing_ones(self, imported, manager):
        header, *rows = seed_rows()
        extra = ["Assessing needs", "T1.3", "Waiting lists (Linked to T1.1)", "", "", "", "Off track", ""]
        preview = checked(imported, [header, *rows, extra])
        assert [(p.ref, p.status_label) for p in preview.added] == [("T1.3", "Off track")]
        result = importer.apply(imported, preview.rows, by=manager)
        assert (result.added, result.changed, result.unchanged) == (1, 0, 29)
        t1_3 = imported.actions.get(ref="T1.3")
        assert (t1_3.status, [a.ref for a in t1_3.linked_actions.all()]) == ("off_track", ["T1.1"])

    def test_actions_the_file_leaves_out_stay(self, imported, manager):
        header, *rows = seed_rows()
        preview = checked(imported, [header, rows[0]])
        assert len(preview.untouched) == 28
        importer.apply(imported, preview.rows, by=manager)
        assert imported.actions.count() == 29

    def test_a_signed_off_plan_refuses_an_import(self, plan, manager):
        rows = checked(plan, seed_rows()).rows
        ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
        with pytest.raises(TransitionRefused, match="This plan is signed off, so nothing can be imported into it"):
            importer.apply(plan, rows, by=manager)
        assert Action.objects.count() == 0

    def test_the_import_counts_as_an_edit_of_the_plan(self, plan, manager):
        import_seed(plan, manager)
        plan.refresh_from_db()
        assert (plan.revision, plan.last_edited_by) == (1, manager)


class TestPages:
    def post_file(self, client, plan, content=None, name=SEED_NAME):
        return client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(content or SEED.read_bytes(), name)}
        )

    def test_the_upload_page(self, client, manager, plan):
        client.force_login(manager)
        response = client.get(reverse("actionplans:import", args=[plan.pk]))
        assert response.status_code == 200
        assert response.context["crumbs"][-1] == ("Import actions", None)
        html = response.content.decode()
        assert 'type="file"' in html and 'enctype="multipart/form-data"' in html

    def test_upload_check_confirm(self, client, manager, plan):
        client.force_login(manager)
        response = self.post_file(client, plan)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        assert (pending.filename, len(pending.rows), Action.objects.count()) == (SEED_NAME, 29, 0)

        page = client.get(response["Location"])
        assert page.status_code == 200
        preview = page.context["preview"]
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (29, 0, 0)
        assert "Confirm and import" in page.content.decode()

        done = client.post(response["Location"], {"fingerprint": page.context["fingerprint"]})
        assert done["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(done.wsgi_request)] == ["29 actions added, 0 changed"]
        assert Action.objects.count() == 29
        assert not PendingImport.objects.exists()
        # A used upload cannot be applied again.
        again = client.post(response["Location"], {"fingerprint": page.context["fingerprint"]})
        assert again.status_code == 404
        assert Action.objects.count() == 29

    def test_a_changed_plan_makes_the_preview_stale(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Safeguarding"))
        response = client.post(location, {"fingerprint": fingerprint})
        assert response.status_code == 200
        assert response.context["errors"][0][0].startswith("The plan has changed since you looked at this page")
        assert Action.objects.count() == 1 and PendingImport.objects.count() == 1

    def test_an_old_upload_is_not_applied(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        PendingImport.objects.update(created_at=timezone.now() - timedelta(days=2))
        response = client.post(location, {"fingerprint": fingerprint})
        assert response["Location"] == reverse("actionplans:import", args=[plan.pk])
        assert (Action.objects.count(), PendingImport.objects.count()) == (0, 0)

    def test_a_file_with_problems_lists_them_all_and_saves_nothing(self, client, manager, plan):
        rows = with_cell(seed_rows(), "T1.4", "Status", T1_4_ORIGINAL_STATUS)
        rows = with_cell(rows, "T3.3", "Quality statement", "Safe guarding adults")
        client.force_login(manager)
        response = self.post_file(client, plan, csv_bytes(rows))
        assert [message for message, _ in response.context["errors"]] == [
            "Row 4, Status: ‘Business Case to consider…’ is not a status. Use To be started, Started, On track, "
            "Off track or Complete.",
            "Row 20, Quality statement: ‘Safe guarding adults’ is not a quality statement of the plan's CQC "
            "framework. Write the statement's name as CQC writes it, for example ‘Supporting people to live "
            "healthier lives’.",
        ]
        assert "The file has 2 problems" in response.content.decode()
        assert (Action.objects.count(), PendingImport.objects.count()) == (0, 0)

    def test_a_refused_file_type_is_said_on_the_page(self, client, manager, plan):
        client.force_login(manager)
        response = self.post_file(client, plan, b"%PDF-1.4\n...", "plan.csv")
        assert response.context["errors"] == [
            (
                "The file is a PDF, not a spreadsheet. Upload the plan as a CSV file or an Excel workbook (.xlsx).",
                "id_file",
            )
        ]

    def test_no_file_chosen(self, client, manager, plan):
        client.force_login(manager)
        response = client.post(reverse("actionplans:import", args=[plan.pk]), {})
        assert response.context["errors"] == [("Choose the plan's spreadsheet file", "id_file")]

    def test_an_author_may_import(self, client, author, plan):
        client.force_login(author)
        assert self.post_file(client, plan).status_code == 302

    def test_a_viewer_cannot_import(self, client, viewer, plan):
        client.force_login(viewer)
        assert client.get(reverse("actionplans:import", args=[plan.pk])).status_code == 403
        assert self.post_file(client, plan).status_code == 403
        assert not PendingImport.objects.exists()

    def test_a_viewer_cannot_confirm_an_upload(self, client, viewer, manager, plan):
        pending = PendingImport.objects.create(
            plan=plan, created_by=viewer, filename="x.csv", rows=checked(plan, seed_rows()).rows
        )
        client.force_login(viewer)
        assert client.post(reverse("actionplans:import-preview", args=[plan.pk, pending.pk])).status_code == 403
        assert Action.objects.count() == 0

    def test_another_council_gets_404(self, client, outsider, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        client.force_login(outsider)
        assert client.get(reverse("actionplans:import", args=[plan.pk])).status_code == 404
        assert self.post_file(client, plan).status_code == 404
        assert client.get(location).status_code == 404
        assert client.post(location).status_code == 404
        assert Action.objects.count() == 0

    def test_another_persons_upload_is_404(self, client, manager, council, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        colleague = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        assert client.get(location).status_code == 404
        assert client.post(location).status_code == 404

    def test_an_upload_of_another_plan_is_404(self, client, manager, council, plan):
        from tests.factories import ActionPlanFactory

        other_plan = ActionPlanFactory(council=council, created_by=manager)
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        pending = PendingImport.objects.get()
        assert client.get(reverse("actionplans:import-preview", args=[other_plan.pk, pending.pk])).status_code == 404
        assert client.get(location).status_code == 200

    def test_a_signed_off_plan_says_so(self, client, manager, plan):
        ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
        client.force_login(manager)
        response = self.post_file(client, plan)
        assert response["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "This plan is signed off, so nothing can be imported into it. Its actions' progress is recorded with "
            "status updates."
        ]
        assert not PendingImport.objects.exists()

    def test_a_plan_signed_off_after_the_upload_is_not_changed(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        ActionPlan.objects.filter(pk=plan.pk).update(status="submitted")
        response = client.post(location, {"fingerprint": fingerprint})
        assert response["Location"] == plan.get_absolute_url()
        assert Action.objects.count() == 0

    def test_the_preview_of_a_file_that_changes_nothing_offers_no_import(self, client, manager, plan):
        import_seed(plan, manager)
        client.force_login(manager)
        page = client.get(self.post_file(client, plan)["Location"])
        assert "there is nothing to import" in page.content.decode()
        assert "Confirm and import" not in page.content.decode()

    def test_the_preview_shows_changes(self, client, manager, plan):
        import_seed(plan, manager)
        client.force_login(manager)
        rows = with_cell(seed_rows(), "T2.2", "Status", "Started")
        page = client.get(self.post_file(client, plan, csv_bytes(rows))["Location"])
        html = page.content.decode()
        assert "Actions to change" in html and "To be started" in html and "Started" in html
        assert [p.ref for p in page.context["preview"].changed] == ["T2.2"]
