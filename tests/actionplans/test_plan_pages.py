"""Plans and their actions in the browser's pages: starting, the plan page, an action, recording updates."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Milestone, StatusUpdate
from actionplans.services import plan_approve
from councils.lifecycle import RecordFrozen
from tests.factories import ActionFactory, MilestoneFactory, statement, status_word

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")


def page_refs(response):
    return [a.ref for g in response.context["groups"] for s in g["statements"] for a in s["actions"]]


class TestStart:
    def test_it_shows_the_start_page(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("actionplans:start")).status_code == 200

    def test_it_starts_a_draft_plan_against_the_current_framework(self, client, manager, council):
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:start"),
            {
                "council": council.pk,
                "title": "Peer review action plan",
                "source": "lga_peer_review",
                "source_date_0": "21",
                "source_date_1": "11",
                "source_date_2": "2022",
            },
        )
        plan = ActionPlan.objects.get()
        assert response["Location"] == plan.get_absolute_url()
        assert (plan.status, plan.source_date, plan.framework.is_current) == ("draft", date(2022, 11, 21), True)

    def test_it_says_what_is_missing(self, client, manager, council):
        client.force_login(manager)
        response = client.post(reverse("actionplans:start"), {"council": council.pk, "title": "", "source": ""})
        assert [message for message, _ in response.context["errors"]] == [
            "Enter a title for the plan",
            "Choose what the plan is a response to",
        ]

    def test_a_viewer_cannot_start_one(self, client, viewer):
        client.force_login(viewer)
        assert client.get(reverse("actionplans:start")).status_code == 403


class TestActions:
    def data(self, **changes):
        return {
            "ref": "T1.10",
            "quality_statement": statement("Assessing needs").pk,
            "area_of_focus": "Carers",
            "actions_taken": "Refresh the strategy.",
            "success_measures": "Better outcomes",
            "lead_officers": "Strategic Support",
            "milestones_text": "April 2023\nFirst Draft January 2023",
            "revision": "0",
            **changes,
        }

    def test_it_shows_the_add_page(self, client, manager, plan):
        client.force_login(manager)
        assert client.get(reverse("actionplans:action-add", args=[plan.pk])).status_code == 200

    def test_it_adds_an_action_with_its_milestones(self, client, manager, plan):
        client.force_login(manager)
        client.post(reverse("actionplans:action-add", args=[plan.pk]), self.data())
        action = Action.objects.get()
        assert (action.ref, action.status, action.status_word.word) == ("T1.10", "not_started", "To be started")
        assert [(m.description, m.due_date) for m in action.milestones.all()] == [
            ("April 2023", date(2023, 4, 1)),
            ("First Draft January 2023", date(2023, 1, 1)),
        ]

    def test_saving_an_action_makes_the_same_queries_for_1_and_12_milestones(
        self, client, manager, plan, django_assert_max_num_queries
    ):
        client.force_login(manager)
        url = reverse("actionplans:action-add", args=[plan.pk])
        with django_assert_max_num_queries(60) as one:
            client.post(url, self.data(ref="T1.1", milestones_text="April 2023"))
        twelve = "\n".join(f"Step {n} April 2023" for n in range(1, 13))
        with django_assert_max_num_queries(len(one)):
            client.post(url, self.data(ref="T1.2", milestones_text=twelve))
        assert Action.objects.get(ref="T1.2").milestones.count() == 12

    def test_a_milestone_too_long_to_keep_is_an_error(self, client, manager, plan):
        client.force_login(manager)
        response = client.post(reverse("actionplans:action-add", args=[plan.pk]), self.data(milestones_text="x" * 501))
        assert response.context["errors"] == [
            ("Each milestone must be 500 characters or fewer. Split a longer one over two lines", "id_milestones_text")
        ]
        assert not Action.objects.exists()

    def test_refs_are_unique_in_a_plan(self, client, manager, plan):
        ActionFactory(plan=plan, ref="T1.10")
        client.force_login(manager)
        response = client.post(reverse("actionplans:action-add", args=[plan.pk]), self.data(ref="t1.10"))
        assert response.context["errors"] == [
            ("The plan already has an action T1.10. Choose another reference", "id_ref")
        ]

    def test_a_ref_somebody_else_takes_while_this_one_is_saved_is_an_error_that_keeps_what_was_typed(
        self, client, manager, plan
    ):
        """Two people add T1.10 at once. Both pass the form's check; the other person's action is committed
        just before this save begins, so the database's one-ref-per-plan constraint refuses this one."""
        checked, taken = [], []

        def the_other_person_commits_first(execute, sql, params, many, context):
            if sql.startswith("SELECT") and '"actionplans_action"' in sql:
                checked.append(sql)
            elif sql.startswith("SAVEPOINT") and checked and not taken:
                taken.append(ActionFactory(plan=plan, ref="T1.10", area_of_focus="The other person's action"))
            return execute(sql, params, many, context)

        client.force_login(manager)
        with connection.execute_wrapper(the_other_person_commits_first):
            response = client.post(
                reverse("actionplans:action-add", args=[plan.pk]),
                self.data(area_of_focus="Carers' assessments on time"),
            )

        assert response.status_code == 200
        assert response.context["errors"] == [
            (
                (
                    "Somebody else has just added an action T1.10 to this plan: that reference was just taken. Choose "
                    "another reference"
                ),
                "id_ref",
            )
        ]
        assert "Carers&#x27; assessments on time" in response.content.decode()
        assert list(plan.actions.values_list("area_of_focus", flat=True)) == ["The other person's action"]

    def test_the_status_cannot_be_set_by_editing_the_action(self, client, manager, plan):
        action = ActionFactory(plan=plan, ref="T1.1")
        client.force_login(manager)
        client.post(
            reverse("actionplans:action-edit", args=[plan.pk, action.pk]),
            self.data(
                ref="T1.1", status="complete", word=status_word(plan.council, "Complete").pk, revision=plan.revision
            ),
        )
        assert Action.objects.get(pk=action.pk).status == "not_started"

    def test_the_plan_page_lists_actions_in_natural_ref_order(self, client, viewer, plan):
        for ref in ["T1.10", "T1.9", "T1.2", "T1.1"]:
            ActionFactory(plan=plan, ref=ref)
        client.force_login(viewer)
        assert page_refs(client.get(plan.get_absolute_url())) == ["T1.1", "T1.2", "T1.9", "T1.10"]

    def test_the_plan_page_groups_by_theme_then_quality_statement(self, client, viewer, plan):
        ActionFactory(plan=plan, ref="T3.1", quality_statement=statement("Safeguarding"))
        ActionFactory(plan=plan, ref="T1.2", quality_statement=statement("Supporting people to live healthier lives"))
        ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Assessing needs"))
        client.force_login(viewer)
        groups = client.get(plan.get_absolute_url()).context["groups"]
        assert [(g["theme"].number, [s["statement"].name for s in g["statements"]]) for g in groups] == [
            (1, ["Assessing needs", "Supporting people to live healthier lives"]),
            (3, ["Safeguarding"]),
        ]


class TestUpdates:
    def test_an_update_changes_the_status_and_is_kept_with_who_and_when(self, client, manager, plan):
        action = ActionFactory(plan=plan)
        milestone = MilestoneFactory(action=action)
        client.force_login(manager)
        client.post(
            reverse("actionplans:action-update", args=[plan.pk, action.pk]),
            {
                "word": status_word(plan.council, "Complete").pk,
                "note": "Framework agreed at DMT.",
                "milestones_done": [milestone.pk],
            },
        )
        update = StatusUpdate.objects.get()
        assert (update.word.word, update.previous_word.word, update.by, update.note) == (
            "Complete",
            "To be started",
            manager,
            "Framework agreed at DMT.",
        )
        assert (update.status, update.previous_status) == ("complete", "not_started")
        assert Action.objects.get(pk=action.pk).status == "complete"
        assert Milestone.objects.get(pk=milestone.pk).done

    def test_the_action_page_names_its_theme_and_quality_statement(self, client, viewer, plan):
        action = ActionFactory(plan=plan, quality_statement=statement("Partnerships and communities"))
        client.force_login(viewer)
        page = " ".join(client.get(action.get_absolute_url()).content.decode().split())
        assert '<span class="govuk-caption-l">Theme 2: Providing support</span>' in page
        assert (
            'Quality statement</dt> <dd class="govuk-summary-list__value eqa-pre-line">Partnerships and '
            "communities</dd>"
        ) in page

    def test_the_action_page_shows_updates_newest_first(self, client, viewer, manager, plan):
        action = ActionFactory(plan=plan)
        action.record_update(by=manager, word=status_word(plan.council, "Started"), note="First")
        action.record_update(by=manager, word=status_word(plan.council, "On track"), note="Second")
        client.force_login(viewer)
        assert [u.note for u in client.get(action.get_absolute_url()).context["updates"]] == ["Second", "First"]

    def test_an_update_needs_a_note(self, client, manager, plan):
        action = ActionFactory(plan=plan)
        client.force_login(manager)
        response = client.post(
            reverse("actionplans:action-update", args=[plan.pk, action.pk]),
            {"word": status_word(plan.council, "Started").pk, "note": ""},
        )
        assert response.context["errors"] == [("Say what has happened since the last update", "id_note")]
        assert not StatusUpdate.objects.exists()

    def test_a_viewer_cannot_record_an_update(self, client, viewer, plan):
        action = ActionFactory(plan=plan)
        client.force_login(viewer)
        response = client.post(
            reverse("actionplans:action-update", args=[plan.pk, action.pk]),
            {"word": status_word(plan.council, "Complete").pk, "note": "Sneaky"},
        )
        assert response.status_code == 403
        assert (Action.objects.get(pk=action.pk).status, StatusUpdate.objects.count()) == ("not_started", 0)

    def test_updates_cannot_be_edited_or_deleted(self, manager, plan):
        update = ActionFactory(plan=plan).record_update(
            by=manager, word=status_word(plan.council, "Started"), note="As written"
        )
        update.note = "Rewritten"
        with pytest.raises(RecordFrozen):
            update.save()
        with pytest.raises(RecordFrozen):
            update.delete()
        with pytest.raises(RecordFrozen):
            StatusUpdate.objects.filter(pk=update.pk).update(note="Rewritten")

    def test_updates_go_on_after_sign_off(self, manager, approver, plan):
        action = ActionFactory(plan=plan)
        plan.submit(by=manager)
        plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=approver)
        action.record_update(by=manager, word=status_word(plan.council, "On track"), note="Still going")
        assert Action.objects.get(pk=action.pk).status == "on_track"

    def test_a_signed_off_plans_actions_and_milestones_keep_their_words(self, manager, approver, plan):
        action = ActionFactory(plan=plan)
        milestone = MilestoneFactory(action=action, description="First draft")
        plan.submit(by=manager)
        plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=approver)
        action.area_of_focus, milestone.description = "Rewritten", "Rewritten"
        for change in (
            action.save,
            milestone.save,
            milestone.delete,
            lambda: Milestone.objects.bulk_create([Milestone(action=action, description="Added")]),
        ):
            with pytest.raises(RecordFrozen):
                change()
        milestone.done = True
        milestone.save(update_fields=["done"])  # progress goes on after sign-off
        assert Milestone.objects.get(pk=milestone.pk).description == "First draft"

    @pytest.fixture
    def quiet_and_busy(self, manager, plan):
        """T1.1, with no update in the 90 days since it was written, and T1.2, updated today."""
        quiet = ActionFactory(plan=plan, ref="T1.1")
        busy = ActionFactory(plan=plan, ref="T1.2")
        Action.objects.filter(pk__in=[quiet.pk, busy.pk]).update(created_at=timezone.now() - timedelta(days=90))
        busy.record_update(by=manager, word=status_word(plan.council, "On track"), note="Going well")

    def test_an_action_with_no_update_for_60_days_is_stale(self, client, viewer, plan, quiet_and_busy):
        client.force_login(viewer)
        assert page_refs(client.get(plan.get_absolute_url(), {"stale": "1"})) == ["T1.1"]

    def test_the_plan_page_marks_a_stale_action_among_the_rest(self, client, viewer, plan, quiet_and_busy):
        client.force_login(viewer)
        rows = table_rows(client.get(plan.get_absolute_url()))
        assert ["No update for 60 days" in row for row in rows] == [True, False]

    def test_the_plan_page_shows_each_actions_latest_update_with_when_and_by_whom(
        self, client, viewer, manager, approver, plan
    ):
        updated = ActionFactory(plan=plan, ref="T1.1")
        ActionFactory(plan=plan, ref="T1.2")
        updated.record_update(by=approver, word=status_word(plan.council, "Started"), note="Begun")
        latest = updated.record_update(by=manager, word=status_word(plan.council, "On track"), note="Going well")
        client.force_login(viewer)
        rows = table_rows(client.get(plan.get_absolute_url()))
        when = timezone.localtime(latest.at).strftime("%-d %b %Y")
        assert rows[0].endswith(f"{when}, {manager.get_full_name() or manager.username}")
        assert rows[1].endswith("None yet")

    def test_the_plan_page_shortens_a_long_area_of_focus(self, client, viewer, plan):
        ActionFactory(plan=plan, ref="T1.1", area_of_focus="Carers " * 40)
        client.force_login(viewer)
        cell = table_rows(client.get(plan.get_absolute_url()))[0].split(" | ")[1]
        assert (len(cell), cell[-1], cell.startswith("Carers Carers")) == (140, "…", True)


def table_rows(response):
    """The rows of the plan page's tables of actions as text, a string a row with " | " between its cells."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.table, self.caption, self.cells = [], [], None, None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.table, self.caption = [], ""
            elif tag == "tr":
                self.cells = []
            elif self.cells is not None and tag in ("td", "th"):
                self.cells.append("")

        def handle_endtag(self, tag):
            if tag == "table" and self.caption.strip().startswith("Actions for"):
                self.rows.extend(self.table[1:])  # after the row of headings
            elif tag == "tr" and self.cells is not None:
                self.table.append(" | ".join(" ".join(cell.split()) for cell in self.cells))
                self.cells = None

        def handle_data(self, data):
            if self.lasttag == "caption" and self.cells is None:
                self.caption += data
            elif self.cells:
                self.cells[-1] += data

    parser = Rows()
    parser.feed(response.content.decode())
    return parser.rows


class TestFilters:
    @pytest.fixture
    def actions(self, plan):
        return {
            "T1.1": ActionFactory(plan=plan, ref="T1.1", lead_officers="Service Manager"),
            "T2.1": ActionFactory(plan=plan, ref="T2.1", quality_statement=statement("Partnerships and communities")),
            "T4.1": ActionFactory(
                plan=plan, ref="T4.1", quality_statement=statement("Learning, improvement and innovation")
            ),
        }

    def test_by_theme(self, client, viewer, plan, actions):
        client.force_login(viewer)
        assert page_refs(client.get(plan.get_absolute_url(), {"theme": "2"})) == ["T2.1"]

    def test_by_quality_statement(self, client, viewer, plan, actions):
        client.force_login(viewer)
        wanted = statement("Learning, improvement and innovation").pk
        assert page_refs(client.get(plan.get_absolute_url(), {"statement": wanted})) == ["T4.1"]

    def test_by_lead_officer(self, client, viewer, plan, actions):
        client.force_login(viewer)
        assert page_refs(client.get(plan.get_absolute_url(), {"lead": "Service Manager"})) == ["T1.1"]

    def test_by_a_lead_officer_whose_name_runs_over_two_lines(self, client, viewer, plan, actions):
        ActionFactory(plan=plan, ref="T1.2", lead_officers="Place ICB Team and Council Lead Officer\nPlace Director")
        client.force_login(viewer)
        # As a browser sends the option's value: its line break as CRLF.
        sent = "Place ICB Team and Council Lead Officer\r\nPlace Director"
        response = client.get(plan.get_absolute_url(), {"lead": sent})
        assert page_refs(response) == ["T1.2"]
        assert "selected>Place ICB Team" in response.content.decode()

    def test_by_status_word(self, client, viewer, manager, plan, actions):
        off_track = status_word(plan.council, "Off track")
        actions["T2.1"].record_update(by=manager, word=off_track, note="Delayed")
        client.force_login(viewer)
        assert page_refs(client.get(plan.get_absolute_url(), {"status": off_track.pk})) == ["T2.1"]

    def test_by_one_of_two_words_of_the_same_meaning(self, client, viewer, manager, plan, actions):
        actions["T1.1"].record_update(by=manager, word=status_word(plan.council, "Started"), note="Begun")
        actions["T2.1"].record_update(by=manager, word=status_word(plan.council, "On track"), note="Going well")
        client.force_login(viewer)
        started = status_word(plan.council, "Started").pk
        assert page_refs(client.get(plan.get_absolute_url(), {"status": started})) == ["T1.1"]

    def test_by_overdue_milestone(self, client, viewer, plan, actions):
        MilestoneFactory(action=actions["T1.1"], due_date=date(2023, 4, 1), due_precision="month")
        MilestoneFactory(action=actions["T2.1"], due_date=date(2099, 4, 1), due_precision="month")
        MilestoneFactory(action=actions["T4.1"], due_date=date(2023, 4, 1), due_precision="month", done=True)
        client.force_login(viewer)
        response = client.get(plan.get_absolute_url(), {"overdue": "1"})
        assert page_refs(response) == ["T1.1"]
        assert [m.action.ref for m in response.context["overdue"]] == ["T1.1"]

    @pytest.mark.parametrize(
        "query",
        [
            {"lead": "Service Manager\x00"},
            {"theme": "²"},
            {"statement": "²"},
            {"theme": "9" * 5000},
            {"statement": "-1"},
            {"status": "\x00"},
        ],
    )
    def test_a_query_string_no_page_could_send_is_ignored_not_an_error(self, client, viewer, plan, actions, query):
        client.force_login(viewer)
        response = client.get(plan.get_absolute_url(), query)
        assert response.status_code == 200
        assert page_refs(response) == ["T1.1", "T2.1", "T4.1"]
        assert not response.context["is_filtered"]

    def test_the_summary_counts_the_whole_plan_whatever_the_filter(self, client, viewer, plan, actions):
        client.force_login(viewer)
        assert client.get(plan.get_absolute_url(), {"theme": "2"}).context["summary"].total == 3


# Filtered, the summary counts the whole plan apart from the actions shown: that too in one query.
@pytest.mark.parametrize("query", [{}, {"overdue": "on"}], ids=["all", "filtered"])
def test_the_plan_page_makes_the_same_number_of_queries_for_5_and_60_actions(
    client, viewer, manager, plan, query, django_assert_max_num_queries
):
    def add(count, start):
        for n in range(start, start + count):
            action = ActionFactory(plan=plan, ref=f"T1.{n}")
            MilestoneFactory(action=action, due_date=date(2023, 1, 1))
            action.record_update(by=manager, word=status_word(plan.council, "On track"), note="Monthly update")

    add(5, 1)
    client.force_login(viewer)
    with django_assert_max_num_queries(40) as five:
        client.get(plan.get_absolute_url(), query)
    queries_for_five = len(five)
    add(55, 6)
    with django_assert_max_num_queries(queries_for_five):
        response = client.get(plan.get_absolute_url(), query)
    assert len(page_refs(response)) == 60
