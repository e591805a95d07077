import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, PlanStatus, PlanStatusChange
from actionplans.models.actions import STALE_AFTER
from assessments.models import (
    Assessment,
    ModerationOutcome,
    Screening,
    ScreeningStatus,
    ScreeningStatusChange,
    Status,
    StatusChange,
)
from assessments.services import assessment_approve, assessment_moderate
from councils.models import Role, ScreeningUse
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssessmentFactory,
    MembershipFactory,
    ScreeningFactory,
    ServiceFactory,
    UserFactory,
    status_word,
)
from tests.lifecycle_helpers import ready_assessment

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")

HOME = reverse("home")


def panels(client, person):
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 200
    return {panel["key"]: panel for panel in response.context["panels"]}


def titles(panel):
    return [item["title"] for item in panel["items"]]


@pytest.fixture
def moderator(council):
    return MembershipFactory(council=council, role=Role.MODERATOR, user=UserFactory(username="mo-moderator")).user


@pytest.fixture
def today():
    return timezone.localdate()


def returned(assessment, by, reason):
    """As Assessment.return_for_changes records it."""
    StatusChange.objects.create(
        assessment=assessment, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=assessment.created_by
    )
    return StatusChange.objects.create(
        assessment=assessment, from_status=Status.SUBMITTED, to_status=Status.DRAFT, by=by, note=reason
    )


def returned_screening(screening, by, reason):
    """As Screening.return_for_changes records it."""
    ScreeningStatusChange.objects.create(
        screening=screening,
        from_status=ScreeningStatus.DRAFT,
        to_status=ScreeningStatus.SUBMITTED,
        by=screening.created_by,
    )
    return ScreeningStatusChange.objects.create(
        screening=screening, from_status=ScreeningStatus.SUBMITTED, to_status=ScreeningStatus.DRAFT, by=by, note=reason
    )


def kinds(panel):
    """Each row's type, reference and title, as the panel's first three columns show them."""
    return [(item["kind"], item["reference"], item["title"]) for item in panel["items"]]


def returned_plan(council, by, reason, title="A returned plan"):
    """As ActionPlan.return_for_changes records it."""
    plan = ActionPlanFactory(council=council, created_by=by, title=title)
    PlanStatusChange.objects.create(plan=plan, from_status=PlanStatus.DRAFT, to_status=PlanStatus.SUBMITTED, by=by)
    PlanStatusChange.objects.create(
        plan=plan, from_status=PlanStatus.SUBMITTED, to_status=PlanStatus.DRAFT, by=by, note=reason
    )
    return plan


def submitted_plan(council, by, title="A submitted plan"):
    plan = ActionPlanFactory(council=council, created_by=by, title=title)
    PlanStatusChange.objects.create(plan=plan, from_status=PlanStatus.DRAFT, to_status=PlanStatus.SUBMITTED, by=by)
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    return plan


def stale_action(council, by, ref="T1.1", status=PlanStatus.APPROVED, wording="To be started"):
    """An action of a plan in `status`, added long ago and never updated since."""
    plan = ActionPlanFactory(council=council, created_by=by, title=f"Plan of {ref}")
    action = ActionFactory(plan=plan, ref=ref, area_of_focus=f"Focus of {ref}")
    word = status_word(council, wording)
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.now() - STALE_AFTER - timedelta(days=1), status=word.meaning, status_word=word
    )
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    return action


class TestDrafts:
    def test_it_lists_the_drafts_the_person_created_or_last_edited(
        self, client, council, service, author, other_council
    ):
        AssessmentFactory(council=council, service=service, created_by=author, title="Mine")
        AssessmentFactory(council=council, service=service, last_edited_by=author, title="Edited by me")
        AssessmentFactory(council=council, service=service, title="Somebody else's")
        AssessmentFactory(
            council=council, service=service, created_by=author, title="Submitted", status=Status.SUBMITTED
        )
        AssessmentFactory(council=other_council, created_by=author, title="Another council's")
        assert sorted(titles(panels(client, author)["drafts"])) == ["Edited by me", "Mine"]

    def test_it_leaves_out_drafts_and_returns_for_people_who_do_not_write(self, client, viewer, assessment):
        shown = panels(client, viewer)
        assert "drafts" not in shown and "returned" not in shown and "sign-off" not in shown
        assert "moderation" not in shown

    def test_it_says_when_there_are_none(self, client, author):
        client.force_login(author)
        assert "You have no draft assessments or screenings." in client.get(HOME).content.decode()


class TestReturned:
    def test_it_shows_the_return_its_reason_and_who_returned_it(self, client, council, service, author, approver):
        assessment = AssessmentFactory(council=council, service=service, created_by=author, title="Day centres")
        returned(assessment, approver, "Add the evidence from the carers' consultation.")
        panel = panels(client, author)["returned"]
        assert titles(panel) == ["Day centres"]
        page = client.get(HOME).content.decode()
        assert "Add the evidence from the carers&#x27; consultation." in page
        assert approver.get_full_name() in page

    def test_it_leaves_out_drafts_that_were_not_returned_or_were_resubmitted(
        self, client, council, service, author, approver
    ):
        AssessmentFactory(council=council, service=service, created_by=author, title="Never submitted")
        resubmitted = AssessmentFactory(
            council=council, service=service, created_by=author, title="Resubmitted", status=Status.SUBMITTED
        )
        returned(resubmitted, approver, "Fill in the grid.")
        StatusChange.objects.create(
            assessment=resubmitted, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=author
        )
        assert titles(panels(client, author)["returned"]) == []

    def test_it_shows_only_the_persons_own(self, client, council, service, author, approver):
        other_author = MembershipFactory(council=council, role=Role.AUTHOR).user
        returned(AssessmentFactory(council=council, service=service, created_by=other_author), approver, "No")
        assert titles(panels(client, author)["returned"]) == []


class TestWaitingForSignOff:
    def test_it_lists_submitted_assessments_but_not_the_approvers_own(
        self, client, council, service, author, approver, other_council
    ):
        AssessmentFactory(council=council, service=service, created_by=author, title="Ready", status=Status.SUBMITTED)
        AssessmentFactory(
            council=council,
            service=service,
            created_by=approver,
            title="Written by the approver",
            status=Status.SUBMITTED,
        )
        AssessmentFactory(
            council=council,
            service=service,
            created_by=author,
            last_edited_by=approver,
            title="Last edited by the approver",
            status=Status.SUBMITTED,
        )
        AssessmentFactory(council=council, service=service, created_by=author, title="A draft")
        AssessmentFactory(council=other_council, status=Status.SUBMITTED, title="Another council's")
        assert titles(panels(client, approver)["sign-off"]) == ["Ready"]

    # An approver decides the screenings of the services whose EIAs they sign off.
    @pytest.mark.parametrize("record_factory", [AssessmentFactory, ScreeningFactory])
    def test_it_respects_the_approvers_service_limits(self, client, council, service, author, record_factory):
        housing = ServiceFactory(council=council, name="Housing")
        for where, title in [(service, "In commissioning"), (housing, "In housing")]:
            record_factory(council=council, service=where, created_by=author, title=title, status="submitted")
        limited_to_parent = MembershipFactory(council=council, role=Role.APPROVER)
        limited_to_parent.services.set([service.parent])
        limited_to_housing = MembershipFactory(council=council, role=Role.APPROVER)
        limited_to_housing.services.set([housing])
        assert titles(panels(client, limited_to_parent.user)["sign-off"]) == ["In commissioning"]
        assert titles(panels(client, limited_to_housing.user)["sign-off"]) == ["In housing"]

    def test_it_is_not_shown_to_an_author(self, client, author):
        assert "sign-off" not in panels(client, author)

    def test_it_shows_ten_and_links_to_the_rest(self, client, council, service, author, approver):
        AssessmentFactory.create_batch(12, council=council, service=service, created_by=author, status=Status.SUBMITTED)
        panel = panels(client, approver)["sign-off"]
        assert (len(panel["items"]), panel["count"], panel["more"]) == (10, 12, 2)
        page = client.get(HOME).content.decode()
        assert f'href="{reverse("assessments:list")}?status=submitted">and 2 more' in page


class TestWaitingForModeration:
    def test_it_lists_the_signed_off_assessments_of_the_moderators_councils(
        self, client, council, service, moderator, other_council
    ):
        AssessmentFactory(council=council, service=service, title="Signed off", status=Status.APPROVED)
        AssessmentFactory(council=council, service=service, title="Moderated", status=Status.MODERATED)
        AssessmentFactory(council=council, service=service, title="Submitted", status=Status.SUBMITTED)
        AssessmentFactory(council=other_council, title="Another council's", status=Status.APPROVED)
        assert titles(panels(client, moderator)["moderation"]) == ["Signed off"]

    def test_it_is_left_out_for_people_who_do_not_moderate(self, client, author, approver):
        assert "moderation" not in panels(client, author)
        assert "moderation" not in panels(client, approver)


class TestReadyToPublish:
    def test_after_moderation_the_approver_is_told_it_is_ready_to_publish(
        self, client, council, service, author, approver, moderator
    ):
        eia = ready_assessment(council, service, author)
        eia.submit(by=author)
        assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=approver)
        assert titles(panels(client, approver)["publish"]) == []
        assessment_moderate(
            assessment=Assessment.objects.get(pk=eia.pk),
            by=moderator,
            body="Strategic Commissioning Directorate Equality Group",
            on=timezone.localdate(),
            outcome=ModerationOutcome.ENDORSED,
        )
        assert titles(panels(client, approver)["publish"]) == [eia.title]
        assert "Ready to publish" in client.get(HOME).content.decode()

    def test_a_council_that_does_not_moderate_publishes_once_signed_off(self, client, council, service, approver):
        AssessmentFactory(
            council=council, service=service, title="Signed off", status=Status.APPROVED, approved_at=timezone.now()
        )
        assert titles(panels(client, approver)["publish"]) == []
        council.eia_moderation_required = False
        council.save()
        assert titles(panels(client, approver)["publish"]) == ["Signed off"]

    def test_a_council_admin_may_publish_so_is_told_too(self, client, council, service):
        admin = MembershipFactory(council=council, role=Role.COUNCIL_ADMIN).user
        AssessmentFactory(council=council, service=service, title="Moderated", status=Status.MODERATED)
        AssessmentFactory(council=council, service=service, title="Published", status=Status.PUBLISHED)
        assert titles(panels(client, admin)["publish"]) == ["Moderated"]

    def test_only_those_who_publish_see_it_and_only_their_councils(
        self, client, council, service, author, viewer, moderator, approver, other_council
    ):
        AssessmentFactory(council=other_council, title="Another council's", status=Status.MODERATED)
        for person in (author, viewer, moderator):
            assert "publish" not in panels(client, person)
        assert titles(panels(client, approver)["publish"]) == []


class TestActionPlans:
    def test_a_manager_is_told_which_plans_came_back_and_why(self, client, council, manager, approver):
        returned_plan(council, approver, "Add the lead officer for T2.3.", title="Peer review plan")
        panel = panels(client, manager)["plans-returned"]
        assert titles(panel) == ["Peer review plan"]
        assert panel["items"][0]["detail"] == "Add the lead officer for T2.3."

    def test_a_plan_returned_then_submitted_again_is_no_longer_waiting(self, client, council, manager, approver):
        plan = returned_plan(council, approver, "Fix it")
        PlanStatusChange.objects.create(
            plan=plan, from_status=PlanStatus.DRAFT, to_status=PlanStatus.SUBMITTED, by=manager
        )
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
        assert titles(panels(client, manager)["plans-returned"]) == []

    def test_a_manager_is_told_which_actions_need_an_update(self, client, council, manager):
        stale_action(council, manager, ref="T1.1")
        stale_action(council, manager, ref="T2.1", status=PlanStatus.DRAFT)
        recent = stale_action(council, manager, ref="T3.1")
        recent.record_update(by=manager, word=status_word(council, "On track"), note="Going well")
        stale_action(council, manager, ref="T4.1", wording="Complete")
        assert titles(panels(client, manager)["actions-to-update"]) == ["T1.1: Focus of T1.1"]

    def test_more_actions_to_update_lead_to_the_plan_page_that_shows_them_all(self, client, council, manager):
        plan = ActionPlanFactory(council=council, created_by=manager)
        for n in range(1, 13):
            ActionFactory(plan=plan, ref=f"T1.{n}", area_of_focus=f"Focus of T1.{n}")
        Action.objects.filter(plan=plan).update(created_at=timezone.now() - STALE_AFTER - timedelta(days=1))
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
        shown = panels(client, manager)["actions-to-update"]
        assert shown["more"] == 2 and shown["more_hint"] == "actions with no update for 60 days"
        page = client.get(shown["more_url"])
        assert all(f"Focus of T1.{n}" in page.content.decode() for n in range(1, 13))

    def test_more_actions_to_update_of_several_plans_say_where_they_are(self, client, council, manager):
        for n in range(1, 13):
            stale_action(council, manager, ref=f"T1.{n}")
        shown = panels(client, manager)["actions-to-update"]
        assert shown["more"] == 2 and shown["more_url"] == reverse("actionplans:list")
        assert shown["more_hint"] == "actions with no update for 60 days, on their plans' pages"

    def test_each_panel_and_its_table_region_have_names_of_their_own(self, client, council, manager):
        # A section named by its heading and the scrolling region in it are both landmarks: with one name, a
        # screen reader's list of landmarks cannot tell them apart.
        stale_action(council, manager, ref="T1.1")
        client.force_login(manager)
        page = client.get(HOME).content.decode()
        headings = dict(re.findall(r'<h2 class="govuk-heading-m" id="(panel-[^"]+)">([^<]+)</h2>', page))
        sections = [headings[key] for key in re.findall(r'<section [^>]*aria-labelledby="(panel-[^"]+)"', page)]
        regions = re.findall(r'role="region" aria-label="([^"]+)"', page)
        assert "Actions with no update for 60 days: 1 action" in regions
        assert len(sections + regions) == len(set(sections + regions))

    def test_an_approver_is_told_which_plans_wait_for_sign_off_but_not_their_own(
        self, client, council, manager, approver, other_council
    ):
        submitted_plan(council, manager, title="Ready for sign-off")
        submitted_plan(council, approver, title="Written by the approver")
        submitted_plan(other_council, manager, title="Another council's")
        returned_plan(council, manager, "No", title="Returned")
        assert titles(panels(client, approver)["plans-sign-off"]) == ["Ready for sign-off"]

    def test_each_role_sees_only_the_plan_panels_for_its_work(
        self, client, manager, author, approver, viewer, moderator
    ):
        plan_panels = {"plans-returned", "actions-to-update", "plans-sign-off"}
        assert plan_panels & set(panels(client, manager)) == {"plans-returned", "actions-to-update"}
        assert plan_panels & set(panels(client, author)) == {"plans-returned", "actions-to-update"}
        assert plan_panels & set(panels(client, approver)) == {"plans-sign-off"}
        assert plan_panels & set(panels(client, viewer)) == set()
        assert plan_panels & set(panels(client, moderator)) == set()

    def test_another_councils_plans_are_never_shown(self, client, council, other_council, outsider, manager):
        returned_plan(council, manager, "Fix it")
        stale_action(council, manager)
        shown = panels(client, outsider)
        assert titles(shown["plans-returned"]) == [] and titles(shown["actions-to-update"]) == []

    def test_the_panels_say_when_nothing_waits(self, client, manager):
        client.force_login(manager)
        page = client.get(HOME).content.decode()
        assert "No action plans have been returned for changes." in page
        assert "Every action of your signed-off plans has an update from the last 60 days." in page


class TestReviews:
    def test_due_and_overdue_list_signed_off_assessments_soonest_first(
        self, client, council, service, viewer, other_council, today
    ):
        def make(title, status, days):
            AssessmentFactory(
                council=council, service=service, title=title, status=status, review_due=today + timedelta(days=days)
            )

        make("Due in 80 days", Status.MODERATED, 80)
        make("Due today", Status.APPROVED, 0)
        make("Due in 30 days", Status.PUBLISHED, 30)
        make("Due in 100 days", Status.APPROVED, 100)
        make("Overdue by a year", Status.APPROVED, -365)
        make("Overdue by a day", Status.PUBLISHED, -1)
        make("Superseded", Status.SUPERSEDED, -10)
        make("Superseded soon", Status.SUPERSEDED, 10)
        AssessmentFactory(council=other_council, status=Status.APPROVED, review_due=today + timedelta(days=5))
        AssessmentFactory(council=other_council, status=Status.APPROVED, review_due=today - timedelta(days=5))
        shown = panels(client, viewer)
        assert titles(shown["due"]) == ["Due today", "Due in 30 days", "Due in 80 days"]
        assert titles(shown["overdue"]) == ["Overdue by a year", "Overdue by a day"]
        assert shown["due"]["items"][1]["date"] == today + timedelta(days=30)

    def test_it_says_whether_a_review_is_in_progress(self, client, council, service, author, today):
        old = AssessmentFactory(
            council=council,
            service=service,
            status=Status.APPROVED,
            title="Care at home",
            review_due=today - timedelta(days=3),
        )
        Assessment.objects.filter(pk=old.pk).update(is_latest=False)
        newer = AssessmentFactory(
            council=council, service=service, title="Care at home", previous_version=old, version=2, created_by=author
        )
        AssessmentFactory(
            council=council,
            service=service,
            status=Status.APPROVED,
            title="Not yet reviewed",
            review_due=today - timedelta(days=1),
        )
        items = panels(client, author)["overdue"]["items"]
        assert [(item["title"], item["detail"]) for item in items] == [
            ("Care at home", "Started: version 2, draft"),
            ("Not yet reviewed", "Not started"),
        ]
        assert items[0]["detail_url"] == newer.get_absolute_url()
        page = client.get(HOME).content.decode()
        assert f'href="{newer.get_absolute_url()}">Started: version 2, draft</a>' in page

    def test_it_links_the_rest_to_the_filtered_list(self, client, council, service, viewer, today):
        AssessmentFactory.create_batch(
            11, council=council, service=service, status=Status.APPROVED, review_due=today - timedelta(days=1)
        )
        client.force_login(viewer)
        page = client.get(HOME).content.decode()
        assert f'href="{reverse("assessments:list")}?review=overdue">and 1 more' in page

    def test_it_says_when_nothing_is_due(self, client, viewer):
        client.force_login(viewer)
        page = client.get(HOME).content.decode()
        assert "No assessments or screenings are due for review in the next 90 days." in page
        assert "No assessments or screenings are overdue for review." in page


def changed(record, days_ago):
    type(record).objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return record


def screened_out(council, service, title, due, **fields):
    return ScreeningFactory(
        council=council, service=service, title=title, status=ScreeningStatus.APPROVED, review_due=due, **fields
    )


def required(council, service, title, by, approver, **fields):
    """A screening an approver decided needs a full EIA, although every answer is No, as require_full_eia records
    it."""
    return ScreeningFactory(
        council=council,
        service=service,
        title=title,
        created_by=by,
        status=ScreeningStatus.FULL_EIA_NEEDED,
        decision_reason=f"{title}: the closures fall on one estate.",
        approved_by=approver,
        approved_at=timezone.now(),
        **fields,
    )


class TestFullEiaNeeded:
    @pytest.fixture(autouse=True)
    def screens(self, council):
        council.screening_use = ScreeningUse.OPTIONAL
        council.save()

    def test_it_tells_the_author_which_screenings_an_approver_decided_need_a_full_eia_and_why(
        self, client, council, service, author, approver, other_council
    ):
        waiting = required(council, service, "Day centres", author, approver)
        started = required(council, service, "Started already", author, approver)
        AssessmentFactory(council=council, service=service, screening=started)
        required(council, service, "Somebody else's", approver, approver)
        ScreeningFactory(
            council=council,
            service=service,
            created_by=author,
            title="Screened in by its answers",
            status=ScreeningStatus.FULL_EIA_NEEDED,
        )
        panel = panels(client, author)["full-eia"]
        assert kinds(panel) == [("Screening", waiting.reference, "Day centres")]
        item = panel["items"][0]
        assert (item["url"], item["detail"]) == (
            waiting.get_absolute_url(),
            "Day centres: the closures fall on one estate.",
        )
        assert item["detail_meta"] == f"By {approver.get_full_name()}"

    def test_the_author_follows_it_to_the_screening_where_they_start_the_full_eia(
        self, client, council, service, author, approver
    ):
        waiting = required(council, service, "Day centres", author, approver)
        client.force_login(author)
        home = client.get(HOME).content.decode()
        assert f'<a class="govuk-link" href="{waiting.get_absolute_url()}">Day centres</a>' in home
        assert 'form="start-eia"' in client.get(waiting.get_absolute_url()).content.decode()

    def test_an_author_of_a_council_without_screening_has_no_such_panel(self, client, council, author):
        council.screening_use = ScreeningUse.NOT_USED
        council.save()
        assert "full-eia" not in panels(client, author)

    def test_nobody_else_has_it(self, client, approver, viewer):
        for person in (approver, viewer):
            assert "full-eia" not in panels(client, person)


class TestScreenings:
    def test_an_authors_draft_screenings_are_among_their_drafts_newest_first_each_saying_which_it_is(
        self, client, council, service, author, other_council
    ):
        eia = changed(AssessmentFactory(council=council, service=service, created_by=author, title="Day centres"), 3)
        screening = changed(
            ScreeningFactory(council=council, service=service, created_by=author, title="Respite beds"), 1
        )
        edited = changed(
            ScreeningFactory(council=council, service=service, last_edited_by=author, title="Meals at home"), 2
        )
        ScreeningFactory(council=council, service=service, title="Somebody else's")
        ScreeningFactory(
            council=council, service=service, created_by=author, title="Submitted", status=ScreeningStatus.SUBMITTED
        )
        ScreeningFactory(council=other_council, created_by=author, title="Another council's")
        assert kinds(panels(client, author)["drafts"]) == [
            ("Screening", screening.reference, "Respite beds"),
            ("Screening", edited.reference, "Meals at home"),
            ("EIA", eia.reference, "Day centres"),
        ]

    def test_the_type_and_reference_are_words_in_columns_of_their_own(self, client, council, service, author):
        screening = ScreeningFactory(council=council, service=service, created_by=author, title="Respite beds")
        eia = AssessmentFactory(council=council, service=service, created_by=author, title="Day centres")
        client.force_login(author)
        page = client.get(HOME).content.decode()
        assert '<th scope="col" class="govuk-table__header">Type</th>' in page
        for reference, kind in [(screening.reference, "Screening"), (eia.reference, "EIA")]:
            assert re.search(
                rf'<td class="govuk-table__cell">{reference}</td>\s*<td class="govuk-table__cell">{kind}</td>', page
            )
        assert 'aria-label="Your drafts: 1 EIA and 1 screening"' in page

    def test_a_returned_screening_shows_its_reason_and_who_returned_it(
        self, client, council, service, author, approver
    ):
        screening = ScreeningFactory(council=council, service=service, created_by=author, title="Respite beds")
        returned_screening(screening, approver, "Say why carers are not affected.")
        panel = panels(client, author)["returned"]
        assert kinds(panel) == [("Screening", screening.reference, "Respite beds")]
        assert (panel["items"][0]["detail"], panel["items"][0]["detail_meta"]) == (
            "Say why carers are not affected.",
            f"By {approver.get_full_name()}",
        )
        assert "Say why carers are not affected." in client.get(HOME).content.decode()

    def test_returns_of_both_kinds_are_listed_newest_first_and_only_to_their_author(
        self, client, council, service, author, approver
    ):
        eia = AssessmentFactory(council=council, service=service, created_by=author, title="Day centres")
        returned(eia, approver, "Add the evidence.")
        StatusChange.objects.filter(assessment=eia).update(at=timezone.now() - timedelta(days=2))
        screening = ScreeningFactory(council=council, service=service, created_by=author, title="Respite beds")
        returned_screening(screening, approver, "Say why.")
        someone_elses = ScreeningFactory(council=council, service=service, title="Somebody else's")
        returned_screening(someone_elses, approver, "No")
        assert titles(panels(client, author)["returned"]) == ["Respite beds", "Day centres"]

    def test_an_approver_is_asked_to_decide_submitted_screenings_they_did_not_write_or_change(
        self, client, council, service, author, approver, other_council
    ):
        def submitted(title, **fields):
            return ScreeningFactory(
                council=council, service=service, title=title, status=ScreeningStatus.SUBMITTED, **fields
            )

        ready = submitted("Ready", created_by=author)
        submitted("Written by the approver", created_by=approver)
        submitted("Last edited by the approver", created_by=author, last_edited_by=approver)
        submitted("Changed by the approver", created_by=author).contributors.add(approver)
        ScreeningFactory(council=council, service=service, created_by=author, title="A draft")
        ScreeningFactory(council=other_council, title="Another council's", status=ScreeningStatus.SUBMITTED)
        assert kinds(panels(client, approver)["sign-off"]) == [("Screening", ready.reference, "Ready")]

    def test_screened_out_decisions_due_and_overdue_are_reviewed_beside_the_eias(
        self, client, council, service, viewer, other_council, today
    ):
        def in_days(days):
            return today + timedelta(days=days)

        AssessmentFactory(
            council=council, service=service, title="EIA due in 20", status=Status.APPROVED, review_due=in_days(20)
        )
        screened_out(council, service, "Due in 10", in_days(10))
        screened_out(council, service, "Due in 30", in_days(30))
        screened_out(council, service, "Due in 100", in_days(100))
        screened_out(council, service, "Overdue by 5", in_days(-5))
        reopened = screened_out(council, service, "Reopened", in_days(-3))
        Screening.objects.filter(pk=reopened.pk).update(is_latest=False)
        ScreeningFactory(
            council=council,
            service=service,
            title="Full EIA needed",
            status=ScreeningStatus.FULL_EIA_NEEDED,
            review_due=in_days(5),
        )
        screened_out(other_council, ServiceFactory(council=other_council), "Another council's", in_days(5))
        screened_out(other_council, ServiceFactory(council=other_council), "Another council's late", in_days(-5))
        shown = panels(client, viewer)
        assert titles(shown["due"]) == ["Due in 10", "EIA due in 20", "Due in 30"]
        assert [(item["kind"], item["date"], item["detail"]) for item in shown["overdue"]["items"]] == [
            ("Screening", in_days(-5), "Not started")
        ]

    def test_another_councils_screenings_are_never_shown_even_to_their_former_author(
        self, client, council, service, author, approver, outsider, other_council, today
    ):
        # Written by the outsider when they worked for the council: only the council they work for now counts.
        ScreeningFactory(council=council, service=service, created_by=outsider)
        returned_screening(ScreeningFactory(council=council, service=service, created_by=outsider), approver, "No")
        ScreeningFactory(council=council, service=service, created_by=author, status=ScreeningStatus.SUBMITTED)
        screened_out(council, service, "Due", today + timedelta(days=5))
        screened_out(council, service, "Overdue", today - timedelta(days=5))
        MembershipFactory(council=other_council, user=outsider, role=Role.APPROVER)
        shown = panels(client, outsider)
        assert {key: panel["items"] for key, panel in shown.items() if key in ("drafts", "returned", "sign-off")} == {
            "drafts": [],
            "returned": [],
            "sign-off": [],
        }
        assert shown["due"]["items"] == shown["overdue"]["items"] == []

    def test_ten_of_both_kinds_are_shown_and_the_rest_counted(self, client, council, service, author):
        for days in range(6):
            changed(AssessmentFactory(council=council, service=service, created_by=author), 2 * days)
            changed(ScreeningFactory(council=council, service=service, created_by=author), 2 * days + 1)
        panel = panels(client, author)["drafts"]
        assert (len(panel["items"]), panel["count"], panel["more"]) == (10, 12, 2)
        assert [item["kind"] for item in panel["items"]] == ["EIA", "Screening"] * 5
        assert panel["counted"] == "6 EIAs and 6 screenings"


def test_a_person_of_several_councils_sees_which_council_each_belongs_to(
    client, council, service, viewer, other_council, today
):
    MembershipFactory(council=other_council, user=viewer, role=Role.VIEWER)
    AssessmentFactory(
        council=other_council,
        service=ServiceFactory(council=other_council, name="Housing"),
        status=Status.APPROVED,
        review_due=today,
    )
    assert [item["place"] for item in panels(client, viewer)["due"]["items"]] == ["Another Borough Council: Housing"]


def test_a_person_without_a_council_sees_no_panels(client, db):
    person = UserFactory()
    client.force_login(person)
    response = client.get(HOME)
    assert response.context["panels"] == []
    assert "Ask your council admin to add you" in response.content.decode()


def _fill(council, service, author, approver, count, today):
    for _ in range(count):
        AssessmentFactory(council=council, service=service, created_by=author)
        returned(AssessmentFactory(council=council, service=service, created_by=author), approver, "Reason")
        AssessmentFactory(council=council, service=service, created_by=approver, status=Status.SUBMITTED)
        AssessmentFactory(
            council=council, service=service, status=Status.APPROVED, review_due=today + timedelta(days=10)
        )
        old = AssessmentFactory(
            council=council, service=service, status=Status.PUBLISHED, review_due=today - timedelta(days=10)
        )
        AssessmentFactory(council=council, service=service, previous_version=old, version=2, created_by=author)
        AssessmentFactory(council=council, service=service, status=Status.MODERATED, moderated_at=timezone.now())
        returned_plan(council, approver, "Reason")
        stale_action(council, approver)
        submitted_plan(council, approver)
        ScreeningFactory(council=council, service=service, created_by=author)
        returned_screening(ScreeningFactory(council=council, service=service, created_by=author), approver, "Reason")
        ScreeningFactory(council=council, service=service, created_by=approver, status=ScreeningStatus.SUBMITTED)
        screened_out(council, service, "Due", today + timedelta(days=10))
        screened_out(council, service, "Overdue", today - timedelta(days=10))
        required(council, service, "Required", author, approver)


@pytest.fixture
def everyone(council, author):
    """One person who holds every role, so every panel is drawn."""
    for role in (Role.APPROVER, Role.MODERATOR):
        MembershipFactory(council=council, user=author, role=role)
    return author


def _queries(client, person):
    client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_page_makes_as_many_queries_for_thirty_records_as_for_one(
    client, council, service, everyone, approver, today, django_assert_max_num_queries
):
    council.screening_use = ScreeningUse.OPTIONAL
    council.save()
    _fill(council, service, everyone, approver, 1, today)
    with_one = _queries(client, everyone)
    assert {key: len(panel["items"]) for key, panel in panels(client, everyone).items()} == {
        "drafts": 5,
        "returned": 2,
        "full-eia": 1,
        "sign-off": 2,
        "moderation": 1,
        "publish": 1,
        "due": 2,
        "overdue": 2,
        "plans-returned": 1,
        "actions-to-update": 1,
        "plans-sign-off": 1,
    }
    _fill(council, service, everyone, approver, 29, today)
    client.force_login(everyone)
    with django_assert_max_num_queries(with_one):
        client.get(HOME)
    # Sessions and the user, the header's councils, the page's councils, the memberships and their service
    # limits (read once for every app), and one query per panel and kind of record: the drafts, returns, sign-offs
    # and reviews due and overdue list screenings too, a query each, and the screenings needing a full EIA one more.
    assert with_one <= 22


def home_links(client, person):
    client.force_login(person)
    return [text for text, _ in client.get(reverse("home")).context["links"]]


def test_it_offers_to_start_an_eia_only_to_those_who_may(client, author, manager, approver, viewer):
    assert "Start a new equality impact assessment" in home_links(client, author)
    for person in (manager, approver, viewer):
        assert "Start a new equality impact assessment" not in home_links(client, person)


def test_it_offers_to_start_a_screening_beside_an_eia_to_an_author_whose_council_screens(
    client, council, other_council, author, viewer
):
    assert "Start a screening" not in home_links(client, author)
    other_council.screening_use = ScreeningUse.ALWAYS
    other_council.save()
    MembershipFactory(council=other_council, user=author, role=Role.AUTHOR)
    MembershipFactory(council=other_council, user=viewer, role=Role.VIEWER)
    links = home_links(client, author)
    assert links[links.index("Start a new equality impact assessment") + 1] == "Start a screening"
    assert "Start a screening" not in home_links(client, viewer)


def test_it_links_everyone_to_the_action_plans_and_offers_a_new_one_to_their_writers(client, manager, viewer):
    assert home_links(client, manager)[-2:] == ["Improvement action plans", "Start a new action plan"]
    assert home_links(client, viewer) == ["Equality impact assessments", "Improvement action plans"]


def test_every_link_it_offers_opens(client, author, manager, approver, viewer, service):
    for person in (author, manager, approver, viewer):
        client.force_login(person)
        for text, url in client.get(reverse("home")).context["links"]:
            assert client.get(url).status_code == 200, f"{text} as {person.username}"
