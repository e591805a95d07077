"""People who come and go, by keyboard alone: a council admin invites someone by email; the invitee follows the
emailed link (sent through a real SMTP server), chooses a password and is signed in; then the admin deactivates a
leaver, choosing the newcomer to take over their work. axe-core checks every page on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Assessment
from assessments.models.choices import SIGNED_OFF
from councils.demo import CHESHIRE
from councils.notifications import run_worker
from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, assert_accessible
from tests.browser.steps import (
    choose_option,
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

CHOSEN = "a heron on the Dee at dusk"
EMAIL = "priya.shah@cheshirewestandchester.gov.uk"


def test_an_admin_invites_a_newcomer_who_takes_over_from_a_leaver(page, browser, mailbox, live_server, settings):
    settings.SITE_URL = live_server.url
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-admin")
    follow_link(page, "Council settings: Cheshire West and Chester Council")
    follow_link(page, "People and roles")
    expect_heading(page, "People and roles")

    follow_link(page, "Invite someone by email")
    expect_heading(page, "Invite someone by email")
    assert_accessible(page)
    press_button(page, "Send the invitation")
    expect_error_page(
        page, "Enter the person's first name", "Enter the person's last name", "Enter the person's email address"
    )
    type_into(page, "First name", "Priya")
    type_into(page, "Last name", "Shah")
    type_into(page, "Email address", EMAIL)
    tick_checkbox(page, page.get_by_label("Author (commissioning officer)", exact=True))
    press_button(page, "Send the invitation")
    expect_heading(page, "People and roles")
    expect_success(page, f"An invitation is on its way to {EMAIL}")
    assert_accessible(page)

    run_worker()
    [message] = mailbox
    assert message["To"] == EMAIL
    [link] = re.findall(r"http://\S+/invitation/\S+/", message.get_content())
    theirs = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    theirs.set_default_timeout(TIMEOUT_MS)
    invitee = theirs.new_page()
    invitee.goto(link)
    expect_heading(invitee, "Accept your invitation to EqA")
    assert_accessible(invitee)
    type_into(invitee, "New password", "short")
    type_into(invitee, "Type the new password again", "short")
    press_button(invitee, "Save your password and sign in")
    expect_error_page(invitee, "This password is too short. It must contain at least 12 characters.")
    type_into(invitee, "New password", CHOSEN)
    type_into(invitee, "Type the new password again", CHOSEN)
    press_button(invitee, "Save your password and sign in")
    expect_heading(invitee, "Welcome, Priya Shah")
    assert_accessible(invitee)
    invitee.goto(link)
    expect_heading(invitee, "This invitation link does not work")
    assert_accessible(invitee)
    theirs.close()

    author = get_user_model().objects.get(username="demo-author")
    open_eias = Assessment.objects.filter(council__slug=CHESHIRE, created_by=author).exclude(status__in=SIGNED_OFF)
    passing_on = open_eias.count()
    assert passing_on
    page.goto(reverse("councils:people", args=[CHESHIRE]))
    follow_link(page, "Deactivate Demo Author and pass on their work")
    expect_heading(page, "Deactivate Demo Author")
    assert_accessible(page)
    press_button(page, "Deactivate Demo Author and pass on their work")
    expect_error_page(page, "Choose who takes over their work")
    choose_option(page, "Who takes over their work?", f"Priya Shah ({EMAIL})")
    press_button(page, "Deactivate Demo Author and pass on their work")
    expect_heading(page, "People and roles")
    expect_success(page, "Demo Author has left the council.")
    expect_success(page, "They keep their account for their roles in another council.")
    assert_accessible(page)

    priya = get_user_model().objects.get(username=EMAIL)
    assert Assessment.objects.filter(council__slug=CHESHIRE, created_by=priya).count() == passing_on
    assert not open_eias.exists()
