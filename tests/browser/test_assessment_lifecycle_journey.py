"""The demo EIA's whole lifecycle in the browser, by the people of each role, with axe-core on every page.

The author tries to submit the demo EIA and is told what is missing, each with a link to put it right; puts it
right and submits. The approver returns it, first without a reason (an error) then with one. The author sees
the reason, changes the details and submits again. The approver signs it off, told the review date first; the
moderator records the moderation; the author downloads the issued PDF, checks it against the SHA-256 the EIA
page shows, and starts a review: version 2, a draft that links to version 1.

People use the mouse here, except for the buttons that move the EIA on (submit, sign off), which are reached
with Tab and pressed with Enter or Space.
"""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.review import add_months
from assessments.views.lifecycle import CHECK_SUBMISSION
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    DEMO_TITLE,
    click,
    click_button,
    click_link,
    expect_error_page,
    expect_error_summary,
    expect_heading,
    expect_success,
    fill,
    press_enter_on,
    press_space_on,
    sign_in,
    sign_out,
    summary_value,
)
from tests.kept_rows import load_demo
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

EVIDENCE = "Complaints and compliments about care at home, 2013 to 2014, and the provider monitoring returns."
DECISION = "Adjust the proposal to remove barriers or better promote equality"
MARRIAGE_REASON = "Care at home is arranged the same way whatever a person's marital status."
PREGNANCY_REASON = "The service is for adults who need care at home; pregnancy does not change who is eligible."
RETURN_REASON = "Say how you consulted carers and service users before the new model."
ENGAGEMENT = "Three drop-in sessions for carers and service users in Chester, Ellesmere Port and Northwich."
MODERATION_BODY = "Strategic Commissioning Directorate Equality Group"
MODERATION_OUTCOME = "Endorsed as it stands"

DETAILS_PROBLEMS = {
    # message: where its link leads (the page, and the field there)
    "Enter the evidence the assessment relies on": ("assessments:edit", "id_evidence"),
    "Choose the decision": ("assessments:edit", "id_decision_1"),  # the first of its radios
}
COVERAGE_PROBLEMS = {
    "Say why the grid does not consider marriage and civil partnership": ("assessments:coverage", "id_marriage"),
    "Say why the grid does not consider pregnancy and maternity": ("assessments:coverage", "id_pregnancy"),
}
SUBMIT_PROBLEMS = {**DETAILS_PROBLEMS, **COVERAGE_PROBLEMS}


def open_demo_eia(page):
    """From the home page, through the list of EIAs, to the demo EIA."""
    click_link(page, "Equality impact assessments", within=page.get_by_role("main"))
    expect_heading(page, "Equality impact assessments")
    assert_accessible(page)
    click_link(page, DEMO_TITLE)
    expect_heading(page, DEMO_TITLE)
    assert_accessible(page)


def expect_status(page, status):
    expect(page.get_by_role("main").locator(".govuk-tag").first).to_have_text(status)


# The steps ----------------------------------------------------------------------------------------------------


def see_what_is_missing(page, pk, problems):
    """The author presses "Submit for sign-off" and is told what to put right, each with a link to its place."""
    press_enter_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    expect_heading(page, "Before you submit it")
    summary = expect_error_summary(page, *problems)
    expect(summary.get_by_role("link")).to_have_count(len(problems))
    for message, (url_name, field) in problems.items():
        # The problem is put right on another page: the link must lead there, to the field, not to this page.
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute(
            "href", f"{reverse(url_name, args=[pk])}{CHECK_SUBMISSION}#{field}"
        )
    # Nothing to press but the way back: the EIA cannot be submitted yet.
    expect(page.get_by_role("button", name="Submit for sign-off")).to_have_count(0)
    expect(page.get_by_role("link", name="Back to the assessment", exact=True)).to_be_visible()
    assert_accessible(page)
    return summary


def put_right_the_details(page, summary):
    click(page, summary.get_by_role("link", name="Enter the evidence the assessment relies on", exact=True))
    expect_heading(page, "About the assessment")
    expect(page.get_by_label("Evidence", exact=True)).to_be_focused()  # the link leads to the field, focused
    expect(page.locator("#id_decision_1")).to_have_count(1)  # the decision's link leads to its first radio
    assert_accessible(page)
    fill(page, "Evidence", EVIDENCE)
    page.get_by_label(DECISION, exact=True).check()
    click_button(page, "Save")
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The assessment's details are saved.")
    expect(summary_value(page, "Evidence")).to_have_text(EVIDENCE)
    expect(summary_value(page, "Decision")).to_have_text(DECISION)
    assert_accessible(page)


def put_right_the_coverage(page, summary):
    click(page, summary.get_by_role("link", name=list(COVERAGE_PROBLEMS)[0], exact=True))
    expect_heading(page, "Characteristics the grid leaves out")
    marriage = page.get_by_label("Why does the grid not consider marriage and civil partnership?", exact=True)
    pregnancy = page.get_by_label("Why does the grid not consider pregnancy and maternity?", exact=True)
    expect(marriage).to_be_focused()
    assert_accessible(page)

    marriage.fill(MARRIAGE_REASON)
    click_button(page, "Save the reasons")  # one reason is missing
    expect_error_page(page, "Say why the grid does not consider pregnancy and maternity")
    expect(marriage).to_have_value(MARRIAGE_REASON)  # nothing typed is lost

    pregnancy.fill(PREGNANCY_REASON)
    click_button(page, "Save the reasons")
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "Your reasons are saved.")
    reasons = page.get_by_role("heading", name="Why the grid leaves out some characteristics")
    expect(reasons).to_be_visible()
    expect(summary_value(page, "Marriage and civil partnership")).to_have_text(MARRIAGE_REASON)
    expect(summary_value(page, "Pregnancy and maternity")).to_have_text(PREGNANCY_REASON)
    assert_accessible(page)


def submit(page):
    """By keyboard: Enter on the EIA page's "Submit for sign-off", then Space on the confirmation's button."""
    press_enter_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    expect_heading(page, "Submit the assessment for sign-off")
    assert_accessible(page)
    press_space_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The assessment is submitted for sign-off.")
    expect_status(page, "Submitted for sign-off")
    # Nobody changes a submitted EIA: the author has no way to.
    expect(page.get_by_role("link", name="Change the details of the assessment")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit for sign-off")).to_have_count(0)
    assert_accessible(page)


def return_to_author(page):
    click_button(page, "Return to the author")  # a link that looks like a button, and says it is one
    expect_heading(page, "Return the assessment to its author")
    assert_accessible(page)

    click_button(page, "Return to the author")  # without a reason
    expect_heading(page, "Return the assessment to its author")
    expect_error_page(page, "Say why you are returning it, so the author knows what to change")

    fill(page, "Why are you returning it?", RETURN_REASON)
    click_button(page, "Return to the author")
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The assessment is returned to its author with your reason.")
    expect_status(page, "Draft")
    assert_accessible(page)


def read_the_reason_and_change_the_details(page):
    returned = page.get_by_role("region", name="Returned to you")
    expect(returned).to_contain_text(f"Demo Approver returned it on {timezone.localdate():%-d %B %Y}")
    expect(returned).to_contain_text(RETURN_REASON)

    click_link(page, "Change the details of the assessment")
    expect_heading(page, "About the assessment")
    assert_accessible(page)
    fill(page, "Engagement and consultation", ENGAGEMENT)
    click_button(page, "Save")
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The assessment's details are saved.")
    expect(summary_value(page, "Engagement and consultation")).to_have_text(ENGAGEMENT)
    assert_accessible(page)


def sign_off(page, review_due):
    """By keyboard: Space on the EIA page's "Sign off" (a link styled as a button), then Enter on the button."""
    press_space_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, "Sign off the assessment")
    expect(page.locator(".govuk-inset-text")).to_have_text(
        f"Low impact: review within three years of sign-off. If you sign it off today, it must be reviewed by "
        f"{review_due:%-d %B %Y}."
    )
    assert_accessible(page)
    press_enter_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The assessment is signed off. Its PDF is issued and kept as it is now.")
    expect_status(page, "Signed off")
    expect(summary_value(page, "Signed off by")).to_contain_text(f"Demo Approver, {timezone.localdate():%-d %B %Y}")
    expect(summary_value(page, "Review due")).to_have_text(f"{review_due:%-d %B %Y}")
    expect(page.get_by_role("heading", name="Issued PDFs")).to_be_visible()
    assert_accessible(page)


def record_moderation(page, on):
    click_button(page, "Record moderation")
    expect_heading(page, "Record the moderation")
    body = page.get_by_label("Which body moderated or scrutinised it?", exact=True)
    expect(body).to_have_value(MODERATION_BODY)  # as the EIA names it
    assert_accessible(page)

    body.fill("")
    click_button(page, "Record moderation")
    expect_heading(page, "Record the moderation")
    expect_error_page(
        page, "Enter the body that moderated it", "Enter the date of moderation", "Choose what the moderation concluded"
    )

    body.fill(MODERATION_BODY)
    when = page.get_by_role("group", name="When did it meet?")
    when.get_by_label("Day", exact=True).fill(str(on.day))
    when.get_by_label("Month", exact=True).fill(str(on.month))
    when.get_by_label("Year", exact=True).fill(str(on.year))
    page.get_by_role("group", name="What did it conclude?").get_by_label(MODERATION_OUTCOME, exact=True).check()
    click_button(page, "Record moderation")
    expect_heading(page, DEMO_TITLE)
    expect_success(page, "The moderation is recorded and the PDF is re-issued with it.")
    expect_status(page, "Moderated")
    expect(summary_value(page, "Moderation or scrutiny")).to_have_text(MODERATION_BODY)
    expect(summary_value(page, "Date of moderation or scrutiny")).to_have_text(f"{on:%-d %B %Y}")
    expect(summary_value(page, "Outcome of moderation")).to_have_text(MODERATION_OUTCOME)
    assert_accessible(page)


def download_the_issued_pdf(page, review_due):
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        data = f.read()
    text = pdf_text(data)
    assert "DRAFT" not in text, "the signed-off PDF still says DRAFT"
    for expected in (DEMO_TITLE, "Demo Approver", f"{review_due:%-d %B %Y}", MODERATION_BODY, EVIDENCE):
        assert expected in text, f"{expected!r} is not in the PDF"

    # The EIA page lists each issued PDF with its SHA-256: the copy downloaded is one of them, unchanged.
    sha256 = hashlib.sha256(data).hexdigest()
    issued = page.locator("dl").filter(has=page.locator("code.eqa-hash"))
    expect(issued.locator("code.eqa-hash", has_text=sha256)).to_have_count(1)


def start_a_review(page, version_1_pk):
    click_button(page, "Start a review")
    expect_heading(page, "Start a review")
    assert_accessible(page)
    click_button(page, "Start a review")

    expect_heading(page, DEMO_TITLE)
    expect_success(page, "Version 2 is started as a draft, with a copy of everything in the signed-off version.")
    expect(page.get_by_role("main")).to_contain_text("Version 2.")
    expect_status(page, "Draft")
    version_2 = Assessment.objects.get(title=DEMO_TITLE, version=2)
    assert page.url.endswith(version_2.get_absolute_url())
    read_version_1 = page.get_by_role("link", name="Read version 1", exact=True)
    expect(read_version_1).to_have_attribute("href", reverse("assessments:detail", args=[version_1_pk]))
    expect(page.get_by_role("button", name="Submit for sign-off", exact=True)).to_be_visible()
    assert_accessible(page)

    click(page, read_version_1)
    expect_heading(page, DEMO_TITLE)
    expect(page.get_by_role("main")).to_contain_text("Version 1.")
    expect(page.get_by_role("link", name="Go to version 2", exact=True)).to_be_visible()
    assert_accessible(page)


# The journey --------------------------------------------------------------------------------------------------


def test_the_demo_eia_goes_from_draft_to_its_review(page):
    load_demo()
    eia = Assessment.objects.get(title=DEMO_TITLE)
    today = timezone.localdate()
    review_due = add_months(today, 36)  # the demo's worst negative impact is Low: three years

    # The author is told what is missing, puts it right and submits.
    sign_in(page, "demo-author", "Demo Author")
    open_demo_eia(page)
    expect_status(page, "Draft")
    summary = see_what_is_missing(page, eia.pk, SUBMIT_PROBLEMS)
    put_right_the_details(page, summary)
    summary = see_what_is_missing(page, eia.pk, COVERAGE_PROBLEMS)  # only what is left
    put_right_the_coverage(page, summary)
    submit(page)
    sign_out(page)

    # The approver returns it, with a reason.
    sign_in(page, "demo-approver", "Demo Approver")
    open_demo_eia(page)
    expect_status(page, "Submitted for sign-off")
    return_to_author(page)
    sign_out(page)

    # The author reads the reason, changes the details and submits again.
    sign_in(page, "demo-author", "Demo Author")
    open_demo_eia(page)
    read_the_reason_and_change_the_details(page)
    submit(page)
    expect(page.get_by_role("region", name="Returned to you")).to_have_count(0)
    sign_out(page)

    # The approver signs it off.
    sign_in(page, "demo-approver", "Demo Approver")
    open_demo_eia(page)
    sign_off(page, review_due)
    sign_out(page)

    # The moderator records the moderation.
    sign_in(page, "demo-moderator", "Demo Moderator")
    open_demo_eia(page)
    record_moderation(page, today)
    sign_out(page)

    # The approver's home page says it is ready to publish.
    sign_in(page, "demo-approver", "Demo Approver")
    ready = page.get_by_role("region", name="Ready to publish").first
    expect(ready.get_by_role("link", name=DEMO_TITLE, exact=True)).to_be_visible()
    sign_out(page)

    # The author downloads the PDF as issued, checks it, and starts a review.
    sign_in(page, "demo-author", "Demo Author")
    open_demo_eia(page)
    expect_status(page, "Moderated")
    download_the_issued_pdf(page, review_due)
    start_a_review(page, eia.pk)
    sign_out(page)
