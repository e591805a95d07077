"""Every page of the app, as every person who may see it, passes axe-core's WCAG 2.2 AA checks and links to the
accessibility statement; so does every form sent with nothing filled in, in its error state.

The pages are the permission matrix's (tests/security/permission_matrix.py): each URL whose GET answers 200 to
somebody, visited as each of the eight kinds of person it answers 200 to, with its record in the state the matrix
is tested in. A URL added to the URLconf must join the matrix (tests/security/test_permission_matrix.py fails
otherwise), and so it is visited here too, unless it is listed below as not a page.
"""

import hashlib
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, assert_accessible, assert_valid_html
from tests.browser.steps import expect_error_summary
from tests.security import permission_matrix as pm
from tests.security.matrix_records import matrix_world, url_for

pytestmark = pytest.mark.browser

# URLs that answer with a file or JSON, or only take a POST: there is no page for axe to check.
NOT_PAGES = {
    "healthz": "plain text for load balancers",
    "keep-alive": "JSON for the timeout warning",
    "sign-out": "POST only",
    "sign-on": "a redirect to the identity provider (and off in the matrix)",
    "sign-on-done": "a redirect back from the identity provider (and off in the matrix)",
    "sign-on-no-role": "off in the matrix: checked with axe-core in test_single_sign_on_journey.py",
    "assessments:settings-grid-row-move": "POST only",
    "assessments:settings-duties-add-rows": "POST only",
    "assessments:settings-question-move": "POST only",
    "actionplans:settings-theme-move": "POST only",
    "actionplans:settings-item-move": "POST only",
    "actionplans:settings-status-word-move": "POST only",
    "assessments:register-xlsx": "a spreadsheet",
    "assessments:register-csv": "a spreadsheet",
    "assessments:pdf": "a PDF",
    "assessments:issued-pdf": "a PDF",
    "assessments:screening-pdf": "a PDF",
    "assessments:screening-issued-pdf": "a PDF",
    "actionplans:export-xlsx": "a spreadsheet",
    "actionplans:export-csv": "a spreadsheet",
    "actionplans:pdf": "a PDF",
    "assessments:cumulative-pdf": "a PDF",
    "assessments:annual-report-pdf": "a PDF",
    "assessments:annual-report-xlsx": "a spreadsheet",
    "register:csv": "a spreadsheet",
    "register:json": "JSON",
    "register:eia-pdf": "a PDF",
    "register:screening-pdf": "a PDF",
    "register:word-file": "a Word file",
    "assessments:legacy-file": "a Word file",
    "assessments:legacy-review": "POST only",
    **{name: "Django's admin, for superusers only: not one of EqA's pages" for name in pm.ADMIN_URLS},
}
PAGES = [name for name in pm.MATRIX if name not in NOT_PAGES]
# Forms that the matrix's record lets through empty, so they have no error state here.
NO_ERRORS_WHEN_EMPTY = {
    # The matrix's EIA has every protected characteristic in its grid, so no reason is asked for. Its error
    # state is checked on the demo EIA, which leaves two out (test_pages_accessible.py).
    "assessments:coverage",
    # A forgotten password's link that never worked has no form, only the words that it no longer works; the form
    # of a link that works is checked, errors and all, in the journey (test_forgotten_password_journey.py).
    "password-reset-confirm",
    # So too an invitation's link: its form, errors and all, is checked in the journey (test_people_journey.py).
    "invitation-accept",
    # Sent, it sets the temporary password and shows it: there is nothing to fill in.
    "councils:person-temporary-password",
    # The matrix's upload holds one file, refused, so there is nothing to fill in; the questions' errors are
    # checked in the journey of bringing in EIAs from Word.
    "assessments:legacy-import-preview",
}

# A button that changes something ignores a second click within a second (GOV.UK Frontend's Button), so a double
# click sends one request. Signing in or out twice does no harm.
UNGUARDED_BUTTONS = (
    "form[method=post]:not([data-eqa-sign-in], [data-eqa-sign-out]) "
    ":is(button[type=submit], input[type=submit]):not([data-prevent-double-click=true])"
)

# The page's own form sent with nothing in it but its CSRF token, as the matrix's empty POST is, and the revision
# an edit form was opened on (without it, an edit form answers 400, not its errors).
SEND_EMPTY = """() => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = location.pathname;
    for (const name of ["csrfmiddlewaretoken", "revision"]) {
        const kept = document.querySelector(`input[name=${name}]`);
        if (!kept) continue;
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = kept.value;
        form.append(input);
    }
    document.body.append(form);
    form.submit();
}"""


def test_the_html_check_finds_a_line_break_in_a_one_line_input(page):
    """The defect that joined a two-line lead officer's names: the browser drops the line break it cannot hold."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Change action T1.1</title></head><body>'
        '<input type="text" name="lead_officers" value="Place ICB Team\nPlace Director"></body></html>'
    )
    with pytest.raises(AssertionError, match="Line feed not allowed"):
        assert_valid_html(page)


def test_what_is_left_out_is_still_in_the_urlconf():
    assert set(NOT_PAGES) | NO_ERRORS_WHEN_EMPTY <= set(pm.MATRIX)


@pytest.fixture(scope="module")
def browser_context(browser, live_server):
    """One browser context for every page here, so that its cache keeps GOV.UK Frontend's styles, scripts and fonts
    from one visit to the next. Its cookies are replaced for each person; each visit has a new tab, and so its own
    sessionStorage, the only storage EqA's pages use."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def open_as(browser_context, live_server):
    """open_as(client) gives a new browser tab, signed in as the test client is (signed out: no session), the last
    one closed."""
    pages = []

    def open_page(client):
        for page in pages:
            page.close()
        pages.clear()
        browser_context.clear_cookies()
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if session is not None:
            browser_context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url}]
            )
        pages.append(browser_context.new_page())
        return pages[0]

    yield open_page
    for page in pages:
        page.close()


# What the server sends, less what cannot change what the browser's checks find, as conftest's FINGERPRINT leaves
# out of the document: hidden inputs' values (a form's CSRF token, its one-time key), the session's seconds left, and
# the header's words saying who is signed in to which councils. A page the server sends as one already checked in
# the browser in this process is the same document there, with the same scripts and styles: it is not opened again.
_INPUT = re.compile(r"<input\b[^>]*>")
_VALUE = re.compile(r'\svalue="[^"]*"')
_SESSION_ENDS = re.compile(r'\sdata-session-ends-in="[^"]*"')
_ACCOUNT = re.compile(r'(<div class="eqa-header__account[^"]*">)(.*?)(<form)', re.S)
_WORDS = re.compile(r">[^<]*<")
_REVISION = re.compile(r'<input\b(?=[^>]*\bname="revision")[^>]*\bvalue="([^"]*)"')
_checked_in_browser = set()


def served(answer):
    """The fingerprint of a page the test client was sent; None for anything but a page."""
    if answer.status_code != 200 or not answer["Content-Type"].startswith("text/html"):
        return None
    html = answer.content.decode()
    html = _INPUT.sub(lambda found: _VALUE.sub("", found[0]) if 'type="hidden"' in found[0] else found[0], html)
    html = _SESSION_ENDS.sub("", html)
    html = _ACCOUNT.sub(lambda found: found[1] + _WORDS.sub("> <", f" {found[2]}") + found[3], html)
    return hashlib.sha256(html.encode()).digest()


def sent_empty(client, url, answer):
    """What the page's form sends with nothing filled in, as SEND_EMPTY does in the browser: the revision only."""
    revision = _REVISION.search(answer.content.decode())
    return client.post(url, {"revision": revision[1]} if revision else {})


def who_gets(name, method, answers=(pm.OK,)):
    return [persona for persona, answer in pm.MATRIX[name][method].items() if answer in answers]


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_accessible_to_everyone_who_may_see_it(open_as, transactional_db, name):
    world = matrix_world()
    url = url_for(name, world)
    people = {pm.SIGNED_OUT: None, **world["people"]}
    visitors = who_gets(name, "GET")
    assert visitors, f"{name}: nobody gets its page; list it in NOT_PAGES if it is not one"
    for persona in visitors:
        client = Client()
        if people[persona] is not None:
            client.force_login(people[persona])
        answer = client.get(url)
        assert answer.status_code == 200, f"{url} as {persona}: {answer.status_code}"
        assert answer["Content-Type"].startswith("text/html"), f"{url} is not a page"
        sends = persona in who_gets(name, "POST", (pm.OK, pm.BAD_REQUEST)) and name not in NO_ERRORS_WHEN_EMPTY
        fingerprints = {served(answer), served(sent_empty(client, url, answer)) if sends else None} - {None}
        if len(fingerprints) == 1 + sends and fingerprints <= _checked_in_browser:
            continue

        page = open_as(client)
        response = page.goto(url)
        assert response.status == 200, f"{url} as {persona}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")).to_have_attribute(
            "href", reverse("accessibility")
        )
        assert_accessible(page)
        assert page.locator(UNGUARDED_BUTTONS).count() == 0, f"{url}: a submit button a double click would send twice"

        if sends:
            with page.expect_navigation():
                page.evaluate(SEND_EMPTY)
            expect_error_summary(page)
            assert_accessible(page)
        _checked_in_browser.update(fingerprints)
