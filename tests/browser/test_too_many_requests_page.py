"""The page that tells an address to wait, as the public register and "Forgotten your password?" show it, passes
axe-core's WCAG 2.2 AA checks and says what to do in each."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from councils.models import Council
from tests.browser.conftest import assert_accessible
from tests.browser.steps import press_button, type_into
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser


def test_the_register_s_too_many_requests_page_is_accessible(page, settings):
    load_demo()
    settings.REGISTER_REQUESTS_PER_MINUTE = 0
    slug = Council.objects.filter(register_public=True).values_list("slug", flat=True).first()
    response = page.goto(reverse("register:list", args=[slug]))
    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.get_by_text("download it as CSV or JSON")).to_be_visible()
    assert_accessible(page)


def test_the_forgotten_password_s_too_many_requests_page_is_accessible(page, settings, mailbox):
    settings.PASSWORD_RESETS_PER_MINUTE = 0
    page.goto(reverse("password-reset"))
    type_into(page, "Email address", "someone@council.gov.uk")
    press_button(page, "Email me a link")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.get_by_text("check your email")).to_be_visible()
    assert_accessible(page)
