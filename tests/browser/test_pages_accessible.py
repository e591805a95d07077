"""Every page an author sees of the demo EIA passes axe-core's WCAG 2.2 AA checks."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-for-eqa"
DEMO_TITLE = "Joint commissioning of care at home services (domiciliary care)"


def sign_in_as(page, username):
    page.goto(reverse("sign-in"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def demo_eia():
    return Assessment.objects.get(title=DEMO_TITLE)


def first_action(assessment):
    return assessment.actions.order_by("position").first()


# (what the page is, its address given the demo EIA, its main heading)
PAGES = [
    ("home", lambda eia: reverse("home"), "Welcome, Demo Author"),
    ("list", lambda eia: reverse("assessments:list"), "Equality impact assessments"),
    ("list, a search that finds nothing", lambda eia: reverse("assessments:list") + "?q=no+such+assessment",
     "Equality impact assessments"),
    ("start", lambda eia: reverse("assessments:start"), "Start a new equality impact assessment"),
    ("detail", lambda eia: eia.get_absolute_url(), DEMO_TITLE),
    ("details form", lambda eia: reverse("assessments:edit", args=[eia.pk]), "About the assessment"),
    ("impact grid", lambda eia: reverse("assessments:grid", args=[eia.pk]), "Impact grid"),
    ("change an action", lambda eia: reverse("assessments:action-edit", args=[eia.pk, first_action(eia).pk]),
     "Change an action"),
    ("remove an action", lambda eia: reverse("assessments:action-remove", args=[eia.pk, first_action(eia).pk]),
     "Are you sure you want to remove this action?"),
]


@pytest.mark.parametrize("url_of, heading", [(url_of, heading) for _, url_of, heading in PAGES],
                         ids=[name for name, _, _ in PAGES])
def test_the_page_is_accessible(page, url_of, heading):
    call_command("load_demo", stdout=io.StringIO())
    sign_in_as(page, "demo-author")

    response = page.goto(url_of(demo_eia()))
    assert response.status == 200, f"{page.url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_search_that_finds_nothing_says_so(page):
    call_command("load_demo", stdout=io.StringIO())
    sign_in_as(page, "demo-author")

    page.goto(reverse("assessments:list") + "?q=no+such+assessment")
    expect(page.get_by_text("No assessments match your search.")).to_be_visible()
    expect(page.get_by_label("Search by title")).to_have_value("no such assessment")
