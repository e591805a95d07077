"""Counting a plan's actions by status (overall and per CQC theme), the status of each action on a past date, and
the chart of the counts: an SVG of numbers and fixed words only."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from actionplans.chart import describe, status_chart
from actionplans.models import Action, ActionStatus, StatusUpdate, Theme
from actionplans.summary import as_of, latest_updates, summarise
from tests.factories import ActionFactory, statement

SVG = "{http://www.w3.org/2000/svg}"
STATUSES = [
    ActionStatus.TO_BE_STARTED,
    ActionStatus.STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.OFF_TRACK,
    ActionStatus.COMPLETE,
]


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def record(action, status, when, by, note="An update"):
    update = StatusUpdate.objects.create(
        action=action, status=status, previous_status=action.status, note=note, by=by, at=when
    )
    action.status, action.last_update_at = status, when
    action.save(update_fields=["status", "last_update_at", "updated_at"])
    return update


@pytest.fixture
def themes(plan):
    return list(Theme.objects.filter(framework=plan.framework).order_by("number"))


@pytest.fixture
def actions(plan, manager):
    """Theme 1: 3 (to be started, on track, complete); theme 2: 2 on track; theme 3: none; theme 4: 1 off track."""
    spec = [
        ("T1.1", "Assessing needs", None),
        ("T1.2", "Equity in experience and outcomes", ActionStatus.ON_TRACK),
        ("T1.3", "Supporting people to live healthier lives", ActionStatus.COMPLETE),
        ("T2.1", "Care provision, integration and continuity", ActionStatus.ON_TRACK),
        ("T2.2", "Partnerships and communities", ActionStatus.ON_TRACK),
        ("T4.1", "Governance, management and sustainability", ActionStatus.OFF_TRACK),
    ]
    for ref, name, status in spec:
        action = ActionFactory(plan=plan, ref=ref, quality_statement=statement(name))
        if status:
            record(action, status, at(date(2024, 2, 1)), manager)
    return spec


def fetched(plan):
    return list(plan.actions.select_related("theme"))


def counts(row):
    return [item.count for item in row.counts]


def test_it_counts_by_status_overall_and_per_theme(plan, actions, themes):
    summary = summarise(fetched(plan), themes, framework=plan.framework)
    assert [value for value, _ in summary.statuses] == STATUSES
    assert [row.theme.number for row in summary.themes] == [1, 2, 3, 4]
    assert [counts(row) for row in summary.themes] == [
        [1, 0, 1, 0, 1],
        [0, 0, 2, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0],
    ]
    assert [row.total for row in summary.themes] == [3, 2, 0, 1]
    assert counts(summary.overall) == [1, 0, 3, 1, 1]
    assert summary.total == summary.overall.total == 6
    assert summary.rows[-1] is summary.overall and summary.overall.is_overall
    assert summary.overall.count_of(ActionStatus.ON_TRACK) == 3


def test_it_labels_the_statuses_in_order(plan, actions, themes):
    summary = summarise(fetched(plan), themes, framework=plan.framework)
    assert [item.label for item in summary.overall.counts] == [
        "To be started",
        "Started",
        "On track",
        "Off track",
        "Complete",
    ]


def test_it_counts_without_a_query_of_its_own(plan, actions, themes, django_assert_num_queries):
    # As the plan page fetches them: only the columns it needs.
    loaded = list(plan.actions.select_related("theme").only("id", "status", "theme__number", "theme__name"))
    with django_assert_num_queries(0):
        summary = summarise(loaded, themes, framework=plan.framework)
        status_chart(summary)
    assert summary.total == 6


def test_an_empty_plan_has_every_theme_and_status_at_zero(plan, themes):
    summary = summarise([], themes, framework=plan.framework)
    assert [counts(row) for row in summary.rows] == [[0] * 5] * 5
    assert summary.total == 0


def test_an_action_of_a_theme_not_listed_gets_its_own_row(plan, actions, themes):
    summary = summarise(fetched(plan), themes[:2], framework=plan.framework)
    assert [row.theme.number for row in summary.themes] == [1, 2, 4]
    assert sum(row.total for row in summary.themes) == summary.total == 6


def test_it_can_count_the_statuses_of_a_date_instead(plan, actions, themes):
    loaded = fetched(plan)
    summary = summarise(
        loaded, themes, status_of={action.pk: ActionStatus.STARTED for action in loaded}, framework=plan.framework
    )
    assert counts(summary.overall) == [0, 6, 0, 0, 0]


# Status as of a date.


@pytest.fixture
def history(plan, manager):
    action = ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Assessing needs"))
    quiet = ActionFactory(plan=plan, ref="T1.2", quality_statement=statement("Assessing needs"))
    record(action, ActionStatus.STARTED, at(date(2023, 3, 1)), manager, "Started")
    record(action, ActionStatus.ON_TRACK, at(date(2023, 6, 1)), manager, "On track")
    # 23:30 in London in summer is 22:30 UTC, but still 1 August in London.
    record(action, ActionStatus.OFF_TRACK, at(date(2023, 8, 1), 23, 30), manager, "Late on the day")
    record(action, ActionStatus.COMPLETE, at(date(2024, 1, 10)), manager, "Done")
    return action, quiet


def prefetched(plan):
    actions = list(Action.objects.filter(plan=plan).prefetch_related("updates"))
    return actions, [update for action in actions for update in action.updates.all()]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2023, 2, 28), ActionStatus.TO_BE_STARTED),
        (date(2023, 3, 1), ActionStatus.STARTED),
        (date(2023, 5, 31), ActionStatus.STARTED),
        (date(2023, 6, 1), ActionStatus.ON_TRACK),
        (date(2023, 7, 31), ActionStatus.ON_TRACK),
        (date(2023, 8, 1), ActionStatus.OFF_TRACK),
        (date(2024, 1, 9), ActionStatus.OFF_TRACK),
        (date(2024, 1, 10), ActionStatus.COMPLETE),
        (date(2030, 1, 1), ActionStatus.COMPLETE),
    ],
)
def test_it_knows_each_status_as_of_the_end_of_a_day(plan, history, day, status):
    action, quiet = history
    actions, updates = prefetched(plan)
    statuses = as_of(actions, updates, day)
    assert statuses[action.pk] == status
    assert statuses[quiet.pk] == ActionStatus.TO_BE_STARTED


def test_it_works_from_prefetched_updates_without_a_query_per_action(plan, history, django_assert_num_queries):
    actions, updates = prefetched(plan)
    with django_assert_num_queries(0):
        as_of(actions, updates, date(2023, 7, 1))
        latest_updates(updates, date(2023, 7, 1))


def test_it_finds_the_latest_update_up_to_a_day(plan, history):
    action, quiet = history
    _, updates = prefetched(plan)
    assert latest_updates(updates, date(2023, 7, 1))[action.pk].note == "On track"
    assert latest_updates(updates, date(2023, 8, 1))[action.pk].note == "Late on the day"
    assert latest_updates(updates)[action.pk].note == "Done"
    assert action.pk not in latest_updates(updates, date(2023, 2, 1))
    assert quiet.pk not in latest_updates(updates)


def test_an_action_whose_first_update_came_later_had_its_previous_status(plan, manager):
    # An imported plan may start with an action already under way: its first update says what it was before.
    action = ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Assessing needs"))
    StatusUpdate.objects.create(
        action=action,
        status=ActionStatus.COMPLETE,
        previous_status=ActionStatus.ON_TRACK,
        note="Finished",
        by=manager,
        at=at(date(2024, 5, 1)),
    )
    actions, updates = prefetched(plan)
    assert as_of(actions, updates, date(2024, 4, 1))[action.pk] == ActionStatus.ON_TRACK


# The chart.


def test_the_chart_says_the_numbers_in_its_description(plan, actions, themes):
    summary = summarise(fetched(plan), themes, framework=plan.framework)
    assert describe(summary) == (
        "Actions by status: 6 in all; 1 to be started, 0 started, 3 on track, 1 off track, 1 complete. "
        "Theme 1, Working with people: 3 in all; 1 to be started, 0 started, 1 on track, 0 off track, 1 complete. "
        "Theme 2, Providing support: 2 in all; 0 to be started, 0 started, 2 on track, 0 off track, 0 complete. "
        "Theme 3, Ensuring safety: no actions. "
        "Theme 4, Leadership: 1 in all; 0 to be started, 0 started, 0 on track, 1 off track, 0 complete."
    )


@pytest.fixture
def chart(plan, actions, themes):
    return status_chart(summarise(fetched(plan), themes, framework=plan.framework))


@pytest.fixture
def svg(chart):
    return ET.fromstring(str(chart))


def test_the_chart_is_an_accessible_image(chart, svg):
    assert isinstance(chart, SafeString)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text and desc.text.startswith("Actions by status: 6 in all; 1 to be started, 0 started, 3 on track")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svg.get("viewBox")


def test_the_chart_has_no_script_and_fetches_nothing(chart, svg):
    assert "<script" not in chart.lower() and "javascript:" not in chart.lower()
    assert not re.search(r"\bon[a-z]+=", chart)
    for element in svg.iter():
        for name, value in element.attrib.items():
            assert "href" not in name
            assert "http" not in value or (element is svg and name == "xmlns")
            assert not value.startswith("url(") or value.startswith("url(#")
    assert not list(svg.iter(f"{SVG}image"))


def test_the_chart_reads_without_colour(svg):
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    # A legend naming every status, a label per bar, and the number of every segment.
    for label in ["To be started", "Started", "On track", "Off track", "Complete"]:
        assert label in texts
    for label in ["Theme 1", "Theme 2", "Theme 3", "Theme 4", "All actions", "6 in all", "No actions"]:
        assert label in texts
    # Segment numbers: theme 1 has three segments of 1; all actions has 1, 3, 1, 1.
    assert texts.count("3") == 1 and texts.count("2") == 1
    # Statuses differ by pattern as well as colour: each of the patterned ones is defined and used.
    patterns = {element.get("id") for element in svg.iter(f"{SVG}pattern")}
    assert len(patterns) == 3
    used = {
        element.get("fill")[5:-1]
        for element in svg.iter(f"{SVG}rect")
        if (element.get("fill") or "").startswith("url(#")
    }
    assert used == patterns


def test_the_chart_holds_only_numbers_fixed_words_and_theme_names(plan, actions, themes, manager):
    # Person-typed text everywhere it could come from: the plan, its actions, and a theme's name made hostile.
    plan.title = "<b>Plan title typed by a person</b>"
    plan.save()
    Action.objects.filter(plan=plan).update(area_of_focus="Area typed by a person", lead_officers="A person")
    Theme.objects.filter(pk=themes[0].pk).update(name="<script>alert(1)</script>")
    loaded = fetched(plan)
    chart = status_chart(
        summarise(loaded, Theme.objects.filter(framework=plan.framework).order_by("number"), framework=plan.framework)
    )
    for typed in ["typed by a person", "A person", "<script"]:
        assert typed not in chart
    allowed = re.compile(
        r"^(\d+|\d+ in all|Theme \d+|All actions|No actions|To be started|Started|On track|"
        r"Off track|Complete|<script>alert\(1\)</script>|Providing support|Ensuring safety|"
        r"Leadership)$"
    )
    for element in ET.fromstring(str(chart)).iter(f"{SVG}text"):
        assert allowed.match(element.text), element.text


def test_the_chart_names_each_theme_beside_its_bar(svg):
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    for number, name in enumerate(["Working with people", "Providing support", "Ensuring safety", "Leadership"], 1):
        assert texts[texts.index(f"Theme {number}") + 1] == name


def test_a_small_count_beside_a_large_one_is_still_numbered(plan, themes, manager):
    for n in range(40):
        ActionFactory(plan=plan, ref=f"T1.{n + 1}", quality_statement=statement("Assessing needs"))
    odd = ActionFactory(plan=plan, ref="T1.99", quality_statement=statement("Assessing needs"))
    record(odd, ActionStatus.OFF_TRACK, at(date(2024, 2, 1)), manager)
    svg = ET.fromstring(str(status_chart(summarise(fetched(plan), themes, framework=plan.framework))))
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert texts.count("40") == 2 and texts.count("1") == 2
    assert "41 in all" in texts


# The table beside the chart.


def test_the_table_has_the_same_counts_with_headers(plan, actions, themes):
    summary = summarise(fetched(plan), themes, framework=plan.framework)
    html = render_to_string(
        "actionplans/includes/status_summary.html", {"summary": summary, "chart": status_chart(summary)}
    )
    assert "<figure" in html and "<figcaption" in html and html.index("<svg") < html.index("<table")
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Actions by status</caption>' in html
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers == ["Theme", "To be started", "Started", "On track", "Off track", "Complete", "Total"]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', html)
    assert rows == [
        "Theme 1: Working with people",
        "Theme 2: Providing support",
        "Theme 3: Ensuring safety",
        "Theme 4: Leadership",
        "All actions",
    ]
    body = html[html.index("All actions</th>") :]
    assert re.findall(r">(?:<strong>)?(\d+)(?:</strong>)?</td>", body)[:6] == ["1", "0", "3", "1", "1", "6"]


def test_the_table_escapes_a_theme_name(plan, actions, themes):
    Theme.objects.filter(pk=themes[0].pk).update(name="<script>alert(1)</script>")
    summary = summarise(
        fetched(plan), Theme.objects.filter(framework=plan.framework).order_by("number"), framework=plan.framework
    )
    html = render_to_string(
        "actionplans/includes/status_summary.html", {"summary": summary, "chart": status_chart(summary)}
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
