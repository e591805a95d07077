"""The annual equality report as a committee officer would write a committee paper from it, by keyboard alone: a
demo viewer opens the council's report from the EIA list, asks for another period (a date that cannot be is
refused, and what they typed is kept), follows a figure to the records it counts, and downloads the committee PDF
and the spreadsheet, whose figures are the page's."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from councils.periods import last_whole_financial_year
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.steps import (
    choose_radio,
    download,
    expect_error_summary,
    expect_heading,
    follow_link,
    press_button,
    press_enter_on,
    sign_in,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

COUNCIL = "Cheshire West and Chester Council"


def type_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day), ("Month", month), ("Year", year)):
        field = group.get_by_label(label, exact=True)
        tab_to(page, field)
        page.keyboard.press("Control+a")
        page.keyboard.type(value)


def coverage_row(page, heading):
    """A row of the coverage table as its figures read: each cell's number and its change."""
    row = page.locator("#coverage ~ .eqa-table-scroll tr").filter(has=page.get_by_role("rowheader", name=heading))
    cells = row.locator("td")
    return [
        (
            cells.nth(index).evaluate("cell => (cell.querySelector('a') || cell).firstChild.textContent.trim()"),
            cells.nth(index).locator(".eqa-change").inner_text().strip(),
        )
        for index in range(cells.count())
    ], row


def test_a_viewer_reads_the_annual_report_follows_a_figure_and_downloads_it(demo):
    page = demo
    today = timezone.localdate()
    sign_in(page, "demo-viewer", "Demo Viewer")
    follow_link(page, "Equality impact assessments", within=page.get_by_role("main"))
    follow_link(page, f"{COUNCIL}'s annual equality report")
    expect_heading(page, f"Annual equality report: {last_whole_financial_year(today).label}")
    assert_accessible(page)

    # Another period, ending on a day that never was: refused, and what was typed is kept.
    choose_radio(page, page.get_by_role("radio", name="Another period"))
    type_date(page, "From", "1", "1", "2020")
    type_date(page, "To", "31", "2", str(today.year))
    press_button(page, "Show the report")
    expect_error_summary(page, "The last day of the period must be a real date")
    expect(page.get_by_role("group", name="To").get_by_label("Day", exact=True)).to_have_value("31")
    assert_accessible(page)

    type_date(page, "To", str(today.day), str(today.month), str(today.year))
    press_button(page, "Show the report")
    expect_heading(page, f"Annual equality report: 1 January 2020 to {today.day} {today:%B %Y}")
    assert_accessible(page)
    figures, row = coverage_row(page, "All services")
    services, _ = figures[0]
    with_none, _ = figures[2]
    assert int(services) > 0

    # The services with none: as many as the figure says.
    press_enter_on(page, row.locator("td").nth(2).get_by_role("link"))
    expect_heading(page, f"Services with no in-date EIA or screening on {today.day} {today:%B %Y}")
    assert_accessible(page)
    expect(page.locator("main tbody tr")).to_have_count(int(with_none))
    follow_link(page, "Back to the annual equality report")
    expect_heading(page, f"Annual equality report: 1 January 2020 to {today.day} {today:%B %Y}")

    # The committee PDF and the spreadsheet give the page's figures.
    text = pdf_text(download(page, "Download the report for committee, with its records in an appendix (PDF)"))
    assert f"All services {' '.join(f'{now} {change}' for now, change in figures)}" in text
    assert COUNCIL in text
    sheet = load_workbook(io.BytesIO(download(page, "Download the figures as a spreadsheet (XLSX)"))).active
    coverage = [
        row[3]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == "Which services have an in-date EIA or screening" and row[1] == "All services"
    ]
    assert coverage == [int(now) for now, _ in figures]
