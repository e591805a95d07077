"""A new person's first sign-in, by keyboard alone: the demo's council admin adds them, sets a temporary password
and reads it off the page; the person signs in with it, is asked to choose their own before anything else, and
later changes it from the link at the top of every page. axe-core checks every page on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from councils.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_radio,
    expect_error_page,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    sign_in_as,
    sign_out,
    type_into,
)
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

CHOSEN = "a walk along the Dee at dawn"


def choose_password(page, new, again=None):
    type_into(page, "New password", new)
    type_into(page, "Type the new password again", again or new)


def test_a_new_person_signs_in_with_a_temporary_password_and_chooses_their_own(page):
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-admin")
    follow_link(page, "Council settings: Cheshire West and Chester Council")
    follow_link(page, "People and roles")
    follow_link(page, "Add a person")
    type_into(page, "Username", "nadia-new")
    type_into(page, "First name", "Nadia")
    type_into(page, "Last name", "Newcomer")
    choose_radio(page, page.get_by_label(Role.AUTHOR.label, exact=True))
    press_button(page, "Add the person")
    expect_success(page, "To let them sign in, set a temporary password for them.")

    follow_link(page, "Set a temporary password for Nadia Newcomer")
    expect_heading(page, "Set a temporary password for Nadia Newcomer?")
    assert_accessible(page)
    press_button(page, "Set a temporary password")
    expect_heading(page, "Temporary password for Nadia Newcomer")
    assert_accessible(page)
    password = page.locator("[data-temporary-password]").inner_text()
    sign_out(page)

    sign_in_as(page, "nadia-new", password)
    expect_heading(page, "Choose a new password")
    assert_accessible(page)
    # Every other page sends her back here until she has.
    page.goto(reverse("assessments:list"))
    expect_heading(page, "Choose a new password")
    choose_password(page, "short")
    press_button(page, "Save your new password")
    expect_error_page(page, "This password is too short. It must contain at least 12 characters.")
    choose_password(page, CHOSEN)
    press_button(page, "Save your new password")
    expect_success(page, "Your new password is saved.")
    expect_heading(page, "Equality impact assessments")

    follow_link(page, "Change your password")
    expect_heading(page, "Change your password")
    assert_accessible(page)
    type_into(page, "Current password", CHOSEN)
    choose_password(page, "another walk, along the Wirral coast")
    press_button(page, "Change your password")
    expect_success(page, "Your password is changed.")
    expect(page.get_by_role("button", name="Sign out").first).to_be_visible()
    sign_out(page)
    sign_in_as(page, "nadia-new", "another walk, along the Wirral coast")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in to EqA")
