"""Browser tests: real Chromium, driven through Playwright, against pytest-django's live server.

Every test here is marked `browser`. They never skip: without Chromium they fail, saying how to install it.
"""

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from benchmarks.run import free_port
from tests.kept_rows import load_demo

# Playwright's sync API runs an asyncio event loop in this thread, so Django would refuse ORM calls from the
# tests ("You cannot call this from an async context"). The tests never share a connection across threads.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000

# The WCAG 2.2 AA rules axe-core can check; best-practice rules are left out on purpose.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

BROWSER_DIR = os.path.dirname(os.path.abspath(__file__))


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.path).startswith(BROWSER_DIR + os.sep):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = CHROMIUM_PATH if os.path.isabs(CHROMIUM_PATH) else shutil.which(CHROMIUM_PATH)
    if not executable or not os.access(executable, os.X_OK):
        pytest.fail(
            f"Chromium was not found at {CHROMIUM_PATH}. The browser tests need Debian's Chromium: "
            "install it with `apt-get install chromium`, or set CHROMIUM_PATH to a Chromium executable.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; relative URLs go to the live server."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(page):
    """The demo's councils, people and records, and the sign-in page."""
    from django.urls import reverse

    load_demo()
    page.goto(reverse("sign-in"))
    return page


_axe = Axe()

# WCAG 2.2's 1.4.10 Reflow: at 320 CSS pixels wide (1280 at 400% zoom) nothing but a table scrolls sideways.
REFLOW_WIDTH = 320
WIDER_THAN_THE_SCREEN = """width => [...document.querySelectorAll("main *")]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest("[data-eqa-scrolls]"))
    .map(el => el.outerHTML.slice(0, 120))"""


def assert_reflows(page):
    """Nothing on the page is wider than a 320 pixel screen, but for tables that scroll on their own."""
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        wider = page.evaluate(WIDER_THAN_THE_SCREEN, REFLOW_WIDTH)
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
    finally:
        page.set_viewport_size(VIEWPORT)
    assert page_width <= REFLOW_WIDTH and not wider, (
        f"{page.url} at {REFLOW_WIDTH}px wide is {page_width}px wide; wider than the screen: {wider[:5]}"
    )


class HtmlChecker:
    """The Nu HTML Checker (vnu.jar, from package.json's vnu-jar, run by Java), started once a test session as a
    web service on loopback, so that checking a page costs a request and not a Java start."""

    JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

    def __init__(self):
        self.process, self.address, self.ready = None, None, False

    def launch(self):
        """Start Java, without waiting for it: it takes seconds to be ready, while the test database is made."""
        if self.process is not None:
            return
        if not self.JAR.exists():
            pytest.fail(
                f"The Nu HTML Checker is not at {self.JAR}: run `make install` (npm ci) to fetch it, with "
                "Java installed (`apt-get install default-jre-headless`).",
                pytrace=False,
            )
        port = free_port()
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss1m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(self.JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(self.process.terminate)
        self.address = f"http://127.0.0.1:{port}/"

    def wait_until_ready(self):
        self.launch()
        for _ in range(240):
            try:
                urllib.request.urlopen(self.address, timeout=1).close()
                self.ready = True
                return
            except OSError:
                time.sleep(0.25)
        pytest.fail("The Nu HTML Checker did not start within a minute", pytrace=False)

    def errors(self, html):
        if not self.ready:
            self.wait_until_ready()
        request = urllib.request.Request(
            f"{self.address}?out=json", data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            messages = json.load(answer)["messages"]
        return [message for message in messages if message["type"] in ("error", "non-document-error")]


_html_checker = HtmlChecker()


@pytest.fixture(scope="session", autouse=True)
def html_checker_starting():
    """The checker starts with the first browser test's set-up, before the test database is made."""
    _html_checker.launch()


def assert_valid_html(page):
    """The page's HTML, as the browser holds it, has no error the Nu HTML Checker finds (for example a line
    break in a one-line input's value, which the browser drops)."""
    errors = _html_checker.errors(page.content())
    lines = [
        f"    line {error.get('lastLine')}: {error['message']}\n      {error.get('extract', '').strip()[:200]}"
        for error in errors
    ]
    assert not errors, f"the Nu HTML Checker found {len(errors)} error(s) on {page.url}:\n" + "\n".join(lines)


# What axe-core and the HTML checker read of a page, less what cannot change their findings: hidden inputs' values
# (a form's CSRF token and one-time key), the session's seconds left, and the header's text saying who is signed in
# to which councils. Two visits whose fingerprints match hold the same document, so it is checked once a process.
FINGERPRINT = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll("input[type=hidden]").forEach(input => input.removeAttribute("value"));
    copy.querySelector("body").removeAttribute("data-session-ends-in");
    copy.querySelectorAll(".eqa-header__account").forEach(account => {
        for (const node of account.childNodes) if (node.nodeType === Node.TEXT_NODE) node.textContent = " ";
    });
    return `${innerWidth}x${innerHeight} ${copy.outerHTML}`;
}"""
_found_accessible = set()


def assert_accessible(page):
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it is now, the page reflows, and its HTML is
    valid."""
    assert_reflows(page)
    fingerprint = hashlib.sha256(page.evaluate(FINGERPRINT).encode()).digest()
    if fingerprint in _found_accessible:
        return
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} – {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            lines.append(f"    {target}: {node.get('html', '').strip()[:300]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines)
    assert_valid_html(page)
    _found_accessible.add(fingerprint)


# The styles that make focus visible. For GOV.UK radios and checkboxes the input itself is invisible and
# the focus ring is drawn by its label's ::before, so that is read too.
_FOCUS_STYLES_JS = """el => {
    const read = (style) => ({
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                 && !/rgba\\(.*, 0\\)|transparent/.test(style.outlineColor)
                 ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : 'none',
        boxShadow: style.boxShadow,
        background: style.backgroundColor,
    });
    const styles = [read(getComputedStyle(el))];
    if ((el.type === 'radio' || el.type === 'checkbox') && el.labels && el.labels.length) {
        styles.push(read(getComputedStyle(el.labels[0], '::before')));
    }
    return styles;
}"""


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def assert_focus_visible(locator):
    """The focused element looks different from when it is not focused: an outline, a shadow or a background."""
    assert is_focused(locator), "expected the element to have focus"
    focused = locator.evaluate(_FOCUS_STYLES_JS)
    blurred = locator.evaluate(f"el => {{ el.blur(); return ({_FOCUS_STYLES_JS})(el); }}")
    locator.evaluate("el => el.focus()")
    assert is_focused(locator), "could not give focus back to the element after comparing its styles"
    changed = [
        f"{part}: {blurred[i][part]!r} -> {focused[i][part]!r}"
        for i in range(len(focused))
        for part in ("outline", "boxShadow", "background")
        if focused[i][part] != blurred[i][part] and focused[i][part] not in ("none", "rgba(0, 0, 0, 0)")
    ]
    html = locator.evaluate("el => el.outerHTML.slice(0, 200)")
    assert changed, f"focus is not visible on {html}: its outline, box-shadow and background stay {focused}"


def tab_to(page, locator, max_presses=200):
    """Press Tab until `locator` has focus, as a keyboard user would, and check the focus can be seen."""
    locator.wait_for(state="attached")
    for _ in range(max_presses):
        if is_focused(locator):
            break
        page.keyboard.press("Tab")
    else:
        if not is_focused(locator):
            html = locator.evaluate("el => el.outerHTML.slice(0, 200)")
            pytest.fail(f"Pressing Tab {max_presses} times never reached {html} on {page.url}")
    assert_focus_visible(locator)
    return locator
