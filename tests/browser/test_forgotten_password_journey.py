"""A forgotten password, by keyboard alone: from the sign-in page the person asks for a link, which comes by email
through a real SMTP server; its page takes a new password, and they sign in with it. The link then no longer works.
axe-core checks every page on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from councils.notifications import run_worker
from tests.browser.conftest import assert_accessible
from tests.browser.steps import expect_error_page, expect_heading, follow_link, press_button, sign_in_as, type_into
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

CHOSEN = "a heron on the Dee at dusk"


def test_a_person_who_forgot_their_password_chooses_a_new_one_from_the_emailed_link(
    page, mailbox, live_server, settings
):
    settings.SITE_URL = live_server.url
    load_demo()
    # The address their council admin gave EqA when adding them.
    get_user_model().objects.filter(username="demo-author").update(email="dee.author@cheshirewestandchester.gov.uk")
    page.goto(reverse("sign-in"))
    follow_link(page, "Forgotten your password?")
    expect_heading(page, "Forgotten your password?")
    assert_accessible(page)
    press_button(page, "Email me a link")
    expect_error_page(page, "Enter your email address")
    type_into(page, "Email address", "dee.author@cheshirewestandchester.gov.uk")
    press_button(page, "Email me a link")
    expect_heading(page, "Check your email")
    assert_accessible(page)

    run_worker()
    [message] = mailbox
    assert message["To"] == "dee.author@cheshirewestandchester.gov.uk"
    [link] = re.findall(r"http://\S+/password/reset/\S+/", message.get_content())
    page.goto(link)
    expect_heading(page, "Choose a new password")
    assert_accessible(page)
    type_into(page, "New password", "short")
    type_into(page, "Type the new password again", "short")
    press_button(page, "Save your new password")
    expect_error_page(page, "This password is too short. It must contain at least 12 characters.")
    type_into(page, "New password", CHOSEN)
    type_into(page, "Type the new password again", CHOSEN)
    press_button(page, "Save your new password")
    expect_heading(page, "Your new password is saved")
    assert_accessible(page)

    follow_link(page, "Sign in")
    sign_in_as(page, "demo-author", CHOSEN)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.goto(link)
    expect_heading(page, "This link no longer works")
    assert_accessible(page)
