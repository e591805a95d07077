"""Every form of an EIA, with hostile text: starting one, its details, grid, coverage reasons and actions, returning
it, its moderation, and its PDF."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from assessments.models import Assessment, AssessmentAction, ImpactRow, ModerationOutcome, StatusChange
from councils.models import Role
from tests.factories import AssessmentFactory
from tests.page_forms import form_data
from tests.security.hostile.checks import (
    EMPTY,
    assert_pdf_shows,
    assert_shows,
    char_ok,
    date_data,
    html_of,
    kept,
    pdf_text,
    person,
    refused,
    saved_ok,
    typed_date,
)
from tests.security.hostile.strategies import HOSTILE, SCRIPT, WITH_PDF, date_parts, field, hostile, short_hostile

pytestmark = pytest.mark.django_db


@HOSTILE
@given(title=hostile())
@example(title=SCRIPT + "{{ 7*7 }}")
def test_eia_start(client, author, service, title):
    client.force_login(author)
    before = Assessment.objects.count()
    response = client.post(
        reverse("assessments:start"), {"service": service.pk, "title": title, "subject_type": "service"}
    )
    html = html_of(response)
    if not char_ok(title, required=True, max_length=300):
        refused(response, html)
        assert Assessment.objects.count() == before
        return
    saved_ok(response)
    assessment = Assessment.objects.latest("id")
    assert assessment.title == kept(title)
    assert_shows(html_of(client.get(response["Location"])), assessment.title)


DETAIL_LIMITS = {
    "title": 300,
    "aims": None,
    "service_users": None,
    "stakeholders": None,
    "lead_officer": 200,
    "commissioning_officers": 500,
    "evidence": None,
    "engagement": None,
    "decision_reason": None,
    "head_of_service": 200,
}
details = st.fixed_dictionaries({name: field() for name in DETAIL_LIMITS})
decisions = st.sampled_from(["", "adjust", "continue", "no_major_change", "stop"])


@HOSTILE
@given(typed=details, decision=decisions)
def test_eia_details(client, author, council, service, typed, decision):
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    url = reverse("assessments:edit", args=[assessment.pk])
    response = client.post(url, form_data(client.get(url), **typed, decision=decision))
    html = html_of(response)
    ok = all(char_ok(typed[name], required=name == "title", max_length=limit) for name, limit in DETAIL_LIMITS.items())
    if decision == "continue" and not (char_ok(typed["decision_reason"]) and kept(typed["decision_reason"])):
        ok = False
    saved = Assessment.objects.get(pk=assessment.pk)
    if not ok:
        refused(response, html)
        assert saved.revision == assessment.revision
        return
    saved_ok(response)
    for name in DETAIL_LIMITS:
        assert getattr(saved, name) == kept(typed[name]), name
    assert saved.decision == decision
    page = html_of(client.get(reverse("assessments:detail", args=[assessment.pk])))
    for name in DETAIL_LIMITS:
        assert_shows(page, getattr(saved, name))


levels = st.one_of(st.sampled_from(["", "high", "medium", "low"]), st.sampled_from(["high", "low"]), short_hostile)


@HOSTILE
@given(neutral=field(), positive=field(), negative=hostile(), level=levels)
def test_eia_grid(client, author, council, service, neutral, positive, negative, level):
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    url = reverse("assessments:grid", args=[assessment.pk])
    response = client.post(
        url,
        form_data(
            client.get(url),
            **{
                "rows-0-neutral": neutral,
                "rows-0-positive": positive,
                "rows-0-negative": negative,
                "rows-0-negative_level": level,
            },
        ),
    )
    html = html_of(response)
    ok = all(char_ok(text) for text in (neutral, positive, negative)) and level in ("", "high", "medium", "low")
    ok = ok and bool(negative.strip()) == bool(level)
    row = assessment.rows.order_by("position").first()
    if not ok:
        refused(response, html)
        assert (row.neutral, row.positive, row.negative) == ("", "", "")
        return
    saved_ok(response)
    assert (row.neutral, row.positive, row.negative, row.negative_level) == (
        kept(neutral),
        kept(positive),
        kept(negative),
        level,
    )
    page = html_of(client.get(reverse("assessments:detail", args=[assessment.pk])))
    for text in (row.neutral, row.positive, row.negative):
        assert_shows(page, text)


@HOSTILE
@given(reason=hostile())
def test_eia_coverage(client, author, council, service, reason):
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    ImpactRow.objects.filter(assessment=assessment).update(covers=[])
    url = reverse("assessments:coverage", args=[assessment.pk])
    data = form_data(client.get(url))
    names = [name for name in data if name not in ("seen", "revision")]
    assert names, "every statutory characteristic is left out, so the form asks for a reason for each"
    data = {**{name: "It does not apply." for name in names}, "revision": data["revision"]}
    data[names[0]] = reason
    response = client.post(url, data)
    html = html_of(response)
    saved = Assessment.objects.get(pk=assessment.pk).uncovered_reasons
    if not char_ok(reason, required=True):
        refused(response, html)
        assert saved == {}
        return
    saved_ok(response)
    assert saved[names[0]] == kept(reason)
    assert_shows(html_of(client.get(reverse("assessments:detail", args=[assessment.pk]))), saved[names[0]])


ACTION_LIMITS = {
    "action_required": None,
    "key_activity": None,
    "outcomes_required": None,
    "officer_responsible": 300,
    "review_date_note": 300,
}
eia_action = st.fixed_dictionaries({name: field() for name in ACTION_LIMITS})
priorities = st.one_of(st.sampled_from(["high", "medium", "low"]), st.just("medium"), short_hostile)


def _check_eia_action(client, assessment, response, typed, priority, review, before):
    html = html_of(response)
    expected_review = typed_date(*review, month_allowed=True)
    ok = all(
        char_ok(typed[name], required=name == "action_required", max_length=limit)
        for name, limit in ACTION_LIMITS.items()
    )
    ok = ok and priority in ("high", "medium", "low") and expected_review is not None
    if not ok:
        refused(response, html)
        assert AssessmentAction.objects.filter(assessment=assessment).count() == before
        return None
    saved_ok(response)
    action = AssessmentAction.objects.filter(assessment=assessment).latest("id")
    for name in ACTION_LIMITS:
        assert getattr(action, name) == kept(typed[name]), name
    assert action.priority == priority
    if expected_review is EMPTY:
        assert action.review_date is None
    else:
        assert (action.review_date, action.review_date_precision) == expected_review
    page = html_of(client.get(reverse("assessments:detail", args=[assessment.pk])))
    for name in ACTION_LIMITS:
        assert_shows(page, getattr(action, name))
    return action


@HOSTILE
@given(typed=eia_action, priority=priorities, review=date_parts)
@example(typed=dict.fromkeys(ACTION_LIMITS, "x"), priority="high", review=("", "2", "\u00b2"))
@example(typed=dict.fromkeys(ACTION_LIMITS, "x"), priority="high", review=("1", "2", "9" * 5000))
def test_eia_action_add(client, author, council, service, typed, priority, review):
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    url = reverse("assessments:action-add", args=[assessment.pk])
    # A past review date is asked about once (test_dates_that_cannot_be_true.py); here it is confirmed.
    data = form_data(client.get(url), **typed, priority=priority, **date_data("review", review), review_in_past="on")
    _check_eia_action(client, assessment, client.post(url, data), typed, priority, review, before=0)


@HOSTILE
@given(typed=eia_action, priority=priorities, review=date_parts)
def test_eia_action_edit(client, author, council, service, typed, priority, review):
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    action = AssessmentAction.objects.create(assessment=assessment, action_required="Fit ramps", priority="low")
    url = reverse("assessments:action-edit", args=[assessment.pk, action.pk])
    data = form_data(client.get(url), **typed, priority=priority, **date_data("review", review), review_in_past="on")
    saved = _check_eia_action(client, assessment, client.post(url, data), typed, priority, review, before=1)
    if saved is not None:
        assert saved.pk == action.pk
    else:
        assert AssessmentAction.objects.get(pk=action.pk).action_required == "Fit ramps"


@HOSTILE
@given(reason=hostile())
def test_eia_return_reason(client, author, approver, council, service, reason):
    client.force_login(approver)
    assessment = AssessmentFactory(council=council, service=service, created_by=author, status="submitted")
    response = client.post(reverse("assessments:return", args=[assessment.pk]), {"reason": reason})
    html = html_of(response)
    if not char_ok(reason, required=True):
        refused(response, html)
        assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
        return
    saved_ok(response)
    change = StatusChange.objects.filter(assessment=assessment).latest("id")
    assert (change.to_status, change.note) == ("draft", kept(reason))
    assert_shows(html_of(client.get(reverse("assessments:detail", args=[assessment.pk]))), change.note)


@WITH_PDF
@given(body=field("Equality group"), on=date_parts, comments=field(), outcome_index=st.integers(0, 3))
@example(
    body=SCRIPT + " {{ 7*7 }}", on=("14", "7", "2014"), comments="{% csrf_token %}\u200b\U0001f642", outcome_index=0
)
# A year padded with zeros reads as a year between 1900 and 2200, but the form asks for four numbers.
@example(body="Equality group", on=("19", "6", "0000000002024"), comments="Plain words", outcome_index=0)
def test_eia_moderation(client, author, council, service, body, on, comments, outcome_index):
    """Moderation re-issues the signed-off PDF with what the moderator typed."""
    moderator = person(council, Role.MODERATOR)
    client.force_login(moderator)
    choices = list(ModerationOutcome.values) + ["<b>not a choice</b>"]
    outcome = choices[outcome_index % len(choices)]
    assessment = AssessmentFactory(council=council, service=service, created_by=author, status="approved")
    response = client.post(
        reverse("assessments:moderate", args=[assessment.pk]),
        {"body": body, "outcome": outcome, "comments": comments, **date_data("on", on)},
    )
    html = html_of(response)
    on_date = typed_date(*on)
    ok = (
        char_ok(body, required=True, max_length=300)
        and char_ok(comments)
        and outcome in ModerationOutcome.values
        and on_date not in (None, EMPTY)
        and on_date <= timezone.localdate()
    )
    saved = Assessment.objects.get(pk=assessment.pk)
    if not ok:
        refused(response, html)
        assert saved.status == "approved"
        return
    saved_ok(response)
    assert (saved.moderation_body, saved.moderation_date, saved.moderation_outcome, saved.moderation_comments) == (
        kept(body),
        on_date,
        outcome,
        kept(comments),
    )
    page = html_of(client.get(reverse("assessments:detail", args=[assessment.pk])))
    assert_shows(page, saved.moderation_body)
    assert_shows(page, saved.moderation_comments)
    text = pdf_text(client.get(reverse("assessments:pdf", args=[assessment.pk])))
    assert_pdf_shows(text, saved.moderation_body, saved.moderation_comments)


@WITH_PDF
@given(typed=details, negative=hostile())
@example(
    typed={
        **dict.fromkeys(DETAIL_LIMITS, "Fine"),
        "title": SCRIPT,
        "aims": "{{ 7*7 }} " + SCRIPT,
        "evidence": "=cmd|' /C calc'!A0\x1b[31m\u200b\U0001f642",
        "engagement": "' OR 1=1 --",
    },
    negative="{% csrf_token %}",
)
def test_eia_pdf(client, author, council, service, typed, negative):
    """What the forms saved renders in the PDF, literally."""
    client.force_login(author)
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    url = reverse("assessments:edit", args=[assessment.pk])
    client.post(url, form_data(client.get(url), **typed, decision=""))
    grid = reverse("assessments:grid", args=[assessment.pk])
    client.post(grid, form_data(client.get(grid), **{"rows-0-negative": negative, "rows-0-negative_level": "high"}))
    saved = Assessment.objects.get(pk=assessment.pk)
    row = saved.rows.order_by("position").first()
    text = pdf_text(client.get(reverse("assessments:pdf", args=[assessment.pk])))
    assert_pdf_shows(text, *(getattr(saved, name) for name in DETAIL_LIMITS), row.negative)
