"""The public register as a new council would use it, by keyboard alone: the council admin switches it on, the
approver publishes the moderated demo EIA, and somebody who never signs in finds it on the register, downloads its
signed-off PDF and checks the file's SHA-256 against the one the register gives."""

import hashlib

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import IssuedPdf
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import demo_eia_at
from tests.browser.steps import (
    DEMO_TITLE,
    choose_radio,
    download,
    expect_heading,
    expect_success,
    follow_link,
    press_button,
    sign_in,
    sign_out,
    type_into,
)

pytestmark = pytest.mark.browser

CHESHIRE = "cheshire-west-and-chester"


def switch_the_register_on(page):
    sign_in(page, "demo-admin", "Demo Council admin")
    follow_link(page, "Council settings: Cheshire West and Chester Council")
    follow_link(page, "Public register")
    expect_heading(page, "Public register")
    assert_accessible(page)
    choose_radio(page, page.get_by_role("radio", name="Yes"))
    press_button(page, "Save")
    expect_success(page, "The public register is published at")
    sign_out(page)


def publish(page, eia):
    sign_in(page, "demo-approver", "Demo Approver")
    page.goto(eia.get_absolute_url())
    press_button(page, "Publish")  # a link that looks like a button
    expect_heading(page, "Publish the assessment")
    expect(page.get_by_text("puts it on the council's public register")).to_be_visible()
    assert_accessible(page)
    press_button(page, "Publish")
    expect_heading(page, DEMO_TITLE)
    sign_out(page)


def find_it_signed_out(page):
    page.goto(reverse("register:list", args=[CHESHIRE]))
    expect_heading(page, "Equality impact assessments register")
    assert_accessible(page)
    type_into(page, "Search by title or reference", "domiciliary")
    press_button(page, "Show records")
    expect(page.get_by_role("heading", name="1 record")).to_be_visible()
    assert_accessible(page)
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=DEMO_TITLE))
    expect(card).to_be_visible()
    return card


def test_a_published_eia_is_found_signed_out_and_its_pdf_matches_the_register(demo):
    page = demo
    eia = demo_eia_at("moderated")
    # Before the council switches it on, there is no register.
    assert page.goto(reverse("register:list", args=[CHESHIRE])).status == 404

    switch_the_register_on(page)
    publish(page, eia)

    card = find_it_signed_out(page)
    expect(card.get_by_text("Signed off by")).to_be_visible()  # the council shows its approvers' names
    # Both PDFs are there: the one issued at sign-off, which committee papers carry, and the one re-issued with the
    # moderation; each downloads as the register's SHA-256 says.
    for link_name, marked, kind in [
        ("Download the signed-off PDF", "[data-sha256]", IssuedPdf.Kind.SIGN_OFF),
        ("Download the moderated PDF", "[data-sha256-moderated]", IssuedPdf.Kind.MODERATION),
    ]:
        given = card.locator(marked).inner_text().strip()
        content = download(page, card.get_by_role("link", name=link_name))
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == given == eia.issued_pdfs.get(kind=kind).sha256
