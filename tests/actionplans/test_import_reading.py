"""Reading a file: what it is comes from its content, an Excel workbook reads as its CSV does, and the limits."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from actionplans import importer
from actionplans.models import Action, PendingImport
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from actionplans.refs import ref_key
from tests.actionplans.importing import (
    SEED,
    SEED_HEADERS,
    SEED_REFS,
    checked,
    csv_bytes,
    import_seed,
    one_action,
    problems,
    read_rows,
    seed_rows,
    upload,
    xlsx_bytes,
)
from tests.factories import statement, status_word


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
        assert read_rows(table)[0][1]["area_of_focus"] == "Café – résumé of complaints"

    def test_utf8_with_a_bom_and_semicolons_is_read(self, plan):
        rows = one_action(**{"Area of focus": "Café; complaints"})
        table = importer.read_table(upload(b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";")))
        assert read_rows(table)[0][1]["area_of_focus"] == "Café; complaints"


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
        assert [cells["quality_statement"] for _, cells in read_rows(table)] == [
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
        qs, start = statement("Assessing needs"), status_word(plan.council, "To be started")
        Action.objects.bulk_create(
            [
                Action(
                    plan=plan,
                    ref=f"X{n}",
                    ref_key=ref_key(f"X{n}"),
                    quality_statement=qs,
                    theme_id=qs.theme_id,
                    area_of_focus="Made in EqA",
                    status_word=start,
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
