"""Email at every step, in the browser: the author submits the demo EIA; the worker sends its approver "Waiting for
your sign-off" through a real SMTP server; the approver follows the email's link, signs in and lands on the EIA,
then chooses a daily digest for such emails on "Email notifications". axe-core checks every page on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from councils.models import Delivery, NoticeKind, NotificationPreference
from councils.notifications import run_worker
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_eia_at
from tests.browser.steps import (
    DEMO_TITLE,
    choose_radio,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    press_enter_on,
    press_space_on,
    sign_in_as,
    sign_out,
)

pytestmark = pytest.mark.browser

APPROVER = "dee.approver@cheshirewestandchester.gov.uk"


def test_the_approver_is_emailed_a_link_to_the_eia_waiting_for_them_and_chooses_a_digest(
    page, mailbox, live_server, settings
):
    settings.SITE_URL = live_server.url
    eia = demo_eia_at("changed")
    people = get_user_model().objects
    people.filter(username="demo-approver").update(email=APPROVER)
    people.filter(username="demo-author").update(email="dee.author@cheshirewestandchester.gov.uk")

    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-author")
    page.goto(eia.get_absolute_url())
    press_enter_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    press_space_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    expect_success(page, "The assessment is submitted for sign-off.")
    sign_out(page)

    run_worker()
    [message] = mailbox
    assert message["To"] == APPROVER
    assert message["Subject"] == f"Waiting for your sign-off: {eia.reference} {DEMO_TITLE}"
    [link] = re.findall(rf"{re.escape(live_server.url)}/assessments/\d+/", message.get_content())

    page.goto(link)
    expect_heading(page, "Sign in to EqA")
    sign_in_as(page, "demo-approver")
    expect_heading(page, DEMO_TITLE)
    assert_accessible(page)

    follow_link(page, "Email notifications")
    expect_heading(page, "Email notifications")
    assert_accessible(page)
    waiting = page.get_by_role("group", name="Something is waiting for your sign-off")
    choose_radio(page, waiting.get_by_label(Delivery.DIGEST.label, exact=True))
    press_button(page, "Save your choices")
    expect_success(page, "Your email choices are saved.")
    assert_accessible(page)
    chosen = NotificationPreference.objects.get(user__username="demo-approver")
    assert (chosen.kind, chosen.delivery) == (NoticeKind.SUBMITTED, Delivery.DIGEST)
