"""A manager imports the council's own tracker into the demo plan, with axe-core on every page.

The tracker has a title and a date above its headings, which are not EqA's ("Rec No", "Recommendation", "Lead",
"Progress", "RAG", "Core service", "Evidence", "Assurance"), and its refs are numbers. The manager uploads March's
file, is asked what its columns are (first forgetting one: an error), chooses once, sees how the file will be read
and confirms; the columns EqA has no field for are on the action's page. April's file, of the same shape, then
imports with no questions. The council's remembered choices are on the spreadsheet columns page.
"""

import pytest
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan, ImportColumnMapping
from tests.actionplans.importing import TRACKER_APRIL, TRACKER_MARCH
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_option,
    click_button,
    click_link,
    expect_error_page,
    expect_heading,
    expect_success,
    sign_in,
    summary_value,
    upload_plan_file,
)

pytestmark = pytest.mark.browser

# What the manager chooses for the headings EqA does not know; it recognises the others.
CHOICES = {
    "Rec No": "Action ref",
    "Quality standard": "Quality statement",
    "Core service": "Keep as an extra field",
    "Evidence": "Keep as an extra field",
    "Assurance": "Keep as an extra field",
}


def test_a_tracker_is_mapped_once_and_next_months_file_asks_nothing(demo):
    page = demo
    sign_in(page, "demo-manager", "Demo Manager")
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    page.goto(plan.get_absolute_url())

    upload_plan_file(page, TRACKER_MARCH)
    expect_heading(page, "What is in each column of tracker_march.csv?")
    expect(page.get_by_role("main")).to_contain_text("row 1: ‘Adult Social Care Improvement Tracker’")
    expect(page.get_by_label("Progress", exact=True)).to_have_value("status")  # recognised, chosen for her
    expect(page.get_by_label("RAG", exact=True)).to_have_value("ignore")
    assert_accessible(page)

    for heading, choice in CHOICES.items():
        if heading != "Rec No":
            choose_option(page, heading, choice)
    click_button(page, "Continue")
    expect_error_page(page, "Choose what column A (‘Rec No’) is, or ignore it")
    expect(page.get_by_label("Evidence", exact=True)).to_have_value("extra")  # what she chose is kept

    choose_option(page, "Rec No", "Action ref")
    click_button(page, "Continue")
    expect_heading(page, "Check what tracker_march.csv changes")
    expect(summary_value(page.locator("#columns"), "RAG")).to_have_text("Left out")
    expect(summary_value(page.locator("#columns"), "Evidence")).to_have_text("Kept as an extra field")
    to_add = page.get_by_role("table", name="Actions to add", exact=True)
    expect(to_add.get_by_role("rowheader")).to_have_text([str(n) for n in range(1, 13)])
    assert_accessible(page)

    click_button(page, "Confirm and import")
    expect_heading(page, PLAN_TITLE)
    expect_success(page, "12 actions added, 0 changed")
    assert ImportColumnMapping.objects.filter(council=plan.council).count() == 1

    page.goto(plan.actions.get(ref="1").get_absolute_url())
    expect(summary_value(page, "Core service")).to_have_text("Assessment and care management")
    expect(summary_value(page, "Evidence")).to_have_text("Waiting list report, monthly")
    assert_accessible(page)

    page.goto(plan.get_absolute_url())
    upload_plan_file(page, TRACKER_APRIL)
    expect_heading(page, "Check what tracker_april.csv changes")  # no questions
    expect(page.get_by_role("main")).to_contain_text("As chosen before for files with these headings")
    assert_accessible(page)
    click_button(page, "Confirm and import")
    expect_success(page, "1 action added, 2 changed")

    click_link(page, "Import actions from a spreadsheet")
    click_link(page, "See and change the choices remembered")
    expect_heading(page, "Spreadsheet columns and statuses")
    card = page.locator(".govuk-summary-card")
    expect(summary_value(card, "Rec No")).to_have_text("Action ref")
    assert_accessible(page)
