"""Counting a plan's actions by what their status means (overall and per CQC theme), and by the council's own words
for the chart; the status of each action on a past date; and the chart of the counts: an SVG of numbers, the
council's words and the framework's theme names."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from actionplans.chart import describe, status_chart
from actionplans.models import Action, StatusUpdate, StatusWord, Theme
from actionplans.statuses import Colour, Meaning
from actionplans.summary import as_of, latest_updates, summarise, verifications
from tests.actionplans.plan_helpers import at, record, use_words
from tests.factories import ActionFactory, ActionPlanFactory, statement, status_word

SVG = "{http://www.w3.org/2000/svg}"
DEFAULT_WORDS = ["To be started", "Started", "On track", "Off track", "Complete"]


@pytest.fixture
def themes(plan):
    return list(Theme.objects.filter(framework=plan.framework).order_by("number"))


def words_of(council):
    return list(StatusWord.objects.filter(council=council).in_order())


@pytest.fixture
def actions(plan, manager):
    """Theme 1: 3 (to be started, on track, complete); theme 2: 2 in progress (Started and On track); theme 3:
    none; theme 4: 1 off track."""
    spec = [
        ("T1.1", "Assessing needs", None),
        ("T1.2", "Equity in experience and outcomes", "On track"),
        ("T1.3", "Supporting people to live healthier lives", "Complete"),
        ("T2.1", "Care provision, integration and continuity", "Started"),
        ("T2.2", "Partnerships and communities", "On track"),
        ("T4.1", "Governance, management and sustainability", "Off track"),
    ]
    for ref, name, wording in spec:
        action = ActionFactory(plan=plan, ref=ref, quality_statement=statement(name))
        if wording:
            record(action, wording, date(2024, 2, 1), manager, "An update")
    return spec


def fetched(plan):
    return list(plan.actions.select_related("theme"))


def summary_of(plan, themes, **options):
    return summarise(fetched(plan), themes, words_of(plan.council), framework=plan.framework, **options)


def counts(row):
    return [item.count for item in row.counts]


def word_counts(row):
    return [(item.word.word, item.count) for item in row.words]


def test_it_counts_by_meaning_overall_and_per_theme(plan, actions, themes):
    summary = summary_of(plan, themes)
    assert [value for value, _ in summary.meanings] == [
        Meaning.NOT_STARTED,
        Meaning.ON_TRACK,
        Meaning.OFF_TRACK,
        Meaning.COMPLETE,
    ]
    assert [row.theme.number for row in summary.themes] == [1, 2, 3, 4]
    assert [counts(row) for row in summary.themes] == [[1, 1, 0, 1], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]]
    assert [row.total for row in summary.themes] == [3, 2, 0, 1]
    assert counts(summary.overall) == [1, 3, 1, 1]
    assert summary.total == summary.overall.total == 6
    assert summary.rows[-1] is summary.overall and summary.overall.is_overall
    assert summary.overall.count_of(Meaning.ON_TRACK) == 3


def test_it_labels_the_meanings_in_eqas_words(plan, actions, themes):
    summary = summary_of(plan, themes)
    assert [item.label for item in summary.overall.counts] == [
        "Not started",
        "In progress, on track",
        "Off track",
        "Complete",
    ]


def test_it_counts_by_the_councils_words_too_in_the_councils_order(plan, actions, themes):
    summary = summary_of(plan, themes)
    assert [word.word for word in summary.words] == DEFAULT_WORDS
    assert word_counts(summary.overall) == [
        ("To be started", 1),
        ("Started", 1),
        ("On track", 2),
        ("Off track", 1),
        ("Complete", 1),
    ]


def test_two_councils_with_different_words_compare_by_meaning(plan, actions, themes, manager):
    """Another council says Red, Amber, Green and Blue: its plan and ours count alike by what the words mean."""
    theirs = ActionPlanFactory(council=use_words(ActionPlanFactory().council))
    for ref, wording in [("T1.1", None), ("T1.2", "Green"), ("T1.3", "Done"), ("T2.1", "Green"), ("T2.2", "Green")]:
        action = ActionFactory(plan=theirs, ref=ref)
        if wording:
            record(action, wording, date(2024, 2, 1), manager, "An update")
    record(ActionFactory(plan=theirs, ref="T4.1"), "Red", date(2024, 2, 1), manager, "An update")
    ours, other = summary_of(plan, themes), summary_of(theirs, themes)
    assert [ours.overall.count_of(meaning) for meaning in Meaning] == [1, 3, 0, 1, 1, 0, 0]
    assert [other.overall.count_of(meaning) for meaning in Meaning] == [1, 3, 0, 1, 1, 0, 0]
    assert [label for _, label in other.meanings] == [
        "Not started",
        "In progress, on track",
        "In progress, at risk",
        "Off track",
        "Complete",
        "Complete and verified",
    ]
    assert [word.word for word in other.words] == ["Not started", "Red", "Amber", "Green", "Done", "Blue"]


def test_a_retired_word_is_counted_while_an_action_has_it_and_left_out_when_none_does(plan, actions, themes):
    StatusWord.objects.filter(council=plan.council, word__in=["Started", "To be started"]).update(retired=True)
    assert [word.word for word in summary_of(plan, themes).words] == DEFAULT_WORDS
    Action.objects.filter(plan=plan, ref="T2.1").update(status_word=status_word(plan.council, "On track"))
    assert [word.word for word in summary_of(plan, themes).words] == [
        "To be started",
        "On track",
        "Off track",
        "Complete",
    ]


def test_it_counts_without_a_query_of_its_own(plan, actions, themes, django_assert_num_queries):
    # As the plan page fetches them: only the columns it needs.
    loaded = list(
        plan.actions.select_related("theme").only("id", "status", "status_word", "theme__number", "theme__name")
    )
    words = words_of(plan.council)
    with django_assert_num_queries(0):
        summary = summarise(loaded, themes, words, framework=plan.framework)
        status_chart(summary)
    assert summary.total == 6


def test_an_empty_plan_has_every_theme_and_meaning_at_zero(plan, themes):
    summary = summarise([], themes, words_of(plan.council), framework=plan.framework)
    assert [counts(row) for row in summary.rows] == [[0] * 4] * 5
    assert summary.total == 0


def test_an_action_of_a_theme_not_listed_gets_its_own_row(plan, actions, themes):
    summary = summary_of(plan, themes[:2])
    assert [row.theme.number for row in summary.themes] == [1, 2, 4]
    assert sum(row.total for row in summary.themes) == summary.total == 6


def test_it_can_count_the_words_of_a_date_instead(plan, actions, themes):
    started = status_word(plan.council, "Started")
    summary = summary_of(plan, themes, word_of={action.pk: started.pk for action in fetched(plan)})
    assert counts(summary.overall) == [0, 6, 0, 0]
    assert word_counts(summary.overall)[1] == ("Started", 6)


# Status as of a date.


@pytest.fixture
def history(plan, manager):
    action = ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Assessing needs"))
    quiet = ActionFactory(plan=plan, ref="T1.2", quality_statement=statement("Assessing needs"))
    record(action, "Started", date(2023, 3, 1), manager, "Started")
    record(action, "On track", date(2023, 6, 1), manager, "On track")
    # 23:30 in London in summer is 22:30 UTC, but still 1 August in London.
    record(action, "Off track", date(2023, 8, 1), manager, "Late on the day", hour=23, minute=30)
    record(action, "Complete", date(2024, 1, 10), manager, "Done")
    return action, quiet


def prefetched(plan):
    actions = list(Action.objects.filter(plan=plan).prefetch_related("updates"))
    return actions, [update for action in actions for update in action.updates.all()]


@pytest.mark.parametrize(
    ("day", "wording"),
    [
        (date(2023, 2, 28), "To be started"),
        (date(2023, 3, 1), "Started"),
        (date(2023, 5, 31), "Started"),
        (date(2023, 6, 1), "On track"),
        (date(2023, 7, 31), "On track"),
        (date(2023, 8, 1), "Off track"),
        (date(2024, 1, 9), "Off track"),
        (date(2024, 1, 10), "Complete"),
        (date(2030, 1, 1), "Complete"),
    ],
)
def test_it_knows_each_word_as_of_the_end_of_a_day(plan, history, day, wording):
    action, quiet = history
    actions, updates = prefetched(plan)
    start = status_word(plan.council, "To be started").pk
    words = as_of(actions, updates, day, start)
    assert words[action.pk] == status_word(plan.council, wording).pk
    assert words[quiet.pk] == start


def test_it_works_from_prefetched_updates_without_a_query_per_action(plan, history, django_assert_num_queries):
    actions, updates = prefetched(plan)
    with django_assert_num_queries(0):
        as_of(actions, updates, date(2023, 7, 1), None)
        latest_updates(updates, date(2023, 7, 1))
        verifications(updates, date(2023, 7, 1))


def test_it_finds_the_latest_update_up_to_a_day(plan, history):
    action, quiet = history
    _, updates = prefetched(plan)
    assert latest_updates(updates, date(2023, 7, 1))[action.pk].note == "On track"
    assert latest_updates(updates, date(2023, 8, 1))[action.pk].note == "Late on the day"
    assert latest_updates(updates)[action.pk].note == "Done"
    assert action.pk not in latest_updates(updates, date(2023, 2, 1))
    assert quiet.pk not in latest_updates(updates)


def test_an_action_whose_first_update_came_later_had_its_previous_word(plan, manager):
    # An imported plan may start with an action already under way: its first update says what it was before.
    action = ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Assessing needs"))
    on_track, complete = status_word(plan.council, "On track"), status_word(plan.council, "Complete")
    StatusUpdate.objects.create(
        action=action,
        status=complete.meaning,
        word=complete,
        previous_status=on_track.meaning,
        previous_word=on_track,
        note="Finished",
        by=manager,
        at=at(date(2024, 5, 1)),
    )
    actions, updates = prefetched(plan)
    assert as_of(actions, updates, date(2024, 4, 1), None)[action.pk] == on_track.pk


@pytest.fixture
def blue(plan):
    return StatusWord.objects.create(
        council=plan.council, position=6, word="Blue", meaning=Meaning.VERIFIED, colour=Colour.BLUE
    )


def test_an_action_is_verified_as_of_a_day_by_the_update_that_verified_it(plan, history, blue, author):
    action, _ = history
    verified = record(action, "Blue", date(2024, 2, 1), author, "Checked", evidence="The minutes")
    record(action, "Blue", date(2024, 3, 1), author, "Still checked")
    _, updates = prefetched(plan)
    assert action.pk not in verifications(updates, date(2024, 1, 31))
    assert verifications(updates, date(2024, 2, 1))[action.pk] == verified
    assert verifications(updates)[action.pk] == verified


def test_an_action_verified_then_reopened_is_not_verified(plan, history, blue, author, manager):
    action, _ = history
    record(action, "Blue", date(2024, 2, 1), author, "Checked", evidence="The minutes")
    record(action, "Off track", date(2024, 3, 1), manager, "The figures were wrong")
    _, updates = prefetched(plan)
    assert action.pk in verifications(updates, date(2024, 2, 15))
    assert action.pk not in verifications(updates)


# The chart.


def test_the_chart_says_the_councils_words_and_their_meanings_in_its_description(plan, actions, themes):
    assert describe(summary_of(plan, themes)) == (
        "Actions by status: 6 in all; 1 To be started (not started), 1 Started (in progress, on track), "
        "2 On track (in progress, on track), 1 Off track, 1 Complete. "
        "Theme 1, Working with people: 3 in all; 1 To be started (not started), 0 Started (in progress, on track), "
        "1 On track (in progress, on track), 0 Off track, 1 Complete. "
        "Theme 2, Providing support: 2 in all; 0 To be started (not started), 1 Started (in progress, on track), "
        "1 On track (in progress, on track), 0 Off track, 0 Complete. "
        "Theme 3, Ensuring safety: no actions. "
        "Theme 4, Leadership: 1 in all; 0 To be started (not started), 0 Started (in progress, on track), "
        "0 On track (in progress, on track), 1 Off track, 0 Complete."
    )


@pytest.fixture
def chart(plan, actions, themes):
    return status_chart(summary_of(plan, themes))


@pytest.fixture
def svg(chart):
    return ET.fromstring(str(chart))


def test_the_chart_is_an_accessible_image(chart, svg):
    assert isinstance(chart, SafeString)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text and desc.text.startswith("Actions by status: 6 in all; 1 To be started (not started)")
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


def legend(svg):
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend")
    return [element.text for element in group.iter(f"{SVG}text")]


def test_the_charts_legend_has_the_councils_words_in_its_order(svg):
    assert legend(svg) == DEFAULT_WORDS


def test_the_chart_reads_without_colour(svg):
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    for label in ["Theme 1", "Theme 2", "Theme 3", "Theme 4", "All actions", "6 in all", "No actions"]:
        assert label in texts
    # Segment numbers: theme 1 has three segments of 1, theme 2 two, theme 4 one; all actions has 1, 1, 2, 1, 1.
    assert (texts.count("1"), texts.count("2")) == (10, 1)
    # Words differ by pattern as well as colour: each of the patterned ones is defined and used.
    patterns = {element.get("id") for element in svg.iter(f"{SVG}pattern")}
    assert len(patterns) == 4
    used = {
        element.get("fill")[5:-1]
        for element in svg.iter(f"{SVG}rect")
        if (element.get("fill") or "").startswith("url(#")
    }
    assert used == patterns


def test_the_chart_draws_each_word_in_its_colour(plan, actions, themes):
    StatusWord.objects.filter(council=plan.council, word="Off track").update(colour=Colour.AMBER)
    svg = ET.fromstring(str(status_chart(summary_of(plan, themes))))
    fills = {element.get("fill") for element in svg.iter(f"{SVG}rect")}
    assert "#cc6600" in fills and "#d4351c" not in fills


def test_the_chart_escapes_what_a_council_admin_typed_and_nothing_of_the_plan_goes_in(plan, actions, themes):
    plan.title = "<b>Plan title typed by a person</b>"
    plan.save()
    Action.objects.filter(plan=plan).update(area_of_focus="Area typed by a person", lead_officers="A person")
    StatusWord.objects.filter(council=plan.council, word="Started").update(word="<script>alert(1)</script>")
    chart = status_chart(summary_of(plan, themes))
    for typed in ["typed by a person", "A person", "<script"]:
        assert typed not in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart
    allowed = re.compile(
        r"^(\d+|\d+ in all|Theme \d+|All actions|No actions|To be started|<script>alert\(1\)</script>|On track|"
        r"Off track|Complete|Working with people|Providing support|Ensuring safety|Leadership)$"
    )
    for element in ET.fromstring(str(chart)).iter(f"{SVG}text"):
        assert allowed.match(element.text), element.text


def test_a_legend_too_wide_for_one_line_runs_onto_another(plan, actions, themes):
    for number in range(6):
        StatusWord.objects.create(
            council=plan.council,
            position=10 + number,
            word=f"A long status word, number {number}",
            meaning=Meaning.AT_RISK,
            colour=Colour.AMBER,
        )
    svg = ET.fromstring(str(status_chart(summary_of(plan, themes))))
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend")
    lines = {element.get("y") for element in group.iter(f"{SVG}text")}
    assert len(lines) > 1
    widest = max(float(element.get("x")) + len(element.text) * 7 for element in group.iter(f"{SVG}text"))
    assert widest <= float(svg.get("width"))


def test_the_chart_names_each_theme_beside_its_bar(svg):
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    for number, name in enumerate(["Working with people", "Providing support", "Ensuring safety", "Leadership"], 1):
        assert texts[texts.index(f"Theme {number}") + 1] == name


def test_a_small_count_beside_a_large_one_is_still_numbered(plan, themes, manager):
    for n in range(40):
        ActionFactory(plan=plan, ref=f"T1.{n + 1}", quality_statement=statement("Assessing needs"))
    odd = ActionFactory(plan=plan, ref="T1.99", quality_statement=statement("Assessing needs"))
    record(odd, "Off track", date(2024, 2, 1), manager, "An update")
    svg = ET.fromstring(str(status_chart(summary_of(plan, themes))))
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert texts.count("40") == 2 and texts.count("1") == 2
    assert "41 in all" in texts


# The table beside the chart.


def test_the_table_counts_the_same_actions_by_meaning(plan, actions, themes):
    summary = summary_of(plan, themes)
    html = render_to_string(
        "actionplans/includes/status_summary.html", {"summary": summary, "chart": status_chart(summary)}
    )
    assert "<figure" in html and "<figcaption" in html and html.index("<svg") < html.index("<table")
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Actions by status</caption>' in html
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers == ["Theme", "Not started", "In progress, on track", "Off track", "Complete", "Total"]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', html)
    assert rows == [
        "Theme 1: Working with people",
        "Theme 2: Providing support",
        "Theme 3: Ensuring safety",
        "Theme 4: Leadership",
        "All actions",
    ]
    body = html[html.index("All actions</th>") :]
    assert re.findall(r">(?:<strong>)?(\d+)(?:</strong>)?</td>", body)[:5] == ["1", "3", "1", "1", "6"]


def test_the_table_escapes_a_theme_name(plan, actions, themes):
    Theme.objects.filter(pk=themes[0].pk).update(name="<script>alert(1)</script>")
    summary = summarise(
        fetched(plan),
        Theme.objects.filter(framework=plan.framework).order_by("number"),
        words_of(plan.council),
        framework=plan.framework,
    )
    html = render_to_string(
        "actionplans/includes/status_summary.html", {"summary": summary, "chart": status_chart(summary)}
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
