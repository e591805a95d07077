"""A draft EIA, screening or plan started by mistake can be deleted, by whoever started it or a council admin, after
an "Are you sure" page, while it has never been submitted; the council's deletion log keeps who deleted what and
when."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actionplans.models import ActionPlan
from assessments.models import Assessment, Screening, ScreeningStatus, Status
from assessments.services import assessment_approve, screening_approve, screening_start_eia
from councils.models import DeletedDraft, Role
from tests.factories import ActionFactory, ActionPlanFactory, status_word
from tests.lifecycle_helpers import person_with_role, ready_assessment, ready_screening

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

    def test_the_page_asking_names_the_eia_by_its_reference(self, client, author, assessment):
        Assessment.objects.filter(pk=assessment.pk).update(reference="EIA-2026-007")
        client.force_login(author)
        page = client.get(reverse("assessments:delete", args=[assessment.pk])).content.decode()
        assert f'<span class="govuk-caption-l">EIA-2026-007 – {assessment.title}</span>' in page

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


class TestScreening:
    @pytest.fixture
    def screening(self, council, service, author):
        return ready_screening(council, service, author)

    def delete(self, client, person, screening):
        client.force_login(person)
        return client.post(reverse("assessments:screening-delete", args=[screening.pk]))

    def test_its_author_is_asked_to_confirm_and_told_what_goes(self, client, author, screening):
        client.force_login(author)
        page = " ".join(
            client.get(reverse("assessments:screening-delete", args=[screening.pk])).content.decode().split()
        )
        assert "Are you sure you want to delete this draft screening?" in page
        assert "It has never been submitted for a decision. Everything in it goes: its details and answers." in page
        assert Screening.objects.filter(pk=screening.pk).exists()

    def test_the_page_asking_names_the_screening_by_its_reference(self, client, author, screening):
        Screening.objects.filter(pk=screening.pk).update(reference="EIA-2026-008")
        client.force_login(author)
        page = client.get(reverse("assessments:screening-delete", args=[screening.pk])).content.decode()
        assert f'<span class="govuk-caption-l">EIA-2026-008 – Screening: {screening.title}</span>' in page

    def test_its_author_deletes_it_and_the_log_keeps_who_and_what(self, client, author, screening):
        response = self.delete(client, author, screening)
        assert response["Location"] == reverse("assessments:list")
        assert said(response) == [f"The draft ‘{screening.title}’ is deleted."]
        assert not Screening.objects.filter(pk=screening.pk).exists()
        logged = DeletedDraft.objects.get()
        assert (logged.kind, logged.record_id, logged.title, logged.deleted_by) == (
            "screening",
            screening.pk,
            screening.title,
            author,
        )

    def test_the_screening_page_offers_it_to_its_author_only(self, client, council, author, screening):
        url = reverse("assessments:screening-delete", args=[screening.pk])
        client.force_login(author)
        assert url in client.get(screening.get_absolute_url()).content.decode()
        client.force_login(person_with_role(council, Role.AUTHOR, "colin-colleague"))
        assert url not in client.get(screening.get_absolute_url()).content.decode()

    def test_a_council_admin_may_delete_anyones_draft_and_the_councils_history_says_so(
        self, client, council, screening
    ):
        admin = person_with_role(council, Role.COUNCIL_ADMIN, "ada-admin")
        self.delete(client, admin, screening)
        assert not Screening.objects.filter(pk=screening.pk).exists()
        page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
        assert f"Deleted the draft screening ‘{screening.title}’, which was never submitted" in page

    def test_another_author_is_refused_and_the_security_log_says_so(self, client, council, screening, security_log):
        colleague = person_with_role(council, Role.AUTHOR, "colin-colleague")
        assert self.delete(client, colleague, screening).status_code == 403
        assert Screening.objects.filter(pk=screening.pk).exists()
        messages = [json.loads(line)["message"] for line in security_log.getvalue().splitlines()]
        assert (
            f"refused user={colleague.pk} council={council.pk} record=assessments.Screening:{screening.pk} "
            f"action=delete path='{reverse('assessments:screening-delete', args=[screening.pk])}'"
        ) in messages

    def test_another_council_gets_404(self, client, outsider, screening):
        assert self.delete(client, outsider, screening).status_code == 404
        assert Screening.objects.filter(pk=screening.pk).exists()

    def test_once_submitted_it_is_kept_even_when_returned_to_draft(self, client, author, approver, screening):
        screening.submit(by=author).return_for_changes(by=approver, reason="Say who uses the centres.")
        response = self.delete(client, author, screening)
        assert response["Location"] == screening.get_absolute_url()
        assert said(response) == [
            "This screening has been submitted for a decision, so it is kept: it cannot be deleted. Nothing was "
            "changed."
        ]
        assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.DRAFT
        assert not DeletedDraft.objects.exists()

    def test_one_that_started_its_full_eia_is_kept(self, client, author, screening):
        screening.answers.filter(position=1).update(answer="yes", reason="Older people lose a service.")
        eia = screening_start_eia(screening=screening, by=author)
        response = self.delete(client, author, screening)
        assert said(response) == [
            "This screening started a full EIA, which carries its answers on, so it is kept: it cannot be "
            "deleted. Nothing was changed."
        ]
        assert Screening.objects.filter(pk=screening.pk).exists()
        assert Assessment.objects.get(pk=eia.pk).screening_id == screening.pk

    def test_a_deleted_reopened_draft_leaves_the_decision_the_newest(self, client, author, approver, screening):
        decided = screening_approve(screening=screening.submit(by=author), by=approver)
        draft = decided.reopen(by=author)
        client.force_login(author)
        page = " ".join(client.get(reverse("assessments:screening-delete", args=[draft.pk])).content.decode().split())
        assert "Version 1 stays as it was decided, and is again the newest." in page
        self.delete(client, author, draft)
        assert Screening.objects.get(pk=decided.pk).is_latest
        assert list(Screening.objects.latest_versions()) == [decided]


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
        ActionFactory(plan=plan).record_update(by=manager, word=status_word(plan.council, "Started"), note="Started.")
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
