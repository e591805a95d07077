"""A plan's quality statements with the council's own latest CQC scores beside another council's, from the results
the council keeps to compare with; nothing for a plan whose framework no result is scored against."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, FrameworkVersion, QualityStatement, Theme
from tests.actionplans.cqc_helpers import record, statements
from tests.factories import ActionFactory

GLOUCESTERSHIRE = "Gloucestershire County Council"


def text(response):
    """The page's words, tags and runs of white space squeezed out."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def compare(plan):
    return reverse("actionplans:cqc-compare", args=[plan.pk])


@pytest.fixture
def results(council, manager):
    """The council's own result of all nine, an older own one, and two other councils', Gloucestershire's the most
    recently published."""
    record(council, manager, [1] * 9, assessed_on=date(2023, 6, 1))
    own = record(council, manager, [3, 3, 2, 3, 4, 3, 3, 3, None], title="Our assessment", assessed_on=date(2024, 5, 1))
    theirs = record(
        council,
        manager,
        [2] * 9,
        title="Gloucestershire's assessment",
        assessed_council=GLOUCESTERSHIRE,
        assessed_on=date(2024, 10, 1),
        published_on=date(2025, 1, 31),
    )
    record(
        council,
        manager,
        [None, None, 3] + [None] * 6,
        title="Hertfordshire's assessment",
        assessed_council="Hertfordshire County Council",
        assessed_on=date(2024, 1, 1),
        published_on=date(2024, 5, 17),
    )
    return own, theirs


def test_the_plan_page_links_to_the_comparison(client, plan, viewer, results):
    client.force_login(viewer)
    words = text(client.get(plan.get_absolute_url()))
    assert "Compare your council's CQC scores with Gloucestershire County Council's or another council's" in words


def test_each_statement_has_the_councils_latest_score_beside_the_other_councils(client, plan, viewer, results):
    client.force_login(viewer)
    words = text(client.get(compare(plan)))
    assert "CQC scores: Cheshire West and Chester Council and Gloucestershire County Council" in words
    assert (
        "Quality statement Cheshire West and Chester Council Gloucestershire County Council "
        "Assessing needs 3: good standard 2: some shortfalls "
        "Supporting people to live healthier lives 3: good standard 2: some shortfalls "
        "Equity in experience and outcomes 2: some shortfalls 2: some shortfalls "
        "Care provision, integration and continuity 3: good standard 2: some shortfalls "
        "Partnerships and communities 4: exceptional standard 2: some shortfalls" in words
    )
    # Not scored in the newest, so from the older result.
    assert "Learning, improvement and innovation 1: significant shortfalls 2: some shortfalls" in words
    assert (
        "Cheshire West and Chester Council: Our assessment (published 6 June 2024) Cheshire West and Chester "
        "Council: CQC local authority assessment (published 7 July 2023)" in words
    )
    assert "Gloucestershire County Council: Gloucestershire's assessment (published 31 January 2025)" in words


def test_another_council_is_chosen_by_its_name(client, plan, viewer, results):
    client.force_login(viewer)
    response = client.get(compare(plan), {"council": "Hertfordshire County Council"})
    words = text(response)
    assert "CQC scores: Cheshire West and Chester Council and Hertfordshire County Council" in words
    assert "Assessing needs 3: good standard Not scored" in words
    assert "Equity in experience and outcomes 2: some shortfalls 3: good standard" in words
    assert '<option value="Hertfordshire County Council" selected>' in response.content.decode()


def test_a_name_the_council_keeps_no_result_of_shows_the_most_recently_published(client, plan, viewer, results):
    client.force_login(viewer)
    words = text(client.get(compare(plan), {"council": "Kent County Council"}))
    assert "CQC scores: Cheshire West and Chester Council and Gloucestershire County Council" in words
    assert "Kent" not in words


def test_with_no_other_councils_result_there_is_no_link_and_nothing_to_compare(client, plan, manager, viewer):
    record(plan.council, manager, [3] * 9)
    client.force_login(viewer)
    assert "Compare your council's CQC scores" not in text(client.get(plan.get_absolute_url()))
    words = text(client.get(compare(plan)))
    assert "keeps no other council's CQC result scored against this plan's framework" in words
    assert "<table" not in client.get(compare(plan)).content.decode()


def test_a_plan_against_another_framework_shows_nothing(client, council, manager, viewer, results):
    framework = FrameworkVersion.objects.create(name="Another framework", effective_from=date(2025, 4, 1))
    theme = Theme.objects.create(framework=framework, number=1, name="Another theme")
    other_statement = QualityStatement.objects.create(theme=theme, position=1, name="Another statement")
    plan = ActionPlan.objects.create(council=council, framework=framework, title="Another plan", created_by=manager)
    ActionFactory(plan=plan, quality_statement=other_statement)
    client.force_login(viewer)
    assert "Compare your council's CQC scores" not in text(client.get(plan.get_absolute_url()))
    response = client.get(compare(plan))
    assert "<table" not in response.content.decode()
    assert not any(statement.name in text(response) for statement in statements())


def test_another_councils_people_get_404_and_a_post_405(client, plan, outsider, viewer, results):
    client.force_login(outsider)
    response = client.get(compare(plan))
    assert response.status_code == 404 and GLOUCESTERSHIRE not in response.content.decode()
    client.force_login(viewer)
    assert client.post(compare(plan)).status_code == 405


def test_its_queries_do_not_grow_with_the_results(client, plan, manager, viewer, django_assert_max_num_queries):
    record(plan.council, manager, [3] * 9)
    record(plan.council, manager, [2] * 9, assessed_council=GLOUCESTERSHIRE)
    client.force_login(viewer)
    client.get(compare(plan))
    with django_assert_max_num_queries(10) as few:
        assert client.get(compare(plan)).status_code == 200
    for year in range(2023, 2026):
        record(plan.council, manager, [4] * 9, assessed_on=date(year, 4, 2))
        record(plan.council, manager, [1] * 9, assessed_on=date(year, 4, 2), assessed_council=f"Council {year}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(compare(plan)).status_code == 200
