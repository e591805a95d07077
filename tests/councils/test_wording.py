"""Words an officer reads on the pages and in the papers, read aloud once: each says what it means."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.cqc import load_example_results
from actionplans.models import ActionPlan
from assessments.models import LEVEL_DEFINITIONS, Assessment, AssessmentAction
from assessments.services import assessment_approve, assessment_moderate
from councils.models import Role
from tests.actionplans.cqc_helpers import record
from tests.factories import ActionFactory
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data


def words(response):
    """The page's words, tags and runs of white space squeezed out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def published(council, service, author):
    approver = person_with_role(council, Role.APPROVER, "approver")
    eia = ready_assessment(council, service, author)
    eia.submit(by=author)
    assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=approver)
    assessment_moderate(
        assessment=Assessment.objects.get(pk=eia.pk),
        by=person_with_role(council, Role.MODERATOR, "moderator"),
        body="Equality group",
        on=timezone.localdate(),
        outcome="endorsed",
    )
    return Assessment.objects.get(pk=eia.pk).publish(by=approver)


def test_a_published_eia_pdf_says_signed_off_and_moderated(client, published, author):
    client.force_login(author)
    response = client.get(reverse("assessments:pdf", args=[published.pk]))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Status Signed off and moderated" in text


def test_the_download_links_name_the_pdf_they_download(client, published, author):
    client.force_login(author)
    text = words(client.get(published.get_absolute_url()))
    assert "Download the PDF re-issued with its moderation" in text
    assert "Download the signed-off PDF" in text


def test_each_level_is_a_level_of_negative_impact():
    assert all("impact" in definition.lower() for _, definition in LEVEL_DEFINITIONS)
    low = dict(LEVEL_DEFINITIONS)["Low"]
    assert low.startswith("Little negative impact")


def test_the_review_date_hint_gives_a_whole_date(client, assessment, author):
    client.force_login(author)
    text = words(client.get(reverse("assessments:action-add", args=[assessment.pk])))
    assert "For example, 27 3 2027." in text
    assert "7 2015" not in text


def test_a_cqc_score_on_the_plan_page_says_which_assessment_it_is_from(client, plan, manager):
    ActionFactory(plan=plan)
    record(plan.council, manager, [2] * 9, title="CQC assessment of adult social care")
    load_example_results(plan.council, {Role.MANAGER: manager})  # other councils' results, not the council's own
    client.force_login(manager)
    text = words(client.get(plan.get_absolute_url()))
    assert re.search(
        r"Latest CQC score: 2: Evidence shows some shortfalls ?, from CQC assessment of adult social care",
        text,
    )
    assert "Gloucestershire County Council, CQC" not in text


def test_the_details_form_says_about_the_assessment_once(client, assessment, author):
    client.force_login(author)
    page = client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()
    assert page.count("About the assessment") == 1


def test_an_action_heading_is_not_cut_where_there_is_room(client, assessment, author):
    action_required = (
        "Commission a specialist transport service for people in rural areas who cannot use the "
        "community hubs, and review it each quarter"
    )
    AssessmentAction.objects.create(assessment=assessment, action_required=action_required, priority="low")
    client.force_login(author)
    text = words(client.get(assessment.get_absolute_url()))
    assert f"Action 1: {action_required}" in text


def test_the_plan_details_page_title_names_the_plan(client, plan, manager):
    client.force_login(manager)
    page = client.get(reverse("actionplans:edit", args=[plan.pk])).content.decode()
    assert f"<title>The plan's details – {plan.title} – EqA</title>" in page.replace("&#x27;", "'")


def test_a_refused_step_says_a_draft_is_a_draft(client, assessment, author):
    client.force_login(author)
    response = client.post(reverse("assessments:start-review", args=[assessment.pk]), follow=True)
    assert "This assessment is a draft, so it cannot be reviewed now." in words(response)


PLAN_EDIT_PAGES = [("actionplans:edit", False), ("actionplans:action-add", False), ("actionplans:action-edit", True)]


@pytest.mark.parametrize(
    "status, says", [("approved", "This plan is signed off"), ("submitted", "ask an approver to return it to you")]
)
@pytest.mark.parametrize("name, of_action", PLAN_EDIT_PAGES)
def test_an_edit_page_of_a_plan_no_longer_a_draft_says_why_and_what_to_do(
    client, plan, manager, name, of_action, status, says
):
    action = ActionFactory(plan=plan, ref="T1.1")
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    client.force_login(manager)
    args = [plan.pk] + ([action.pk] if of_action else [])
    for response in (
        client.get(reverse(name, args=args)),
        client.post(reverse(name, args=args), {"title": "Changed", "revision": plan.revision}),
    ):
        assert response.status_code == 403
        assert says in words(response) and "You cannot do this" not in words(response)
    assert ActionPlan.objects.get(pk=plan.pk).title == plan.title


def test_what_was_typed_into_a_plan_after_it_was_signed_off_is_shown_back(client, plan, manager):
    client.force_login(manager)
    url = reverse("actionplans:edit", args=[plan.pk])
    old_tab = client.get(url)
    ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
    response = client.post(url, form_data(old_tab, title="Typed in a tab left open"))
    assert response.status_code == 403
    assert "What you typed is not saved" in words(response) and "Typed in a tab left open" in words(response)


def test_a_person_who_cannot_edit_plans_gets_the_plain_refusal(client, plan, viewer):
    ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
    client.force_login(viewer)
    response = client.get(reverse("actionplans:edit", args=[plan.pk]))
    assert response.status_code == 403
    assert "You cannot do this" in words(response) and "This plan is signed off" not in words(response)
