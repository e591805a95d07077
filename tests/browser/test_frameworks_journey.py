"""A scrutiny review's tracker brought into EqA, by keyboard alone. The demo's council admin adds a framework of the
council's own on the council settings pages (five areas, no items, one moved into place) and words the council's
statuses 1 to 4, each with its meaning. The demo manager starts a plan against the framework and adds an action set
against one of its areas; the plan page groups it under the area's heading. Then she imports the scrutiny tracker,
whose refs are numbers and whose headings and statuses are not EqA's: she says once what its columns are and checks
what its statuses "1 - Not yet begun" to "4 - Achieved" mean (each begins with the council's word, which EqA
suggests), confirms, and next month's tracker imports with no questions. axe-core checks every page on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ActionPlan, FrameworkVersion
from tests.actionplans.importing import FIXTURES
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_option,
    choose_radio,
    click_button,
    click_link,
    expect_error_page,
    expect_heading,
    expect_success,
    fill,
    follow_link,
    press_button,
    reword_status_word,
    sign_in_directly,
    summary_value,
    type_into,
    upload_plan_file,
)
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

CHESHIRE = "cheshire-west-and-chester"
NAME = "Adult social care improvement areas"
AREAS = ["Prevention", "Safeguarding", "Carers", "Workforce", "Governance"]
# The scrutiny tracker's progress scores, and the council's status each means, as the select offers it.
SCORES = {
    "1 - Not yet begun": "1 (not started)",
    "2 - Behind schedule": "2 (off track)",
    "3 - On schedule": "3 (in progress, on track)",
    "4 - Achieved": "4 (complete)",
}


def test_a_scrutiny_tracker_comes_in_against_the_councils_own_areas_in_its_statuses_1_to_4(page):
    load_demo()
    sign_in_directly(page, "demo-admin")
    page.goto(reverse("councils:settings", args=[CHESHIRE]))
    follow_link(page, "Frameworks")
    expect_heading(page, "Frameworks")
    assert_accessible(page)

    follow_link(page, "Add a framework")
    assert_accessible(page)
    press_button(page, "Save")
    expect_error_page(page, "Enter the name of the framework")
    type_into(page, "What is the framework called?", NAME)
    fill(page, "What does it call its themes?", "Area")
    press_button(page, "Save")
    expect_heading(page, NAME)
    expect_success(page, f"The framework ‘{NAME}’ is added.")
    assert_accessible(page)

    for name in AREAS:
        follow_link(page, "Add an area")
        expect_heading(page, "Add an area")
        type_into(page, "Name of the area", name)
        press_button(page, "Save")
        expect_success(page, f"The area ‘{name}’ is saved.")
    assert_accessible(page)
    # Carers belongs before Safeguarding.
    click_button(page, "Move up Carers")
    expect_success(page, "The area ‘Carers’ is moved up, to place 2 of 5.")
    headings = page.get_by_role("main").get_by_role("heading", level=3).all_inner_texts()
    assert headings == [
        "Area 1: Prevention",
        "Area 2: Carers",
        "Area 3: Safeguarding",
        "Area 4: Workforce",
        "Area 5: Governance",
    ]
    assert_accessible(page)

    # The council scores progress 1 to 4: four of its words reworded, each keeping its meaning.
    page.goto(reverse("councils:settings", args=[CHESHIRE]))
    follow_link(page, "Status words")
    for old, new in (("To be started", "1"), ("Off track", "2"), ("On track", "3"), ("Complete", "4")):
        reword_status_word(page, old, new)
    assert_accessible(page)

    sign_in_directly(page, "demo-manager")
    page.goto(reverse("actionplans:start"))
    expect_heading(page, "Start an action plan")
    choose_option(page, "Council", "Cheshire West and Chester Council")
    type_into(page, "What is the plan called?", "Adult social care improvement plan 2025")
    choose_radio(page, page.get_by_label("Other", exact=True))
    choose_radio(page, page.get_by_label(f"{NAME} (Cheshire West and Chester Council's own)", exact=True))
    assert_accessible(page)
    press_button(page, "Start the plan")
    plan = ActionPlan.objects.get(title="Adult social care improvement plan 2025")
    assert plan.framework == FrameworkVersion.objects.get(name=NAME)
    assert_accessible(page)

    click_link(page, "Add an action")
    expect(page.get_by_label("Quality statement")).to_have_count(0)
    type_into(page, "Action reference", "10")
    choose_option(page, "Area", "Area 2: Carers")
    type_into(page, "Area of focus", "Carers waited too long for an assessment")
    assert_accessible(page)
    press_button(page, "Save the action")
    expect(page.locator(".govuk-caption-l")).to_have_text("Area 2: Carers")
    assert_accessible(page)

    page.goto(plan.get_absolute_url())
    expect(page.get_by_role("heading", name="Area 2: Carers", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Actions by status", exact=True)).to_contain_text("Area 2: Carers")
    assert_accessible(page)

    upload_plan_file(page, FIXTURES / "scrutiny_may.csv")
    expect_heading(page, "What is in each column of scrutiny_may.csv?")
    expect(page.get_by_label("Progress (1-4)", exact=True)).to_have_value("status")  # recognised
    choose_option(page, "Rec", "Action ref")
    choose_option(page, "Review area", "Area")
    choose_option(page, "Comment", "Keep as an extra field")
    assert_accessible(page)
    press_button(page, "Continue")

    expect_heading(page, "What do the statuses in scrutiny_may.csv mean?")
    # Each begins with one of the council's words, which is suggested for her to check.
    for score, status in SCORES.items():
        chosen = page.get_by_label(score, exact=True).locator("option:checked")
        expect(chosen).to_have_text(status)
    assert_accessible(page)
    press_button(page, "Continue")

    expect_heading(page, "Check what scrutiny_may.csv changes")
    statuses = page.locator("#statuses")
    expect(summary_value(statuses, "‘2 - Behind schedule’")).to_contain_text("2")
    expect(summary_value(statuses, "‘2 - Behind schedule’")).to_contain_text("As you chose; 1 row")
    expect(summary_value(page.locator("#columns"), "Review area")).to_have_text(
        "Theme"
    )  # EqA's name, as History says it
    assert_accessible(page)
    press_button(page, "Confirm and import")
    expect_success(page, "6 actions added, 0 changed")
    assert {action.ref: action.status_word.word for action in plan.actions.select_related("status_word")} == {
        "1": "3",
        "2": "2",
        "3": "1",
        "4": "4",
        "5": "3",
        "6": "1",
        "10": "1",
    }

    upload_plan_file(page, FIXTURES / "scrutiny_june.csv")
    expect_heading(page, "Check what scrutiny_june.csv changes")  # no questions
    expect(page.get_by_role("main")).to_contain_text("As chosen before for files with these headings")
    expect(summary_value(page.locator("#statuses"), "‘4 - Achieved’")).to_contain_text("As chosen before")
    assert_accessible(page)
    press_button(page, "Confirm and import")
    expect_success(page, "1 action added, 2 changed")
    assert plan.actions.get(ref="5").status_word.word == "4"
    expect(page.get_by_role("heading", name="Area 1: Prevention", exact=True)).to_be_visible()
    assert_accessible(page)
