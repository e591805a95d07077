"""A problem on the submit page links to the field on the page where it is put right: that page shows the
problem at the field (its message and red border), with the field's label in view and the field focused."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.conftest import assert_accessible
from tests.browser.steps import DEMO_TITLE, click_link, sign_in_as
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

IN_VIEW = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"


@pytest.mark.parametrize(
    "problem, label",
    [
        ("Enter the evidence the assessment relies on", "Evidence"),
        (
            "Say why the grid does not consider pregnancy and maternity",
            "Why does the grid not consider pregnancy and maternity?",
        ),
    ],
)
def test_a_problem_link_lands_on_its_field_with_the_message_and_the_label_in_view(page, problem, label):
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-author")
    page.goto(reverse("assessments:submit", args=[Assessment.objects.get(title=DEMO_TITLE).pk]))
    click_link(page, problem)
    page.wait_for_load_state("load")

    field = page.get_by_label(label, exact=True)
    expect(field).to_be_focused()
    group = page.locator(".govuk-form-group", has=field)
    expect(group).to_have_class(re.compile(r"govuk-form-group--error"))
    message = group.locator(".govuk-error-message")
    expect(message).to_contain_text(problem)
    for part in (group.locator("label").first, message):
        assert part.evaluate(IN_VIEW), f"{part} is not in view"
    assert_accessible(page)
