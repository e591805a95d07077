"""Nobody signs off what they helped write: not only who started an EIA or plan and who last saved it, but anyone
who changed its content, and, while a new version is unchanged, whoever wrote the version it copies."""

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, PlanStatus
from actionplans.services import plan_approve
from assessments.models import Assessment, Status
from assessments.services import assessment_approve
from councils.lifecycle import TransitionRefused
from councils.models import Membership, Role
from tests.factories import ActionPlanFactory, statement
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")


def approver_and(council, role, username):
    """A person who both writes (`role`) and signs off in the council."""
    person = person_with_role(council, Role.APPROVER, username)
    Membership.objects.create(user=person, council=council, role=role)
    return person


def edit_details(client, person, assessment, **changes):
    client.force_login(person)
    url = reverse("assessments:edit", args=[assessment.pk])
    assert client.post(url, form_data(client.get(url), **changes)).status_code == 302


@pytest.fixture
def co_author(council):
    return approver_and(council, Role.AUTHOR, "carol-co-author")


@pytest.fixture
def submitted_with_a_co_author(client, council, service, author, co_author):
    """Alice started it; Carol changed its aims; Alice saved it last and submitted it."""
    eia = ready_assessment(council, service, author)
    edit_details(client, co_author, eia, aims="Keep people at home, safely.")
    edit_details(client, author, eia, evidence="Complaints data 2013-14 and the 2014 survey.")
    return Assessment.objects.get(pk=eia.pk).submit(by=author)


class TestAssessment:
    def test_a_co_author_is_refused_saying_why(self, submitted_with_a_co_author, co_author):
        with pytest.raises(TransitionRefused) as refused:
            assessment_approve(assessment=submitted_with_a_co_author, by=co_author)
        assert refused.value.message == (
            "You changed this assessment while it was being written, so another approver must sign it off."
        )
        assert Assessment.objects.get(pk=submitted_with_a_co_author.pk).status == Status.SUBMITTED

    def test_the_co_author_is_refused_by_the_page_and_told_why_on_the_eia(
        self, client, submitted_with_a_co_author, co_author
    ):
        client.force_login(co_author)
        eia = submitted_with_a_co_author
        assert client.post(reverse("assessments:approve", args=[eia.pk])).status_code == 403
        page = client.get(eia.get_absolute_url())
        assert Status.SUBMITTED == Assessment.objects.get(pk=eia.pk).status
        assert "You changed this assessment while it was being written" in page.content.decode()
        assert reverse("assessments:approve", args=[eia.pk]) not in page.content.decode()

    def test_an_approver_who_wrote_none_of_it_signs_it_off(self, submitted_with_a_co_author, approver):
        assert assessment_approve(assessment=submitted_with_a_co_author, by=approver).status == Status.APPROVED

    def test_an_unchanged_new_version_is_its_first_versions_writers(
        self, client, council, service, author, co_author, approver
    ):
        first = assessment_approve(
            assessment=ready_assessment(council, service, co_author).submit(by=co_author), by=approver
        )
        second = first.start_review(by=author).submit(by=author)
        with pytest.raises(TransitionRefused) as refused:
            assessment_approve(assessment=second, by=co_author)
        assert refused.value.message == (
            "This version is unchanged from version 1, which you wrote or changed, so "
            "another approver must sign it off."
        )

    def test_a_changed_new_version_is_its_changers(self, client, council, service, author, co_author, approver):
        first = assessment_approve(
            assessment=ready_assessment(council, service, co_author).submit(by=co_author), by=approver
        )
        second = first.start_review(by=author)
        edit_details(client, author, second, evidence="The 2019 survey.")
        submitted = Assessment.objects.get(pk=second.pk).submit(by=author)
        assert assessment_approve(assessment=submitted, by=co_author).status == Status.APPROVED


class TestPlan:
    @pytest.fixture
    def submitted_plan(self, client, council, manager):
        """Mo started it; Pat added an action; Mo saved its details last and submitted it."""
        pat = approver_and(council, Role.MANAGER, "pat-co-author")
        plan = ActionPlanFactory(council=council, created_by=manager, last_edited_by=manager)
        client.force_login(pat)
        url = reverse("actionplans:action-add", args=[plan.pk])
        client.post(
            url,
            form_data(
                client.get(url),
                ref="T1.1",
                quality_statement=str(statement("Assessing needs").pk),
                area_of_focus="Carers",
            ),
        )
        client.force_login(manager)
        url = reverse("actionplans:edit", args=[plan.pk])
        client.post(url, form_data(client.get(url), description="Agreed at DMT."))
        return ActionPlan.objects.get(pk=plan.pk).submit(by=manager), pat

    def test_a_co_author_is_refused_saying_why(self, client, submitted_plan):
        plan, pat = submitted_plan
        with pytest.raises(TransitionRefused) as refused:
            plan_approve(plan=plan, by=pat)
        assert refused.value.message == (
            "You changed this plan while it was being written, so another approver must sign it off."
        )
        client.force_login(pat)
        assert (
            "You changed this plan while it was being written" in client.get(plan.get_absolute_url()).content.decode()
        )

    def test_an_approver_who_wrote_none_of_it_signs_it_off(self, submitted_plan, approver):
        plan, _ = submitted_plan
        assert plan_approve(plan=plan, by=approver).status == PlanStatus.APPROVED
