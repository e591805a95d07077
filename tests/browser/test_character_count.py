"""A long paste is never cut: the field says its limit before anything is typed and how far over it is after,
and saving refuses with a message, keeping every character that was pasted."""

from playwright.sync_api import expect

from actionplans.models import ActionPlan
from tests.browser.conftest import assert_accessible
from tests.browser.steps import PASSWORD, expect_error_page, expect_heading
from tests.kept_rows import load_demo

PASTED = "National Assurance Framework – Adult Social Care – Peer Review Action Plan – " * 4  # 308 characters


def test_a_title_pasted_over_its_limit_is_kept_whole_counted_and_refused(page):
    load_demo()
    plans = ActionPlan.objects.count()
    page.goto("/sign-in/?next=/action-plans/new/")
    page.get_by_label("Username").fill("demo-manager")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect_heading(page, "Start an action plan")
    title = page.get_by_label("What is the plan called?")
    expect(page.locator(".govuk-character-count__status").first).to_have_text("You have 300 characters remaining")

    title.focus()
    page.keyboard.insert_text(PASTED)  # as a paste arrives
    expect(title).to_have_value(PASTED)
    expect(page.locator(".govuk-character-count__status").first).to_have_text(
        f"You have {len(PASTED) - 300} characters too many"
    )
    page.get_by_label("LGA peer review").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the plan").click()

    expect_error_page(page, "Enter a title of 300 characters or fewer")
    expect(title).to_have_value(PASTED)
    assert ActionPlan.objects.count() == plans
    assert_accessible(page)
