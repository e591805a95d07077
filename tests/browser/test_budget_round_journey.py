"""A budget round and the decision it goes to, as a council would use them, with axe-core on every page.

The council admin asks EIAs for their budget or savings round. An author starts three proposals' EIAs and names the
round in each; their negative impacts are filled through the models, where the journey is not about them. The round's
cumulative impact page then counts, for each group, the proposals that fall on it, and its PDF appendix says the same.

After the budget meeting, the author records the decision the signed-off demo EIA informed. The EIA's page says the
signed-off EIA existed before the meeting; its PDF is re-issued with the decision; the author records an action of
its plan as done; and somebody who never signs in reads the decision on the public register and checks the
re-issued PDF's SHA-256 against it.
"""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment, ImpactRow, IssuedPdf
from councils.models import Council, Service
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_eia_at
from tests.browser.steps import (
    click_button,
    click_link,
    download,
    expect_heading,
    expect_success,
    fill,
    sign_in_directly,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

ROUND = "2027/28 savings proposals"
PROPOSALS = {
    "Close the Hoole day centre": {"Age": "high", "Disability": "medium"},
    "Fewer meals on wheels rounds": {"Age": "low"},
    "Charge for community transport": {"Age": "medium", "Disability": "medium"},
}


def ask_for_the_round(page, council):
    sign_in_directly(page, "demo-admin")
    page.goto(reverse("assessments:settings-standard-fields", args=[council.slug]))
    expect_heading(page, "Standard fields of an EIA")
    assert_accessible(page)
    page.get_by_role("group", name="Budget or savings round").get_by_label("Asked, optional", exact=True).check()
    click_button(page, "Save")
    expect_success(page, "The fields EIAs ask are saved.")
    click_button(page, "Sign out")


def start_a_proposal(page, service, title):
    page.goto(reverse("assessments:start"))
    expect_heading(page, "Start a new equality impact assessment")
    page.get_by_label("Which service is it for?").select_option(value=str(service.pk))
    fill(page, "What is the assessment called?", title)
    page.get_by_label("Budget decision", exact=True).check()
    click_button(page, "Start the assessment")
    expect_heading(page, title)
    click_link(page, "Change the details of the assessment")
    fill(page, "Budget or savings round (optional)", ROUND)
    click_button(page, "Save")
    expect_heading(page, title)
    assert_accessible(page)


def rate_negatives(title, negatives):
    """Through the models, as the author would fill the grid: the journey is not about it."""
    eia = Assessment.objects.get(title=title)
    for label, level in negatives.items():
        ImpactRow.objects.filter(assessment=eia, label=label).update(
            negative="Fewer hours of care.", negative_level=level
        )


def test_a_round_is_seen_together_and_the_decision_is_recorded_before_the_public(demo):
    page = demo
    council = Council.objects.get(slug="cheshire-west-and-chester")
    service = Service.objects.filter(council=council).order_by("path").last()

    ask_for_the_round(page, council)
    sign_in_directly(page, "demo-author")
    for title, negatives in PROPOSALS.items():
        start_a_proposal(page, service, title)
        rate_negatives(title, negatives)

    page.goto(reverse("assessments:list"))
    click_link(page, f"cumulative impact of {council.name}'s budget or savings rounds")
    expect_heading(page, f"Cumulative impact: {ROUND}")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="3 proposals in the round")).to_be_visible()
    table = page.get_by_role("table")
    # High, medium, low: each group's count of proposals.
    counts = {
        group: [cell.strip() for cell in table.get_by_role("row", name=group).locator("td").all_inner_texts()][:3]
        for group in ("Age", "Disability")
    }
    assert counts == {"Age": ["1", "1", "1"], "Disability": ["0", "2", "0"]}
    appendix = pdf_text(download(page, "Download the round as an appendix for the budget meeting (PDF)"))
    assert ROUND in appendix and all(title in appendix for title in PROPOSALS)

    # After the meeting: the demo EIA was signed off three weeks before it.
    eia = demo_eia_at("moderated")
    IssuedPdf.objects.filter(assessment=eia).update(issued_at=timezone.now() - timedelta(days=21))
    Council.objects.filter(pk=council.pk).update(register_public=True, eia_moderation_required=False)
    met = timezone.localdate() - timedelta(days=7)
    page.goto(eia.get_absolute_url())
    click_button(page, "Record the decision")
    expect_heading(page, "Record the decision it informed")
    assert_accessible(page)
    fill(page, "Which meeting took the decision?", "Cabinet")
    page.get_by_label("Day").fill(str(met.day))
    page.get_by_label("Month").fill(str(met.month))
    page.get_by_label("Year").fill(str(met.year))
    fill(page, "Reference of the report to the meeting (optional)", "CAB/2027/03")
    page.get_by_label("Agreed with changes", exact=True).check()
    click_button(page, "Save the decision")
    expect_success(page, "The decision is saved.")
    expect(page.locator("main")).to_contain_text("The signed-off EIA existed before the meeting")
    expect(page.locator("main")).to_contain_text("14 days before")
    assert_accessible(page)
    # The first action of its plan was done a week ago: recorded, the plan staying as it was signed off.
    click_link(page, "Record action 1 as done")
    expect_heading(page, "Record the action as done")
    assert_accessible(page)
    page.get_by_label("Day").fill(str(met.day))
    page.get_by_label("Month").fill(str(met.month))
    page.get_by_label("Year").fill(str(met.year))
    fill(page, "What was done (optional)", "Letters reissued in easy read.")
    click_button(page, "Save")
    expect_success(page, "The action is recorded as done.")
    expect(page.locator(f"#action-{eia.actions.first().pk}")).to_contain_text(f"Done on {met.day} {met:%B %Y}")

    click_button(page, "Sign out")
    sign_in_directly(page, "demo-approver")
    page.goto(eia.get_absolute_url())
    click_button(page, "Publish")  # a link that looks like a button
    expect_heading(page, "Publish the assessment")
    click_button(page, "Publish")
    expect_heading(page, eia.title)
    click_button(page, "Sign out")

    page.goto(reverse("register:list", args=[council.slug]))
    expect_heading(page, "Equality impact assessments register")
    assert_accessible(page)
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=eia.title))
    expect(card.locator("[data-decision]")).to_contain_text("Cabinet")
    expect(card.locator("[data-decision]")).to_contain_text("(report CAB/2027/03): agreed with changes.")
    expect(card.locator("[data-decision]")).to_contain_text("The signed-off EIA existed before the meeting")
    given = card.locator("[data-sha256-decision]").inner_text().strip()
    content = download(page, card.get_by_role("link", name="Download the PDF with its decisions"))
    assert hashlib.sha256(content).hexdigest() == given
    assert "Cabinet" in pdf_text(content) and "CAB/2027/03" in pdf_text(content)
