"""A new approver's first day, in a browser, with every part real: the identity provider the tests start
(tests/oidc), the SMTP server they start, the email worker, Chromium. Jo Bloggs, in the provider's group
"ASC-EIA-Approvers", signs in to EqA for the first time and is an approver of Adult Social Care; the demo author
submits an EIA of that service; the worker emails Jo "Waiting for your sign-off" with a link; Jo follows it, signs
in with her council account again and signs the EIA off. axe-core checks every page of EqA's on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Status
from councils.models import GroupRole, Membership, Role, Service
from councils.notifications import run_worker
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_eia_at
from tests.browser.steps import (
    DEMO_TITLE,
    expect_heading,
    expect_success,
    press_enter_on,
    press_space_on,
    sign_in_as,
    summary_value,
)
from tests.browser.test_single_sign_on_journey import sign_in_at_the_provider
from tests.oidc import ACCOUNTS

pytestmark = pytest.mark.browser

JO = ACCOUNTS["jo.bloggs"]["email"]


def sign_on(page):
    press_enter_on(page, page.get_by_role("button", name="Sign in with your council account"))


def test_an_approver_signs_in_for_the_first_time_is_emailed_and_signs_off(
    page, single_sign_on, mailbox, live_server, settings
):
    settings.SITE_URL = live_server.url
    eia = demo_eia_at("changed")
    care = Service.objects.get(council=eia.council, name="Adult Social Care")
    GroupRole.objects.create(council=eia.council, group="ASC-EIA-Approvers", role=Role.APPROVER).services.add(care)

    page.goto(reverse("sign-in"))
    sign_on(page)
    sign_in_at_the_provider(page, "jo.bloggs")
    expect_heading(page, "Welcome, Jo Bloggs")
    assert_accessible(page)
    jo = get_user_model().objects.get(email=JO)
    [membership] = Membership.objects.filter(user=jo)
    assert (membership.council, membership.role, list(membership.services.all())) == (
        eia.council,
        Role.APPROVER,
        [care],
    )

    page.context.clear_cookies()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-author")
    page.goto(eia.get_absolute_url())
    press_enter_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    press_space_on(page, page.get_by_role("button", name="Submit for sign-off", exact=True))
    expect_success(page, "The assessment is submitted for sign-off.")
    page.context.clear_cookies()

    run_worker()
    [email] = [message for message in mailbox if message["To"] == JO]
    assert email["Subject"] == f"Waiting for your sign-off: {eia.reference} {DEMO_TITLE}"
    [link] = re.findall(rf"{re.escape(live_server.url)}/assessments/\d+/", email.get_content())

    page.goto(link)
    expect_heading(page, "Sign in to EqA")
    sign_on(page)
    sign_in_at_the_provider(page, "jo.bloggs")
    expect_heading(page, DEMO_TITLE)
    assert_accessible(page)
    press_space_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, "Sign off the assessment")
    assert_accessible(page)
    press_enter_on(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_success(page, "The assessment is signed off. Its PDF is issued and kept as it is now.")
    expect(summary_value(page, "Signed off by")).to_contain_text("Jo Bloggs")
    assert_accessible(page)
    eia.refresh_from_db()
    assert (eia.status, eia.approved_by) == (Status.APPROVED, jo)
