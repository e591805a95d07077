"""A double-clicked button sends its form once: one EIA started, one update recorded. Every page's buttons carry the
guard (test_every_page.py checks); these show it works in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan, StatusUpdate
from assessments.models import Assessment
from tests.browser.conftest import assert_accessible
from tests.browser.steps import expect_heading, sign_in_as

pytestmark = pytest.mark.browser


def double_click(page, button_name):
    """Double-click the button; the number of times its form was sent."""
    sent = []
    page.expose_function("eqaFormSent", lambda: sent.append(1))
    page.evaluate("() => document.addEventListener('submit', () => window.eqaFormSent(), true)")
    with page.expect_navigation():
        page.get_by_role("button", name=button_name, exact=True).dblclick()
    return len(sent)


def test_a_double_clicked_start_starts_one_assessment(demo):
    page = demo
    sign_in_as(page, "demo-author")
    page.goto(reverse("assessments:start"))
    page.get_by_label("Which service is it for?").select_option(index=1)
    page.get_by_role("group", name="What is being assessed?").get_by_label("Service", exact=True).check()
    page.get_by_label("What is the assessment called?").fill("Day opportunities for people with a learning disability")

    assert double_click(page, "Start the assessment") == 1

    expect_heading(page, "Day opportunities for people with a learning disability")
    assert_accessible(page)
    assert Assessment.objects.filter(title="Day opportunities for people with a learning disability").count() == 1


def test_a_double_clicked_update_is_recorded_once(demo):
    page = demo
    sign_in_as(page, "demo-manager")
    action = ActionPlan.objects.get(title=PLAN_TITLE).actions.get(ref="T1.7")
    before = StatusUpdate.objects.filter(action=action).count()
    page.goto(reverse("actionplans:action-update", args=[action.plan_id, action.pk]))
    page.get_by_label("What has happened since the last update?").fill("Training dates agreed with the provider.")

    assert double_click(page, "Record the update") == 1

    expect(page.get_by_role("heading", level=1)).to_contain_text("T1.7")
    assert StatusUpdate.objects.filter(action=action).count() == before + 1
