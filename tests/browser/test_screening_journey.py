"""A screening in the browser, by the people of each role, with axe-core on every page.

An author whose council does not use screening is told so. A council admin makes every EIA start with a screening.
An author screens a proposal, answers one row Don't know, is told a full EIA is needed and why, starts it, and finds
every answer beside its row of the grid, the Don't know flagged to assess. Another proposal, all No, is submitted by
its author, who is told it cannot be changed now, and screened out by an approver, whose page then shows the review
date and a link to the signed-off PDF.

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
    pdf_text,
    sign_in_directly,
    summary_value,
)
from tests.factories import CouncilFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.browser

TITLE = "Day opportunities review"
UNKNOWN_ROW = "Disability"
UNKNOWN_REASON = "We hold no data on which disabled people use the centres."


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
    page.goto(reverse("assessments:start"))
    expect_heading(page, "Start with a screening")
    assert_accessible(page)
    click(page, page.get_by_role("button", name="Start a screening"))  # a link that looks like a button
    expect_heading(page, "Start a screening")
    assert_accessible(page)
    page.get_by_label("Which service is it for?").select_option(label="Adult Social Care")
    fill(page, "What is the proposal called?", TITLE)
    fill(page, "What is proposed?", "Close two day centres and move activities into community hubs.")
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
        created_by=author,
    )
    screening.copy_rows_from_council()
    screening.answers.update(answer="no", reason="No group is affected differently.")

    sign_in_directly(page, "author")
    page.goto(screening.get_absolute_url())
    expect(page.locator("#outcome")).to_contain_text("you may conclude that no full EIA is needed")
    click_link(page, "Change the details")
    fill(
        page,
        "Why is no full EIA needed? (only when every answer is No)",
        "The same activities continue in the hubs.",
    )
    click_button(page, "Save")
    click(page, page.get_by_role("button", name="Submit for a decision"))
    expect_heading(page, "Submit for a decision")
    assert_accessible(page)
    click_button(page, "Submit for a decision")
    expect_success(page, "The screening is submitted.")
    # The details page, from a tab opened before it was submitted: it says why it cannot be changed now.
    page.goto(reverse("assessments:screening-edit", args=[screening.pk]))
    expect_heading(page, "This screening cannot be changed")
    expect(page.get_by_text("It is submitted for a decision.")).to_be_visible()
    assert_accessible(page)
    click_button(page, "Sign out")

    sign_in_directly(page, "approver")
    page.goto(screening.get_absolute_url())
    assert_accessible(page)
    click(page, page.get_by_role("button", name="Screen out: no full EIA needed"))
    expect_heading(page, "Screen out: no full EIA needed")
    assert_accessible(page)
    click_button(page, "Screen out: no full EIA needed")

    expect_success(page, "The screening is decided: no full EIA is needed.")
    decided = Screening.objects.get(pk=screening.pk)
    due = review.add_months(decided.approved_at.date(), council.review_months_screened_out)
    expect(summary_value(page, "Review date")).to_have_text(due.strftime("%-d %B %Y"))
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the decision PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert "Screened out: no full EIA needed" in pdf_text(pdf.read())
