"""A council's own tracker, whose headings are not EqA's: the header row found under its title, its columns chosen
once on the import's columns page and remembered for the council, next month's file imported with no questions,
and the columns EqA has no field for kept with each action as extra fields."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actionplans import importer
from actionplans.history import plan_history
from actionplans.models import Action, ActionPlan, ImportColumnMapping, PendingImport, PlanImport
from actionplans.pdf import render_plan_pdf
from councils.lifecycle import RecordFrozen
from councils.models import Role
from councils.settings_history import council_settings_history
from tests.actionplans.importing import (
    SEED,
    TRACKER_APRIL,
    TRACKER_CHOICES,
    TRACKER_HEADINGS,
    TRACKER_MARCH,
    TRACKER_REFS,
    upload,
)
from tests.factories import ActionFactory, ActionPlanFactory, MembershipFactory, UserFactory
from tests.page_forms import form_data
from tests.pdf_text import pdf_text

MARCH, APRIL = TRACKER_MARCH.name, TRACKER_APRIL.name


def post_file(client, plan, path=TRACKER_MARCH, content=None, name=None):
    return client.post(
        reverse("actionplans:import", args=[plan.pk]),
        {"file": upload(content if content is not None else path.read_bytes(), name or path.name)},
    )


def choose(client, location, **changes):
    """The columns page's form sent back with the tracker's choices and `changes`."""
    return client.post(location, form_data(client.get(location), **{**TRACKER_CHOICES, **changes}))


def confirm(client, location):
    return client.post(location, {"fingerprint": client.get(location).context["fingerprint"]})


def import_march(client, plan):
    """March's tracker, its columns chosen and the import confirmed: the preview's address."""
    chosen = choose(client, post_file(client, plan)["Location"])
    confirm(client, chosen["Location"])
    return chosen["Location"]


def words(response):
    return [message for message, _ in response.context["errors"]]


class TestTheHeaderRow:
    def test_it_is_found_under_the_title_rows_which_are_left_out(self):
        table = importer.read_table(upload(TRACKER_MARCH.read_bytes(), MARCH))
        assert (table.header_row, table.headers) == (4, TRACKER_HEADINGS)
        assert table.above == [(1, "Adult Social Care Improvement Tracker"), (2, "As at 31 March 2025")]
        assert [number for number, _ in table.rows] == list(range(5, 17))

    def test_in_a_workbook_too(self):
        table = importer.read_table(upload(TRACKER_MARCH.with_suffix(".xlsx").read_bytes(), "tracker.xlsx"))
        assert (table.header_row, table.headers) == (4, TRACKER_HEADINGS)

    def test_the_headings_ea_knows_are_recognised_and_the_others_asked_about(self, plan):
        table = importer.read_table(upload(TRACKER_MARCH.read_bytes(), MARCH))
        reading = importer.reading_for(plan, table)
        assert reading.asks
        assert reading.choices == [None, None, "area_of_focus", "lead_officers", "status", "ignore", None, None, None]

    def test_the_search_stops_at_row_20(self):
        rows = [[f"Note {n}"] for n in range(1, 21)] + [TRACKER_HEADINGS, ["1"] * 9]
        with pytest.raises(importer.FileRefused, match="EqA found no header row in the first 20 rows"):
            importer.read_table(upload(csv_bytes_of(rows)))


def csv_bytes_of(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


class TestChoosingTheColumns:
    def test_a_file_with_headings_eqa_does_not_know_asks_what_its_columns_are(self, client, manager, plan):
        client.force_login(manager)
        response = post_file(client, plan)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-columns", args=[plan.pk, pending.pk])
        assert (pending.choices, pending.rows, Action.objects.count()) == (None, [], 0)

    def test_the_columns_page_shows_each_column_with_its_first_values_and_what_eqa_recognised(
        self, client, manager, plan
    ):
        client.force_login(manager)
        page = client.get(post_file(client, plan)["Location"])
        form = page.context["form"]
        assert [form[f"column_{i}"].label for i in range(9)] == TRACKER_HEADINGS
        assert form["column_0"].help_text == "Column A. For example, ‘1’ and ‘2’."
        assert [form[f"column_{i}"].initial for i in (4, 5, 6)] == ["status", "ignore", ""]
        html = page.content.decode()
        assert "row 1: ‘Adult Social Care Improvement Tracker’" in html
        assert "Keep as an extra field" in html and "Ignore: leave it out" in html

    def test_choosing_them_remembers_them_for_the_council_and_shows_the_preview(self, client, manager, plan):
        client.force_login(manager)
        response = choose(client, post_file(client, plan)["Location"])
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        mapping = ImportColumnMapping.objects.get()
        assert (mapping.council, mapping.headers, mapping.last_edited_by) == (plan.council, TRACKER_HEADINGS, manager)
        assert mapping.choices == [
            "ref",
            "quality_statement",
            "area_of_focus",
            "lead_officers",
            "status",
            "ignore",
            "extra",
            "extra",
            "extra",
        ]
        assert mapping.history.get().history_user == manager

    def test_the_preview_lists_every_column_what_it_is_and_the_rows_left_out(self, client, manager, plan):
        client.force_login(manager)
        page = client.get(choose(client, post_file(client, plan)["Location"])["Location"])
        assert page.context["columns"] == [
            ("Rec No", "Action ref"),
            ("Quality standard", "Quality statement"),
            ("Recommendation", "Area of focus"),
            ("Lead", "Responsible lead officer"),
            ("Progress", "Status"),
            ("RAG", "Left out"),
            ("Core service", "Kept as an extra field"),
            ("Evidence", "Kept as an extra field"),
            ("Assurance", "Kept as an extra field"),
        ]
        html = page.content.decode()
        assert "row 2: ‘As at 31 March 2025’" in html
        assert reverse("actionplans:import-columns", args=[plan.pk, PendingImport.objects.get().pk]) in html
        assert [p.ref for p in page.context["preview"].added] == TRACKER_REFS

    def test_confirmed_the_actions_have_refs_in_natural_order_and_their_extra_fields(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        assert [a.ref for a in plan.actions.in_ref_order()] == TRACKER_REFS
        first, second = plan.actions.get(ref="1"), plan.actions.get(ref="2")
        assert first.extra_fields == [
            ["Core service", "Assessment and care management"],
            ["Evidence", "Waiting list report, monthly"],
            ["Assurance", "Reported to DMT"],
        ]
        assert second.extra_fields == [["Core service", "Carers"], ["Assurance", "Carers' Partnership Board"]]
        assert (first.status_word.word, second.status_word.word) == ("On track", "Started")

    def test_next_months_file_imports_with_no_questions(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        response = post_file(client, plan, TRACKER_APRIL)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        page = client.get(response["Location"])
        assert page.context["chosen"] == "As chosen before for files with these headings"
        assert [p.ref for p in page.context["preview"].added] == ["13"]
        assert [p.ref for p in page.context["preview"].changed] == ["2", "3"]
        confirm(client, response["Location"])
        three = plan.actions.get(ref="3")
        assert three.status_word.word == "Started"
        assert ["Evidence", "Weekend rota agreed"] in three.extra_fields

    def test_a_colleague_of_the_council_is_asked_nothing_either(self, client, manager, council, plan):
        client.force_login(manager)
        import_march(client, plan)
        colleague = MembershipFactory(council=council, role=Role.AUTHOR, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        assert "/columns/" not in post_file(client, plan, TRACKER_APRIL)["Location"]

    def test_another_councils_file_of_the_same_shape_is_asked_about(
        self, client, manager, plan, outsider, other_council
    ):
        client.force_login(manager)
        import_march(client, plan)
        theirs = ActionPlanFactory(council=other_council, created_by=outsider)
        client.force_login(outsider)
        assert "/columns/" in post_file(client, theirs)["Location"]

    def test_the_workbook_reads_its_number_refs_as_the_csv_does(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        response = post_file(client, plan, TRACKER_MARCH.with_suffix(".xlsx"))
        assert "/columns/" not in response["Location"]
        preview = client.get(response["Location"]).context["preview"]
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, 12)

    def test_changing_them_from_the_preview_changes_what_is_remembered(self, client, manager, plan):
        client.force_login(manager)
        preview = choose(client, post_file(client, plan)["Location"])["Location"]
        columns = reverse("actionplans:import-columns", args=[plan.pk, PendingImport.objects.get().pk])
        client.post(columns, form_data(client.get(columns), column_5="extra"))
        assert ImportColumnMapping.objects.get().choices[5] == "extra"
        assert ("RAG", "Kept as an extra field") in client.get(preview).context["columns"]


class TestWrongChoices:
    def columns_page(self, client, manager, plan):
        client.force_login(manager)
        return post_file(client, plan)["Location"]

    def test_a_forged_choice_is_refused_saying_what_to_do(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_0="password")
        assert response.status_code == 200
        assert words(response) == ["Choose what column A (‘Rec No’) is from the list"]
        assert not ImportColumnMapping.objects.exists()

    def test_two_columns_chosen_as_the_ref(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_7="ref")
        assert words(response) == [
            "Column A (‘Rec No’) and column H (‘Evidence’) are both chosen as Action ref. Choose Action ref for one "
            "column only."
        ]

    def test_no_column_for_the_ref(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_0="ignore")
        assert words(response) == [
            "Choose the column that holds the Action ref. If the file has none, add one and upload the file again."
        ]

    def test_a_column_left_unchosen(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_6="")
        assert words(response) == ["Choose what column G (‘Core service’) is, or ignore it"]

    def test_what_was_chosen_is_kept_in_the_form(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_0="password", column_7="ignore")
        assert response.context["form"]["column_7"].value() == "ignore"

    def test_rows_that_read_wrongly_are_said_and_nothing_is_remembered(self, client, manager, plan):
        # The core service is no quality statement: read as one, every row is wrong.
        response = choose(
            client, self.columns_page(client, manager, plan), column_1="extra", column_6="quality_statement"
        )
        assert response.status_code == 200
        assert words(response)[0].startswith(
            "Row 5, Quality statement: ‘Assessment and care management’ is not a quality statement"
        )
        assert not ImportColumnMapping.objects.exists()
        assert PendingImport.objects.get().choices is None

    def test_a_rag_column_read_as_the_status_asks_what_each_colour_means(self, client, manager, plan):
        response = choose(client, self.columns_page(client, manager, plan), column_4="ignore", column_5="status")
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-statuses", args=[plan.pk, pending.pk])
        asked = [value.text for value in client.get(response["Location"]).context["form"].shown if value.asked]
        assert asked == ["Green", "Amber", "Red"]

    def test_a_file_read_by_remembered_choices_with_problems_links_to_changing_them(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        content = TRACKER_APRIL.read_text().replace("Reduce waiting times for Care Act assessments", "").encode()
        response = post_file(client, plan, content=content, name=APRIL)
        assert response.status_code == 200
        assert words(response)[0].startswith("Row 5, Area of focus: enter the area of focus")
        assert ImportColumnMapping.objects.get().get_absolute_url() in response.content.decode()

    def test_a_post_without_the_revision_it_was_opened_on_is_a_bad_request(self, client, manager, plan):
        location = self.columns_page(client, manager, plan)
        data = form_data(client.get(location), **TRACKER_CHOICES)
        del data["revision"]
        assert client.post(location, data).status_code == 400


class TestOnce:
    def test_the_columns_form_sent_twice_remembers_once(self, client, manager, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        data = form_data(client.get(location), **TRACKER_CHOICES)
        client.post(location, data)
        again = client.post(location, data)
        assert again.status_code == 302
        assert (ImportColumnMapping.objects.count(), ImportColumnMapping.history.count()) == (1, 1)

    def test_confirming_twice_imports_once(self, client, manager, plan):
        client.force_login(manager)
        preview = choose(client, post_file(client, plan)["Location"])["Location"]
        fingerprint = client.get(preview).context["fingerprint"]
        client.post(preview, {"fingerprint": fingerprint})
        assert client.post(preview, {"fingerprint": fingerprint})["Location"] == plan.get_absolute_url()
        assert (Action.objects.count(), PlanImport.objects.count()) == (12, 1)

    def test_the_same_file_again_changes_nothing(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        page = client.get(post_file(client, plan)["Location"])
        assert "there is nothing to import" in page.content.decode()
        assert PlanImport.objects.count() == 1

    def test_exporting_and_importing_the_export_changes_nothing(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        exported = client.get(reverse("actionplans:export-csv", args=[plan.pk])).getvalue()
        response = post_file(client, plan, content=exported, name="export.csv")
        assert "/columns/" not in response["Location"]
        preview = client.get(response["Location"]).context["preview"]
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, 12)

    def test_exporting_to_excel_and_importing_it_changes_nothing(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        exported = client.get(reverse("actionplans:export-xlsx", args=[plan.pk])).getvalue()
        preview = client.get(post_file(client, plan, content=exported, name="export.xlsx")["Location"])
        assert not preview.context["preview"].has_changes


class TestExtraFields:
    def test_they_are_on_the_action_page(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        action = plan.actions.get(ref="1")
        html = client.get(action.get_absolute_url()).content.decode()
        assert '<dt class="govuk-summary-list__key">Core service</dt>' in html
        assert "Assessment and care management" in html

    def test_they_are_exported_as_columns_under_their_names(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        content = client.get(reverse("actionplans:export-csv", args=[plan.pk])).getvalue().decode("utf-8-sig")
        header, first, second, *_ = csv.reader(io.StringIO(content))
        assert header[-3:] == ["Core service", "Evidence", "Assurance"]
        assert first[-3:] == ["Assessment and care management", "Waiting list report, monthly", "Reported to DMT"]
        assert second[-3:] == ["Carers", "", "Carers' Partnership Board"]

    def test_they_are_under_the_action_in_the_committee_pdf(self, plan):
        ActionFactory(plan=plan, ref="3", extra_fields=[["Core service", "Reablement"], ["Assurance", "Board"]])
        text = pdf_text(render_plan_pdf(plan))
        assert "Core service: Reablement" in text and "Assurance: Board" in text

    def test_a_changed_one_is_in_the_preview_and_history(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        page = client.get(post_file(client, plan, TRACKER_APRIL)["Location"])
        [_, three] = page.context["preview"].changed
        assert ("Evidence (extra field)", "", "Weekend rota agreed") in [(c.label, c.old, c.new) for c in three.changes]
        confirm(client, page.wsgi_request.path)
        sentences = [sentence for entry in plan_history(plan) for sentence in entry.changes]
        assert "Evidence (an extra field) of 3 changed from ‘(empty)’ to ‘Weekend rota agreed’" in sentences

    def test_an_empty_cell_takes_one_away_and_a_column_the_file_lacks_leaves_them(self):
        current = [["Core service", "Carers"], ["Evidence", "Minutes"]]
        assert importer.mapping.merged_extras(current, [["Evidence", ""]]) == [["Core service", "Carers"]]
        assert importer.mapping.merged_extras(current, []) == current
        assert importer.mapping.merged_extras(current, [["assurance", "Board"]]) == [*current, ["assurance", "Board"]]

    def test_they_freeze_with_the_plan(self, plan):
        action = ActionFactory(plan=plan, extra_fields=[["Evidence", "Minutes"]])
        ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
        action.extra_fields = [["Evidence", "Changed"]]
        with pytest.raises(RecordFrozen):
            action.save()

    def test_they_count_toward_the_plans_text(self, plan):
        ActionFactory(plan=plan, area_of_focus="Focus", lead_officers="", extra_fields=[])
        before = plan.text_length()
        ActionFactory(plan=plan, area_of_focus="Focus", lead_officers="", extra_fields=[["Evidence", "Minutes"]])
        assert plan.text_length() - before == len("Focus") + importer.mapping.extras_length([["Evidence", "Minutes"]])

    def test_an_action_keeps_at_most_20_with_those_it_has(self, plan):
        ActionFactory(plan=plan, ref="T1.1", extra_fields=[[f"Note {n}", "x"] for n in range(19)])
        content = b"Quality statement,Action ref,Area of focus,Core service,Evidence\r\n"
        content += b"Assessing needs,T1.1,Area of focus 0,Carers,Minutes\r\n"
        table = importer.read_table(upload(content))
        choices = ["quality_statement", "ref", "area_of_focus", "extra", "extra"]
        assert [p.text for p in importer.check(plan, table, choices).errors] == [
            "Row 2: the action would keep 21 extra fields, with those it has already; an action can keep at most 20. "
            "Choose to ignore the columns you do not need."
        ]

    def test_more_than_20_are_refused(self):
        headers = ["Ref", "Area of focus", "Quality statement", *[f"Note {n}" for n in range(21)]]
        choices = ["ref", "area_of_focus", "quality_statement", *["extra"] * 21]
        assert importer.choice_problems(headers, choices) == [
            (
                None,
                "21 columns are kept as extra fields; an action can keep at most 20. Ignore the columns you do not "
                "need.",
            )
        ]


class TestHistory:
    def test_the_import_says_how_the_columns_were_read_and_what_was_left_out(self, client, manager, plan):
        client.force_login(manager)
        import_march(client, plan)
        sentences = [sentence for entry in plan_history(plan) for sentence in entry.changes]
        assert (
            "Read the columns of tracker_march.csv: ‘Rec No’ as Action ref, ‘Quality standard’ as Quality statement, "
            "‘Recommendation’ as Area of focus, ‘Lead’ as Responsible lead officer and ‘Progress’ as Status; kept "
            "‘Core service’, ‘Evidence’ and ‘Assurance’ as extra fields; left out ‘RAG’ and rows 1 to 2, above the "
            "headings"
        ) in sentences

    def test_a_file_of_eqas_own_headings_says_only_what_was_left_out(self, client, manager, plan):
        client.force_login(manager)
        content = b"Peer review action plan\r\n\r\n" + SEED.read_bytes()
        confirm(client, post_file(client, plan, content=content, name="seed.csv")["Location"])
        sentences = [sentence for entry in plan_history(plan) for sentence in entry.changes]
        assert "Read seed.csv; left out row 1, above the headings" in sentences

    def test_choosing_the_columns_is_in_the_council_settings_history(self, client, manager, plan):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"])
        newest = council_settings_history(plan.council)[0]
        [sentence] = newest.changes
        assert newest.who == manager.get_full_name()
        assert sentence.startswith(
            "Chose what the columns of plan files headed ‘Rec No, Quality standard, Recommendation, Lead, Progress, "
            "RAG, Core service, Evidence, Assurance’ are: ‘Rec No’: Action ref; ‘Quality standard’: Quality statement;"
        )


class TestWhoMay:
    def test_another_council_gets_404_for_the_columns_page(self, client, manager, outsider, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        client.force_login(outsider)
        assert client.get(location).status_code == 404
        assert client.post(location, TRACKER_CHOICES).status_code == 404
        assert not ImportColumnMapping.objects.exists()

    def test_a_colleague_gets_404_for_anothers_upload(self, client, manager, council, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        colleague = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        assert client.get(location).status_code == 404

    def test_a_viewer_is_refused(self, client, viewer, manager, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        client.force_login(viewer)
        assert client.get(location).status_code == 403

    def test_the_wrong_method_is_refused(self, client, manager, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        assert client.put(location).status_code == 405
        assert client.post(reverse("actionplans:import-mappings")).status_code == 405

    def test_a_plan_signed_off_after_the_upload_takes_no_choice(self, client, manager, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
        response = choose(client, location)
        assert response["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(response.wsgi_request)][-1].startswith("This plan is signed off")
        assert not ImportColumnMapping.objects.exists()
