"""A council's annual equality report: which services have an in-date EIA or screening by directorate, what the
assessments signed off in the period found, the EIA actions due, improvement plan progress by what each status
meant, each figure beside the previous period's; the records behind each figure; the same as a committee PDF and
a spreadsheet. Anyone of the council may read it, in a fixed number of queries."""

import io
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.models import Action, ActionPlan, PlanStatus
from assessments.models import Assessment, ImpactRow, LegacyAssessment, ScreeningStatus, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssessmentActionFactory,
    AssessmentFactory,
    ScreeningFactory,
    ServiceFactory,
    status_word,
)
from tests.pdf_text import pdf_text
from tests.query_budgets import BUDGETS

# The financial year 2025 to 2026, asked by its dates so that the test reads the same whatever year it runs in.
YEAR = {
    "year": "custom",
    "start_0": "1",
    "start_1": "4",
    "start_2": "2025",
    "end_0": "31",
    "end_1": "3",
    "end_2": "2026",
}


def moment(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def signed_off(council, service, on, review_due=None, actions=(), **fields):
    """An EIA signed off on the day, with its actions: (priority, review date)."""
    eia = AssessmentFactory(council=council, service=service, approved_at=moment(on), review_due=review_due, **fields)
    for priority, due in actions:
        AssessmentActionFactory(assessment=eia, priority=priority, review_date=due)
    return sign(eia)


def sign(eia):
    Assessment.objects.filter(pk=eia.pk).update(status=eia.status if eia.status != Status.DRAFT else Status.APPROVED)
    return eia


def screened_out(council, service, on, review_due):
    return ScreeningFactory(
        council=council, service=service, approved_at=moment(on), review_due=review_due, status=ScreeningStatus.APPROVED
    )


def report(client, council, query=YEAR, name="assessments:annual-report"):
    return client.get(reverse(name, args=[council.slug]), query)


def figures(answer, key):
    """{row heading: [(this period, the period before), ...]} of a part of the page."""
    table = next(part["table"] for part in answer.context["parts"] if part["table"].key == key)
    return {row.heading: [(figure.now, figure.before) for figure in row.figures] for row in table.rows}


def link(answer, key, heading, column):
    part = next(part for part in answer.context["parts"] if part["table"].key == key)
    row = next(figures for row, figures in part["rows"] if row.heading == heading)
    return row[column][1]


@pytest.fixture
def directorates(council):
    care = ServiceFactory(council=council, name="Adult Social Care")
    health = ServiceFactory(council=council, name="Public Health")
    return {
        "care": care,
        "home care": ServiceFactory(council=council, parent=care, name="Home care"),
        "day centres": ServiceFactory(council=council, parent=care, name="Day centres"),
        "health": health,
        "sexual health": ServiceFactory(council=council, parent=health, name="Sexual health"),
    }


@pytest.fixture
def covered(council, directorates):
    return {
        # Signed off in the period: in date at its end, not yet at the end of the period before.
        "new": signed_off(council, directorates["home care"], date(2025, 5, 1), date(2027, 1, 1), title="Home care"),
        # A screened-out decision counts as an EIA does, at both ends.
        "screened out": screened_out(council, directorates["day centres"], date(2024, 6, 1), date(2026, 6, 1)),
        # In date at the end of the period before; its review was 120 days late at the end of this one.
        "overdue": signed_off(
            council, directorates["sexual health"], date(2023, 1, 1), date(2025, 12, 1), title="Sexual health"
        ),
    }


def test_it_counts_services_with_an_in_date_record_by_directorate(client, council, viewer, covered):
    client.force_login(viewer)
    found = figures(report(client, council), "coverage")
    # Services, covered, with none, overdue by up to 3 months, 3 to 12 months, more than a year.
    assert found["Adult Social Care"] == [(3, 3), (2, 1), (1, 2), (0, 0), (0, 0), (0, 0)]
    assert found["Public Health"] == [(2, 2), (0, 1), (2, 1), (0, 0), (1, 0), (0, 0)]
    assert found["All services"] == [(5, 5), (2, 2), (3, 3), (0, 0), (1, 0), (0, 0)]


def test_a_superseded_version_counted_until_its_review_was_signed_off(client, council, viewer, directorates):
    first = signed_off(council, directorates["health"], date(2024, 4, 10), date(2025, 4, 10), status=Status.SUPERSEDED)
    Assessment.objects.filter(pk=first.pk).update(is_latest=False)
    review = signed_off(
        council, directorates["health"], date(2025, 5, 1), date(2026, 1, 1), previous_version=first, version=2
    )
    client.force_login(viewer)
    found = figures(report(client, council), "coverage")
    # Standing at both ends: the first version before, its review (89 days overdue by then) at the end of this period.
    assert found["Public Health"][1] == (0, 1)
    assert found["Public Health"][3] == (1, 0)
    assert review.reference == first.reference


def from_word(council, service, by, assessed_on, review_due, review=None):
    return LegacyAssessment.objects.create(
        council=council,
        service=service,
        title=f"Old EIA of {service.name}",
        assessed_on=assessed_on,
        review_due=review_due,
        file="legacy/old.docx",
        sha256="0" * 64,
        original_filename="old.docx",
        imported_by=by,
        review=review,
    )


def test_an_eia_brought_in_from_word_covers_its_service_until_its_review_is_signed_off(
    client, council, viewer, directorates
):
    from_word(council, directorates["home care"], viewer, date(2020, 1, 1), date(2027, 1, 1))
    # Made after the period before ended: covers its service at this period's end only.
    from_word(council, directorates["sexual health"], viewer, date(2025, 6, 1), date(2027, 1, 1))
    # Reviewed in EqA, the review signed off in the period and overdue by its end: the old EIA no longer covers it.
    review = signed_off(council, directorates["health"], date(2025, 5, 1), date(2026, 1, 1), title="Health review")
    from_word(council, directorates["health"], viewer, date(2020, 1, 1), date(2030, 1, 1), review=review)
    client.force_login(viewer)
    answer = report(client, council)
    found = figures(answer, "coverage")
    # Services, covered, with none, overdue by up to 3 months, 3 to 12 months, more than a year.
    assert found["Adult Social Care"] == [(3, 3), (1, 1), (2, 2), (0, 0), (0, 0), (0, 0)]
    assert found["Public Health"] == [(2, 2), (1, 1), (1, 1), (1, 0), (0, 0), (0, 0)]
    covered = client.get(link(answer, "coverage", "All services", 1)).content.decode()
    assert "Old EIA of Home care" in covered and "Old EIA of Sexual health" in covered
    assert "EIA made before EqA, brought in from Word" in covered and "Old EIA of Public Health" not in covered


def test_a_figure_links_to_the_records_it_counts(client, council, viewer, covered):
    client.force_login(viewer)
    url = link(report(client, council), "coverage", "Adult Social Care", 1)
    records = client.get(url)
    assert records.status_code == 200
    assert [record.title for record in records.context["found"].records] == [
        f"{covered['screened out'].reference}: {covered['screened out'].title}",
        f"{covered['new'].reference}: Home care",
    ]
    overdue = client.get(link(report(client, council), "coverage", "All services", 4))
    assert [record.url for record in overdue.context["found"].records] == [covered["overdue"].get_absolute_url()]
    assert "120 days late" in overdue.content.decode()


def test_services_with_none_link_to_the_services(client, council, viewer, covered, directorates):
    client.force_login(viewer)
    found = client.get(link(report(client, council), "coverage", "Public Health", 2)).context["found"]
    assert [record.title for record in found.records] == ["Public Health", "Public Health > Sexual health"]


@pytest.fixture
def labels(council):
    return list(council.characteristics.order_by("position").values_list("label", flat=True))


def rate(eia, label, level="", positive=""):
    ImpactRow.objects.filter(assessment=eia, label=label).update(
        negative="Fewer hours of care." if level else "", negative_level=level, positive=positive
    )
    return ImpactRow.objects.get(assessment=eia, label=label)


def test_it_counts_negative_impacts_by_characteristic_and_level_with_those_mitigated(
    client, council, service, viewer, labels
):
    age, disability = labels[0], labels[1]
    this_year = AssessmentFactory(council=council, service=service, approved_at=moment(date(2025, 7, 1)))
    mitigated = rate(this_year, age, "high", positive="More care at home.")
    rate(this_year, disability, "medium")
    AssessmentActionFactory(assessment=this_year).mitigates.add(mitigated)
    sign(this_year)
    last_year = AssessmentFactory(council=council, service=service, approved_at=moment(date(2024, 7, 1)))
    rate(last_year, age, "low")
    sign(last_year)
    # A draft and another council's EIA do not count.
    rate(AssessmentFactory(council=council, service=service), age, "high")
    client.force_login(viewer)

    answer = report(client, council)

    negative = figures(answer, "negative")
    # All levels, mitigated, then each level and those of it mitigated: High, Medium, Low.
    assert negative[age] == [(1, 1), (1, 0), (1, 0), (1, 0), (0, 0), (0, 0), (0, 1), (0, 0)]
    assert negative[disability] == [(1, 0), (0, 0), (0, 0), (0, 0), (1, 0), (0, 0), (0, 0), (0, 0)]
    assert negative["All characteristics"][0] == (2, 1)
    assert figures(answer, "positive") == {age: [(1, 0)], "All characteristics": [(1, 0)]}
    records = client.get(link(answer, "negative", age, 3)).context["found"].records
    assert [(record.url, record.detail) for record in records] == [
        (this_year.get_absolute_url(), f"{age}: high negative impact, addressed by 1 action")
    ]


def test_it_counts_the_eia_actions_due_in_the_period_by_priority(client, council, service, viewer):
    due = [("high", date(2025, 6, 1)), ("high", date(2026, 3, 31)), ("low", date(2024, 9, 1))]
    signed_off(council, service, date(2024, 1, 1), date(2027, 1, 1), actions=due)
    # Due in the period, but of an EIA signed off after it: not counted.
    signed_off(council, service, date(2026, 5, 1), date(2027, 5, 1), actions=[("high", date(2025, 6, 1))])
    client.force_login(viewer)
    found = figures(report(client, council), "actions")
    # Due, done, late: none is recorded as done, so each whose review date has passed is late.
    assert found == {
        "High": [(2, 0), (0, 0), (2, 0)],
        "Medium": [(0, 0), (0, 0), (0, 0)],
        "Low": [(0, 1), (0, 0), (0, 1)],
        "All priorities": [(2, 1), (0, 0), (2, 1)],
    }


def test_it_counts_plan_progress_by_theme_and_what_each_status_meant(client, council, manager, viewer):
    plan = ActionPlanFactory(council=council, created_by=manager, title="Peer review plan")
    done, started, added_later = ActionFactory(plan=plan), ActionFactory(plan=plan), ActionFactory(plan=plan)
    Action.objects.filter(pk__in=[done.pk, started.pk]).update(created_at=moment(date(2024, 5, 1)))
    Action.objects.filter(pk=added_later.pk).update(created_at=moment(date(2026, 5, 1)))
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED, approved_at=moment(date(2024, 5, 1)))
    done.record_update(by=manager, word=status_word(council, "Complete"), note="Done.", on=date(2025, 6, 1))
    started.record_update(by=manager, word=status_word(council, "Started"), note="Begun.", on=date(2024, 6, 1))
    client.force_login(viewer)

    answer = report(client, council)

    found = figures(answer, "plans")
    table = next(part["table"] for part in answer.context["parts"] if part["table"].key == "plans")
    by_meaning = dict(zip(table.columns, found["All plans"], strict=True))
    assert by_meaning["Complete"] == (1, 0)
    assert by_meaning["In progress, on track"] == (1, 1)
    assert by_meaning["Not started"] == (0, 1)
    assert by_meaning["All actions"] == (2, 2)
    complete = table.columns.index("Complete")
    records = client.get(link(answer, "plans", "All plans", complete)).context["found"].records
    assert [record.url for record in records] == [done.get_absolute_url()]


def test_the_previous_period_is_the_one_of_the_same_length_before(client, council, service, viewer):
    signed_off(council, service, date(2025, 2, 10), date(2027, 1, 1))
    client.force_login(viewer)
    january = {**YEAR, "start_0": "1", "start_1": "2", "start_2": "2025", "end_0": "28", "end_1": "2", "end_2": "2025"}
    answer = report(client, council, january)
    assert answer.context["period"].previous.start == date(2025, 1, 4)
    assert figures(answer, "coverage")["All services"][1] == (1, 0)


def test_a_date_that_cannot_be_is_refused_and_kept(client, council, viewer):
    client.force_login(viewer)
    answer = report(client, council, {**YEAR, "end_0": "31", "end_1": "2", "end_2": "2026"})
    page = answer.content.decode()
    assert "The last day of the period must be a real date" in page
    assert answer.context["parts"] == []
    assert 'value="31"' in page and 'value="2"' in page


def test_an_end_before_the_start_is_refused(client, council, viewer):
    client.force_login(viewer)
    answer = report(client, council, {**YEAR, "end_2": "2024"})
    assert "The last day of the period must be the same as or after the first" in answer.content.decode()


def test_it_covers_the_last_whole_financial_year_until_asked(client, council, viewer):
    client.force_login(viewer)
    period = report(client, council, {}).context["period"]
    today = timezone.localdate()
    assert (period.start.month, period.start.day, period.end.month, period.end.day) == (4, 1, 3, 31)
    assert period.end < today and (today - period.end).days <= 366


def test_another_council_and_its_records_are_not_found(client, council, outsider, covered):
    client.force_login(outsider)
    assert report(client, council).status_code == 404
    assert report(client, council, name="assessments:annual-report-records").status_code == 404


def test_a_figure_no_link_gives_is_not_found(client, council, viewer):
    client.force_login(viewer)
    for asked in (
        {"figure": "nothing"},
        {"figure": "covered", "directorate": "99999"},
        {"figure": "negative", "level": "x"},
    ):
        assert report(client, council, {**YEAR, **asked}, name="assessments:annual-report-records").status_code == 404


def test_it_only_answers_get(client, council, viewer):
    client.force_login(viewer)
    assert client.post(reverse("assessments:annual-report", args=[council.slug])).status_code == 405


def grow(council, directorates, labels, count):
    for number in range(count):
        eia = AssessmentFactory(
            council=council,
            service=directorates["home care"],
            approved_at=moment(date(2025, 5, 1 + number % 20)),
            review_due=date(2027, 1, 1),
        )
        rate(eia, labels[number % 3], "medium", positive="Better.")
        AssessmentActionFactory(assessment=eia, review_date=date(2025, 9, 1)).mitigates.add(
            ImpactRow.objects.get(assessment=eia, label=labels[number % 3])
        )
        sign(eia)


@pytest.mark.parametrize("name", ["assessments:annual-report", "assessments:annual-report-pdf"])
def test_its_queries_do_not_grow_with_the_number_of_eias(
    client, council, viewer, directorates, labels, name, quick_pdfs, django_assert_max_num_queries
):
    client.force_login(viewer)
    grow(council, directorates, labels, 2)
    with django_assert_max_num_queries(BUDGETS[name]) as few:
        report(client, council, name=name)
    grow(council, directorates, labels, 12)
    with django_assert_max_num_queries(len(few)) as many:
        report(client, council, name=name)
    assert len(many) == len(few)


def test_the_spreadsheet_gives_every_figure_and_keeps_formulas_as_text(client, council, service, viewer, labels):
    eia = AssessmentFactory(council=council, service=service, approved_at=moment(date(2025, 7, 1)))
    added = ImpactRow.objects.create(
        assessment=eia,
        position=99,
        label='=HYPERLINK("http://evil.example","Click")',
        positive="Better.",
        added_by_author=True,
    )
    sign(eia)
    client.force_login(viewer)

    answer = report(client, council, name="assessments:annual-report-xlsx")

    sheet = load_workbook(io.BytesIO(answer.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Part", "Row", "Figure") and "1 April 2025 to 31 March 2026" in rows[0][3]
    positive = [row for row in rows if row[0] == "Positive impacts the assessments found"]
    assert positive[0][1:] == (f"'{added.label}", "Positive impacts", 1, 0, 1)
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_col=2, max_col=2) for cell in row)


def test_the_committee_pdf_is_landscape_tagged_and_gives_the_figures(client, council, viewer, covered):
    client.force_login(viewer)
    answer = report(client, council, name="assessments:annual-report-pdf")
    assert answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB" and catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"Annual equality report: 2025 to 2026 – {council.name}"
    text = pdf_text(answer)
    assert council.name in text
    assert "Adult Social Care 3 no change 2 up 1 from 1 1 down 1 from 2" in text
    # The appendix lists the records behind the figures.
    assert "Appendix: the records behind the figures" in text
    assert f"{covered['overdue'].reference} (Public Health > Sexual health: EIA, review was due 1 December 2025" in text


def test_the_eia_list_links_to_the_report_of_each_of_the_persons_councils(client, council, viewer):
    client.force_login(viewer)
    page = client.get(reverse("assessments:list")).content.decode()
    assert f'href="{reverse("assessments:annual-report", args=[council.slug])}"' in page
