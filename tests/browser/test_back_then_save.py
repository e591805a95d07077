"""Back, then Save again, creates nothing more: the form's one-time key lands on the record the first Save made."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ActionPlan, StatusUpdate
from councils.once import ALREADY_SAVED
from tests.browser.conftest import assert_accessible
from tests.browser.steps import sign_in_as

PLAN_TITLE = "National Assurance Framework – Adult Social Care – Peer Review Action Plan"


@pytest.fixture
def demo(page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(reverse("sign-in"))
    return page


def test_back_then_record_the_update_again_records_it_once(demo):
    page = demo
    sign_in_as(page, "demo-manager")
    action = ActionPlan.objects.get(title=PLAN_TITLE).actions.get(ref="T1.7")
    before = StatusUpdate.objects.filter(action=action).count()
    page.goto(reverse("actionplans:action-update", args=[action.plan_id, action.pk]))
    page.get_by_label("What has happened since the last update?").fill("Training dates agreed with the provider.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the update", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("T1.7")

    page.go_back()
    expect(page.get_by_label("What has happened since the last update?")).to_have_value(
        "Training dates agreed with the provider.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the update", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("T1.7")
    expect(page.get_by_text(ALREADY_SAVED)).to_be_visible()
    assert_accessible(page)
    assert StatusUpdate.objects.filter(action=action).count() == before + 1
