"""The demo's busiest pages on a phone (375 and 320 pixels wide) and in forced-colours mode: the impact grid
reads as one card per characteristic, CQC's bands keep their words whole, and the plan's chart stays legible or
gives way to its table."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan, CqcResult
from assessments.models import Assessment
from tests.browser.conftest import VIEWPORT, assert_accessible, assert_reflows
from tests.browser.steps import DEMO_TITLE, sign_in_as
from tests.factories import AssessmentFactory
from tests.kept_rows import load_demo

pytestmark = pytest.mark.browser

PHONES = [375, 320]

# The smallest text a person can read without zooming: the chart's words at their size on the screen.
SMALLEST_TEXT_PX = 12

CHART_TEXT_SIZES = """() => [...document.querySelectorAll('.eqa-status-chart text')]
    .filter(text => text.getClientRects().length)
    .map(text => text.getBoundingClientRect().height)"""

# Words split over two lines: a word whose text has more than one box on the screen.
WORDS_BROKEN = """selector => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture
def demo(page):
    load_demo()
    page.goto(reverse("sign-in"))
    sign_in_as(page, "demo-viewer")
    return page


def at_width(page, width):
    page.set_viewport_size({"width": width, "height": 740})


def test_the_impact_grid_reads_as_a_card_per_characteristic(demo):
    page = demo
    page.goto(Assessment.objects.get(title=DEMO_TITLE).get_absolute_url())
    for width in PHONES:
        at_width(page, width)
        grid = page.get_by_role("region", name="Impact of the proposal on each group")
        # Nothing to scroll sideways: each row is a card as wide as the screen, its parts one under another.
        assert grid.evaluate("el => el.scrollWidth <= el.clientWidth"), f"the grid scrolls sideways at {width}px"
        carers = grid.locator("tbody tr", has_text="Carers").first
        parts = carers.locator("th, td:visible").evaluate_all(
            "cells => cells.map(cell => cell.getBoundingClientRect()).map(r => [Math.round(r.left), r.width])"
        )
        assert len({left for left, _ in parts}) == 1 and all(w > width * 0.7 for _, w in parts), parts
        # Each part says which it is, as the column heading would.
        assert carers.locator("td:visible").count() == carers.locator("td .eqa-card-table__label:visible").count() > 0
    assert_accessible(page)


def test_cqc_bands_keep_their_words_whole(demo):
    page = demo
    example = CqcResult.objects.filter(title__contains="Gloucestershire").get()
    page.goto(example.get_absolute_url())
    for width in [*PHONES, VIEWPORT["width"]]:
        at_width(page, width)
        assert page.evaluate(WORDS_BROKEN, ".eqa-band-bar__band") == [], f"at {width}px"
    at_width(page, 375)
    expect(page.locator(".eqa-band-bar__band--current")).to_contain_text("is here")
    assert_accessible(page)


def test_the_chart_is_legible_or_gives_way_to_its_table(demo):
    page = demo
    page.goto(ActionPlan.objects.get(title=PLAN_TITLE).get_absolute_url())
    for width in [*PHONES, 768, VIEWPORT["width"]]:
        at_width(page, width)
        sizes = page.evaluate(CHART_TEXT_SIZES)
        assert not sizes or min(sizes) >= SMALLEST_TEXT_PX, f"chart text {min(sizes):.1f}px high at {width}px"
        expect(page.get_by_role("table", name="Actions by status")).to_be_visible()
    at_width(page, VIEWPORT["width"])
    expect(page.locator(".eqa-status-chart")).to_be_visible()
    assert_accessible(page)


CONTRAST = """() => {
    const rgb = colour => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = colour => {
        const [r, g, b] = rgb(colour).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const canvas = getComputedStyle(document.body).backgroundColor;
    return [...document.querySelectorAll('.eqa-status-chart text')]
        .map(text => {
            const badge = text.previousElementSibling;
            const behind = badge && badge.matches('.eqa-chart-badge') ? getComputedStyle(badge).fill : canvas;
            return [text.textContent, ratio(getComputedStyle(text).fill, behind)];
        });
}"""


def test_the_chart_words_show_in_forced_colours(demo):
    page = demo
    page.emulate_media(forced_colors="active", color_scheme="dark")
    page.goto(ActionPlan.objects.get(title=PLAN_TITLE).get_absolute_url())
    faint = [(text, round(ratio, 2)) for text, ratio in page.evaluate(CONTRAST) if ratio < 4.5]
    assert faint == [], "chart words against what is behind them, below 4.5:1"


def test_a_table_region_becomes_a_tab_stop_when_its_table_grows_and_stops_when_it_fits(demo):
    page = demo
    page.goto(reverse("assessments:list"))
    region = page.locator("[data-eqa-scrolls]").first
    expect(region).not_to_have_attribute("tabindex", "0")
    # New content wider than the page (a long reference with no spaces), the window as it was.
    page.evaluate("""() => {
        const cell = document.querySelector('[data-eqa-scrolls] td');
        const long = document.createElement('span');
        long.id = 'long';
        long.textContent = 'EIAREF0123'.repeat(40);
        cell.append(long);
    }""")
    expect(region).to_have_attribute("tabindex", "0")
    page.evaluate("() => document.getElementById('long').remove()")
    expect(region).not_to_have_attribute("tabindex", "0")


def test_a_title_of_one_long_unbroken_word_wraps_within_a_phones_screen(demo):
    """A pasted link, or a title typed without spaces, wraps in the heading and the breadcrumbs of the record's page
    rather than making the page wider than the screen."""
    page = demo
    eia = Assessment.objects.get(title=DEMO_TITLE)
    unbroken = AssessmentFactory(
        council=eia.council, service=eia.service, created_by=eia.created_by, title="https://example.gov.uk/" + "a" * 270
    )
    page.goto(unbroken.get_absolute_url())
    assert_reflows(page)
