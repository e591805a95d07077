"""The demo council's action plan in the browser, by the people of each role, with axe-core on every page.

The manager opens the demo plan (Sefton's, a draft of 29 actions), reads where it stands, filters it to Theme 1,
records an update that completes T1.7 (first forgetting the note: an error), sees the counts move, and submits
the plan for sign-off. The approver signs it off, by keyboard. The viewer downloads the committee PDF, which has
every action in ref order, no DRAFT mark and T1.7 complete, and has no way to record an update.

People use the mouse here, except for the buttons that sign the plan off, which are reached with Tab and pressed
with Enter.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    click_button,
    click_link,
    expect_error_page,
    expect_heading,
    expect_success,
    press_enter_on,
    sign_in,
    sign_out,
)
from tests.kept_rows import load_demo
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

THEME_1 = "Theme 1: Working with people"
# The table counts by meaning: Started and On track are both this.
IN_PROGRESS = "In progress, on track"
NOTE = "The new Direct Payments offer went live on 1 October, with Empower supporting people through it."
UPDATE_ERROR = "Say what has happened since the last update"


# What the pages say ---------------------------------------------------------------------------------------------

_READ_SUMMARY_JS = """table => {
    const columns = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const rows = {};
    for (const tr of table.querySelectorAll('tbody tr')) {
        const cells = [...tr.children];
        const counts = {};
        cells.slice(1).forEach((cell, i) => { counts[columns[i + 1]] = parseInt(cell.textContent.trim(), 10); });
        rows[cells[0].textContent.trim()] = counts;
    }
    return rows;
}"""


def status_counts(page):
    """The plan page's "Actions by status" table: {row ("All actions", "Theme 1: ..."): {status: count}}."""
    table = page.get_by_role("table", name="Actions by status", exact=True)
    expect(table).to_be_visible()
    return table.evaluate(_READ_SUMMARY_JS)


def listed_refs(page):
    """The refs of the actions the plan page lists, in its order: the row headers of the actions' tables."""
    return page.locator("table:not(.eqa-status-table) tbody th[scope=row] a").all_inner_texts()


def expect_plan_status(page, status):
    expect(page.get_by_role("main").locator("p .govuk-tag").first).to_have_text(status)


def open_the_plan(page):
    """From the home page, through the service navigation and the list of plans, to the demo plan."""
    click_link(page, "Action plans", within=page.get_by_role("navigation", name="Menu"))
    expect_heading(page, "Improvement action plans")
    assert_accessible(page)
    click_link(page, PLAN_TITLE)
    expect_heading(page, PLAN_TITLE)
    assert_accessible(page)


# The steps ----------------------------------------------------------------------------------------------------


def filter_to_theme_1(page, counts):
    page.get_by_label("Theme", exact=True).select_option(label=THEME_1)
    click_button(page, "Show actions")
    expect_heading(page, PLAN_TITLE)
    expect(page.get_by_label("Theme", exact=True)).to_have_value("1")
    theme_1_total = counts[THEME_1]["Total"]
    all_total = counts["All actions"]["Total"]
    expect(page.get_by_role("status")).to_have_text(f"{theme_1_total} of {all_total} actions match.")
    refs = listed_refs(page)
    assert len(refs) == theme_1_total, refs
    assert all(ref.startswith("T1.") for ref in refs), f"the Theme 1 filter lists {refs}"
    assert "T1.7" in refs
    themes_shown = page.get_by_role("heading", level=3, name=re.compile(r"^Theme \d")).all_inner_texts()
    assert themes_shown == [THEME_1], themes_shown
    assert_accessible(page)


def open_action(page, ref):
    """The action's link in its row of the actions' tables (the overdue milestones link to it too)."""
    click_link(page, ref, within=page.get_by_role("rowheader", name=ref, exact=True))


def record_the_update(page):
    open_action(page, "T1.7")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^T1\.7: "))
    expect(page.get_by_role("main").locator("p .eqa-status-word").first).to_have_text("Started (in progress, on track)")
    assert_accessible(page)

    click_button(page, "Record an update")  # a link that looks like a button, and says it is one
    expect_heading(page, "Record an update")
    expect(page.get_by_label("Started", exact=True)).to_be_checked()  # its status now, to start from
    assert_accessible(page)

    click_button(page, "Record the update")  # without a note
    expect_heading(page, "Record an update")
    expect_error_page(page, UPDATE_ERROR)

    page.get_by_label("Complete", exact=True).check()
    page.get_by_label("What has happened since the last update?", exact=True).fill(NOTE)
    click_button(page, "Record the update")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^T1\.7: "))
    expect_success(page, "Your update to T1.7 is recorded.")
    expect(page.get_by_role("main").locator("p .eqa-status-word").first).to_have_text("Complete")

    updates = page.locator("h2:text-is('Updates') + ol > li")
    expect(updates).to_have_count(2)  # the import's, and this one
    newest = updates.first
    expect(newest.get_by_role("heading", level=3)).to_contain_text("Demo Manager")
    expect(newest).to_contain_text("Status changed from Started to Complete.")
    expect(newest).to_contain_text(NOTE)
    expect(updates.nth(1)).not_to_contain_text(NOTE)
    assert_accessible(page)


def submit_for_sign_off(page):
    click_button(page, "Submit for sign-off")
    expect_heading(page, "Submit the plan for sign-off")
    assert_accessible(page)
    click_button(page, "Submit for sign-off")
    expect_heading(page, PLAN_TITLE)
    expect_success(page, "The plan is submitted for sign-off.")
    expect_plan_status(page, "Submitted for sign-off")
    expect(page.get_by_role("button", name="Submit for sign-off")).to_have_count(0)
    assert_accessible(page)


def sign_off(page):
    """By keyboard: Enter on the plan page's "Sign off", then Enter on the confirmation's button."""
    press_enter_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, "Sign off the plan")
    assert_accessible(page)
    press_enter_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, PLAN_TITLE)
    expect_success(page, "The plan is signed off.")
    expect_plan_status(page, "Signed off")
    expect(page.get_by_role("main")).to_contain_text("Signed off by Demo Approver")
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    assert_accessible(page)


def download_the_committee_pdf(page):
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the committee PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    return Path(download.path()).read_bytes()


def check_the_pdf(data, refs):
    assert data.startswith(b"%PDF"), data[:20]
    text = pdf_text(data)
    assert "DRAFT" not in text, "the signed-off plan's PDF is still marked DRAFT"
    # Each action's row starts with its ref; a ref in a "Linked to ..." note is not a row.
    rows = [match.group(1) for match in re.finditer(r"(?<!Linked to )\b(T\d+\.\d+)\b", text)]
    assert rows == refs, f"the PDF's rows are {rows}, not {refs}"
    assert rows.index("T1.9") < rows.index("T1.10")
    # T1.7's row, up to the next action's.
    row_starts = [match.start() for match in re.finditer(r"(?<!Linked to )\b(T\d+\.\d+)\b", text)]
    at = rows.index("T1.7")
    t1_7 = text[row_starts[at] : row_starts[at + 1]]
    assert "Complete" in t1_7, f"T1.7's row in the PDF does not say Complete: {t1_7}"
    assert "Started" not in t1_7, f"T1.7's row in the PDF still says Started: {t1_7}"
    assert " ".join(NOTE.split()) in t1_7, f"T1.7's row in the PDF lacks the latest update: {t1_7}"


# The journey ----------------------------------------------------------------------------------------------------


def test_an_action_plan_from_update_to_sign_off_to_committee_pdf(page):
    load_demo()
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    refs = list(plan.actions.order_by("ref_key").values_list("ref", flat=True))
    assert len(refs) == 29 and refs[0] == "T1.1" and refs[-1] == "T4.7", refs

    # The manager completes T1.7 and submits the plan.
    sign_in(page, "demo-manager", "Demo Manager")
    open_the_plan(page)
    expect_plan_status(page, "Draft")
    before = status_counts(page)
    assert before[THEME_1][IN_PROGRESS] >= 1  # T1.7, Started, among them
    plan_url = page.url

    filter_to_theme_1(page, before)
    record_the_update(page)

    click_link(page, PLAN_TITLE, within=page.get_by_role("navigation", name="Breadcrumb"))
    expect_heading(page, PLAN_TITLE)
    assert page.url == plan_url
    after = status_counts(page)
    for row in ("All actions", THEME_1):
        assert after[row]["Complete"] == before[row]["Complete"] + 1, (row, before[row], after[row])
        assert after[row][IN_PROGRESS] == before[row][IN_PROGRESS] - 1, (row, before[row], after[row])
        assert after[row]["Total"] == before[row]["Total"]
    for row in after:
        if row not in ("All actions", THEME_1):
            assert after[row] == before[row], (row, before[row], after[row])
    assert_accessible(page)

    submit_for_sign_off(page)
    sign_out(page)

    # The approver signs it off.
    sign_in(page, "demo-approver", "Demo Approver")
    open_the_plan(page)
    expect_plan_status(page, "Submitted for sign-off")
    sign_off(page)
    sign_out(page)

    # The viewer reads the committee PDF, and can record nothing.
    sign_in(page, "demo-viewer", "Demo Viewer")
    open_the_plan(page)
    expect_plan_status(page, "Signed off")
    check_the_pdf(download_the_committee_pdf(page), refs)

    open_action(page, "T1.7")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^T1\.7: "))
    expect(page.get_by_role("main").locator("p .eqa-status-word").first).to_have_text("Complete")
    expect(page.get_by_role("button", name="Record an update")).to_have_count(0)
    expect(page.get_by_role("link", name="Record an update")).to_have_count(0)
    expect(page.get_by_role("link", name="Change the action")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)
