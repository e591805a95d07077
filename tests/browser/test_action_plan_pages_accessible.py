"""Every page of the demo action plan and of the CQC results passes axe-core's WCAG 2.2 AA checks, as a person
whose role lets them see it: the pages of the draft plan, its error states, the import and its preview, the
CQC pages, and the pages of each lifecycle step, with the plan moved on to that step through the model's own
methods (the browser journey is in test_action_plan_journey.py)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.importer import HEADER, FileRefused, read_table
from actionplans.models import CqcResult
from councils.conflicts import SAVED_BY_OTHER
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_plan_at
from tests.browser.steps import click_button, expect_error_page, expect_heading, sign_in_directly

pytestmark = pytest.mark.browser


def action_of(plan, ref="T1.7"):
    return plan.actions.get(ref=ref)


def example_cqc_assessment(plan):
    return CqcResult.objects.filter(council=plan.council).order_by("-assessed_on", "-id").first()


def plan_url(name):
    return lambda plan: reverse(f"actionplans:{name}", args=[plan.pk])


def action_url(name):
    return lambda plan: reverse(f"actionplans:{name}", args=[plan.pk, action_of(plan).pk])


# (what the page is, the plan's stage, who looks at it, its address given the plan, its main heading)
PAGES = [
    ("plan list", "draft", "demo-viewer", lambda plan: reverse("actionplans:list"), "Improvement action plans"),
    ("start a plan", "draft", "demo-manager", lambda plan: reverse("actionplans:start"), "Start an action plan"),
    ("plan", "draft", "demo-manager", plan_url("plan"), PLAN_TITLE),
    ("plan, as a viewer", "draft", "demo-viewer", plan_url("plan"), PLAN_TITLE),
    (
        "plan, a filter that matches nothing",
        "draft",
        "demo-manager",
        lambda plan: reverse("actionplans:plan", args=[plan.pk]) + "?theme=3&status=complete#actions",
        PLAN_TITLE,
    ),
    ("action", "draft", "demo-viewer", action_url("action"), re.compile(r"^T1\.7: \S")),
    ("record an update", "draft", "demo-manager", action_url("action-update"), "Record an update"),
    ("change an action", "draft", "demo-manager", action_url("action-edit"), "Change action T1.7"),
    # Eight of the demo plan's lead officers run over two lines: a one-line input cannot hold them.
    (
        "change an action whose lead officer runs over two lines",
        "draft",
        "demo-manager",
        lambda plan: reverse(
            "actionplans:action-edit",
            args=[plan.pk, plan.actions.filter(lead_officers__contains="\n").order_by("ref_key").first().pk],
        ),
        re.compile(r"^Change action T\d"),
    ),
    ("add an action", "draft", "demo-manager", plan_url("action-add"), "Add an action"),
    ("plan details", "draft", "demo-manager", plan_url("edit"), "The plan's details"),
    ("import", "draft", "demo-manager", plan_url("import"), "Import actions from a spreadsheet"),
    ("CQC results", "draft", "demo-viewer", lambda plan: reverse("actionplans:cqc-list"), "CQC assessments"),
    (
        "CQC assessment",
        "draft",
        "demo-viewer",
        lambda plan: example_cqc_assessment(plan).get_absolute_url(),
        re.compile(r"^Example: .+CQC local authority assessment"),
    ),
    (
        "record a CQC assessment",
        "draft",
        "demo-manager",
        lambda plan: reverse("actionplans:cqc-start"),
        "Record a CQC assessment",
    ),
    ("CQC scores compared", "draft", "demo-viewer", plan_url("cqc-compare"), "CQC scores compared"),
    ("progress report, draft", "draft", "demo-viewer", plan_url("progress-report"), "Progress report"),
    ("submit", "draft", "demo-manager", plan_url("submit"), "Submit the plan for sign-off"),
    ("sign off", "submitted", "demo-approver", plan_url("approve"), "Sign off the plan"),
    ("return", "submitted", "demo-approver", plan_url("return"), "Return the plan for changes"),
    ("plan, signed off", "approved", "demo-viewer", plan_url("plan"), PLAN_TITLE),
    ("progress report", "approved", "demo-viewer", plan_url("progress-report"), "Progress report"),
]


@pytest.mark.parametrize(
    "stage, username, url_of, heading", [entry[1:] for entry in PAGES], ids=[entry[0] for entry in PAGES]
)
def test_the_page_is_accessible(page, quick_pdfs, stage, username, url_of, heading):
    plan = demo_plan_at(stage)
    sign_in_directly(page, username)

    response = page.goto(url_of(plan))
    assert response.status == 200, f"{page.url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_filter_that_matches_nothing_says_so(page):
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    complete = plan.council.status_words.get(word="Complete").pk
    page.goto(reverse("actionplans:plan", args=[plan.pk]) + f"?theme=3&status={complete}#actions")
    expect(page.get_by_role("status")).to_have_text(f"0 of {plan.actions.count()} actions match.")
    expect(page.get_by_text("No actions match. Try other filters or clear them.")).to_be_visible()
    expect(page.get_by_label("Theme", exact=True)).to_have_value("3")
    expect(page.get_by_label("Status", exact=True)).to_have_value(str(complete))
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()


# Error states ---------------------------------------------------------------------------------------------------


def test_the_update_page_with_no_note_is_accessible(page):
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:action-update", args=[plan.pk, action_of(plan).pk]))
    click_button(page, "Record the update")
    expect_heading(page, "Record an update")
    expect_error_page(page, "Say what has happened since the last update")


def test_the_change_an_action_page_with_no_area_of_focus_is_accessible(page):
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:action-edit", args=[plan.pk, action_of(plan).pk]))
    page.get_by_label("Area of focus", exact=True).fill("")
    click_button(page, "Save the action")
    expect_heading(page, "Change action T1.7")
    expect_error_page(page, "Enter the area of focus")
    expect(page.get_by_label("Area of focus", exact=True)).to_have_value("")
    expect(page.get_by_label("Action reference", exact=True)).to_have_value("T1.7")  # nothing else is lost


NOT_A_PLAN = {
    "name": "notes.txt",
    "mimeType": "text/plain",
    "buffer": b"Things to do this week\nRing the care provider\nBook the room for the carers' forum\n",
}


def _refusal(content):
    with pytest.raises(FileRefused) as refused:
        read_table(SimpleUploadedFile(NOT_A_PLAN["name"], content))
    return refused.value.messages[0]


# The whole message, saying what a header row is (tests/actionplans/test_import_columns.py checks its words).
NO_HEADER = _refusal(NOT_A_PLAN["buffer"])
assert NO_HEADER.startswith(
    "EqA found no header row in the first 20 rows of the file: a row of short headings, one a column, with the "
    "actions in the rows under it. Its first row with words, row 1, has ‘Things to do this week’. Put a row naming "
    "the columns above the actions"
)


def test_the_import_page_with_a_file_that_is_not_a_plan_is_accessible(page):
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:import", args=[plan.pk]))
    page.get_by_label("Upload the plan's spreadsheet", exact=True).set_input_files(NOT_A_PLAN)
    click_button(page, "Upload and check")
    expect_heading(page, "Import actions from a spreadsheet")
    expect_error_page(page, NO_HEADER)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=NO_HEADER, exact=True)).to_have_attribute("href", "#id_file")
    expect(page.locator(".govuk-form-group--error .govuk-error-message")).to_contain_text(NO_HEADER)  # by the field
    assert plan.actions.count() == 29  # nothing was imported


def _csv_cell(text):
    return '"' + text.replace('"', '""') + '"'


NEW_ACTION = {
    "Quality statement": "Assessing needs",
    "Action ref": "T9.1",
    "Area of focus": "Carers tell us their assessments take too long to arrange.",
    "Actions we are taking": "We are piloting a carers' assessment hub with the carers' centre.",
    "How we will know it has worked": "Carers' assessments completed within 28 days of asking.",
    "Responsible lead officer": "Head of Assessment and Care Management",
    "Status": "To be started",
    "Status date": "",
    "Milestones": "Pilot evaluated March 2027",
    "Theme": "Working with people",
    "Priority": "",
    "Target date of the action": "",
}
ONE_NEW_ACTION = {
    "name": "new-action.csv",
    "mimeType": "text/csv",
    "buffer": (",".join(HEADER) + "\r\n" + ",".join(_csv_cell(NEW_ACTION[name]) for name in HEADER) + "\r\n").encode(),
}


def test_the_import_preview_is_accessible(page):
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:import", args=[plan.pk]))
    page.get_by_label("Upload the plan's spreadsheet", exact=True).set_input_files(ONE_NEW_ACTION)
    click_button(page, "Upload and check")
    expect_heading(page, "Check what new-action.csv changes")
    changes = page.locator("#changes")
    expect(changes.locator(".govuk-summary-list__row", has_text="Actions to add").locator("dd")).to_have_text("1")
    expect(changes.locator(".govuk-summary-list__row", has_text="Actions to change").locator("dd")).to_have_text("0")
    to_add = page.get_by_role("table", name="Actions to add", exact=True)
    expect(to_add.get_by_role("rowheader", name="T9.1", exact=True)).to_be_visible()
    expect(to_add).to_contain_text("Assessing needs")
    expect(page.get_by_role("button", name="Confirm and import", exact=True)).to_be_visible()
    assert_accessible(page)
    assert plan.actions.count() == 29  # nothing is saved until the manager confirms


def test_the_record_a_cqc_assessment_page_with_nothing_filled_in_is_accessible(page):
    demo_plan_at("draft")
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:cqc-start"))
    click_button(page, "Save the assessment")
    expect_heading(page, "Record a CQC assessment")
    expect_error_page(
        page,
        "Enter the date of the assessment",
        "Enter the date the report was published",
        "Choose a score for at least one quality statement",
    )


def test_the_demo_plan_compares_its_statements_with_gloucestershire(page):
    """From the plan page to the comparison, as a person would: each statement with its scores as words and
    numbers, in a table with a caption."""
    plan = demo_plan_at("draft")
    sign_in_directly(page, "demo-viewer")

    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"^Compare your council's CQC scores with")).click()
    expect_heading(page, "CQC scores compared")
    table = page.get_by_role("table", name=re.compile(r"^CQC scores: .+ and Gloucestershire County Council$"))
    expect(table.get_by_role("row", name=re.compile(r"^Safeguarding "))).to_contain_text("2: some shortfalls")
    page.get_by_label("Compare with").select_option("Hertfordshire County Council")
    click_button(page, "Show the scores")
    row = page.get_by_role("row", name=re.compile(r"^Equity in experience and outcomes "))
    expect(row).to_contain_text("3: good standard")
    assert_accessible(page)


def test_the_progress_report_page_with_a_date_in_the_future_is_accessible(page):
    plan = demo_plan_at("approved")
    sign_in_directly(page, "demo-viewer")

    page.goto(reverse("actionplans:progress-report", args=[plan.pk]))
    year = page.locator("#id_on_2")
    year.fill(str(int(year.input_value()) + 1))
    click_button(page, "Download the progress report (PDF)")
    expect_heading(page, "Progress report")
    expect_error_page(page, "The date of the report must be today or in the past")


def test_the_correct_a_cqc_result_page_after_somebody_else_saved_is_accessible(page):
    """The second of two people correcting a result is told, and sees both texts side by side: the shared
    conflict panel, checked by axe on this page as on any other."""
    result = example_cqc_assessment(demo_plan_at("draft"))
    sign_in_directly(page, "demo-manager")

    page.goto(reverse("actionplans:cqc-correct", args=[result.pk]))
    page.get_by_label("Summary (optional)").fill("A summary typed in this tab.")
    # Somebody else's correction, saved after this page was opened.
    CqcResult.objects.filter(pk=result.pk).update(
        summary="A summary saved by somebody else.", revision=F("revision") + 1
    )
    click_button(page, "Save the correction")

    expect_heading(page, "Correct the result")
    expect_error_page(page, SAVED_BY_OTHER.format(what="result"))
    expect(page.locator("#conflict")).to_contain_text("A summary saved by somebody else.")
    expect(page.get_by_label("Summary (optional)")).to_have_value("A summary typed in this tab.")
