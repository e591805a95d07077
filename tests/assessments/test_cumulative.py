"""The cumulative impact of a budget round: for each characteristic, how many of the round's proposals rate a
negative impact on it and how severely, and which; only the newest version of the council's own EIAs named in the
round counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, ImpactRow
from tests.factories import AssessmentFactory, CouncilFactory, ServiceFactory
from tests.pdf_text import pdf_text

ROUND = "2026/27 savings proposals"


def proposal(council, service, author, title, negatives, budget_round=ROUND, **fields):
    eia = AssessmentFactory(
        council=council, service=service, created_by=author, title=title, budget_round=budget_round, **fields
    )
    for label, level in negatives.items():
        ImpactRow.objects.filter(assessment=eia, label=label).update(
            negative="Fewer hours of care.", negative_level=level
        )
    return eia


@pytest.fixture
def round_of_three(council, service, author):
    labels = list(council.characteristics.order_by("position").values_list("label", flat=True))
    age, disability = labels[0], labels[1]
    return labels, [
        proposal(council, service, author, "Close a day centre", {age: "high", disability: "medium"}),
        proposal(council, service, author, "Fewer meals on wheels", {age: "low"}),
        proposal(council, service, author, "Charge for transport", {age: "medium"}),
    ]


def page(client, council, **query):
    return client.get(reverse("assessments:cumulative", args=[council.slug]), query)


def rows_of(answer):
    return {
        entry.label: (entry.counts, [eia.title for eia, _ in entry.proposals]) for entry in answer.context["affected"]
    }


def test_each_characteristic_counts_the_proposals_that_fall_on_it_by_level(
    client, council, service, author, viewer, round_of_three
):
    (age, disability, *_), _ = round_of_three
    # Not in the round, or another council's: not counted.
    proposal(council, service, author, "Another round", {age: "high"}, budget_round="2025/26")
    theirs = CouncilFactory(name="Another Borough Council", slug="another")
    proposal(theirs, ServiceFactory(council=theirs), author, "Their proposal", {}, budget_round=ROUND)
    client.force_login(viewer)

    answer = page(client, council, round=ROUND)

    assert answer.status_code == 200
    found = rows_of(answer)
    assert found[age] == ([1, 1, 1], ["Close a day centre", "Charge for transport", "Fewer meals on wheels"])
    assert found[disability] == ([0, 1, 0], ["Close a day centre"])
    assert list(found) == [age, disability]  # in the order of the council's grid
    assert {eia.title for eia in answer.context["eias"]} == {
        "Close a day centre",
        "Fewer meals on wheels",
        "Charge for transport",
    }
    assert answer.context["rounds"] == ["2025/26", ROUND]


def test_only_the_newest_version_counts(client, council, service, author, viewer, round_of_three):
    (age, *_), (first, *_) = round_of_three
    Assessment.objects.filter(pk=first.pk).update(is_latest=False)
    proposal(council, service, author, "Close a day centre, version 2", {})
    client.force_login(viewer)
    assert rows_of(page(client, council, round=ROUND))[age][0] == [0, 1, 1]


def test_another_councils_round_is_not_there(client, council, outsider, round_of_three):
    client.force_login(outsider)
    assert page(client, council, round=ROUND).status_code == 404


def test_it_makes_as_many_queries_for_many_proposals_as_for_three(
    client, council, service, author, viewer, round_of_three
):
    labels, _ = round_of_three
    client.force_login(viewer)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert page(client, council, round=ROUND).status_code == 200
        return len(queries)

    three = counted()
    for number in range(10):
        proposal(council, service, author, f"Proposal {number}", {labels[number % 4]: "low"})
    assert counted() == three


def test_the_round_is_an_appendix_for_the_budget_meeting(client, council, viewer, round_of_three):
    (age, disability, *_), _ = round_of_three
    client.force_login(viewer)
    answer = client.get(reverse("assessments:cumulative-pdf", args=[council.slug]), {"round": ROUND})
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer)
    assert f"Cumulative impact: {ROUND}" in text
    assert f"{age} 1 1 1" in text and f"{disability} 0 1 0" in text
    assert "Close a day centre" in text and "Fewer meals on wheels" in text


def test_names_that_differ_only_in_capitals_or_spaces_are_one_round(client, council, service, author, viewer):
    age = council.characteristics.order_by("position").first().label
    proposal(council, service, author, "Close a day centre", {age: "high"}, budget_round="2027/28 savings")
    proposal(council, service, author, "Fewer meals on wheels", {age: "low"}, budget_round="2027/28 savings")
    proposal(council, service, author, "Charge for transport", {age: "medium"}, budget_round=" 2027/28  Savings")
    client.force_login(viewer)

    answer = page(client, council, round="2027/28 SAVINGS")

    assert answer.context["rounds"] == ["2027/28 savings"]
    assert rows_of(answer)[age][0] == [1, 1, 1]
    assert answer.context["not_found"] == ""


def test_a_round_no_eia_names_says_so(client, council, viewer, round_of_three):
    client.force_login(viewer)
    answer = page(client, council, round="2019/20 savings")
    assert answer.context["chosen"] == ROUND
    assert "No EIA names the round “2019/20 savings”" in answer.content.decode()
