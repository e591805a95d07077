"""A plan is made against a framework: the frameworks EqA ships, a council's own; an action asks only what its plan's
framework has (an item, else a theme; a priority where the framework's actions carry one), and the plan page, chart,
committee PDF and progress report are grouped and headed in the framework's own words."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans import importer
from actionplans.cqc import load_example_results
from actionplans.framework_data import SHIPPED
from actionplans.history import plan_history
from actionplans.models import Action, ActionPlan, FrameworkKind, FrameworkVersion, Priority, Theme
from actionplans.pdf import fingerprint_parts, render_plan_pdf
from councils.models import Role
from tests.actionplans.importing import checked, csv_bytes, upload
from tests.actionplans.plan_helpers import fresh, sign_off
from tests.factories import ActionFactory, ActionPlanFactory
from tests.page_forms import form_data
from tests.pdf_text import pdf_text

KEY_QUESTIONS = ["Safe", "Effective", "Caring", "Responsive", "Well-led"]


def words(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def shipped(kind):
    return FrameworkVersion.objects.get(council=None, kind=kind)


def key_question(name):
    return Theme.objects.get(framework__kind=FrameworkKind.CQC_KEY_QUESTIONS, name=name)


@pytest.fixture
def inspection_plan(council, manager):
    return ActionPlanFactory(
        council=council,
        created_by=manager,
        framework=shipped(FrameworkKind.CQC_KEY_QUESTIONS),
        title="Blackburn Lodge: CQC inspection action plan",
        source="cqc_assessment",
    )


@pytest.fixture
def inspection_actions(inspection_plan):
    """Two actions a CQC inspection report asks of a care home, under Safe and Well-led."""
    return [
        ActionFactory(
            plan=inspection_plan,
            ref="1",
            quality_statement=None,
            theme=key_question("Safe"),
            priority=Priority.MUST_DO,
            target_date=date(2026, 3, 31),
            area_of_focus="Medicines were not always given as prescribed",
        ),
        ActionFactory(
            plan=inspection_plan,
            ref="10",
            quality_statement=None,
            theme=key_question("Well-led"),
            priority=Priority.SHOULD_DO,
            area_of_focus="Audits did not pick up the gaps in care records",
        ),
        ActionFactory(
            plan=inspection_plan,
            ref="2",
            quality_statement=None,
            theme=key_question("Safe"),
            priority=Priority.SHOULD_DO,
            area_of_focus="Fire drills were not recorded",
        ),
    ]


class TestShippedFrameworks:
    def test_eqa_ships_five_frameworks_and_new_plans_start_on_cqcs_local_authority_framework(self, db):
        assert sorted(FrameworkVersion.objects.filter(council=None).values_list("name", flat=True)) == sorted(SHIPPED)
        current = FrameworkVersion.objects.get(is_current=True)
        assert (current.kind, current.has_items, current.shows_cqc_scores) == (
            FrameworkKind.CQC_LOCAL_AUTHORITY,
            True,
            True,
        )

    def test_cqcs_five_key_questions_are_five_themes_with_no_items_whose_actions_carry_a_priority(self, db):
        framework = shipped(FrameworkKind.CQC_KEY_QUESTIONS)
        assert [theme.name for theme in framework.themes.order_by("number")] == KEY_QUESTIONS
        assert not Theme.objects.filter(framework=framework, statements__isnull=False).exists()
        assert (framework.theme_label, framework.has_items, framework.uses_priorities) == ("Key question", False, True)
        assert framework.theme_heading(key_question("Safe")) == "Key question: Safe"

    def test_the_lga_peer_challenge_has_cqcs_four_themes_and_no_items(self, db):
        framework = shipped(FrameworkKind.LGA_PEER_REVIEW)
        names = list(framework.themes.order_by("number").values_list("name", flat=True))
        assert names == ["Working with people", "Providing support", "Ensuring safety", "Leadership"]
        assert not framework.has_items

    @pytest.mark.parametrize("kind", [FrameworkKind.SCRUTINY_REVIEW, FrameworkKind.INTERNAL_AUDIT])
    def test_a_scrutiny_review_and_an_internal_audit_have_no_themes(self, db, kind):
        framework = shipped(kind)
        assert (framework.has_themes, framework.themes.count()) == (False, 0)

    def test_a_database_emptied_after_a_test_gets_every_shipped_framework_back(self, transactional_db):
        call_command("flush", interactive=False, verbosity=0)
        assert sorted(FrameworkVersion.objects.filter(council=None).values_list("name", flat=True)) == sorted(SHIPPED)
        assert shipped(FrameworkKind.CQC_KEY_QUESTIONS).themes.count() == 5

    def test_a_plan_is_offered_the_shipped_frameworks_in_their_latest_version_and_its_councils_own(
        self, council, other_council
    ):
        ours = FrameworkVersion.objects.create(council=council, name="Our areas", kind=FrameworkKind.COUNCIL_OWN)
        FrameworkVersion.objects.create(council=other_council, name="Their areas", kind=FrameworkKind.COUNCIL_OWN)
        older = FrameworkVersion.objects.create(
            name="CQC's five key questions (2010)",
            kind=FrameworkKind.CQC_KEY_QUESTIONS,
            effective_from=date(2010, 1, 1),
        )
        offered = set(FrameworkVersion.objects.offered_to([council]))
        assert ours in offered and older not in offered
        assert {f.name for f in offered if f.council_id != council.pk} == set(SHIPPED)


class TestStartingAPlan:
    def start(self, client, council, **changes):
        return client.post(
            reverse("actionplans:start"),
            {"council": council.pk, "title": "Inspection action plan", "source": "cqc_assessment", **changes},
        )

    def test_it_starts_a_plan_against_cqcs_five_key_questions(self, client, manager, council):
        client.force_login(manager)
        self.start(client, council, framework=shipped(FrameworkKind.CQC_KEY_QUESTIONS).pk)
        assert ActionPlan.objects.get().framework.kind == FrameworkKind.CQC_KEY_QUESTIONS

    def test_the_start_page_offers_the_councils_own_framework_and_chooses_cqcs_at_first(self, client, manager, council):
        FrameworkVersion.objects.create(council=council, name="Our improvement areas", kind=FrameworkKind.COUNCIL_OWN)
        client.force_login(manager)
        form = client.get(reverse("actionplans:start")).context["form"]
        offered = [label for _, label in form.fields["framework"].choices]
        assert (
            "Our improvement areas" in offered and "CQC's five key questions for health and care providers" in offered
        )
        assert form.fields["framework"].initial == FrameworkVersion.objects.get(is_current=True).pk

    def test_another_councils_framework_is_refused(self, client, manager, council, other_council):
        theirs = FrameworkVersion.objects.create(council=other_council, name="Theirs", kind=FrameworkKind.COUNCIL_OWN)
        client.force_login(manager)
        response = self.start(client, council, framework=theirs.pk)
        assert response.status_code == 200 and not ActionPlan.objects.exists()

    def test_a_plans_framework_cannot_change_once_its_actions_are_set_against_it(
        self, client, manager, inspection_plan, inspection_actions
    ):
        client.force_login(manager)
        url = reverse("actionplans:edit", args=[inspection_plan.pk])
        data = {
            "council": inspection_plan.council_id,
            "title": inspection_plan.title,
            "source": inspection_plan.source,
            "framework": FrameworkVersion.objects.get(is_current=True).pk,
            "revision": inspection_plan.revision,
        }
        response = client.post(url, data)
        assert [message for message, _ in response.context["errors"]] == [
            "The plan's actions are set against the themes of its framework, so it cannot change. Start a new plan "
            "for another framework"
        ]
        assert fresh(inspection_plan).framework.kind == FrameworkKind.CQC_KEY_QUESTIONS


class TestActionForm:
    def data(self, **changes):
        return {
            "ref": "3",
            "theme": key_question("Caring").pk,
            "priority": Priority.MUST_DO,
            "target_date_0": "31",
            "target_date_1": "3",
            "target_date_2": str(timezone.localdate().year + 1),
            "area_of_focus": "People were not always asked how they liked their care",
            "revision": "0",
            **changes,
        }

    def test_it_asks_the_key_question_and_the_priority_and_no_quality_statement(self, client, manager, inspection_plan):
        client.force_login(manager)
        form = client.get(reverse("actionplans:action-add", args=[inspection_plan.pk])).context["form"]
        assert "quality_statement" not in form.fields
        assert form.fields["theme"].label == "Key question"
        assert [label for _, label in form.fields["theme"].choices][1:] == [f"Key question: {q}" for q in KEY_QUESTIONS]
        assert [label for _, label in form.fields["priority"].choices] == ["Must do", "Should do", "None given"]

    def test_it_saves_the_key_question_priority_and_target_date(self, client, manager, inspection_plan):
        client.force_login(manager)
        client.post(reverse("actionplans:action-add", args=[inspection_plan.pk]), self.data())
        action = Action.objects.get()
        assert (action.ref, action.quality_statement, action.theme, action.priority, action.target_date) == (
            "3",
            None,
            key_question("Caring"),
            Priority.MUST_DO,
            date(timezone.localdate().year + 1, 3, 31),
        )

    def test_an_action_needs_its_key_question(self, client, manager, inspection_plan):
        client.force_login(manager)
        response = client.post(reverse("actionplans:action-add", args=[inspection_plan.pk]), self.data(theme=""))
        assert response.context["errors"] == [("Choose the key question the action is for", "id_theme")]

    def test_a_target_date_of_an_impossible_year_is_refused(self, client, manager, inspection_plan):
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:action-add", args=[inspection_plan.pk]), self.data(target_date_2="2099")
        )
        last = timezone.localdate().year + 10
        assert response.context["errors"] == [
            (f"The target date must be between 1 January 2000 and 31 December {last}", "id_target_date_0")
        ]
        assert not Action.objects.exists()

    def test_a_retired_key_question_is_not_offered_for_a_new_action_but_kept_for_one_that_has_it(
        self, client, manager, inspection_plan, inspection_actions
    ):
        Theme.objects.filter(pk=key_question("Safe").pk).update(retired=True)
        client.force_login(manager)
        new = client.get(reverse("actionplans:action-add", args=[inspection_plan.pk])).context["form"]
        assert key_question("Safe") not in new.fields["theme"].queryset
        kept = client.get(reverse("actionplans:action-edit", args=[inspection_plan.pk, inspection_actions[0].pk]))
        assert key_question("Safe") in kept.context["form"].fields["theme"].queryset

    def test_a_plan_against_a_framework_with_no_themes_asks_neither_theme_nor_item(self, client, manager, council):
        plan = ActionPlanFactory(council=council, created_by=manager, framework=shipped(FrameworkKind.SCRUTINY_REVIEW))
        client.force_login(manager)
        url = reverse("actionplans:action-add", args=[plan.pk])
        form = client.get(url).context["form"]
        assert not {"quality_statement", "theme", "priority"} & set(form.fields)
        client.post(url, {"ref": "R12", "area_of_focus": "Publish the carers' offer", "revision": "0"})
        action = Action.objects.get()
        assert (action.ref, action.theme, action.quality_statement) == ("R12", None, None)

    def test_a_ref_may_be_any_text(self, client, manager, inspection_plan):
        client.force_login(manager)
        client.post(reverse("actionplans:action-add", args=[inspection_plan.pk]), self.data(ref="Reg 12 (a)"))
        assert Action.objects.get().ref == "Reg 12 (a)"


class TestPlanPage:
    def test_it_groups_by_key_question_in_the_frameworks_words_with_numbered_refs_in_order(
        self, client, viewer, inspection_plan, inspection_actions
    ):
        client.force_login(viewer)
        response = client.get(inspection_plan.get_absolute_url())
        groups = response.context["groups"]
        assert [(g["heading"], [a.ref for b in g["statements"] for a in b["actions"]]) for g in groups] == [
            ("Key question: Safe", ["1", "2"]),
            ("Key question: Well-led", ["10"]),
        ]
        text = words(response)
        assert "Key question: Safe" in text and "CQC theme" not in text and "Theme 1" not in text

    def test_it_shows_each_actions_priority_and_target_date(self, client, viewer, inspection_plan, inspection_actions):
        client.force_login(viewer)
        text = words(client.get(inspection_plan.get_absolute_url()))
        assert "1 Medicines were not always given as prescribed Must do" in text
        assert "31 Mar 2026" in text

    def test_no_cqc_score_shows_beside_a_framework_cqc_does_not_score(
        self, client, manager, inspection_plan, inspection_actions
    ):
        load_example_results(inspection_plan.council, {Role.MANAGER: manager})
        client.force_login(manager)
        assert "Latest CQC score" not in words(client.get(inspection_plan.get_absolute_url()))

    def test_the_summary_and_chart_count_by_key_question(self, client, viewer, inspection_plan, inspection_actions):
        client.force_login(viewer)
        response = client.get(inspection_plan.get_absolute_url())
        assert [row.heading for row in response.context["summary"].rows] == [
            *(f"Key question: {q}" for q in KEY_QUESTIONS),
            "All actions",
        ]
        chart = str(response.context["chart"])
        assert "for each key question and for the whole plan" in chart
        assert "Safe: 2 in all" in chart

    def test_the_action_page_says_its_key_question_priority_and_target_date(
        self, client, viewer, inspection_plan, inspection_actions
    ):
        client.force_login(viewer)
        text = words(client.get(inspection_actions[0].get_absolute_url()))
        assert "Key question: Safe" in text
        assert "Key question Safe" in text and "Priority Must do" in text and "Target date 31 March 2026" in text

    def test_a_plan_with_no_themes_lists_its_actions_under_a_plain_heading(self, client, manager, council):
        plan = ActionPlanFactory(council=council, created_by=manager, framework=shipped(FrameworkKind.SCRUTINY_REVIEW))
        for ref in ["R2", "R10", "R1"]:
            ActionFactory(plan=plan, ref=ref, quality_statement=None)
        client.force_login(manager)
        response = client.get(plan.get_absolute_url())
        assert [(g["heading"], [a.ref for a in g["statements"][0]["actions"]]) for g in response.context["groups"]] == [
            ("Actions", ["R1", "R2", "R10"])
        ]
        assert [row.heading for row in response.context["summary"].rows] == ["All actions"]


class TestCommitteePapers:
    def test_the_pdf_heads_its_actions_with_the_frameworks_words_and_says_priority_and_target_date(
        self, inspection_plan, inspection_actions
    ):
        text = pdf_text(render_plan_pdf(fresh(inspection_plan)))
        assert "Framework CQC's five key questions for health and care providers" in text
        assert "Key question: Safe" in text and "Key question: Well-led" in text
        assert "You are protected from abuse and avoidable harm." in text
        assert "1 Must do" in text and "Target date: 31 March 2026" in text
        assert "Theme 1" not in text and "We statement" not in text

    def test_the_progress_report_heads_them_so_too(self, client, viewer, manager, approver, inspection_plan):
        ActionFactory(plan=inspection_plan, ref="1", quality_statement=None, theme=key_question("Responsive"))
        signed = sign_off(inspection_plan, manager, approver)
        today = timezone.localdate()
        client.force_login(viewer)
        response = client.get(
            reverse("actionplans:progress-report", args=[signed.pk]),
            {"on_0": today.day, "on_1": today.month, "on_2": today.year},
        )
        text = pdf_text(response)
        assert "Progress report as of" in text and "Key question: Responsive" in text

    def test_an_action_that_says_nothing_new_keeps_the_fingerprint_it_had(self, plan):
        ActionFactory(plan=plan)
        assert not [part for part in fingerprint_parts(plan) if isinstance(part, tuple) and part[:1] == ("further",)]

    def test_an_actions_priority_is_part_of_the_signed_off_record(self, inspection_plan, inspection_actions):
        before = fingerprint_parts(inspection_plan)
        Action.objects.filter(pk=inspection_actions[0].pk).update(priority=Priority.SHOULD_DO)
        assert fingerprint_parts(inspection_plan) != before


class TestImportAndExport:
    HEADER = ["Action ref", "Key question", "Area of focus", "Priority", "Target date of the action"]

    def test_a_plan_with_no_items_imports_its_key_questions_priorities_and_target_dates(self, inspection_plan, manager):
        rows = [
            self.HEADER,
            ["1", "Safe", "Medicines", "Must do", "31 March 2026"],
            ["2", "well led", "Audits", "", ""],
        ]
        preview = checked(inspection_plan, rows)
        assert preview.errors == []
        importer.apply(inspection_plan, preview.rows, by=manager)
        assert list(inspection_plan.actions.order_by("ref_key").values_list("ref", "theme__name", "priority")) == [
            ("1", "Safe", Priority.MUST_DO),
            ("2", "Well-led", ""),
        ]
        assert inspection_plan.actions.get(ref="1").target_date == date(2026, 3, 31)

    def test_a_file_without_the_key_question_column_is_refused_saying_what_to_add(self, inspection_plan):
        table = importer.read_table(upload(csv_bytes([["Action ref", "Area of focus"], ["1", "Medicines"]])))
        with pytest.raises(importer.FileRefused) as refused:
            importer.check(inspection_plan, table)
        assert refused.value.messages == [
            "Choose the column that holds the Key question. If the file has none, add one and upload the file again."
        ]

    def test_a_file_of_its_own_headings_is_read_by_chosen_columns_with_no_quality_statement_column(
        self, client, manager, inspection_plan
    ):
        client.force_login(manager)
        rows = [
            ["Rec", "Key question", "Finding", "Must or should", "Target date of the action"],
            ["1", "Safe", "Medicines", "Must do", "31 March 2026"],
        ]
        sent = client.post(reverse("actionplans:import", args=[inspection_plan.pk]), {"file": upload(csv_bytes(rows))})
        columns = sent["Location"]
        page = client.get(columns)
        offered = dict(page.context["form"].fields["column_0"].choices)
        # In the framework's own words, and no quality statement: it has none.
        assert {offered[key] for key in ("theme", "priority", "target_date")} == {
            "Key question",
            "Priority",
            "Target date of the action",
        }
        assert "quality_statement" not in offered
        without = client.post(columns, form_data(page, column_0="ref", column_1="ignore"))
        assert [message for message, _ in without.context["errors"]] == [
            "Choose the column that holds the Key question. If the file has none, add one and upload the file again."
        ]
        preview = client.post(columns, form_data(page, column_0="ref"))["Location"]
        client.post(preview, {"fingerprint": client.get(preview).context["fingerprint"]})
        action = inspection_plan.actions.get()
        assert (action.ref, action.theme.name, action.quality_statement, action.priority, action.target_date) == (
            "1",
            "Safe",
            None,
            Priority.MUST_DO,
            date(2026, 3, 31),
        )

    def test_a_key_question_the_framework_does_not_have_is_named(self, inspection_plan):
        preview = checked(inspection_plan, [self.HEADER[:3], ["1", "Kind", "Medicines"]])
        assert [p.text for p in preview.errors] == [
            "Row 2, Theme: ‘Kind’ is not a key question of the plan's framework. Write one of: Safe, Effective, "
            "Caring, Responsive, Well-led."
        ]

    def test_linked_to_a_number_links_where_the_plan_has_that_ref_and_is_left_alone_where_not(self, inspection_plan):
        rows = [
            self.HEADER[:3],
            ["1", "Safe", "Medicines (Linked to 2)"],
            ["2", "Safe", "Fire drills, linked to 3 other reviews"],
        ]
        preview = checked(inspection_plan, rows)
        assert preview.errors == []
        assert [planned.new_links for planned in preview.added] == [["2"], []]

    def test_what_is_exported_imports_back_unchanged(self, client, viewer, inspection_plan, inspection_actions):
        client.force_login(viewer)
        response = client.get(reverse("actionplans:export-csv", args=[inspection_plan.pk]))
        exported = importer.read_table(upload(response.getvalue()))
        preview = importer.check(inspection_plan, exported)
        assert preview.errors == [] and not preview.has_changes


def test_the_plans_history_says_a_change_of_priority_and_key_question(inspection_plan):
    action = ActionFactory(
        plan=inspection_plan, ref="1", quality_statement=None, theme=key_question("Safe"), priority=Priority.SHOULD_DO
    )
    action.priority, action.theme = Priority.MUST_DO, key_question("Caring")
    action.save()
    said = [sentence for entry in plan_history(fresh(inspection_plan)) for sentence in entry.changes]
    assert "Priority of 1 changed from ‘Should do’ to ‘Must do’" in said
    assert "Key question of 1 changed from ‘Safe’ to ‘Caring’" in said
