"""The timeout warning and what a person typed: two minutes before the session ends a dialog offers to stay signed
in; a person signed out part way through a form finds what they typed there again after signing in."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment
from councils.middleware import LAST_SEEN, SIGNED_IN_AT
from tests.browser.conftest import assert_accessible, is_focused, tab_to
from tests.browser.steps import DEMO_TITLE, expect_heading, follow_link, press_button, sign_in_as, type_into
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

AIMS = "Main aims, purpose and outcomes"
TYPED = "Typed just before the session ran out: keep this."
KEPT_BANNER = "We have put back what you typed before you were signed out. It is not saved yet: check it, then save."
MINUTE, HOUR = 60, 60 * 60


def session_of(page):
    [cookie] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    return SessionStore(session_key=cookie["value"])


def let_the_session_run_out(page):
    """As if the person had done nothing for 61 minutes: the app's side of the clock."""
    session = session_of(page)
    session[LAST_SEEN] = time.time() - 61 * MINUTE
    session.save()


def wait(page, seconds):
    """Move the page's clock on, as if the person had left it open that long."""
    page.clock.fast_forward(int(seconds * 1000))


def demo_eia_edit_url():
    return reverse("assessments:edit", args=[Assessment.objects.get(title=DEMO_TITLE).pk])


@pytest.fixture
def signed_in(page):
    """demo-author, signed in, with the page's clock under the test's control."""
    load_demo()
    page.clock.install()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-author")
    return page


def test_it_warns_two_minutes_before_the_end_and_stays_signed_in(signed_in):
    page = signed_in
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    wait(page, (60 - 2) * MINUTE + 5)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("For your security, we will sign you out in 2 minutes.")
    assert is_focused(dialog.get_by_role("heading")), "the dialog's heading should have focus"
    expect(dialog.get_by_role("button", name="Carry on")).to_be_hidden()
    assert_accessible(page)

    before = session_of(page)[LAST_SEEN]
    tab_to(page, dialog.get_by_role("button", name="Stay signed in"))
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert session_of(page)[LAST_SEEN] > before


def test_it_says_when_staying_signed_in_is_no_longer_possible(signed_in):
    page = signed_in
    session = session_of(page)
    session[SIGNED_IN_AT] = time.time() - 12 * HOUR + 3 * MINUTE
    session.save()
    page.reload()
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    wait(page, MINUTE + 5)
    expect(dialog).to_contain_text("You have been signed in for 12 hours, the longest EqA allows.")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_hidden()
    tab_to(page, dialog.get_by_role("button", name="Carry on"))
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    wait(page, 30)
    expect(dialog).to_be_hidden()


def test_escape_also_stays_signed_in(signed_in):
    page = signed_in
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    wait(page, (60 - 1) * MINUTE)
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    wait(page, 5 * MINUTE)
    expect(dialog).to_be_hidden()


def test_it_offers_to_sign_out_now(signed_in):
    page = signed_in
    wait(page, (60 - 1) * MINUTE)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    tab_to(page, dialog.get_by_role("button", name="Sign out"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_heading(page, "Sign in to EqA")


def test_what_was_typed_is_kept_when_the_form_is_sent_after_the_session_ended(signed_in):
    page = signed_in
    page.goto(demo_eia_edit_url())
    aims = page.get_by_label(AIMS, exact=True)
    tab_to(page, aims)
    page.keyboard.press("Control+A")
    page.keyboard.type(TYPED)

    let_the_session_run_out(page)
    press_button(page, "Save")
    expect_heading(page, "Sign in to EqA")
    expect(page.get_by_text("We signed you out because you had not used EqA for 60 minutes.")).to_be_visible()
    assert_accessible(page)

    sign_in_as(page, "demo-author")
    expect_heading(page, "About the assessment")
    expect(page.get_by_text(KEPT_BANNER)).to_be_visible()
    expect(page.get_by_label(AIMS, exact=True)).to_have_value(TYPED)
    assert_accessible(page)

    press_button(page, "Save")
    assert Assessment.objects.get(title=DEMO_TITLE).aims == TYPED
    page.goto(demo_eia_edit_url())
    expect(page.get_by_text(KEPT_BANNER)).to_have_count(0)


def test_what_was_typed_is_kept_when_the_page_sent_it_was_out_of_date(signed_in):
    """As when the person signed in again in another tab: the form's CSRF token no longer matches."""
    page = signed_in
    page.goto(demo_eia_edit_url())
    tab_to(page, page.get_by_label(AIMS, exact=True))
    page.keyboard.press("Control+A")
    page.keyboard.type(TYPED)

    page.context.clear_cookies(name=settings.CSRF_COOKIE_NAME)
    press_button(page, "Save")
    expect_heading(page, "You cannot do this")
    assert_accessible(page)

    follow_link(page, "Go back to the page")
    expect_heading(page, "About the assessment")
    expect(page.get_by_text(KEPT_BANNER)).to_be_visible()
    expect(page.get_by_label(AIMS, exact=True)).to_have_value(TYPED)
    press_button(page, "Save")
    assert Assessment.objects.get(title=DEMO_TITLE).aims == TYPED


def test_what_was_typed_is_kept_when_the_warning_runs_out(signed_in):
    page = signed_in
    page.goto(demo_eia_edit_url())
    type_into(page, "Lead officer", " (acting)")
    typed = page.get_by_label("Lead officer", exact=True).input_value()

    let_the_session_run_out(page)
    with page.expect_navigation():
        wait(page, 61 * MINUTE)
    expect_heading(page, "Sign in to EqA")

    sign_in_as(page, "demo-author")
    expect(page.get_by_text(KEPT_BANNER)).to_be_visible()
    expect(page.get_by_label("Lead officer", exact=True)).to_have_value(typed)


def test_what_was_typed_is_forgotten_on_signing_out_on_purpose(signed_in):
    page = signed_in
    page.goto(demo_eia_edit_url())
    type_into(page, "Lead officer", " (acting)")
    press_button(page, "Sign out")
    page.goto(f"{reverse('sign-in')}?next={demo_eia_edit_url()}")
    sign_in_as(page, "demo-author")
    expect_heading(page, "About the assessment")
    expect(page.get_by_text(KEPT_BANNER)).to_have_count(0)
    assert not page.get_by_label("Lead officer", exact=True).input_value().endswith(" (acting)")


def test_the_accessibility_statement_is_linked_from_every_page(page):
    page.goto(reverse("sign-in"))
    with page.expect_navigation():
        page.get_by_role("link", name="Accessibility statement").click()
    expect_heading(page, "Accessibility statement for EqA")
    assert_accessible(page)


# The warning as a screen reader hears it, and at 400% zoom.

# 1280 by 1024 pixels at 400% zoom.
ZOOMED = {"width": 320, "height": 256}


def open_the_warning(page):
    wait(page, (60 - 2) * MINUTE + 5)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible()
    return dialog


def test_the_countdown_is_read_once_when_the_warning_opens(signed_in):
    page = signed_in
    dialog = open_the_warning(page)
    # The dialog's description already says it as the dialog opens: the live region stays quiet until it changes.
    live = dialog.locator("[aria-live]")
    expect(live).to_have_text("")
    # Every second's tick, up to one minute left: then it says so.
    page.clock.run_for(55 * 1000)
    expect(live).to_have_text("For your security, we will sign you out in 1 minute.")


def test_the_warning_fits_a_screen_zoomed_to_400_percent(signed_in):
    page = signed_in
    page.set_viewport_size(ZOOMED)
    dialog = open_the_warning(page)
    # The whole dialog on the screen, border and all; what does not fit scrolls inside it.
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= ZOOMED["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= ZOOMED["height"], box
    for part in (
        dialog.get_by_role("heading"),
        dialog.locator("#timeout-warning-text"),
        dialog.get_by_role("button", name="Stay signed in"),
        dialog.get_by_role("button", name="Sign out"),
    ):
        part.scroll_into_view_if_needed()
        part_box = part.bounding_box()
        inside = (
            box["x"] <= part_box["x"]
            and part_box["x"] + part_box["width"] <= box["x"] + box["width"]
            and box["y"] <= part_box["y"]
            and part_box["y"] + part_box["height"] <= box["y"] + box["height"]
        )
        assert inside, f"{part} is cut off"
    assert_accessible(page)
