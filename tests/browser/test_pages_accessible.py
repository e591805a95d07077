"""Every page of the demo EIA passes axe-core's WCAG 2.2 AA checks: the pages an author sees of the draft, and
the pages of each lifecycle step, as the person who takes it, with the EIA moved on to that step through the
model's own methods (the browser journey is in test_assessment_lifecycle_journey.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import IssuedPdf, Status
from assessments.review import add_months
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import MODERATION_BODY, demo_eia, demo_eia_at
from tests.browser.steps import DEMO_TITLE, expect_error_page, expect_error_summary, sign_in_directly, summary_value
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser


def first_action(assessment):
    return assessment.actions.order_by("position").first()


# (what the page is, its address given the demo EIA, its main heading)
PAGES = [
    ("home", lambda eia: reverse("home"), "Welcome, Demo Author"),
    ("list", lambda eia: reverse("assessments:list"), "Equality impact assessments"),
    (
        "list, a search that finds nothing",
        lambda eia: reverse("assessments:list") + "?q=no+such+assessment",
        "Equality impact assessments",
    ),
    ("start", lambda eia: reverse("assessments:start"), "Start a new equality impact assessment"),
    ("detail", lambda eia: eia.get_absolute_url(), DEMO_TITLE),
    ("details form", lambda eia: reverse("assessments:edit", args=[eia.pk]), "About the assessment"),
    ("impact grid", lambda eia: reverse("assessments:grid", args=[eia.pk]), "Impact grid"),
    (
        "change an action",
        lambda eia: reverse("assessments:action-edit", args=[eia.pk, first_action(eia).pk]),
        "Change an action",
    ),
    (
        "remove an action",
        lambda eia: reverse("assessments:action-remove", args=[eia.pk, first_action(eia).pk]),
        "Are you sure you want to remove this action?",
    ),
]


@pytest.mark.parametrize(
    "url_of, heading", [(url_of, heading) for _, url_of, heading in PAGES], ids=[name for name, _, _ in PAGES]
)
def test_the_page_is_accessible(page, url_of, heading):
    load_demo()
    sign_in_directly(page, "demo-author")

    response = page.goto(url_of(demo_eia()))
    assert response.status == 200, f"{page.url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_search_that_finds_nothing_says_so(page):
    load_demo()
    sign_in_directly(page, "demo-author")

    page.goto(reverse("assessments:list") + "?q=no+such+assessment")
    expect(page.get_by_text("No assessments match your search.")).to_be_visible()
    expect(page.get_by_label("Search by title")).to_have_value("no such assessment")


def test_signing_out_says_so_accessibly(page):
    load_demo()
    sign_in_directly(page, "demo-author")
    page.goto(reverse("home"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("alert")).to_contain_text("You are signed out.")
    assert_accessible(page)


def test_a_table_region_is_a_tab_stop_only_while_it_scrolls(page):
    load_demo()
    sign_in_directly(page, "demo-author")
    page.goto(reverse("assessments:list"))
    region = page.locator("[data-eqa-scrolls]").first
    expect(region).not_to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 320, "height": 640})
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert_accessible(page)


# The lifecycle's pages ----------------------------------------------------------------------------------------


def step_url(name):
    return lambda eia: reverse(f"assessments:{name}", args=[eia.pk])


# (what the page is, the EIA's stage, who looks at it, its address, its main heading)
LIFECYCLE_PAGES = [
    ("submit, with problems", "draft", "demo-author", step_url("submit"), "Before you submit it"),
    ("coverage", "draft", "demo-author", step_url("coverage"), "Characteristics the grid leaves out"),
    ("history, after a change", "changed", "demo-author", step_url("history"), "History of changes"),
    ("submit, ready", "changed", "demo-author", step_url("submit"), "Submit the assessment for sign-off"),
    ("return", "submitted", "demo-approver", step_url("return"), "Return the assessment to its author"),
    ("sign off", "submitted", "demo-approver", step_url("approve"), "Sign off the assessment"),
    ("moderation", "approved", "demo-moderator", step_url("moderate"), "Record the moderation"),
    ("publish", "moderated", "demo-admin", step_url("publish"), "Publish the assessment"),
    ("start a review", "approved", "demo-author", step_url("start-review"), "Start a review"),
    ("detail, signed off", "approved", "demo-viewer", lambda eia: eia.get_absolute_url(), DEMO_TITLE),
    ("history, moderated", "moderated", "demo-author", step_url("history"), "History of changes"),
]


@pytest.mark.parametrize(
    "stage, username, url_of, heading",
    [entry[1:] for entry in LIFECYCLE_PAGES],
    ids=[entry[0] for entry in LIFECYCLE_PAGES],
)
def test_the_lifecycle_page_is_accessible(page, quick_pdfs, stage, username, url_of, heading):
    eia = demo_eia_at(stage)
    sign_in_directly(page, username)

    response = page.goto(url_of(eia))
    assert response.status == 200, f"{page.url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_the_submit_page_lists_the_problems_accessibly(page):
    demo_eia_at("draft")
    sign_in_directly(page, "demo-author")

    eia = demo_eia()
    page.goto(reverse("assessments:submit", args=[eia.pk]))
    # Each page shows the problems at their fields when reached from here (?check=submission).
    details, coverage = (
        reverse(f"assessments:{name}", args=[eia.pk]) + "?check=submission" for name in ("edit", "coverage")
    )
    links = {
        # Each problem is put right on another page: its link leads to the field there.
        "Enter the evidence the assessment relies on": f"{details}#id_evidence",
        "Choose the decision": f"{details}#id_decision_1",  # the first of its radios
        "Say why the grid does not consider marriage and civil partnership": f"{coverage}#id_marriage",
        "Say why the grid does not consider pregnancy and maternity": f"{coverage}#id_pregnancy",
    }
    summary = expect_error_summary(page, *links)
    assert_accessible(page)
    for message, href in links.items():
        expect(summary.get_by_role("link", name=message, exact=True)).to_have_attribute("href", href)


def test_the_coverage_page_with_a_reason_missing_is_accessible(page):
    eia = demo_eia_at("draft")
    sign_in_directly(page, "demo-author")

    # As the submit page's link leads there: to the field, which the browser focuses.
    page.goto(reverse("assessments:coverage", args=[eia.pk]) + "#id_marriage")
    marriage = page.get_by_label("Why does the grid not consider marriage and civil partnership?")
    expect(marriage).to_be_focused()
    marriage.fill("Care is arranged the same whatever a person's marital status.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the reasons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Characteristics the grid leaves out")
    # The error summary takes the focus, not the field the address still names.
    expect_error_page(page, "Say why the grid does not consider pregnancy and maternity")
    expect(marriage).to_have_value("Care is arranged the same whatever a person's marital status.")


def test_the_return_page_with_no_reason_is_accessible(page):
    eia = demo_eia_at("submitted")
    sign_in_directly(page, "demo-approver")

    page.goto(reverse("assessments:return", args=[eia.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Return to the author").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Return the assessment to its author")
    expect_error_page(page, "Say why you are returning it, so the author knows what to change")


def test_the_moderation_page_with_nothing_filled_in_is_accessible(page):
    eia = demo_eia_at("approved")
    sign_in_directly(page, "demo-moderator")

    page.goto(reverse("assessments:moderate", args=[eia.pk]))
    body = page.get_by_label("Which body moderated or scrutinised it?")
    expect(body).to_have_value(MODERATION_BODY)  # the body the EIA names, to start from
    body.fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Record moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the moderation")
    expect_error_page(
        page, "Enter the body that moderated it", "Enter the date of moderation", "Choose what the moderation concluded"
    )
    assert demo_eia().status == Status.APPROVED  # nothing was recorded


DOWNLOAD_LINKS = {
    IssuedPdf.Kind.SIGN_OFF: "Download the signed-off PDF",
    IssuedPdf.Kind.MODERATION: "Download the PDF re-issued with its moderation",
}


def test_the_page_of_a_signed_off_eia_is_accessible(page):
    eia = demo_eia_at("moderated")
    sign_in_directly(page, "demo-author")

    page.goto(eia.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_TITLE)
    main = page.get_by_role("main")

    # The Issued PDFs list: the signed-off PDF and its re-issue with the moderation, each with its SHA-256.
    expect(main.get_by_role("heading", name="Issued PDFs", exact=True)).to_be_visible()
    for issued in IssuedPdf.objects.filter(assessment=eia):
        expect(main.locator("code.eqa-hash", has_text=issued.sha256)).to_have_count(1)
        expect(main.get_by_role("link", name=DOWNLOAD_LINKS[issued.kind], exact=True)).to_be_visible()

    # The timeline: each step, and who took it.
    timeline = main.get_by_role("heading", name="Timeline", exact=True).locator("xpath=following-sibling::ol[1]")
    expect(timeline.get_by_role("listitem")).to_have_count(3)
    expect(timeline.get_by_role("listitem").nth(0)).to_contain_text("Submitted for sign-off by Demo Author")
    expect(timeline.get_by_role("listitem").nth(1)).to_contain_text("Signed off by Demo Approver")
    expect(timeline.get_by_role("listitem").nth(2)).to_contain_text("Moderated by Demo Moderator")

    expect(summary_value(page, "Review due")).to_have_text(f"{add_months(timezone.localdate(), 36):%-d %B %Y}")
    expect(page.get_by_role("button", name="Start a review", exact=True)).to_be_visible()
    assert_accessible(page)

    # Its details page, from a bookmark: it cannot be changed now, and the page says what to do instead.
    page.goto(reverse("assessments:edit", args=[eia.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This EIA is signed off")
    assert_accessible(page)
