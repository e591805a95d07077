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
        assert (table.columns["milestones"], table.ignored) == (3, ["Target date"])

    def test_two_columns_of_one_name_are_refused(self):
        header, *rows = seed_rows()
        content = csv_bytes([[*header, "Status"], *[[*row, "Started"] for row in rows]])
        with pytest.raises(importer.FileRefused, match=r"two Status columns \(G and I\)"):
            importer.read_table(upload(content))

    def test_optional_columns_left_out_leave_existing_actions_alone(self, plan, manager):
        action = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Complaints", actions_taken="As we wrote it")
        MilestoneFactory(action=action, description="Framework April 2023")
        action.record_update(by=manager, word=status_word(plan.council, "Started"), note="Going")
        content = csv_bytes(
            [["Quality statement", "Action ref", "Area of focus"], ["Assessing needs", "T1.1", "Complaints"]]
        )
        preview = importer.check(plan, importer.read_table(upload(content)))
        assert (preview.errors, len(preview.unchanged)) == ([], 1)
