"""A draft's PDF asked for while the server is making as many PDFs as it makes at once: the page that says to try
again has no URL of its own, so the every-page sweep cannot reach it; this asks for it as a person would."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Status
from councils.pdf import render_slot
from tests.browser.conftest import assert_accessible
from tests.browser.steps import expect_heading, sign_in_as

pytestmark = pytest.mark.browser


def test_the_page_saying_to_try_again_is_accessible_and_leads_back(demo):
    page = demo
    sign_in_as(page, "demo-author")
    draft = Assessment.objects.filter(status=Status.DRAFT, is_latest=True).order_by("pk").first()

    with render_slot():
        response = page.goto(reverse("assessments:pdf", args=[draft.pk]))

    assert response.status == 503
    expect_heading(page, "EqA is making another PDF")
    assert_accessible(page)
    page.get_by_role("link", name="Go back to the record or report").click()
    expect_heading(page, draft.title)
