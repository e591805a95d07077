"""A council's own status words, by keyboard alone: the demo's council admin makes Cheshire's words Red, Amber,
Green and Blue on the council settings pages; a manager records an action complete; the manager may not verify it,
and is told why; a second person verifies it with the evidence they saw, and the committee PDF reports it verified.
axe-core checks every page on the way."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.steps import (
    choose_radio,
    expect_error_page,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    press_enter_on,
    sign_in,
    sign_out,
    type_into,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

CHESHIRE = "Council settings: Cheshire West and Chester Council"
EVIDENCE = "The Direct Payments review report and the carers' panel minutes of March."
REFUSED = (
    "You recorded this action as complete, so somebody else must verify it. Ask a colleague who was not involved "
    "to check the evidence and record the verification"
)


def words_in_order(page):
    return page.get_by_role("table", name=re.compile("status words")).locator("tbody th").all_inner_texts()


def reword(page, old, new):
    follow_link(page, f"Change {old}")
    expect_heading(page, f"Change the status word ‘{old}’")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Status word", exact=True))
    page.keyboard.press("Control+A")
    page.keyboard.type(new)
    press_button(page, "Save")
    expect_success(page, f"The status word ‘{new}’ is saved.")


def add_word(page, word, meaning, colour):
    follow_link(page, "Add a status word")
    expect_heading(page, "Add a status word")
    type_into(page, "Status word", word)
    choose_radio(page, page.get_by_role("radio", name=meaning, exact=True))
    choose_radio(page, page.get_by_role("radio", name=colour, exact=True))
    press_button(page, "Save")
    expect_success(page, f"The status word ‘{word}’ is added, last in the list.")


def set_red_amber_green_blue(page):
    sign_in(page, "demo-admin", "Demo Council admin")
    follow_link(page, CHESHIRE)
    follow_link(page, "Status words")
    expect_heading(page, "Status words")
    assert_accessible(page)

    follow_link(page, "Add a status word")
    press_button(page, "Save")
    expect_error_page(
        page, "Enter the status word", "Choose what the word means", "Choose the colour shown beside the word"
    )

    type_into(page, "Status word", "Amber")
    choose_radio(page, page.get_by_role("radio", name="In progress, at risk", exact=True))
    choose_radio(page, page.get_by_role("radio", name="Amber", exact=True))
    press_button(page, "Save")
    expect_success(page, "The status word ‘Amber’ is added, last in the list.")
    add_word(page, "Blue", "Complete and verified", "Blue")
    reword(page, "On track", "Green")
    reword(page, "Off track", "Red")
    assert_accessible(page)

    # Amber after Green, as the council says them: up two places, past Complete and Red.
    for _ in range(2):
        press_enter_on(page, page.get_by_role("button", name="Move up Amber", exact=True))
    expect_success(page, "The status word ‘Amber’ is moved up, to place 4 of 7.")
    assert words_in_order(page) == ["To be started", "Started", "Green", "Amber", "Red", "Complete", "Blue"]
    assert_accessible(page)

    follow_link(page, CHESHIRE, within=page.get_by_role("navigation", name="Breadcrumb"))
    follow_link(page, "History of changes")
    history = page.get_by_role("main")
    expect(history).to_contain_text("Wording of a status word changed from ‘On track’ to ‘Green’")
    expect(history).to_contain_text("Added the status word ‘Blue’, meaning complete and verified, shown in blue")
    assert_accessible(page)
    sign_out(page)


def open_t1_7(page):
    follow_link(page, "Action plans", within=page.get_by_role("navigation", name="Menu"))
    follow_link(page, PLAN_TITLE)
    follow_link(page, "T1.7", within=page.get_by_role("rowheader", name="T1.7", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^T1\.7: "))


def record(page, word, note):
    press_enter_on(page, page.get_by_role("button", name="Record an update", exact=True))
    expect_heading(page, "Record an update")
    choose_radio(page, page.get_by_role("radio", name=word, exact=True))
    type_into(page, "What has happened since the last update?", note)


def complete_then_try_to_verify(page):
    sign_in(page, "demo-manager", "Demo Manager")
    open_t1_7(page)
    record(page, "Complete", "The new Direct Payments offer is live.")
    press_button(page, "Record the update")
    expect_success(page, "Your update to T1.7 is recorded.")

    record(page, "Blue", "Checked it myself.")
    evidence = page.get_by_label("What evidence did you see that it is complete?", exact=True)
    expect(evidence).to_be_visible()  # revealed by choosing a word that means complete and verified
    type_into(page, "What evidence did you see that it is complete?", EVIDENCE)
    press_button(page, "Record the update")
    expect_error_page(page, REFUSED)
    expect(page.get_by_label("What has happened since the last update?", exact=True)).to_have_value(
        "Checked it myself."
    )
    sign_out(page)


def verify_as_a_second_person(page):
    sign_in(page, "demo-author", "Demo Author")
    open_t1_7(page)
    expect(page.get_by_role("main").locator("p .eqa-status-word").first).to_have_text("Complete")
    assert_accessible(page)
    record(page, "Blue", "Checked the report and the minutes.")
    expect(page.get_by_label("What evidence did you see that it is complete?", exact=True)).to_be_visible()
    assert_accessible(page)
    type_into(page, "What evidence did you see that it is complete?", EVIDENCE)
    press_button(page, "Record the update")
    expect_success(page, "Your update to T1.7 is recorded.")
    main = page.get_by_role("main")
    expect(main.locator("p .eqa-status-word").first).to_have_text("Blue (complete and verified)")
    expect(main).to_contain_text("Verified by Demo Author on")
    expect(main).to_contain_text("Status changed from Complete to Blue (complete and verified).")
    assert_accessible(page)


def the_committee_pdf_reports_it_verified(page):
    follow_link(page, PLAN_TITLE, within=page.get_by_role("navigation", name="Breadcrumb"))
    expect_heading(page, PLAN_TITLE)
    legend = page.locator("svg.eqa-status-chart g.legend text").all_text_contents()
    assert legend == ["To be started", "Started", "Green", "Amber", "Red", "Complete", "Blue"], legend
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the committee PDF", exact=True).click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    # Each action's row starts with its ref; a ref in a "Linked to ..." note is not a row.
    starts = [match.start() for match in re.finditer(r"(?<!Linked to )\bT\d+\.\d+\b", text)]
    at = next(n for n, start in enumerate(starts) if text.startswith("T1.7 ", start))
    t1_7 = text[starts[at] : starts[at + 1]]
    assert "Blue (complete and verified)" in t1_7, t1_7
    assert "Verified by Demo Author on" in t1_7 and "Direct Payments review report" in t1_7, t1_7
    assert text.count("Verified by") == 1


def test_a_council_admin_sets_rag_words_and_a_second_person_verifies_an_action(page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(reverse("sign-in"))
    set_red_amber_green_blue(page)
    complete_then_try_to_verify(page)
    verify_as_a_second_person(page)
    the_committee_pdf_reports_it_verified(page)
