"""A plan under CQC's five key questions in the council's own Red, Amber, Green and Blue, by keyboard alone: the demo's
council admin words Cheshire's statuses so; a manager starts a plan against the five key questions, adds a "must do"
action under Safe with a target date and a "should do" one under Well-led, and records the first Amber and then
complete; the manager may not record it Blue, and is told why; a second person records Blue with the evidence they
saw, and the committee PDF reports it verified under Safe, while the action only complete is not. axe-core checks
every page on the way."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    add_status_word,
    choose_option,
    choose_radio,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    press_enter_on,
    record_a_verification,
    reword_status_word,
    sign_in,
    sign_out,
    start_an_update,
    summary_value,
    type_into,
    verifying_own_completion_is_refused,
)
from tests.kept_rows import load_demo
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

CHESHIRE = "Council settings: Cheshire West and Chester Council"
TITLE = "CQC inspection action plan: Greenbank day and respite service"
KEY_QUESTIONS = "CQC's five key questions for health and care providers"
COMPLETE = "Complete, awaiting verification"
SAFE_FOCUS = "Medicines were not always recorded when they were given."
WELL_LED_FOCUS = "The provider's audits had not found the gaps in medicines records."
TARGET = date(timezone.localdate().year + 1, 3, 31)
EVIDENCE = (
    "The medicines audits of February and March by the manager of another service, with the Head of Service's notes."
)


def status_word_shown(page):
    return page.get_by_role("main").locator("p .eqa-status-word").first


# The council admin's words --------------------------------------------------------------------------------------


def word_red_amber_green_blue(page):
    sign_in(page, "demo-admin", "Demo Council admin")
    follow_link(page, CHESHIRE)
    follow_link(page, "Status words")
    expect_heading(page, "Status words")
    assert_accessible(page)
    reword_status_word(page, "Off track", "Red")
    add_status_word(page, "Amber", "In progress, at risk", "Amber")
    reword_status_word(page, "On track", "Green")
    reword_status_word(page, "Complete", COMPLETE, colour="Purple")
    add_status_word(page, "Blue", "Complete and verified", "Blue")
    words = page.get_by_role("table", name=re.compile("status words")).locator("tbody th").all_inner_texts()
    assert words == ["To be started", "Started", "Green", "Red", COMPLETE, "Amber", "Blue"], words
    assert_accessible(page)
    sign_out(page)


# The manager's plan ---------------------------------------------------------------------------------------------


def start_the_plan(page):
    follow_link(page, "Action plans", within=page.get_by_role("navigation", name="Menu"))
    expect_heading(page, "Improvement action plans")
    assert_accessible(page)
    press_enter_on(page, page.get_by_role("button", name="Start an action plan", exact=True))
    expect_heading(page, "Start an action plan")
    assert_accessible(page)
    choose_option(page, "Council", "Cheshire West and Chester Council")
    type_into(page, "What is the plan called?", TITLE)
    choose_radio(page, page.get_by_role("radio", name="CQC assessment", exact=True))
    choose_radio(page, page.get_by_role("radio", name=KEY_QUESTIONS, exact=True))
    press_button(page, "Start the plan")
    expect_heading(page, TITLE)
    assert_accessible(page)


def add_action(page, ref, key_question, priority, focus, lead_officer, target=None):
    follow_link(page, "Add an action")
    expect(page.get_by_label("Quality statement")).to_have_count(0)
    assert_accessible(page)
    type_into(page, "Action reference", ref)
    choose_option(page, "Key question", f"Key question: {key_question}")
    choose_radio(page, page.get_by_role("radio", name=priority, exact=True))
    type_into(page, "Area of focus", focus)
    type_into(page, "Responsible lead officer(s)", lead_officer)
    if target:
        when = page.get_by_role("group", name="Target date (optional)")
        type_into(page, "Day", str(target.day), within=when)
        type_into(page, "Month", str(target.month), within=when)
        type_into(page, "Year", str(target.year), within=when)
    press_button(page, "Save the action")
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Key question: {key_question}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ref}: {focus}")
    assert_accessible(page)


def record_and_see(page, ref, word, note, shown):
    start_an_update(page, word, note)
    press_button(page, "Record the update")
    expect_success(page, f"Your update to {ref} is recorded.")
    expect(status_word_shown(page)).to_have_text(shown)
    assert_accessible(page)


def back_to_the_plan(page):
    follow_link(page, TITLE, within=page.get_by_role("navigation", name="Breadcrumb"))
    expect_heading(page, TITLE)


def plan_actions_then_try_to_verify(page):
    sign_in(page, "demo-manager", "Demo Manager")
    start_the_plan(page)
    add_action(page, "S1", "Safe", "Must do", SAFE_FOCUS, "Registered Manager", TARGET)
    expect(summary_value(page, "Key question")).to_have_text("Safe")
    expect(summary_value(page, "Priority")).to_have_text("Must do")
    expect(summary_value(page, "Target date")).to_have_text(f"{TARGET:%-d %B %Y}")
    record_and_see(page, "S1", "Amber", "Handover checks start next month.", "Amber (in progress, at risk)")
    record_and_see(page, "S1", COMPLETE, "Every medicine given is signed for.", f"{COMPLETE} (complete)")

    verifying_own_completion_is_refused(page, "Blue", "Checked it myself.", EVIDENCE)

    back_to_the_plan(page)
    add_action(page, "W1", "Well-led", "Should do", WELL_LED_FOCUS, "Head of Service")
    record_and_see(page, "W1", COMPLETE, "The second monthly audit is done and reported.", f"{COMPLETE} (complete)")
    sign_out(page)


# The second person ----------------------------------------------------------------------------------------------


def verify_as_a_second_person(page):
    sign_in(page, "demo-author", "Demo Author")
    follow_link(page, "Action plans", within=page.get_by_role("navigation", name="Menu"))
    follow_link(page, TITLE)
    expect(page.get_by_role("heading", name="Key question: Safe", exact=True)).to_be_visible()
    assert_accessible(page)
    follow_link(page, "S1", within=page.get_by_role("rowheader", name="S1", exact=True))
    expect(status_word_shown(page)).to_have_text(f"{COMPLETE} (complete)")
    record_a_verification(page, "S1", "Blue", "Checked both audits and the notes.", EVIDENCE)
    main = page.get_by_role("main")
    expect(status_word_shown(page)).to_have_text("Blue (complete and verified)")
    expect(main).to_contain_text("Verified by Demo Author on")
    expect(main).to_contain_text(f"Status changed from {COMPLETE} to Blue (complete and verified).")
    assert_accessible(page)


def the_committee_pdf_reports_it_verified(page):
    back_to_the_plan(page)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the committee PDF", exact=True).click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    # The actions' pages: each key question's heading is followed by CQC's words for it (the summary's are not).
    safe = text.index("Key question: Safe You are protected from abuse")
    well_led = text.index("Key question: Well-led The leadership")
    s1, w1 = text.index("S1 ", safe), text.index("W1 ", well_led)
    assert safe < s1 < well_led < w1, text
    s1_row, w1_row = text[s1:well_led], text[w1 : text.index("Sign-off Status", w1)]
    assert "Must do" in s1_row and f"Target date: {TARGET:%-d %B %Y}" in s1_row, s1_row
    assert "Blue (complete and verified)" in s1_row, s1_row
    assert "Verified by Demo Author on" in s1_row and " ".join(EVIDENCE.split()) in s1_row, s1_row
    assert "Should do" in w1_row and f"{COMPLETE} (complete)" in w1_row, w1_row
    assert "Verified" not in w1_row and "Blue" not in w1_row, w1_row
    assert text.count("Verified by") == 1


def test_a_plan_under_the_five_key_questions_is_worded_rag_and_blue_and_a_second_person_verifies_an_action(page):
    load_demo()
    page.goto(reverse("sign-in"))
    word_red_amber_green_blue(page)
    plan_actions_then_try_to_verify(page)
    verify_as_a_second_person(page)
    the_committee_pdf_reports_it_verified(page)
