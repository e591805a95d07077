"""A signed-off PDF whose file has gone: its download link leads to a page that says so, and the page passes
axe-core's WCAG 2.2 AA checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_eia_at
from tests.browser.steps import sign_in_directly

pytestmark = pytest.mark.browser


def test_the_missing_file_page_is_accessible(page, quick_pdfs):
    eia = demo_eia_at("approved")
    issued = eia.issued_pdfs.get()
    issued.file.storage.delete(issued.file.name)
    sign_in_directly(page, "demo-viewer")

    response = page.goto(reverse("assessments:pdf", args=[eia.pk]))
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("The PDF’s file is missing")
    assert_accessible(page)
