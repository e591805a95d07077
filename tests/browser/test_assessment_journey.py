"""An author's whole journey with an EIA, by keyboard alone, with axe-core checking every page on the way.

Sign in, read the demo EIA, start a new one, fill its impact grid with a High negative impact, add an action
that addresses it, see the review date the rule gives, download the PDF and sign out. Every control is reached
with Tab, text is typed, radios and checkboxes are chosen with the arrow keys and Space, and buttons and links
are pressed with Enter: nothing is clicked.
"""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.review import add_months
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.steps import (
    DEMO_TITLE,
    PASSWORD,
    choose_option,
    choose_radio,
    expect_error_page,
    expect_heading,
    follow_link,
    press_button,
    sign_in_as,
    sign_out,
    summary_value,
    tick_checkbox,
    type_into,
)
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

# The demo author works with both demo councils, so each service is named with its council.
SERVICE = "Cheshire West and Chester Council: Adult Social Care > Strategic Commissioning"

NEW_TITLE = "Reablement at home"
HIGH_ROW, POSITIVE_ROW, MISTAKE_ROW = "Race and ethnicity", "Disability", "Gender/gender reassignment"
HIGH_TEXT = "No interpreters are booked for first visits"
POSITIVE_TEXT = "Visits are planned around each person"
ACTION_TEXT = "Book interpreters before first visits"


# What the page says -------------------------------------------------------------------------------------------


def grid_row(page, label):
    return page.locator("fieldset.eqa-grid-row").filter(has=page.get_by_role("heading", name=label, exact=True))


def level_radio(page, row_label, level):
    group = page.get_by_role("group", name=f"Level of the negative impact for {row_label}", exact=True)
    return group.get_by_label(level, exact=True)


# The steps ----------------------------------------------------------------------------------------------------


def fill_grid_row(page, label, *, positive="", negative="", level=None):
    if positive:
        type_into(page, f"Positive impact for {label}", positive)
    if negative:
        type_into(page, f"Negative impact for {label}", negative)
    if level:
        choose_radio(page, level_radio(page, label, level))


def start_assessment(page, title):
    press_button(page, "Start a new assessment")  # a link that looks like a button, and says it is one
    expect_heading(page, "Start a new equality impact assessment")
    assert_accessible(page)

    choose_option(page, "Which service is it for?", SERVICE)
    choose_radio(page, page.get_by_role("group", name="What is being assessed?").get_by_label("Service", exact=True))
    press_button(page, "Start the assessment")  # the title is still empty

    expect_error_page(page, "Enter a title for the assessment")
    link = page.locator(".govuk-error-summary").get_by_role("link", name="Enter a title for the assessment")
    assert link.get_attribute("href") == "#id_title"
    tab_to(page, link)
    page.keyboard.press("Enter")
    title_field = page.get_by_label("What is the assessment called?")
    expect(title_field).to_be_focused()  # the link leads to the field, focused, ready to type in
    page.keyboard.type(title)
    press_button(page, "Start the assessment")

    expect_heading(page, title)
    expect(page.get_by_role("alert")).to_contain_text(f"You started ‘{title}’. It is saved as a draft.")
    assert_accessible(page)


def fill_impact_grid(page):
    follow_link(page, "Fill in the impact grid")
    expect_heading(page, "Impact grid")
    assert_accessible(page)

    fill_grid_row(page, HIGH_ROW, negative=HIGH_TEXT, level="High")
    fill_grid_row(page, POSITIVE_ROW, positive=POSITIVE_TEXT)
    fill_grid_row(page, MISTAKE_ROW, level="Medium")  # a level with no negative impact described: a mistake
    press_button(page, "Save the grid")

    message = f"Describe the negative impact on {MISTAKE_ROW} before choosing its level, or choose ‘No negative impact’"
    expect_error_page(page, message)
    expect(grid_row(page, MISTAKE_ROW).locator(".govuk-error-message")).to_contain_text(message)
    # Nothing typed elsewhere is lost.
    expect(page.get_by_label(f"Negative impact for {HIGH_ROW}", exact=True)).to_have_value(HIGH_TEXT)
    expect(level_radio(page, HIGH_ROW, "High")).to_be_checked()
    expect(page.get_by_label(f"Positive impact for {POSITIVE_ROW}", exact=True)).to_have_value(POSITIVE_TEXT)

    fill_grid_row(page, MISTAKE_ROW, level="No negative impact")
    press_button(page, "Save the grid")
    expect(page.get_by_role("alert")).to_contain_text("The impact grid is saved.")
    assert_accessible(page)


def add_action(page, review_month):
    follow_link(page, "Add an action")
    expect_heading(page, "Add an action")
    assert_accessible(page)

    type_into(page, "Action required", ACTION_TEXT)
    type_into(page, "Key activity", "Ask each provider to book an interpreter")
    choose_radio(page, page.get_by_role("group", name="Priority", exact=True).get_by_label("High", exact=True))
    type_into(page, "Outcomes required", "Everyone understands their first visit")
    type_into(page, "Officer responsible", "Contracts manager")
    review = page.get_by_role("group", name="Review date", exact=True)
    # The day is left blank: the action is reviewed in a month.
    type_into(page, "Month", str(review_month.month), within=review)
    type_into(page, "Year", str(review_month.year), within=review)
    impacts = page.get_by_role("group", name="Which impacts does this action address? (optional)")
    tick_checkbox(page, impacts.get_by_label(HIGH_ROW, exact=True))
    press_button(page, "Save the action")

    expect(page.get_by_role("alert")).to_contain_text("The action is saved.")
    assert_accessible(page)
    card = page.locator(".govuk-summary-card").filter(has_text=ACTION_TEXT)
    expect(summary_value(card, "Priority")).to_have_text("High")
    expect(summary_value(card, "Review date")).to_have_text(review_month.strftime("%B %Y"))
    expect(summary_value(card, "Impacts it addresses")).to_have_text(HIGH_ROW)


def download_pdf(page):
    tab_to(page, page.get_by_role("button", name="Download as PDF"))  # a link styled as a button
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    # Cells wrap lines anywhere: compare with the whitespace collapsed.
    return " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in reader.pages)


# The journey --------------------------------------------------------------------------------------------------


def test_an_author_writes_an_eia_by_keyboard_alone(page):
    load_demo()

    page.goto("/")
    expect_heading(page, "Sign in to EqA")
    assert_accessible(page)

    sign_in_as(page, "demo-author", "not-the-password")
    expect_error_page(page, "The username or password is not right. Check them and try again.")

    # The username is kept; the password is typed again.
    expect(page.get_by_label("Username")).to_have_value("demo-author")
    type_into(page, "Password", PASSWORD)
    press_button(page, "Sign in")
    expect_heading(page, "Welcome, Demo Author")
    assert_accessible(page)

    follow_link(page, "Equality impact assessments", within=page.get_by_role("main"))
    expect_heading(page, "Equality impact assessments")
    assert_accessible(page)

    follow_link(page, DEMO_TITLE)
    expect_heading(page, DEMO_TITLE)
    expect(page.get_by_text("We have 800 service users", exact=False)).to_be_visible()
    assert_accessible(page)

    follow_link(page, "Equality impact assessments", within=page.get_by_role("navigation", name="Breadcrumb"))
    start_assessment(page, NEW_TITLE)
    fill_impact_grid(page)

    today = timezone.localdate()  # the server's today, in the council's time zone
    add_action(page, add_months(today, 6))

    expect(summary_value(page, "Worst negative impact")).to_have_text("High")
    expect(summary_value(page, "Rule")).to_have_text("High impact: review within one year of sign-off")
    expect(summary_value(page, "Review due")).to_contain_text(add_months(today, 12).strftime("%-d %B %Y"))

    text = download_pdf(page)
    for expected in (NEW_TITLE, HIGH_TEXT, ACTION_TEXT, "DRAFT"):
        assert expected in text, f"{expected!r} is not in the PDF"

    sign_out(page)
