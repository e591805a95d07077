"""Completed work is not reported as overdue: a manager records an action of the demo plan as Complete, and the plan
page no longer lists its late milestones as overdue, nor does the action's page mark them."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan
from tests.browser.conftest import assert_accessible
from tests.browser.steps import choose_radio, expect_heading, expect_success, press_button, sign_in_as, type_into
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser


def late_action():
    """An action of the demo plan, not complete, with a milestone overdue today."""
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    for action in plan.actions.exclude(status="complete").prefetch_related("milestones").order_by("ref_key"):
        if any(m.is_overdue() for m in action.milestones.all()):
            return action
    raise AssertionError("the demo plan has no action with an overdue milestone")


def overdue_list(page):
    return page.locator("#overdue + ul, #overdue + p")


def test_a_completed_actions_milestones_are_not_overdue_on_the_plan_page(page):
    load_demo()
    action = late_action()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-manager")

    page.goto(reverse("actionplans:plan", args=[action.plan_id]))
    expect(overdue_list(page).get_by_role("link", name=action.ref, exact=True).first).to_be_visible()

    page.goto(reverse("actionplans:action-update", args=[action.plan_id, action.pk]))
    expect_heading(page, "Record an update")
    choose_radio(page, page.get_by_role("radio", name="Complete", exact=True))
    type_into(page, "What has happened since the last update?", "All of it delivered and signed off at DMT.")
    press_button(page, "Record the update")
    expect_success(page, f"Your update to {action.ref} is recorded.")
    expect(page.locator("main .govuk-tag--red", has_text="Overdue")).to_have_count(0)
    assert_accessible(page)

    page.goto(reverse("actionplans:plan", args=[action.plan_id]))
    expect_heading(page, PLAN_TITLE)
    expect(overdue_list(page).get_by_role("link", name=action.ref, exact=True)).to_have_count(0)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=action.ref, exact=True))
    expect(row).to_contain_text("Complete")
    expect(row).not_to_contain_text("Overdue")
    assert_accessible(page)
