"""Importing a council's action plan file: Sefton's peer review action plan as the council's CSV,
and a changed file imported over a plan that has it."""

import io
from datetime import date
from importlib import import_module

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionplans import importer
from actionplans.models import Action, ActionPlan, Milestone, StatusUpdate
from actionplans.pdf import render_plan_pdf
from councils.lifecycle import TransitionRefused
from tests.actionplans.importing import (
    SEED,
    SEED_NAME,
    SEED_REFS,
    T1_4_ORIGINAL_STATUS,
    checked,
    csv_bytes,
    import_seed,
    seed_rows,
    upload,
    with_cell,
)
from tests.factories import ActionFactory, status_word


class TestSeed001:
    def test_it_imports_the_29_actions_in_natural_order(self, plan, manager):
        result = import_seed(plan, manager)
        assert (result.added, result.changed, result.summary()) == (29, 0, "29 actions added, 0 changed")
        assert [a.ref for a in plan.actions.in_ref_order()] == SEED_REFS

    def test_statuses_are_mapped(self, plan, manager):
        import_seed(plan, manager)
        by_ref = dict(plan.actions.values_list("ref", "status_word__word"))
        assert {ref for ref, word in by_ref.items() if word == "Started"} == {
            "T1.7",
            "T1.9",
            "T2.1",
            "T2.6",
            "T2.7",
            "T4.6",
            "T4.7",
        }
        assert {ref for ref, word in by_ref.items() if word == "To be started"} == {"T2.2", "T2.4"}
        # T1.5's "On Track On Track" is one status; T1.4 is the corrected cell.
        assert by_ref["T1.5"] == by_ref["T1.4"] == by_ref["T3.3"] == "On track"
        assert sum(word == "On track" for word in by_ref.values()) == 20

    def test_each_status_is_an_update_from_the_importer(self, plan, manager):
        import_seed(plan, manager)
        updates = StatusUpdate.objects.filter(action__plan=plan)
        # Every action but the two "To be started" ones moved from To be started, once.
        assert updates.count() == 27
        assert set(updates.values_list("note", "imported_from", "by", "previous_word__word")) == {
            ("Status as given in the plan's spreadsheet when it was imported.", SEED_NAME, manager.pk, "To be started")
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
        action.record_update(by=manager, word=status_word(plan.council, "Started"), note=f"Imported from {SEED_NAME}")
        action.record_update(
            by=manager, word=status_word(plan.council, "On track"), note="Imported from Leeds.\nAn officer's words"
        )
        action.record_update(by=manager, word=status_word(plan.council, "Complete"), note="Imported from a plan file")
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
                    Action.objects.order_by("pk").values_list(
                        "pk", "ref", "status", "status_word", "updated_at", "last_update_at"
                    )
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

    def test_t1_4_as_the_seed_wrote_it_is_asked_about_with_its_row_and_nothing_is_saved(self, client, manager, plan):
        rows = with_cell(seed_rows(), "T1.4", "Status", T1_4_ORIGINAL_STATUS)
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(csv_bytes(rows), SEED_NAME)}
        )
        page = client.get(response["Location"])
        form = page.context["form"]
        asked = [(value.text, form[form.field_name(i)].help_text) for i, value in enumerate(form.shown) if value.asked]
        assert asked == [(T1_4_ORIGINAL_STATUS, "Row 4. Not one of the council&#x27;s words.")]
        assert "put it right in the file" in page.content.decode()
        assert (Action.objects.count(), Milestone.objects.count(), StatusUpdate.objects.count()) == (0, 0, 0)


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
        t1_1.record_update(
            by=manager, word=status_word(imported.council, "On track"), note="Framework agreed", milestones_done=[first]
        )
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
