"""Council settings, review periods and moderation: a council admin sets how long a signed-off EIA lasts."""

import re

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory

FORM = {
    "review_months_high": "6",
    "review_months_medium": "18",
    "review_months_low": "30",
    "review_months_none": "48",
    "eia_moderation_required": "False",
}


def url(council):
    return reverse("councils:review-periods", args=[council.slug])


def test_it_saves_the_periods_and_moderation(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(url(council), FORM)
    assert response["Location"] == council.get_absolute_url()
    council.refresh_from_db()
    assert (council.review_months_high, council.review_months_none, council.eia_moderation_required) == (6, 48, False)


def test_it_shows_what_is_saved(client, council, council_admin):
    client.force_login(council_admin)
    page = client.get(url(council)).content.decode()
    assert 'name="review_months_medium" value="24"' in page
    assert re.search(r'value="True"\s+checked', page)


@pytest.mark.parametrize("months", ["0", "121", "-3", "twelve", ""])
def test_it_refuses_a_period_out_of_bounds_and_keeps_it(client, council, council_admin, months):
    client.force_login(council_admin)
    response = client.post(url(council), {**FORM, "review_months_high": months})
    assert response.context["errors"] == [
        (
            "Enter the months before review after a High negative impact, as a whole number from 1 to 120",
            "id_review_months_high",
        )
    ]
    assert f'value="{months}"' in response.content.decode() if months else True
    council.refresh_from_db()
    assert council.review_months_high == 12


def test_it_asks_whether_eias_are_moderated(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(url(council), {**FORM, "eia_moderation_required": ""})
    assert response.context["errors"] == [
        ("Choose whether EIAs are moderated before they are published", "id_eia_moderation_required_1")
    ]


def test_it_refuses_a_moderator(client, council):
    moderator = MembershipFactory(council=council, role="moderator").user
    client.force_login(moderator)
    assert client.post(url(council), FORM).status_code == 403
    council.refresh_from_db()
    assert council.eia_moderation_required


def test_it_answers_404_for_another_council(client, council_admin, other_council):
    client.force_login(council_admin)
    assert client.post(url(other_council), FORM).status_code == 404
    other_council.refresh_from_db()
    assert other_council.review_months_high == 12
