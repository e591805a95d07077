"""Single sign-on in a browser, against the real provider the tests start (tests/oidc): the demo's council admin
gives the provider's group "ASC-EIA-Approvers" the approver role for Adult Social Care; Jo Bloggs, who has never
used EqA, signs in from the sign-in page's first button at the provider and lands on her council's home page; Sam,
whose groups give no role, is told whom to ask. axe-core checks every page of EqA's on the way (the provider's own
sign-in page is not EqA's). The provider's accounts and groups are in tests/oidc, for more journeys to use."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from councils.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_radio,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    press_enter_on,
    sign_in_as,
    sign_out,
    tick_checkbox,
    type_into,
)
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser


def sign_in_at_the_provider(page, login):
    """What a person does on the provider's own sign-in page: any password is taken there."""
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("their own password")
    page.locator("button[type=submit]").click()


def test_a_person_signs_in_with_their_council_account_for_the_first_time(page, single_sign_on):
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-admin")
    follow_link(page, "Council settings: Cheshire West and Chester Council")
    follow_link(page, "Groups and roles")
    expect_heading(page, "Groups and roles")
    assert_accessible(page)
    follow_link(page, "Give a group a role")
    type_into(page, "Group", "ASC-EIA-Approvers")
    choose_radio(page, page.get_by_label(Role.APPROVER.label, exact=True))
    tick_checkbox(page, page.get_by_label("Adult Social Care", exact=True))
    assert_accessible(page)
    press_button(page, "Give the group the role")
    expect_success(page, "The group ‘ASC-EIA-Approvers’ now gives the role Approver (head of service)")
    assert_accessible(page)
    sign_out(page)

    # The sign-in page offers the council account first.
    press_enter_on(page, page.get_by_role("button", name="Sign in with your council account"))
    sign_in_at_the_provider(page, "jo.bloggs")
    expect_heading(page, "Welcome, Jo Bloggs")
    expect(page.locator(".eqa-header__account")).to_contain_text("Cheshire West and Chester Council")
    assert_accessible(page)
    sign_out(page)

    # Sam, at another computer: signing out of EqA leaves Jo signed in at the provider, as signing out of one of
    # Microsoft's apps leaves the others.
    page.context.clear_cookies()
    page.goto(reverse("sign-in"))
    press_enter_on(page, page.get_by_role("button", name="Sign in with your council account"))
    sign_in_at_the_provider(page, "sam.nogroup")
    expect_heading(page, "You do not have a role in EqA yet")
    expect(page.locator("[data-eqa-groups-received]")).to_have_text("All-Staff")
    assert_accessible(page)
