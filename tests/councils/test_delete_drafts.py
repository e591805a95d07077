"""A draft EIA or plan started by mistake can be deleted, by whoever started it or a council admin, after an "Are
you sure" page, while it has never been submitted; the council's deletion log keeps who deleted what and when."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actionplans.models import ActionPlan, ActionStatus
from assessments.models import Assessment, Status
from assessments.services import assessment_approve
from councils.models import DeletedDraft, Role
from tests.factories import ActionFactory, ActionPlanFactory
from tests.lifecycle_helpers import person_with_role, ready_assessment

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def delete_eia(client, person, assessment):
    client.force_login(person)
    return client.post(reverse("assessments:delete", args=[assessment.pk]))


class TestAssessment:
    def test_its_author_is_asked_to_confirm_with_a_warning_button(self, client, author, assessment):
        client.force_login(author)
        page = client.get(reverse("assessments:delete", args=[assessment.pk])).content.decode()
        assert "Are you sure you want to delete this draft assessment?" in page
        assert 'class="govuk-button govuk-button--warning"' in page
        assert Assessment.objects.filter(pk=assessment.pk).exists()

    def test_its_author_deletes_it_and_the_log_keeps_who_and_what(self, client, author, assessment):
        response = delete_eia(client, author, assessment)
        assert response["Location"] == reverse("assessments:list")
        assert said(response) == [f"The draft ‘{assessment.title}’ is deleted."]
        assert not Assessment.objects.filter(pk=assessment.pk).exists()
        logged = DeletedDraft.objects.get()
        assert (logged.kind, logged.record_id, logged.title, logged.deleted_by, logged.council) == (
            "assessment",
            assessment.pk,
            assessment.title,
            author,
            assessment.council,
        )

    def test_the_eia_page_offers_it_to_its_author(self, client, author, assessment):
        client.force_login(author)
        assert (
            reverse("assessments:delete", args=[assessment.pk])
            in client.get(assessment.get_absolute_url()).content.decode()
        )

    def test_a_council_admin_may_delete_anyones_draft(self, client, council, assessment):
        delete_eia(client, person_with_role(council, Role.COUNCIL_ADMIN, "ada-admin"), assessment)
        assert not Assessment.objects.filter(pk=assessment.pk).exists()

    def test_the_councils_history_lists_the_deletion(self, client, council, author, assessment):
        delete_eia(client, author, assessment)
        client.force_login(person_with_role(council, Role.COUNCIL_ADMIN, "ada-admin"))
        page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
        assert f"Deleted the draft assessment ‘{assessment.title}’, which was never submitted" in page

    def test_another_author_may_not(self, client, council, assessment):
        colleague = person_with_role(council, Role.AUTHOR, "colin-colleague")
        assert delete_eia(client, colleague, assessment).status_code == 403
        assert Assessment.objects.filter(pk=assessment.pk).exists()

    def test_another_council_gets_404(self, client, outsider, assessment):
        assert delete_eia(client, outsider, assessment).status_code == 404

    def test_once_submitted_it_is_kept_even_when_returned_to_draft(self, client, council, service, author, approver):
        eia = ready_assessment(council, service, author).submit(by=author)
        eia.return_for_changes(by=approver, reason="Say more about rural areas.")
        response = delete_eia(client, author, eia)
        assert response["Location"] == eia.get_absolute_url()
        assert said(response) == [
            "This assessment has been submitted for sign-off, so it is kept: it cannot be deleted. Nothing was changed."
        ]
        assert Assessment.objects.get(pk=eia.pk).status == Status.DRAFT
        assert not DeletedDraft.objects.exists()

    def test_a_deleted_review_leaves_the_signed_off_version_the_newest(
        self, client, council, service, author, approver
    ):
        first = assessment_approve(assessment=ready_assessment(council, service, author).submit(by=author), by=approver)
        review = first.start_review(by=author)
        delete_eia(client, author, review)
        assert Assessment.objects.get(pk=first.pk).is_latest

    def test_the_page_asking_to_delete_a_review_says_the_signed_off_version_stays(
        self, client, council, service, author, approver
    ):
        first = assessment_approve(assessment=ready_assessment(council, service, author).submit(by=author), by=approver)
        review = first.start_review(by=author)
        client.force_login(author)
        page = " ".join(client.get(reverse("assessments:delete", args=[review.pk])).content.decode().split())
        assert "Version 1 stays as it was signed off" in page


class TestPlan:
    def delete(self, client, person, plan):
        client.force_login(person)
        return client.post(reverse("actionplans:delete", args=[plan.pk]))

    def test_whoever_started_it_deletes_it(self, client, manager, plan):
        ActionFactory(plan=plan)
        response = self.delete(client, manager, plan)
        assert response["Location"] == reverse("actionplans:list")
        assert not ActionPlan.objects.filter(pk=plan.pk).exists()
        assert DeletedDraft.objects.get().kind == "action plan"

    def test_the_plan_page_offers_it(self, client, manager, plan):
        client.force_login(manager)
        assert reverse("actionplans:delete", args=[plan.pk]) in client.get(plan.get_absolute_url()).content.decode()

    def test_a_plan_whose_actions_have_updates_is_kept(self, client, manager, plan):
        ActionFactory(plan=plan).record_update(by=manager, status=ActionStatus.STARTED, note="Started.")
        response = self.delete(client, manager, plan)
        assert said(response) == [
            "Its actions have status updates, which are kept as a record, so this plan cannot "
            "be deleted. Nothing was changed."
        ]
        assert ActionPlan.objects.filter(pk=plan.pk).exists()

    def test_a_submitted_plan_is_kept(self, client, manager, plan):
        plan.submit(by=manager)
        self.delete(client, manager, plan)
        assert ActionPlan.objects.filter(pk=plan.pk).exists()

    @pytest.mark.parametrize("role", [Role.AUTHOR, Role.VIEWER, Role.APPROVER])
    def test_others_of_the_council_may_not(self, client, council, manager, role):
        plan = ActionPlanFactory(council=council, created_by=manager)
        assert self.delete(client, person_with_role(council, role, "someone"), plan).status_code == 403
