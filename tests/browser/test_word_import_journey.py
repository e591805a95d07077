"""Bringing in old EIAs from Word as a council admin would, by keyboard: three Word files of three layouts (a grid with
a rating column, Positive, Neutral and Negative columns, a narrative with no table) uploaded together, what was read
of each checked, what is missing filled in (after being told what it is), imported, listed, and then found on the
public register signed out, the Word file downloaded and its SHA-256 checked against the register's."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import LegacyAssessment
from councils.periods import financial_year_of
from tests.assessments import word_files
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_option,
    choose_radio,
    download,
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

pytestmark = pytest.mark.browser

KENT = "kent"
SERVICE = "Adult Social Services > Older People and Physical Disability"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILES = {
    "day-opportunities.docx": word_files.rating_column_eia(),
    "care-at-home.docx": word_files.tick_columns_eia(),
    "brook-street.docx": word_files.narrative_eia(),
}


def upload_three(page):
    sign_in(page, "demo-admin", "Demo Council admin")
    follow_link(page, "Council settings: Kent County Council")
    follow_link(page, "Bring in EIAs from Word")
    expect_heading(page, "Bring in EIAs from Word")
    assert_accessible(page)
    page.get_by_label("Upload the EIAs' Word files", exact=True).set_input_files(
        [{"name": name, "mimeType": DOCX, "buffer": data} for name, data in FILES.items()]
    )
    press_button(page, "Upload and check")
    expect_heading(page, "Check what was read from each file")
    assert_accessible(page)


def fill_what_is_missing(page):
    cards = {name: page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=name)) for name in FILES}
    expect(cards["day-opportunities.docx"]).to_contain_text("Negative (High)")
    expect(cards["care-at-home.docx"]).to_contain_text("Not found in the file: a reference, a review date.")
    expect(cards["brook-street.docx"]).to_contain_text("No rows naming a group with a rating were found.")
    press_button(page, "Bring in 3 EIAs")
    expect_error_page(
        page,
        "day-opportunities.docx: Choose the service the EIA is for",
        "care-at-home.docx: Enter the review date",
        "brook-street.docx: Enter the review date",
    )
    for name, card in cards.items():
        choose_option(page, "Which of Kent County Council's services is it for?", SERVICE, within=card)
        if name != "day-opportunities.docx":
            for box, value in (("Day", "31"), ("Month", "3"), ("Year", "2027")):
                type_into(page, box, value, within=card)
    press_button(page, "Bring in 3 EIAs")


def counted_in_coverage(page):
    """The annual report for the financial year under way counts them: in date at its end, the two whose review is
    on its last day; the one whose review date has passed, overdue."""
    year = financial_year_of(timezone.localdate())
    page.goto(reverse("assessments:annual-report", args=[KENT]))
    choose_radio(page, page.get_by_role("radio", name=f"Financial year {year.label} (so far)"))
    press_button(page, "Show the report")
    expect_heading(page, f"Annual equality report: {year.label}")
    assert_accessible(page)
    row = page.locator("#coverage ~ .eqa-table-scroll tr").filter(
        has=page.get_by_role("rowheader", name="All services")
    )
    press_enter_on(page, row.locator("td").nth(1).get_by_role("link"))
    expect_heading(page, f"In-date EIAs and screenings on 31 March {year.end.year}")
    assert_accessible(page)
    main = page.get_by_role("main")
    for title in ("Care at home recommissioning", "Closing the Brook Street day centre"):
        expect(main.get_by_role("row").filter(has_text=title)).to_contain_text("brought in from Word")
    expect(main).not_to_contain_text("Day opportunities for older people")


def test_three_word_eias_are_brought_in_and_their_files_match_the_register(demo):
    page = demo
    upload_three(page)
    fill_what_is_missing(page)
    expect_heading(page, "EIAs brought in from Word")
    expect_success(page, "You brought in 3 EIAs from Word for Kent County Council.")
    assert_accessible(page)
    follow_link(page, "Closing the Brook Street day centre")
    expect_heading(page, "Closing the Brook Street day centre")
    assert_accessible(page)
    brook = LegacyAssessment.objects.get(title="Closing the Brook Street day centre")
    expect(page.locator("[data-sha256]")).to_have_text(brook.sha256)
    counted_in_coverage(page)
    sign_out(page)

    page.goto(reverse("register:list", args=[KENT]))
    type_into(page, "Search by title or reference", "Brook Street")
    press_button(page, "Show records")
    expect(page.get_by_role("heading", name="1 record")).to_be_visible()
    assert_accessible(page)
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=brook.title))
    expect(card).to_contain_text("made before EqA, brought in from Word")
    given = card.locator("[data-sha256-word]").inner_text().strip()
    content = download(page, card.get_by_role("link", name="Download the Word file"))
    assert content == FILES["brook-street.docx"]
    assert hashlib.sha256(content).hexdigest() == given == brook.sha256
