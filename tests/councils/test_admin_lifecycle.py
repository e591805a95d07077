"""The Django admin never takes a lifecycle step: status, sign-off, moderation, versions and revisions are read only
there, and a signed-off record and everything in it cannot be added to, changed or deleted. Refused with a page
or a message, never a server error. Through the admin's own pages, as a superuser."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from actionplans.services import plan_approve
from assessments.models import Assessment, IssuedPdf, Screening, ScreeningIssuedPdf
from assessments.services import assessment_approve, screening_approve
from tests.factories import ActionFactory, ActionPlanFactory, MilestoneFactory, UserFactory
from tests.lifecycle_helpers import ready_assessment, ready_screening
from tests.page_forms import form_data

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin(superuser):
    """The admin as a browser sees it: a server error is a 500 page, not an exception in the test."""
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.fixture
def draft_eia(council, service, author):
    return ready_assessment(council, service, author)


@pytest.fixture
def signed_off_eia(draft_eia, author, approver):
    return assessment_approve(assessment=draft_eia.submit(by=author), by=approver)


@pytest.fixture
def draft_screening(council, service, author):
    return ready_screening(council, service, author)


@pytest.fixture
def screened_out(draft_screening, author, approver):
    return screening_approve(screening=draft_screening.submit(by=author), by=approver)


@pytest.fixture
def draft_action(plan):
    action = ActionFactory(plan=plan, ref="T1.1")
    MilestoneFactory(action=action)
    return action


@pytest.fixture
def signed_off_plan(plan, draft_action, manager, approver):
    return plan_approve(plan=plan.submit(by=manager), by=approver)


def change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def delete_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_delete", args=[record.pk])


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def save_unchanged_but(admin, record, **changes):
    """The record's admin page posted back as the page filled it, with `changes`."""
    url = change_url(record)
    return admin.post(url, form_data(admin.get(url), **changes))


class TestLifecycleFieldsAreReadOnly:
    @pytest.mark.parametrize("record", ["draft_eia", "draft_screening"])
    def test_a_superuser_cannot_sign_off_an_eia_or_screen_out_a_screening_by_setting_its_status(
        self, admin, request, approver, record
    ):
        draft = request.getfixturevalue(record)
        response = save_unchanged_but(
            admin,
            draft,
            status=draft.Status.APPROVED,
            approved_by=approver.pk,
            approved_at_0="01/01/2025",
            approved_at_1="10:00:00",
            review_due="2026-01-01",
        )
        saved = type(draft).objects.get(pk=draft.pk)
        assert response.status_code == 302
        assert (saved.status, saved.approved_by, saved.approved_at, saved.review_due) == ("draft", None, None, None)
        assert not IssuedPdf.objects.exists()
        assert not ScreeningIssuedPdf.objects.exists()

    def test_an_eia_s_versions_and_revision_cannot_be_set(self, admin, draft_eia):
        save_unchanged_but(admin, draft_eia, version="7", revision="99", is_latest="", title="Renamed in the admin")
        saved = Assessment.objects.get(pk=draft_eia.pk)
        assert (saved.title, saved.version, saved.revision, saved.is_latest) == ("Renamed in the admin", 1, 0, True)

    def test_a_plan_s_status_cannot_be_set(self, admin, plan, approver):
        save_unchanged_but(admin, plan, status="approved", approved_by=approver.pk)
        assert ActionPlan.objects.get(pk=plan.pk).status == "draft"

    def test_an_action_s_status_moves_only_by_an_update(self, admin, draft_action):
        complete = draft_action.plan.council.status_words.get(word="Complete")
        save_unchanged_but(admin, draft_action, status="complete", status_word=complete.pk)
        saved = Action.objects.get(pk=draft_action.pk)
        assert (saved.status, saved.status_word.word) == ("not_started", "To be started")

    def test_a_milestone_is_done_only_by_an_update(self, admin, draft_action):
        save_unchanged_but(admin, draft_action, **{"milestones-0-done": "on", "milestones-0-done_on": "2025-01-01"})
        assert list(draft_action.milestones.values_list("done", "done_on")) == [(False, None)]

    def test_a_screening_s_reference_versions_and_revision_cannot_be_set(self, admin, draft_screening):
        save_unchanged_but(
            admin, draft_screening, reference="SCR-999", version="7", revision="99", title="Renamed in the admin"
        )
        saved = Screening.objects.get(pk=draft_screening.pk)
        assert (saved.title, saved.reference, saved.version, saved.revision) == (
            "Renamed in the admin",
            draft_screening.reference,
            1,
            0,
        )

    @pytest.mark.parametrize("model", [Assessment, Screening, ActionPlan])
    def test_eias_and_plans_are_started_in_eqa_not_in_the_admin(self, admin, model):
        assert admin.get(add_url(model)).status_code == 403


class TestSignedOffPlan:
    def test_adding_an_action_to_it_is_refused_with_a_message(self, admin, signed_off_plan, draft_action):
        response = admin.post(
            add_url(Action),
            {
                "plan": signed_off_plan.pk,
                "ref": "T9.9",
                "quality_statement": draft_action.quality_statement_id,
                "area_of_focus": "Added in the admin",
                "milestones-TOTAL_FORMS": "0",
                "milestones-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "This plan is signed off, so actions cannot be added to it or moved into it." in (
            response.content.decode()
        )
        assert signed_off_plan.actions.count() == 1

    def test_moving_an_action_into_it_is_refused_with_a_message(self, admin, signed_off_plan, manager):
        draft = ActionFactory(plan=ActionPlanFactory(council=signed_off_plan.council, created_by=manager))
        response = save_unchanged_but(admin, draft, plan=signed_off_plan.pk)
        assert response.status_code == 200
        assert Action.objects.get(pk=draft.pk).plan_id != signed_off_plan.pk

    def test_its_action_shows_read_only_and_cannot_be_saved(self, admin, signed_off_plan, draft_action):
        page = admin.get(change_url(draft_action))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert admin.post(change_url(draft_action), form_data(page, area_of_focus="Changed")).status_code == 403
        assert Action.objects.get(pk=draft_action.pk).area_of_focus == draft_action.area_of_focus

    @pytest.mark.parametrize("record", ["signed_off_plan", "draft_action"])
    def test_it_and_its_actions_cannot_be_deleted(self, admin, signed_off_plan, draft_action, record):
        target = {"signed_off_plan": signed_off_plan, "draft_action": draft_action}[record]
        assert admin.post(delete_url(target), {"post": "yes"}).status_code == 403
        assert type(target).objects.filter(pk=target.pk).exists()

    @pytest.mark.parametrize("record", ["signed_off_plan", "draft_action"])
    def test_deleting_it_from_the_list_is_refused_not_a_server_error(
        self, admin, signed_off_plan, draft_action, record
    ):
        target = {"signed_off_plan": signed_off_plan, "draft_action": draft_action}[record]
        changelist = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_changelist")
        response = admin.post(changelist, {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"})
        assert response.status_code in (200, 403)
        assert type(target).objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("record", "a_row_field"), [("signed_off_eia", "rows-0-neutral"), ("screened_out", "answers-0-reason")]
)
class TestSignedOffEiaOrScreenedOutScreening:
    def test_it_and_its_rows_show_read_only_and_cannot_be_saved(self, admin, request, record, a_row_field):
        frozen = request.getfixturevalue(record)
        page = admin.get(change_url(frozen))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert f'name="{a_row_field}"' not in page.content.decode()
        assert admin.post(change_url(frozen), form_data(page, title="Changed")).status_code == 403
        assert type(frozen).objects.get(pk=frozen.pk).title == frozen.title

    def test_it_cannot_be_deleted_one_by_one_or_from_the_list(self, admin, request, record, a_row_field):
        frozen = request.getfixturevalue(record)
        assert admin.post(delete_url(frozen), {"post": "yes"}).status_code == 403
        response = admin.post(
            reverse(f"admin:{frozen._meta.app_label}_{frozen._meta.model_name}_changelist"),
            {"action": "delete_selected", "_selected_action": [frozen.pk], "post": "yes"},
        )
        assert response.status_code in (200, 403)
        assert type(frozen).objects.filter(pk=frozen.pk).exists()
