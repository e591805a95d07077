"""A council's own status words, by keyboard alone: the demo's council admin makes Cheshire's words Red, Amber,
Green and Blue on the council settings pages; a manager records an action complete; the manager may not verify it,
and is told why; a second person verifies it with the evidence they saw, and the committee PDF reports it verified.
axe-core checks every page on the way."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    add_status_word,
    choose_radio,
    expect_error_page,
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
    type_into,
    verifying_own_completion_is_refused,
)
from tests.kept_rows import load_demo
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

CHESHIRE = "Council settings: Cheshire West and Chester Council"
EVIDENCE = "The Direct Payments review report and the carers' panel minutes of March."


def words_in_order(page):
    return page.get_by_role("table", name=re.compile("status words")).locator("tbody th").all_inner_texts()


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
    add_status_word(page, "Blue", "Complete and verified", "Blue")
    reword_status_word(page, "On track", "Green")
    reword_status_word(page, "Off track", "Red")
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


def complete_then_try_to_verify(page):
    sign_in(page, "demo-manager", "Demo Manager")
    open_t1_7(page)
    start_an_update(page, "Complete", "The new Direct Payments offer is live.")
    press_button(page, "Record the update")
    expect_success(page, "Your update to T1.7 is recorded.")

    verifying_own_completion_is_refused(page, "Blue", "Checked it myself.", EVIDENCE)
    sign_out(page)


def verify_as_a_second_person(page):
    sign_in(page, "demo-author", "Demo Author")
    open_t1_7(page)
    expect(page.get_by_role("main").locator("p .eqa-status-word").first).to_have_text("Complete")
    assert_accessible(page)
    record_a_verification(page, "T1.7", "Blue", "Checked the report and the minutes.", EVIDENCE)
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
    load_demo()
    page.goto(reverse("sign-in"))
    set_red_amber_green_blue(page)
    complete_then_try_to_verify(page)
    verify_as_a_second_person(page)
    the_committee_pdf_reports_it_verified(page)
