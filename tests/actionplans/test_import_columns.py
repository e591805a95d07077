"""The header row: the names councils give the columns, and a file whose header EqA cannot find."""

import pytest

from actionplans import importer
from actionplans.importer.columns import header_words
from tests.actionplans.importing import SEED_HEADERS, checked, csv_bytes, seed_rows, upload
from tests.factories import ActionFactory, MilestoneFactory, status_word


class TestHeader:
    def test_the_seed_header_variants_are_matched(self):
        content = csv_bytes([SEED_HEADERS, *seed_rows()[1:]])
        table = importer.read_table(upload(content))
        assert table.recognised() == [
            "quality_statement",
            "ref",
            "area_of_focus",
            "actions_taken",
            "success_measures",
            "lead_officers",
            "status",
            "milestones",
        ]

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

    def test_a_missing_required_column_is_named(self, plan):
        header, *rows = seed_rows()
        drop = header.index("Area of focus")
        content = csv_bytes([[cell for i, cell in enumerate(row) if i != drop] for row in [header, *rows]])
        with pytest.raises(importer.FileRefused) as refused:
            importer.check(plan, importer.read_table(upload(content)))
        assert refused.value.messages == [
            "Choose the column that holds the Area of focus. If the file has none, add one and upload the file again."
        ]

    def test_a_file_with_no_header_is_refused(self):
        with pytest.raises(importer.FileRefused, match="EqA found no header row in the first 20 rows"):
            importer.read_table(upload(b"1,2,3\n4,5,6\n"))

    def test_with_no_header_it_says_what_it_found_and_what_a_header_is(self):
        rows = [
            ["Adult social care improvement plan"],
            [],
            ["We will answer complaints within 20 working days, as the review asked us to."],
            ["1", "2024", "15%"],
        ]
        with pytest.raises(importer.FileRefused) as refused:
            importer.read_table(upload(csv_bytes(rows)))
        assert refused.value.messages == [
            "EqA found no header row in the first 20 rows of the file: a row of short headings, one a column, with "
            "the actions in the rows under it. Its first row with words, row 1, has ‘Adult social care improvement…’. "
            "Put a row naming the columns above the actions, such as ‘Action ref’ and ‘Area of focus’, or your own "
            "names: you choose what each column is after uploading. Then upload the file again."
        ]

    def test_a_header_row_of_the_councils_own_names_is_found_under_its_title(self):
        rows = [
            ["Adult social care improvement plan"],
            [],
            ["Item", "What", "Owner", "When"],
            ["1", "Complaints", "Head of service", "April 2024"],
        ]
        table = importer.read_table(upload(csv_bytes(rows)))
        assert (table.header_row, table.above) == (3, [(1, "Adult social care improvement plan")])
        assert table.recognised() == [None, None, "lead_officers", None]

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
        names = [header_words(name) for _, _, _, names in importer.COLUMNS for name in names]
        assert len(names) == len(set(names))

    def test_a_council_header_of_other_names_imports(self, plan):
        rows = [
            ["Ref", "CQC statement", "Issue", "Action", "Lead", "RAG", "Deadline"],
            ["T1.1", "Assessing needs", "Complaints", "Answer sooner", "Head of service", "On track", "April 2024"],
        ]
        preview = checked(plan, rows)
        assert preview.errors == []
        [added] = preview.added
        assert (added.row["actions_taken"], added.row["lead_officers"], added.word) == (
            "Answer sooner",
            "Head of service",
            status_word(plan.council, "On track"),
        )
        assert added.milestone_lines == ["April 2024"]

    def test_a_stand_in_name_gives_way_to_the_columns_own(self):
        rows = [
            ["Action ref", "Area of focus", "Quality statement", "Milestones", "Target date"],
            ["T1.1", "Complaints", "Assessing needs", "Framework April 2023", "31/03/2024"],
        ]
        table = importer.read_table(upload(csv_bytes(rows)))
        assert table.recognised() == ["ref", "area_of_focus", "quality_statement", "milestones", "ignore"]

    def test_two_columns_of_one_name_are_asked_about(self):
        header, *rows = seed_rows()
        table = importer.read_table(upload(csv_bytes([[*header, "Status"], *[[*row, "Started"] for row in rows]])))
        assert (table.recognised()[6], table.recognised()[8]) == (None, None)

    def test_two_columns_chosen_as_one_field_are_refused(self):
        header, *rows = seed_rows()
        table = importer.read_table(upload(csv_bytes([[*header, "Status"], *[[*row, "Started"] for row in rows]])))
        choices = [*table.recognised()[:6], "status", "milestones", "status"]
        assert importer.choice_problems(table.headers, choices) == [
            (
                8,
                "Column G (‘Status’) and column I (‘Status’) are both chosen as Status. Choose Status for one column "
                "only.",
            )
        ]

    def test_optional_columns_left_out_leave_existing_actions_alone(self, plan, manager):
        action = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Complaints", actions_taken="As we wrote it")
        MilestoneFactory(action=action, description="Framework April 2023")
        action.record_update(by=manager, word=status_word(plan.council, "Started"), note="Going")
        content = csv_bytes(
            [["Quality statement", "Action ref", "Area of focus"], ["Assessing needs", "T1.1", "Complaints"]]
        )
        preview = importer.check(plan, importer.read_table(upload(content)))
        assert (preview.errors, len(preview.unchanged)) == ([], 1)
