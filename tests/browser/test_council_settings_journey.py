"""The demo's council admin manages the council on its council settings pages, by keyboard alone: adds a person
with a role, limits an approver to a service, is stopped from removing the council's last council admin, moves a
grid row, and reads it all back in the History. axe-core checks every page on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from councils.models import Membership, Role
from tests.browser.conftest import assert_accessible
from tests.browser.steps import (
    choose_radio,
    expect_error_page,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    sign_in_as,
    tick_checkbox,
    type_into,
)
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_admin(page):
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-admin")
    return page


def test_a_council_admin_manages_people_and_the_grid(demo_admin):
    page = demo_admin
    follow_link(page, "Council settings: Cheshire West and Chester Council")  # demo-admin is admin of both
    expect_heading(page, "Council settings")
    assert_accessible(page)

    follow_link(page, "People and roles")
    expect_heading(page, "People and roles")
    assert_accessible(page)

    follow_link(page, "Add a person")
    press_button(page, "Add the person")
    expect_error_page(page, "Enter the person's username", "Choose the person's role")
    type_into(page, "Username", "nadia-new")
    type_into(page, "First name", "Nadia")
    type_into(page, "Last name", "Newcomer")
    choose_radio(page, page.get_by_label("Approver (head of service)", exact=True))
    press_button(page, "Add the person")
    expect_success(page, "Nadia Newcomer now has an account, with the role Approver (head of service).")
    assert_accessible(page)

    follow_link(page, "Change services Nadia Newcomer signs off")
    tick_checkbox(page, page.get_by_label("Adult Social Care", exact=True))
    press_button(page, "Save")
    expect(page.get_by_role("row", name="Nadia Newcomer")).to_contain_text("Signs off: Adult Social Care")
    assert_accessible(page)

    follow_link(page, "Remove the role Council admin from Demo Council admin")
    expect_heading(page, "Are you sure you want to remove the role Council admin from Demo Council admin?")
    assert_accessible(page)
    press_button(page, "Remove the role")
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "This is the council's only council admin, so the role cannot be removed."
    )
    assert_accessible(page)
    assert Membership.objects.filter(user__username="demo-admin", role=Role.COUNCIL_ADMIN).exists()

    page.goto(reverse("councils:settings", args=["cheshire-west-and-chester"]))
    follow_link(page, "Rows of the impact grid")
    assert_accessible(page)
    first = page.get_by_role("row").nth(1).get_by_role("rowheader").inner_text()
    press_button(page, f"Move down {first}")
    expect(page.get_by_role("row").nth(2).get_by_role("rowheader")).to_have_text(first)
    assert_accessible(page)

    page.goto(reverse("councils:settings", args=["cheshire-west-and-chester"]))
    follow_link(page, "History of changes")
    expect_heading(page, "History of changes")
    history = page.get_by_role("main")
    expect(history).to_contain_text("Made an account for Nadia Newcomer (nadia-new) and gave them the role Approver")
    expect(history).to_contain_text(
        "Services Nadia Newcomer signs off changed from ‘Every service’ to ‘Adult Social Care’"
    )
    expect(history).to_contain_text(f"Moved the row ‘{first}’ from place 1 to place 2")
    assert_accessible(page)
