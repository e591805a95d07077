"""A CQC result's form (another council's result, named in hostile text too), and the date of a plan's progress
report, with hostile text."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given, settings
from pypdf import PdfReader

from actionplans.cqc import current_framework, current_statements
from actionplans.models import ActionPlan, CqcResult
from tests.factories import ActionFactory, ActionPlanFactory
from tests.security.hostile.checks import (
    EMPTY,
    assert_safe,
    assert_shows,
    char_ok,
    date_data,
    html_of,
    kept,
    refused,
    saved_ok,
    typed_date,
)
from tests.security.hostile.strategies import HOSTILE, date_parts, field

pytestmark = pytest.mark.django_db


@HOSTILE
@given(
    title=field("CQC assessment"),
    other=field("Gloucestershire County Council"),
    assessed_on=date_parts,
    findings=field(),
    summary=field(),
)
@example(title="CQC", other="Kent", assessed_on=("\u00b2", "3", "2024"), findings="", summary="")  # not a real date
@example(title="CQC", other="Kent", assessed_on=("99999999999999999999", "3", "2024"), findings="", summary="")
@example(title="CQC", other="Kent", assessed_on=("1", "1", "2000"), findings="", summary="")  # before CQC assessed
def test_cqc_assessment(client, manager, council, title, other, assessed_on, findings, summary):
    """Another council's result, its name hostile too; published the day it was assessed."""
    client.force_login(manager)
    framework = current_framework()
    statements = list(current_statements(framework))
    data = {
        "whose": "other",
        "assessed_council": other,
        "title": title,
        "summary": summary,
        **date_data("assessed_on", assessed_on),
        **date_data("published_on", assessed_on),
    }
    for index, statement in enumerate(statements):
        data[f"score_{statement.pk}"] = "3"
        data[f"findings_{statement.pk}"] = findings if index == 0 else ""
    before = CqcResult.objects.count()
    response = client.post(reverse("actionplans:cqc-start"), data)
    html = html_of(response)
    on = typed_date(*assessed_on)
    ok = (
        char_ok(title, required=True, max_length=300)
        and char_ok(other, required=True, max_length=200)
        and " ".join(other.split()).casefold() != council.name.casefold()
        and char_ok(findings)
        and char_ok(summary)
        and on not in (None, EMPTY)
        and framework.effective_from <= on <= timezone.localdate()
    )
    if not ok:
        refused(response, html)
        assert CqcResult.objects.count() == before
        return
    saved_ok(response)
    assessment = CqcResult.objects.latest("id")
    assert (assessment.title, assessment.assessed_on, assessment.published_on, assessment.summary) == (
        kept(title),
        on,
        on,
        kept(summary),
    )
    assert assessment.assessed_council == " ".join(other.split())
    assert assessment.scores.get(quality_statement=statements[0]).key_findings == kept(findings)
    page = html_of(client.get(assessment.get_absolute_url()))
    for text in (assessment.title, assessment.assessed_council, assessment.summary, kept(findings)):
        assert_shows(page, text)


@pytest.fixture
def signed_off_plan(council, manager, approver):
    plan = ActionPlanFactory(council=council, created_by=manager)
    ActionFactory(plan=plan)
    ActionPlan.objects.filter(pk=plan.pk).update(status="approved", approved_by=approver, approved_at=timezone.now())
    return ActionPlan.objects.get(pk=plan.pk)


@settings(HOSTILE, max_examples=15)
@given(on=date_parts)
@example(on=("1", "1", "\u00b2\u2070\u00b2\u2074"))
@example(on=("1", "1", "9" * 5000))
def test_progress_report_date(client, manager, signed_off_plan, on):
    client.force_login(manager)
    response = client.get(reverse("actionplans:progress-report", args=[signed_off_plan.pk]), date_data("on", on))
    when = typed_date(*on)
    assert response.status_code < 500
    if when not in (None, EMPTY) and when <= timezone.localdate():
        assert response["Content-Type"] == "application/pdf"
        PdfReader(io.BytesIO(response.content))
    else:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert_safe(response.content.decode())
        assert "govuk-error-summary" in response.content.decode()
