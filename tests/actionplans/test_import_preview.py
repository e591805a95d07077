"""Checking a file's rows against the plan: statuses, status dates, and each problem with its row and column."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from actionplans import importer, statuses
from actionplans.importer.problems import quote
from actionplans.models import Action, StatusUpdate, StatusWord
from actionplans.summary import as_of
from tests.actionplans.importing import (
    SEED,
    T1_4_ORIGINAL_STATUS,
    checked,
    one_action,
    problems,
    seed_rows,
    upload,
    with_cell,
    xlsx_bytes,
)
from tests.actionplans.plan_helpers import use_words
from tests.factories import ActionFactory, statement, status_word

STATUS_CELLS = [
    *[(spelling, word) for spelling, word in statuses.SPELLINGS.items()],
    *[(spelling.upper(), word) for spelling, word in statuses.SPELLINGS.items()],
    ("On Track On Track", "On track"),
    ("ON TRACK", "On track"),
    ("on-track", "On track"),
    ("On Track", "On track"),
    ("Complete.", "Complete"),
    ("", "To be started"),
    ("Maybe", None),
    ("On track / complete", None),
    ("Started, Complete", None),
    (T1_4_ORIGINAL_STATUS, None),
]


@pytest.mark.parametrize(("cell", "expected"), STATUS_CELLS)
def test_the_status_column_in_the_default_words(plan, cell, expected):
    preview = checked(plan, one_action(Status=cell))
    if expected is None:
        assert [p.text for p in preview.errors] == [
            f"Row 2, Status: {quote(cell)} is not one of the council's status words. Use To be started, Started, "
            f"On track, Off track or Complete."
        ]
    else:
        assert preview.errors == []
        assert preview.rows[0]["status"] == status_word(plan.council, expected).pk


class TestTheCouncilsOwnWords:
    """A council of Red, Amber, Green and Blue: its own words first, then the usual spellings by what they mean."""

    @pytest.fixture
    def rag(self, plan):
        use_words(plan.council)
        return plan

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("Amber", "Amber"),
            (" RED ", "Red"),
            ("green green", "Green"),
            ("In progress", "Green"),
            ("On track", "Green"),
            ("Completed", "Done"),
            ("To be started", "Not started"),
            ("", "Not started"),
        ],
    )
    def test_it_reads_the_councils_words_then_the_usual_spellings_by_meaning(self, rag, cell, expected):
        preview = checked(rag, one_action(Status=cell))
        assert preview.errors == []
        assert preview.added[0].word == status_word(rag.council, expected)

    def test_anything_else_is_for_the_person_to_fix_and_names_the_councils_words(self, rag):
        assert problems(rag, one_action(Status="Slipped")) == [
            "Row 2, Status: ‘Slipped’ is not one of the council's status words. Use Not started, Red, Amber, Green "
            "or Done."
        ]

    def test_a_word_that_means_verified_is_not_imported(self, rag):
        assert problems(rag, one_action(Status="Blue")) == [
            "Row 2, Status: ‘Blue’ means complete and verified, which somebody other than the lead officers records "
            "on the action's page, with the evidence they saw. Give the action a word that means complete, then have "
            "it verified there."
        ]

    def test_a_retired_word_is_refused_for_a_change_and_changes_nothing_where_the_action_has_it(self, rag, manager):
        amber = status_word(rag.council, "Amber")
        kept = ActionFactory(plan=rag, ref="T1.1", area_of_focus="Complaints")
        kept.record_update(by=manager, word=amber, note="At risk")
        ActionFactory(plan=rag, ref="T1.2", area_of_focus="Waits")
        StatusWord.objects.filter(pk=amber.pk).update(retired=True)
        rows = [
            ["Quality statement", "Action ref", "Area of focus", "Status"],
            ["Assessing needs", "T1.1", "Complaints", "Amber"],
            ["Assessing needs", "T1.2", "Waits", "Amber"],
        ]
        assert problems(rag, rows) == [
            "Row 3, Status: ‘Amber’ is a status word the council no longer uses. Write one it uses now."
        ]

    def test_a_file_in_the_councils_words_imports_once(self, rag, manager):
        rows = [
            ["Quality statement", "Action ref", "Area of focus", "RAG"],
            ["Assessing needs", "T1.1", "Complaints", "Amber"],
            ["Safeguarding", "T3.1", "Enquiries", "Red"],
        ]
        importer.apply(rag, checked(rag, rows).rows, by=manager)
        assert dict(rag.actions.values_list("ref", "status_word__word")) == {"T1.1": "Amber", "T3.1": "Red"}
        again = checked(rag, rows)
        assert (again.errors, again.added, again.changed) == ([], [], [])


# Every Milestones cell of Sefton's plan, as the CSV has it, with what each line reads as:


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
        """The word of the plan's action at the end of `day`."""
        actions = list(plan.actions.all())
        updates = list(StatusUpdate.objects.filter(action__plan=plan))
        start = status_word(plan.council, "To be started").pk
        return StatusWord.objects.get(pk=as_of(actions, updates, day, start)[actions[0].pk]).word

    @pytest.mark.parametrize("written", ["5 March 2024", "05/03/2024", "2024-03-05", " 5  March 2024 "])
    def test_a_status_is_dated_the_day_the_file_gives(self, reviewed, manager, written):
        importer.apply(reviewed, checked(reviewed, self.rows(on=written)).rows, by=manager, filename="plan.csv")
        update = StatusUpdate.objects.get()
        assert timezone.localdate(update.at) == date(2024, 3, 5)
        assert timezone.localdate(update.recorded_at) == timezone.localdate()
        assert (self.status_on(reviewed, date(2024, 3, 4)), self.status_on(reviewed, date(2024, 3, 5))) == (
            "To be started",
            "On track",
        )

    def test_an_excel_date_cell_is_read_as_its_day(self, reviewed, manager):
        content = xlsx_bytes(self.rows(on=date(2024, 3, 5)))
        preview = importer.check(reviewed, importer.read_table(upload(content, "plan.xlsx")))
        assert preview.errors == []
        assert preview.added[0].status_label == "On track, as of 5 March 2024"

    def test_with_no_day_a_new_actions_status_stands_from_the_plans_review(self, reviewed, manager):
        importer.apply(reviewed, checked(reviewed, self.rows()).rows, by=manager, filename="plan.csv")
        # A report of any day since the review shows the file's status, not "To be started".
        assert self.status_on(reviewed, self.REVIEW) == "On track"
        assert self.status_on(reviewed, date(2023, 6, 30)) == "On track"

    def test_with_no_day_and_no_review_date_it_stands_from_the_plans_start(self, plan, manager):
        importer.apply(plan, checked(plan, self.rows()).rows, by=manager, filename="plan.csv")
        assert self.status_on(plan, timezone.localdate(plan.created_at)) == "On track"

    def test_with_no_day_a_change_to_an_updated_action_is_dated_today(self, reviewed, manager):
        action = ActionFactory(plan=reviewed, ref="T1.1", area_of_focus="Complaints")
        action.record_update(
            by=manager, word=status_word(reviewed.council, "Started"), note="Going", on=date(2024, 1, 10)
        )
        importer.apply(reviewed, checked(reviewed, self.rows()).rows, by=manager, filename="plan.csv")
        latest = action.updates.first()
        assert (latest.word.word, timezone.localdate(latest.at)) == ("On track", timezone.localdate())
        assert self.status_on(reviewed, date(2024, 2, 1)) == "Started"

    def test_with_no_day_a_change_to_an_action_imported_before_without_an_update_is_dated_today(
        self, reviewed, manager
    ):
        # Last month's file added it in the word a new action starts with, so it has no update yet.
        importer.apply(reviewed, checked(reviewed, self.rows(status="")).rows, by=manager, filename="march.csv")
        importer.apply(reviewed, checked(reviewed, self.rows()).rows, by=manager, filename="april.csv")
        update = StatusUpdate.objects.get()
        assert (update.word.word, timezone.localdate(update.at)) == ("On track", timezone.localdate())
        assert self.status_on(reviewed, self.REVIEW) == "To be started"

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
        action.record_update(
            by=manager, word=status_word(reviewed.council, "Started"), note="Going", on=date(2024, 1, 10)
        )
        assert problems(reviewed, self.rows(on="9 January 2024")) == [
            "Row 2, Status date: 9 January 2024 is before 10 January 2024, the date of the action's last update in "
            "EqA. Write a date on or after it, or leave the cell empty for today."
        ]

    def test_a_day_beside_an_unchanged_status_changes_nothing(self, reviewed, manager):
        action = ActionFactory(plan=reviewed, ref="T1.1", area_of_focus="Complaints")
        action.record_update(
            by=manager, word=status_word(reviewed.council, "On track"), note="Going", on=date(2024, 1, 10)
        )
        preview = checked(reviewed, self.rows(on="1 December 2022"))
        assert (preview.errors, preview.changed) == ([], [])


class TestRowProblems:
    def test_a_status_nobody_has_said_the_meaning_of_is_a_problem_of_its_row(self, plan):
        # The pages ask the person what it is (test_import_statuses.py) before they check the rows.
        assert problems(plan, one_action(Status="Amber")) == [
            "Row 2, Status: ‘Amber’ is not one of the council's status words. Use To be started, Started, On "
            "track, Off track or Complete."
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

    @pytest.mark.parametrize(("ref", "kept"), [("1.1", "1.1"), ("R12", "R12"), ("r12", "R12"), ("Rec 4a", "Rec 4a")])
    def test_a_ref_is_any_text_with_a_letter_or_number(self, plan, ref, kept):
        preview = checked(plan, one_action(**{"Action ref": ref}))
        assert (preview.errors, preview.rows[0]["ref"]) == ([], kept)

    @pytest.mark.parametrize("ref", ["–", "T1.1 of the peer review's 2022 report"])
    def test_a_ref_that_is_not_one(self, plan, ref):
        assert problems(plan, one_action(**{"Action ref": ref})) == [
            f"Row 2, Action ref: {quote(ref)} is not an action ref. Write it in 20 characters or fewer, with a letter "
            f"or number, for example T1.10, 2.3 or R12."
        ]

    @pytest.mark.parametrize(("cell", "ref"), [("1", "1"), ("10", "10"), ("3.2", "3.2"), ("1.0", "1"), ("12.00", "12")])
    def test_refs_that_are_numbers(self, plan, cell, ref):
        [added] = checked(plan, one_action(**{"Action ref": cell})).added
        assert added.ref == ref

    def test_a_missing_ref(self, plan):
        assert problems(plan, one_action(**{"Action ref": ""})) == [
            "Row 2, Action ref: enter the action's ref, for example T1.10 or 3."
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
            "Row 4, Status: ‘Business Case to consider…’ is not one of the council's status words. Use To be "
            "started, Started, On track, Off track or Complete.",
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
