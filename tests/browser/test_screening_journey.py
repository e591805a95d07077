"""A screening in the browser, by the people of each role, with axe-core on every page.

An author whose council does not use screening is told so. A council admin makes every EIA start with a screening,
and the author's home page then offers to start one. An author screens a proposal, answers one row Don't know, is
told a full EIA is needed and why, and offered only to start it; starts it, and finds every answer beside its row of
the grid, the Don't know flagged to assess; back on the screening, it says the answers decided and links to the full
EIA. Another proposal, all No, is submitted by its author, who is told it cannot be changed now, and whose words
typed in a tab left open are shown back, not lost; it is screened out by an approver, shown the officer's reason,
whose page then states the decision, the review date and a link to the signed-off PDF, which states the decision
too.

People use the mouse here; the council, its people and the second screening's answers are set up through the
models, where the journey is not about them.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments import review
from assessments.models import Screening
from councils.models import Membership, Role, ScreeningUse
from councils.services import reference_take
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    PASSWORD,
    click,
    click_button,
    click_link,
    expect_heading,
    expect_success,
    fieldset_headed,
    fill,
    sign_in_directly,
    summary_value,
)
from tests.factories import CouncilFactory, ServiceFactory, UserFactory
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

TITLE = "Day opportunities review"
UNKNOWN_ROW = "Disability"
UNKNOWN_REASON = "We hold no data on which disabled people use the centres."
CONCLUSION_LABEL = "Why is no full EIA needed? (only when every answer is No)"


@pytest.fixture
def council(db):
    council = CouncilFactory(name="Borsetshire County Council", slug="borsetshire")
    ServiceFactory(council=council, name="Adult Social Care")
    return council


def person(council, username, role):
    user = UserFactory(username=username, first_name=username.capitalize(), last_name="Tester")
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.create(user=user, council=council, role=role)
    return user


def test_a_dont_know_leads_to_a_full_eia_with_that_row_flagged_on_its_grid(page, council):
    person(council, "admin", Role.COUNCIL_ADMIN)
    person(council, "author", Role.AUTHOR)

    sign_in_directly(page, "author")
    page.goto(reverse("assessments:screening-start"))
    expect_heading(page, "Your council does not use screening")
    assert_accessible(page)
    click_button(page, "Sign out")

    sign_in_directly(page, "admin")
    page.goto(reverse("councils:screening", args=[council.slug]))
    expect_heading(page, "Screening")
    assert_accessible(page)
    page.get_by_label("Always: every EIA starts with a screening", exact=True).check()
    click_button(page, "Save")
    expect_success(page, "The screening settings are saved.")
    click_button(page, "Sign out")

    sign_in_directly(page, "author")
    page.goto(reverse("home"))
    expect(page.get_by_role("link", name="Start a screening", exact=True)).to_be_visible()
    page.goto(reverse("assessments:start"))
    expect_heading(page, "Start with a screening")
    assert_accessible(page)
    click(page, page.get_by_role("button", name="Start a screening"))  # a link that looks like a button
    expect_heading(page, "Start a screening")
    assert_accessible(page)
    page.get_by_label("Which service is it for?").select_option(label="Adult Social Care")
    fill(page, "What is the proposal called?", TITLE)
    fill(page, "What is proposed?", "Close two day centres and move activities into community hubs.")
    fill(page, "Who does it affect?", "About 120 people who use the day centres, and their carers.")
    click_button(page, "Start the screening")
    expect_heading(page, f"Screening: {TITLE}")
    assert_accessible(page)

    click_link(page, "Change the answers")
    expect_heading(page, "Is there likely to be an adverse impact?")
    assert_accessible(page)
    labels = page.locator("fieldset h2").all_inner_texts()
    for label in labels:
        row = fieldset_headed(page, label)
        given, reason = ("Don't know", UNKNOWN_REASON) if label == UNKNOWN_ROW else ("No", f"No change for {label}.")
        row.get_by_label(given, exact=True).check()
        row.get_by_label(f"Reason for your answer on {label}", exact=True).fill(reason)
    click_button(page, "Save the answers")
    expect_success(page, "The answers are saved.")

    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("A full EIA is needed")
    expect(outcome).to_contain_text(f"{UNKNOWN_ROW}: Don't know")
    expect(outcome).to_contain_text("Not knowing is a reason to assess.")
    # The answers decide: the one step offered is to start the full EIA, with no decision to ask for.
    expect(page.locator("#next-step")).to_contain_text("no approver needs to decide")
    expect(page.get_by_role("button", name="Submit for a decision")).to_have_count(0)
    assert_accessible(page)

    click_button(page, "Start the full EIA")
    expect_heading(page, TITLE)
    expect_success(page, f"You started the full EIA ‘{TITLE}’")
    expect_success(page, f"1 Don't know (to assess) and {len(labels) - 1} No.")
    screening = Screening.objects.get(title=TITLE)
    expect(page.locator("#from-screening")).to_contain_text(
        f"This EIA was started from the screening {screening.reference} (version 1)"
    )
    expect(page.locator("#from-screening")).to_contain_text("Its outcome: Full EIA needed, decided")
    assert_accessible(page)
    eia_url = page.url

    click_link(page, screening.reference, within=page.locator("#from-screening"))
    expect(page.locator("#outcome")).to_contain_text("A full EIA is needed: the answers show it")
    expect(summary_value(page, "Full EIA started by")).to_contain_text("Author Tester")
    expect(page.get_by_text("Why no full EIA is needed")).to_have_count(0)
    assert_accessible(page)
    click(page, summary_value(page, "Full EIA").get_by_role("link"))
    assert page.url == eia_url

    click_link(page, "Fill in the impact grid")
    expect_heading(page, "Impact grid")
    # Every row has the screening's answer beside it; the Don't know is flagged to assess.
    expect(page.locator(".eqa-grid-row .govuk-inset-text")).to_have_count(len(labels))
    flagged = page.locator("fieldset.eqa-grid-row").filter(has=page.get_by_text("Not known: assess this row"))
    expect(flagged.get_by_role("heading", level=2)).to_have_text(UNKNOWN_ROW)
    expect(flagged.locator(".govuk-inset-text")).to_contain_text(f"Screening: Don't know – {UNKNOWN_REASON}")
    expect(fieldset_headed(page, "Age").locator(".govuk-inset-text")).to_have_text("Screening: No – No change for Age.")
    assert_accessible(page)


def test_an_all_no_screening_is_screened_out_by_an_approver_who_then_has_its_pdf(page, council):
    council.screening_use = ScreeningUse.ALWAYS
    council.save()
    author = person(council, "author", Role.AUTHOR)
    person(council, "approver", Role.APPROVER)
    screening = Screening.objects.create(
        council=council,
        service=council.services.get(),
        reference=reference_take(council=council),
        title=TITLE,
        proposal="Move the centres' activities into community hubs.",
        affects="About 120 people who use the day centres, and their carers.",
        created_by=author,
    )
    screening.copy_rows_from_council()
    screening.answers.update(answer="no", reason="No group is affected differently.")

    sign_in_directly(page, "author")
    page.goto(screening.get_absolute_url())
    expect(page.locator("#next-step")).to_contain_text("you may conclude that no full EIA is needed")
    click_link(page, "Change the details")
    fill(page, CONCLUSION_LABEL, "The same activities continue in the hubs.")
    click_button(page, "Save")
    # A tab left open on the details, while the screening is submitted from this one.
    left_open = page.context.new_page()
    left_open.goto(reverse("assessments:screening-edit", args=[screening.pk]))
    click(page, page.get_by_role("button", name="Submit for a decision"))
    expect_heading(page, "Submit for a decision")
    assert_accessible(page)
    click_button(page, "Submit for a decision")
    expect_success(page, "The screening is submitted.")
    # The tab left open: what is typed there and saved is refused, said why, and shown back.
    fill(left_open, CONCLUSION_LABEL, "Typed later, in the tab left open.")
    click_button(left_open, "Save")
    expect_heading(left_open, "This screening cannot be changed")
    expect(left_open.get_by_text("It is submitted for a decision.")).to_be_visible()
    expect(summary_value(left_open, CONCLUSION_LABEL)).to_have_text("Typed later, in the tab left open.")
    assert_accessible(left_open)
    left_open.close()
    click_button(page, "Sign out")

    sign_in_directly(page, "approver")
    page.goto(screening.get_absolute_url())
    assert_accessible(page)
    # The approver's three choices stand in one row, side by side.
    choices = ["Screen out: no full EIA needed", "Require a full EIA", "Return to the author"]
    tops = {page.get_by_role("button", name=name).bounding_box()["y"] for name in choices}
    assert len(tops) == 1, tops
    click(page, page.get_by_role("button", name="Screen out: no full EIA needed"))
    expect_heading(page, "Screen out: no full EIA needed")
    expect(page.get_by_text("The same activities continue in the hubs.")).to_be_visible()
    assert_accessible(page)
    click_button(page, "Screen out: no full EIA needed")

    expect_success(page, "The screening is decided: no full EIA is needed.")
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Screened out: no full EIA needed")
    expect(outcome).not_to_contain_text("you may conclude")
    expect(summary_value(page, "Why no full EIA is needed")).to_have_text("The same activities continue in the hubs.")
    decided = Screening.objects.get(pk=screening.pk)
    due = review.add_months(decided.approved_at.date(), council.review_months_screened_out)
    expect(summary_value(page, "Review date")).to_have_text(due.strftime("%-d %B %Y"))
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the decision PDF").click()
    with open(download.value.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert "Screened out: no full EIA needed" in text
    assert "Why no full EIA is needed The same activities continue in the hubs." in text
    assert "you may conclude" not in text
