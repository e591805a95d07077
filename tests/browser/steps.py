"""What a person does in the browser, shared by the journeys: moving about by keyboard or with the mouse, reading
what the page says, signing in and out. Every helper that ends on a new page leaves the checking of that page to
the caller."""

import re
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_focus_visible, is_focused, tab_to

PASSWORD = "demo-password-for-eqa"
DEMO_TITLE = "Joint commissioning of care at home services (domiciliary care)"


# Moving about by keyboard ----------------------------------------------------------------------------------


def download(page, link):
    """The bytes of the file a link (a locator, or the link's name) downloads, followed by keyboard."""
    tab_to(page, page.get_by_role("link", name=link) if isinstance(link, str) else link)
    with page.expect_download() as downloaded:
        page.keyboard.press("Enter")
    with open(downloaded.value.path(), "rb") as file:
        return file.read()


def press_enter_on(page, locator):
    """Tab to a link or button and press Enter, waiting for the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_space_on(page, locator):
    """Tab to a button and press Space, waiting for the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Space")


def follow_link(page, name, *, within=None):
    press_enter_on(page, (within or page).get_by_role("link", name=name, exact=True))


def press_button(page, name):
    press_enter_on(page, page.get_by_role("button", name=name, exact=True))


def type_into(page, label, text, *, within=None):
    field = (within or page).get_by_label(label, exact=True)
    tab_to(page, field)
    page.keyboard.type(text)
    return field


def choose_radio(page, radio):
    """Tab into the radio group, move to the radio with the arrow keys and choose it with Space."""
    radio.wait_for(state="attached")
    name = radio.get_attribute("name")
    in_group = f"() => document.activeElement && document.activeElement.name === {name!r}"
    for _ in range(200):
        if page.evaluate(in_group):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"Pressing Tab never reached the radios {name}")
    for _ in range(radio.evaluate("el => el.form.elements[el.name].length")):
        if is_focused(radio):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert_focus_visible(radio)
    expect(radio).to_be_checked()


def tick_checkbox(page, checkbox):
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()


def choose_option(page, label, option, *, within=None):
    """Tab to a select and press the down arrow until the option is chosen, as on a closed select."""
    select = tab_to(page, (within or page).get_by_label(label, exact=True))
    for _ in range(select.locator("option").count()):
        if select.evaluate("el => el.selectedOptions[0].textContent.trim()") == option:
            return
        page.keyboard.press("ArrowDown")
    assert select.evaluate("el => el.selectedOptions[0].textContent.trim()") == option


# With the mouse -----------------------------------------------------------------------------------------------


def click(page, locator):
    """Click a link or button, waiting for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def click_link(page, name, *, within=None):
    click(page, (within or page).get_by_role("link", name=name, exact=True))


def click_button(page, name):
    click(page, page.get_by_role("button", name=name, exact=True))


def fill(page, label, text):
    page.get_by_label(label, exact=True).fill(text)


# What the page says -------------------------------------------------------------------------------------------


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_error_summary(page, *messages):
    """GOV.UK's error pattern: 'Error:' in the title, a focused summary listing each message as a link."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's error summary focuses itself on load
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    for message in messages:
        expect(summary.get_by_role("link", name=message, exact=True)).to_be_visible()
    assert page.title().startswith("Error: "), f"the title of a page with errors is {page.title()!r}"
    return summary


def expect_error_page(page, *messages):
    """An error summary whose links lead to the fields on the same page; axe-core checks the page."""
    summary = expect_error_summary(page, *messages)
    for href in summary.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"the error summary links to {href}, which is not on the page"
    assert_accessible(page)


def expect_success(page, text):
    expect(page.get_by_role("alert")).to_contain_text(text)


def summary_value(within, key):
    """The value beside `key` in a summary list on the page or in part of it."""
    page = getattr(within, "page", within)  # filters take locators relative to the page
    key_cell = page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$"))
    return within.locator(".govuk-summary-list__row").filter(has=key_cell).first.locator("dd")


def fieldset_headed(page, label):
    """The fieldset whose heading is `label`: one row of a screening's answers or of the impact grid."""
    return page.locator("fieldset").filter(has=page.get_by_role("heading", name=label, exact=True))


# Signing in and out -------------------------------------------------------------------------------------------


def sign_in_as(page, username, password=PASSWORD):
    type_into(page, "Username", username)
    type_into(page, "Password", password)
    press_button(page, "Sign in")


def sign_in(page, username, name):
    """From the home page: the sign-in page and the welcome after it, each checked."""
    page.goto("/")
    expect_heading(page, "Sign in to EqA")
    assert_accessible(page)
    sign_in_as(page, username)
    expect_heading(page, f"Welcome, {name}")
    assert_accessible(page)


def sign_in_directly(page, username):
    """The session signing in gives the person, put in the browser, for tests of the pages behind sign-in: the
    journeys sign in through the sign-in page, and the every-page sweep checks it. The browser is at the site
    first, as the cookie is for its address."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    if not page.url.startswith("http"):
        page.goto(reverse("healthz"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # For every path of the site, as the server sets it: a cookie for a page's address is for its folder alone.
    site = urljoin(page.url, "/")
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])


def sign_out(page):
    press_button(page, "Sign out")
    expect_heading(page, "Sign in to EqA")
    assert_accessible(page)


# An action plan's status words and updates ----------------------------------------------------------------------

EVIDENCE_LABEL = "What evidence did you see that it is complete?"
NOTE_LABEL = "What has happened since the last update?"
VERIFYING_OWN_REFUSED = (
    "You recorded this action as complete, so somebody else must verify it. Ask a colleague who was not involved "
    "to check the evidence and record the verification"
)


def reword_status_word(page, old, new, *, colour=None):
    """From the council's status words: the word changed, and its colour too when `colour` is given."""
    follow_link(page, f"Change {old}")
    expect_heading(page, f"Change the status word ‘{old}’")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Status word", exact=True))
    page.keyboard.press("Control+A")
    page.keyboard.type(new)
    if colour:
        choose_radio(page, page.get_by_role("radio", name=colour, exact=True))
    press_button(page, "Save")
    expect_success(page, f"The status word ‘{new}’ is saved.")


def add_status_word(page, word, meaning, colour):
    follow_link(page, "Add a status word")
    expect_heading(page, "Add a status word")
    assert_accessible(page)
    type_into(page, "Status word", word)
    choose_radio(page, page.get_by_role("radio", name=meaning, exact=True))
    choose_radio(page, page.get_by_role("radio", name=colour, exact=True))
    press_button(page, "Save")
    expect_success(page, f"The status word ‘{word}’ is added, last in the list.")


def start_an_update(page, word, note):
    """From an action's page: the update form, with its word chosen and its note written, not yet sent."""
    press_enter_on(page, page.get_by_role("button", name="Record an update", exact=True))
    expect_heading(page, "Record an update")
    choose_radio(page, page.get_by_role("radio", name=word, exact=True))
    type_into(page, NOTE_LABEL, note)


def record_a_verification(page, ref, word, note, evidence):
    """From the action's page, a second person records it verified in `word`, with the evidence they saw."""
    start_an_update(page, word, note)
    expect(page.get_by_label(EVIDENCE_LABEL, exact=True)).to_be_visible()  # revealed by a word meaning verified
    assert_accessible(page)
    type_into(page, EVIDENCE_LABEL, evidence)
    press_button(page, "Record the update")
    expect_success(page, f"Your update to {ref} is recorded.")


def verifying_own_completion_is_refused(page, word, note, evidence):
    """Whoever recorded an action complete tries to verify it in `word`, and is told why they may not; the form
    keeps what they wrote."""
    start_an_update(page, word, note)
    expect(page.get_by_label(EVIDENCE_LABEL, exact=True)).to_be_visible()  # revealed by a word meaning verified
    type_into(page, EVIDENCE_LABEL, evidence)
    press_button(page, "Record the update")
    expect_error_page(page, VERIFYING_OWN_REFUSED)
    expect(page.get_by_label(NOTE_LABEL, exact=True)).to_have_value(note)


# Importing a plan's spreadsheet -----------------------------------------------------------------------------------


def upload_plan_file(page, path):
    """From the plan's page, the import page, and the file sent."""
    follow_link(page, "Import actions from a spreadsheet")
    expect_heading(page, "Import actions from a spreadsheet")
    page.get_by_label("Upload the plan's spreadsheet", exact=True).set_input_files(str(path))
    press_button(page, "Upload and check")
