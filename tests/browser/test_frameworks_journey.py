"""The demo's council admin adds a framework of the council's own on the council settings pages: five areas, no
items, one moved into place. The demo manager then starts a plan against it and adds an action set against one of
its areas; the plan page groups it under the area's heading. axe-core checks every page on the way."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ActionPlan, FrameworkVersion
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
    sign_in_directly,
    type_into,
)

pytestmark = pytest.mark.browser

CHESHIRE = "cheshire-west-and-chester"
NAME = "Adult social care improvement areas"
AREAS = ["Prevention", "Safeguarding", "Carers", "Workforce", "Governance"]


def test_a_council_admin_adds_a_framework_of_five_areas_and_a_plan_is_made_against_it(page):
    call_command("load_demo", stdout=io.StringIO())
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
    type_into(page, "Action reference", "2")
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
