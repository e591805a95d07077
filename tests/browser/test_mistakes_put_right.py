"""Mistakes, and putting them right, in a real browser: Back then Save again creates nothing more (the form's
one-time key lands on the record the first Save made); a status update entered in error is withdrawn, and shown
so; a review date already past is asked about before it is kept."""

from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan, StatusUpdate
from assessments.models import Assessment
from councils.once import ALREADY_SAVED
from tests.browser.conftest import assert_accessible
from tests.browser.steps import click_button, sign_in_as


def test_back_then_record_the_update_again_records_it_once(demo):
    page = demo
    sign_in_as(page, "demo-manager")
    action = ActionPlan.objects.get(title=PLAN_TITLE).actions.get(ref="T1.7")
    before = StatusUpdate.objects.filter(action=action).count()
    page.goto(reverse("actionplans:action-update", args=[action.plan_id, action.pk]))
    page.get_by_label("What has happened since the last update?").fill("Training dates agreed with the provider.")
    click_button(page, "Record the update")
    expect(page.get_by_role("heading", level=1)).to_contain_text("T1.7")

    page.go_back()
    expect(page.get_by_label("What has happened since the last update?")).to_have_value(
        "Training dates agreed with the provider."
    )
    click_button(page, "Record the update")

    expect(page.get_by_role("heading", level=1)).to_contain_text("T1.7")
    expect(page.get_by_text(ALREADY_SAVED)).to_be_visible()
    assert_accessible(page)
    assert StatusUpdate.objects.filter(action=action).count() == before + 1


def test_an_update_entered_in_error_is_withdrawn_and_shown_so(demo):
    page = demo
    sign_in_as(page, "demo-manager")
    action = ActionPlan.objects.get(title=PLAN_TITLE).actions.get(ref="T1.7")
    page.goto(reverse("actionplans:action-update", args=[action.plan_id, action.pk]))
    page.get_by_role("group", name="What is its status now?").get_by_label("Complete", exact=True).check()
    page.get_by_label("What has happened since the last update?").fill("Recorded against the wrong action.")
    click_button(page, "Record the update")

    with page.expect_navigation():
        page.get_by_role("link", name="Withdraw this update").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to withdraw this update?")
    assert_accessible(page)
    click_button(page, "Withdraw the update")
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing it?").fill("Meant for T1.8.")
    click_button(page, "Withdraw the update")

    expect(page.get_by_text("Meant for T1.8.")).to_be_visible()
    expect(page.get_by_text("Withdrawn", exact=True).first).to_be_visible()
    assert_accessible(page)
    assert StatusUpdate.objects.standing().filter(action=action, note="Recorded against the wrong action.").count() == 0


def test_a_review_date_in_the_past_is_asked_about_then_kept(demo):
    page = demo
    sign_in_as(page, "demo-author")
    page.goto(reverse("assessments:start"))
    page.get_by_label("Which service is it for?").select_option(index=1)
    page.get_by_role("group", name="What is being assessed?").get_by_label("Service", exact=True).check()
    page.get_by_label("What is the assessment called?").fill("Day opportunities")
    click_button(page, "Start the assessment")
    eia = Assessment.objects.get(title="Day opportunities")
    page.goto(reverse("assessments:action-add", args=[eia.pk]))
    page.get_by_label("Action required").fill("Map current provision")
    page.get_by_role("group", name="Priority").get_by_label("Low", exact=True).check()
    review = page.get_by_role("group", name="Review date", exact=True)
    review.get_by_label("Month", exact=True).fill("7")
    review.get_by_label("Year", exact=True).fill("2015")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the action").click()

    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, the review date is in the past").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Day opportunities")
    assert eia.actions.get().review_date.year == 2015
