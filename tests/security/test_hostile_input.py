"""Every form of the app, driven by Hypothesis with hostile text: overlong strings, NUL and control characters,
right-to-left and zero-width characters, emoji, <script>, template syntax, impossible dates and huge numbers.

Each test posts through the Django test client as the role that may use the form, and asserts:
- no server error (status < 500);
- when the form saved, the saved value is exactly what was typed after the form's own documented cleaning
  (Django's CharField strips surrounding whitespace and refuses NUL; a GOV.UK date is a real date of 1900-2200);
  when it should not save, the page answers with an error and nothing is saved;
- the pages show the text escaped: the raw <script> never reaches the HTML, {{ 7*7 }} shows as it was typed;
- the EIA's and the plan's PDFs render with the text, and pypdf reads it back literally.

Each example builds its own records in the test's transaction (factories), so examples do not depend on each
other; the people and their council come from conftest's fixtures, shared by the examples of one test.
"""

import csv
import io
import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from actionplans.cqc import current_framework, current_statements
from actionplans.milestones import read_milestones
from actionplans.models import Action, ActionPlan, CqcResult, PlanStatusChange, StatusUpdate
from assessments.models import Assessment, AssessmentAction, ImpactRow, ModerationOutcome, StatusChange
from councils.models import Role
from tests.factories import ActionFactory, ActionPlanFactory, AssessmentFactory, MembershipFactory, UserFactory
from tests.factories import statement as quality_statement
from tests.page_forms import form_data

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------------------------
# Strategies

SCRIPT = "<script>alert(1)</script>"
# Pieces a person (or an attacker) may paste; each is checked literally in the PDF when the text holds it.
MARKERS = [SCRIPT, "{{ 7*7 }}", "{% csrf_token %}", "' OR 1=1 --", "=cmd|' /C calc'!A0"]
NASTY = [
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u200b",
    "\U0001f642",
    *MARKERS,
    "\x07",
    "\x7f",
    "\ufeff",
    "\u2028",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "\u00a0",
    "&amp;",
    '"',
    "'",
    "</textarea>",
    # Upper-casing that grows a string, and digits int() does not read.
    "\u00df",
    "\ufb03",
    "\u00b2",
    "\u0663",
    # Impossible dates and huge numbers, as text.
    "31/02/2024",
    "1/0000",
    "1 April 0000",
    "31 February 2024",
    "April 99999",
    "99999",
    "-1",
    "1e9",
    "9" * 40,
    "1" * 400,
]
# Characters that make a line right to left, or whose direction the PDF renderer must guess (unassigned, private).
RIGHT_TO_LEFT = {"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}

piece = st.one_of(st.text(max_size=12), st.sampled_from(NASTY))
short_hostile = st.lists(piece, max_size=6).map("".join)
# Beyond every max_length of the forms (200, 300, 500): a nasty piece repeated to 150-620 characters.
long_hostile = st.tuples(
    st.sampled_from(["x", "\u00e9", "\U0001f642", SCRIPT, "{{ 7*7 }}", "\u202e", "\u00df"]), st.integers(150, 620)
).map(lambda t: (t[0] * t[1])[: t[1]])


def hostile():
    return st.one_of(short_hostile, short_hostile, long_hostile, st.tuples(long_hostile, short_hostile).map("".join))


def field(plain="Plain words"):
    """For a form of many fields: hostile text or plain words, so that the other fields are often valid and the
    form gets as far as saving."""
    return st.one_of(st.just(plain), st.just(plain), hostile())


DATE_PARTS = [
    "31",
    "2",
    "2024",
    "0",
    "99999",
    "-1",
    "1e9",
    "",
    " 7 ",
    "+5",
    "5_0",
    "1.5",
    "\x00",
    "2024\x00",
    "0000000002024",
    "1" * 30,
    "9" * 5000,
    "0" * 4297 + "2024",
    # Digits that are not decimal digits (superscripts, circled), and decimal digits of other scripts.
    "\u00b2",
    "\u00b9\u2079",
    "\u2460",
    "\u0663",
    "\u0662\u0660\u0662\u0664",
    "\U0001d7d0",
]
date_part = st.one_of(
    st.sampled_from(DATE_PARTS),
    st.sampled_from(DATE_PARTS),
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 40).map(str),
    st.integers(1890, 2210).map(str),
    short_hostile,
)
real_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(
    lambda d: (str(d.day), str(d.month), str(d.year))
)
past_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)).map(
    lambda d: (str(d.day), str(d.month), str(d.year))
)
# Numbers as people never type them: digits int() does not read, more digits than it reads, more than a C int.
ODD_NUMBERS = [
    "\u00b2",
    "\u00b9\u2079",
    "\u2460",
    "9" * 5000,
    "0" * 4297 + "2024",
    "1" * 30,
    "99999999999",
    "\u0663",
    "\U0001d7d0",
]
digitish = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=4)
)
# A real date with one box hostile, so that the other boxes pass and the hostile one is what is checked.
one_box_wrong = st.tuples(past_date, st.integers(0, 2), st.one_of(digitish, digitish, date_part)).map(
    lambda t: tuple(t[2] if index == t[1] else part for index, part in enumerate(t[0]))
)
date_parts = st.one_of(
    real_date, past_date, one_box_wrong, one_box_wrong, one_box_wrong, st.tuples(date_part, date_part, date_part)
)

# Each example makes a few requests, so a failure is costly to shrink: one bug a test is shrunk and reported, and
# the explain phase (which reruns the failing example many times) is left out. No example database is written.
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
# Forms whose success renders a PDF (a second or more each): fewer examples, and a failure is reported as found,
# unshrunk, so the file runs in a few minutes even while a bug is open.
WITH_PDF = settings(HOSTILE, max_examples=10, phases=[Phase.explicit, Phase.generate])


# ---------------------------------------------------------------------------------------------------------------
# What the forms must do with what was typed: their own documented cleaning


def char_ok(typed, *, required=False, max_length=None):
    """Whether Django's CharField (strip=True) accepts the text: no NUL, something left after stripping when
    required, and no longer than max_length once stripped."""
    if "\x00" in typed:
        return False
    text = kept(typed)
    if required and not text:
        return False
    return max_length is None or len(text) <= max_length


def kept(typed):
    """The text as a form keeps it: line breaks as LF, as a browser's CRLF is read, and stripped."""
    return typed.replace("\r\n", "\n").strip()


EMPTY = object()


def typed_date(day, month, year, *, month_allowed=False):
    """The date a GOV.UK date input must accept (councils.fields.GOVUKDateField), EMPTY when all three boxes are
    empty, or None when it must answer with an error: every part in decimal digits, a year of 1900-2200 and a
    real day of the month. With month_allowed the day may be left blank: the month's first day."""
    d, m, y = (part.strip() for part in (day, month, year))
    if not (d or m or y):
        return EMPTY
    if not m or not y or (not d and not month_allowed):
        return None
    parts = (d or "1", m, y)
    if not all(part.isdecimal() for part in parts):
        return None
    try:
        dd, mm, yy = (int(part) for part in parts)
    except ValueError:  # more digits than Python reads (4300)
        return None
    if not 1900 <= yy <= 2200:
        return None
    try:
        parsed = date(yy, mm, dd)
    except (ValueError, OverflowError):  # 31/02, or a day or month too big for a C int
        return None
    return (parsed, "day" if d else "month") if month_allowed else parsed


def date_data(name, parts):
    return {f"{name}_0": parts[0], f"{name}_1": parts[1], f"{name}_2": parts[2]}


# ---------------------------------------------------------------------------------------------------------------
# What the pages must show


def html_of(response):
    assert response.status_code < 500
    return response.content.decode()


def assert_safe(html):
    """No hostile markup from the input reaches the page as markup."""
    assert SCRIPT not in html
    assert "<script>alert" not in html


def assert_shows(html, text):
    """Each line of the text is on the page, escaped (pages keep line breaks with white-space: pre-line)."""
    assert_safe(html)
    for line in re.split(r"[\r\n]+", text):
        line = line.strip()
        if line:
            assert escape(line) in html, f"{line!r} is not shown escaped"


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Cells wrap anywhere (overflow-wrap: anywhere): compare with all white space taken out. pypdf reads some of
    # WeasyPrint's subset fonts as UTF-16 with a NUL before each character; no NUL can be saved, so drop them.
    return "".join("".join((page.extract_text() or "").replace("\x00", "").split()) for page in reader.pages)


def left_to_right(text):
    return not any(
        unicodedata.bidirectional(ch) in RIGHT_TO_LEFT or unicodedata.category(ch) in ("Cn", "Co") for ch in text
    )


def assert_pdf_shows(text_in_pdf, *values):
    """Each marker the saved text holds is printed literally: <script> as text, {{ 7*7 }} as typed (not 49).
    Text with right-to-left characters (U+202E, Arabic, Hebrew) or unassigned ones is printed in the order the
    Unicode bidirectional algorithm gives, brackets mirrored ("}} 7*7 {{"): its markers are not compared."""
    for value in values:
        if not left_to_right(value):
            continue
        for marker in MARKERS:
            if marker in value:
                assert "".join(marker.split()) in text_in_pdf, f"{marker!r} is not in the PDF literally"


def refused(response, html):
    """The form answered with its errors and saved nothing."""
    event("refused")
    assert response.status_code == 200, f"expected the form's errors, got {response.status_code}"
    assert "govuk-error-summary" in html
    assert_safe(html)


def saved_ok(response):
    event("saved")
    assert response.status_code == 302, f"expected a save (302), got {response.status_code}"


def person(council, role):
    return MembershipFactory(council=council, role=role, user=UserFactory()).user


# ---------------------------------------------------------------------------------------------------------------
# Signing in


@HOSTILE
@given(username=hostile(), password=hostile())
def test_sign_in_with_hostile_text_is_refused_and_escaped(client, author, username, password):
    response = client.post(reverse("sign-in"), {"username": username, "password": password})
    html = html_of(response)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert_safe(html)
    if username:
        assert escape(username.replace("\r\n", "\n")) in html  # kept in the box (CRLF read as LF), escaped


@HOSTILE
@given(
    next_url=st.one_of(
        hostile(),
        st.sampled_from(
            [
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "\\\\evil.example",
                "javascript:alert(1)",
                " //evil.example",
                "\x00//evil.example",
                "/%0d%0aSet-Cookie:x=1",
                "/a\r\nSet-Cookie: x=1",
                "///evil.example",
                "http:\\\\evil.example",
                "\u202e//evil.example",
            ]
        ),
    )
)
def test_sign_in_never_redirects_off_site(client, author, next_url):
    response = client.post(
        reverse("sign-in"), {"username": "alice-author", "password": "a-long-test-password", "next": next_url}
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc in ("", "testserver") and location.scheme in ("", "http")
    assert not response["Location"].startswith(("//", "/\\"))
    assert "\n" not in response["Location"] and "\r" not in response["Location"]
    client.logout()


@HOSTILE
@given(
    old=hostile(),
    new=hostile(),
    again=hostile(),
    next_url=st.one_of(
        hostile(),
        st.sampled_from(
            [
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "javascript:alert(1)",
                "/a\r\nSet-Cookie: x=1",
            ]
        ),
    ),
)
def test_changing_a_password_with_hostile_text_never_fails_echoes_it_or_leaves_the_site(
    client, author, old, new, again, next_url
):
    client.force_login(author)
    response = client.post(
        reverse("password-change"),
        {"old_password": old, "new_password1": new, "new_password2": again, "next": next_url},
    )
    assert response.status_code == 200  # the current password is never hostile text
    html = html_of(response)
    assert_safe(html)
    # A password is never sent back to the page; the way back stays on the site.
    for box in re.findall(r'<input[^>]*name="(?:old_password|new_password1|new_password2)"[^>]*>', html):
        assert "value=" not in box
    for way_back in re.findall(r'name="next" value="([^"]*)"', html):
        assert way_back.startswith("/") and not way_back.startswith(("//", "/\\"))


# ---------------------------------------------------------------------------------------------------------------
# EIAs


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
def test_eia_moderation(client, author, council, service, body, on, comments, outcome_index):
    """Moderation re-issues the signed-off PDF with what the moderator typed."""
    moderator = person(council, Role.MODERATOR)
    client.force_login(moderator)
    choices = list(ModerationOutcome.values) + ["<b>not a choice</b>"]
    outcome = choices[outcome_index % len(choices)]
    assessment = AssessmentFactory(council=council, service=service, created_by=author, status="approved")
    # The re-issued PDF's file is written once the moderation commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
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


# ---------------------------------------------------------------------------------------------------------------
# Action plans


sources = st.one_of(
    st.sampled_from(["lga_peer_review", "cqc_assessment", "internal_audit", "other"]), st.just("other"), short_hostile
)


def _check_plan(client, response, plan_before, title, source, source_date, description):
    html = html_of(response)
    expected_date = typed_date(*source_date)
    ok = (
        char_ok(title, required=True, max_length=300)
        and char_ok(description)
        and expected_date is not None
        and (expected_date is EMPTY or expected_date <= timezone.localdate())
        and source in ("lga_peer_review", "cqc_assessment", "internal_audit", "other")
    )
    if not ok:
        refused(response, html)
        return None
    saved_ok(response)
    plan = ActionPlan.objects.get(pk=plan_before.pk) if plan_before else ActionPlan.objects.latest("id")
    assert (plan.title, plan.source, plan.description) == (kept(title), source, kept(description))
    assert plan.source_date == (None if expected_date is EMPTY else expected_date)
    page = html_of(client.get(plan.get_absolute_url()))
    assert_shows(page, plan.title)
    assert_shows(page, plan.description)
    return plan


@HOSTILE
@given(title=field("Peer review"), source=sources, source_date=date_parts, description=field())
def test_plan_start(client, manager, council, title, source, source_date, description):
    client.force_login(manager)
    before = ActionPlan.objects.count()
    response = client.post(
        reverse("actionplans:start"),
        {
            "council": council.pk,
            "title": title,
            "source": source,
            "description": description,
            **date_data("source_date", source_date),
        },
    )
    if _check_plan(client, response, None, title, source, source_date, description) is None:
        assert ActionPlan.objects.count() == before


@HOSTILE
@given(title=field("Peer review"), source=sources, source_date=date_parts, description=field())
def test_plan_details(client, manager, council, title, source, source_date, description):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager, title="Peer review plan")
    url = reverse("actionplans:edit", args=[plan.pk])
    data = form_data(
        client.get(url), title=title, source=source, description=description, **date_data("source_date", source_date)
    )
    if _check_plan(client, client.post(url, data), plan, title, source, source_date, description) is None:
        assert ActionPlan.objects.get(pk=plan.pk).title == "Peer review plan"


PLAN_ACTION_LIMITS = {"area_of_focus": None, "actions_taken": None, "success_measures": None, "lead_officers": 500}
plan_action = st.fixed_dictionaries({name: field() for name in PLAN_ACTION_LIMITS})
# Refs: hostile text, and refs near the 20-character limit that upper-casing may lengthen (ß is SS, ﬃ is FFI).
refs = st.one_of(
    st.sampled_from(["T1.1", " t2.10 ", "T\u0663"]),
    hostile(),
    st.text(alphabet="Tt1.9 \u00df\ufb03\u200b\u0663", min_size=1, max_size=24),
)
# Milestones are read one a line, with a month and year as the due date: impossible dates among them.
MILESTONE_LINES = [
    "Framework April 2023",
    "Completed",
    "Evaluation of impact May-Sep 2023",
    "Review 03/2024",
    "Review 1/0000",
    "Review 13/2024",
    "Report 31 February 2024",
    "Launch 1 April 0000",
    "April 99999",
    "Audit 00/0000",
    "y" * 501,
    SCRIPT + " April 2025",
    "{{ 7*7 }} 1 May 2025",
]
milestone_line = st.one_of(st.sampled_from(MILESTONE_LINES), st.sampled_from(MILESTONE_LINES), short_hostile)
milestone_lines = st.lists(milestone_line, min_size=1, max_size=4).map("\n".join)
milestone_texts = st.one_of(hostile(), milestone_lines, milestone_lines)
REF_MAX = Action._meta.get_field("ref").max_length
MILESTONE_MAX = 500


def ref_ok(typed):
    """ActionForm.clean_ref: stripped and upper-cased; letters first, then a digit somewhere; 20 characters at
    most (the model's max_length, before and after upper-casing)."""
    if not char_ok(typed, required=True, max_length=REF_MAX):
        return False
    ref = kept(typed).upper()
    return ref[:1].isalpha() and any(ch.isdigit() for ch in ref) and len(ref) <= REF_MAX


def expected_milestones(typed):
    """The milestones ActionForm documents it reads from what was typed (one a line, white space collapsed, a
    month and year as the due date), or None when the reader itself fails on the text (see the report: year 0)."""
    try:
        return [(m.description, m.due, m.precision, m.done, m.source_text) for m in read_milestones(kept(typed))]
    except ValueError:
        return None


def _check_plan_action(client, plan, response, typed, ref, milestones_text, action_before):
    html = html_of(response)
    ok = (
        all(
            char_ok(typed[name], required=name == "area_of_focus", max_length=limit)
            for name, limit in PLAN_ACTION_LIMITS.items()
        )
        and ref_ok(ref)
        and char_ok(milestones_text)
    )
    read = expected_milestones(milestones_text) if char_ok(milestones_text) else []
    if read and any(len(m[4]) > MILESTONE_MAX for m in read):
        ok = False  # the model keeps 500 characters a milestone: the form must say so, as the importer does
    if read is None and ok and response.status_code == 200:
        ok = False  # a line naming an impossible date ("1/0000") may be refused with a message, or kept as text
    if not ok:
        refused(response, html)
        return None
    saved_ok(response)
    action = Action.objects.get(pk=action_before.pk) if action_before else Action.objects.filter(plan=plan).latest("id")
    expected_ref = kept(ref).upper()
    assert action.ref == expected_ref
    assert len(action.ref) <= REF_MAX, f"ref {action.ref!r} is longer than the model's {REF_MAX} characters"
    for name in PLAN_ACTION_LIMITS:
        assert getattr(action, name) == kept(typed[name]), name
    saved = [
        (m.description, m.due_date, m.due_precision, m.done, m.source_text)
        for m in action.milestones.order_by("position", "id")
    ]
    if read is not None:
        assert saved == read
    else:
        words = " ".join(milestones_text.split())
        assert all(m[4] in words for m in saved)
    assert all(len(m[0]) <= MILESTONE_MAX and len(m[4]) <= MILESTONE_MAX for m in saved)
    page = html_of(client.get(action.get_absolute_url()))
    for name in PLAN_ACTION_LIMITS:
        assert_shows(page, getattr(action, name))
    assert escape(action.ref) in page
    for description, *_ in saved:
        assert escape(description) in page
    return action


@HOSTILE
@given(typed=plan_action, ref=refs, milestones_text=milestone_texts)
# Refused: 20 characters typed, 39 once upper-cased (ß is SS).
@example(typed=dict.fromkeys(PLAN_ACTION_LIMITS, "x"), ref="\u00df" * 19 + "1", milestones_text="")
@example(typed=dict.fromkeys(PLAN_ACTION_LIMITS, "x"), ref="T1.1", milestones_text="Framework 1/0000")
@example(typed=dict.fromkeys(PLAN_ACTION_LIMITS, "x"), ref="T1.1", milestones_text="Review 1 April 0000")
@example(typed=dict.fromkeys(PLAN_ACTION_LIMITS, "x"), ref="T1.1", milestones_text="x" * 501)
def test_plan_action_add(client, manager, council, typed, ref, milestones_text):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    url = reverse("actionplans:action-add", args=[plan.pk])
    data = form_data(
        client.get(url),
        **typed,
        ref=ref,
        milestones_text=milestones_text,
        quality_statement=str(quality_statement("Assessing needs").pk),
    )
    if _check_plan_action(client, plan, client.post(url, data), typed, ref, milestones_text, None) is None:
        assert not plan.actions.exists()


@HOSTILE
@given(typed=plan_action, ref=refs, milestones_text=milestone_texts)
def test_plan_action_edit(client, manager, council, typed, ref, milestones_text):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    action = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Complaints")
    url = reverse("actionplans:action-edit", args=[plan.pk, action.pk])
    data = form_data(client.get(url), **typed, ref=ref, milestones_text=milestones_text)
    if _check_plan_action(client, plan, client.post(url, data), typed, ref, milestones_text, action) is None:
        assert Action.objects.get(pk=action.pk).area_of_focus == "Complaints"


statuses_typed = st.one_of(
    st.sampled_from(["to_be_started", "started", "on_track", "off_track", "complete"]),
    st.just("on_track"),
    short_hostile,
)


@HOSTILE
@given(status=statuses_typed, note=field())
def test_plan_record_an_update(client, manager, council, status, note):
    client.force_login(manager)
    action = ActionFactory(plan=ActionPlanFactory(council=council, created_by=manager))
    response = client.post(
        reverse("actionplans:action-update", args=[action.plan_id, action.pk]), {"status": status, "note": note}
    )
    html = html_of(response)
    ok = char_ok(note, required=True) and status in ("to_be_started", "started", "on_track", "off_track", "complete")
    if not ok:
        refused(response, html)
        assert not StatusUpdate.objects.filter(action=action).exists()
        return
    saved_ok(response)
    update = StatusUpdate.objects.get(action=action)
    assert (update.status, update.note) == (status, kept(note))
    assert_shows(html_of(client.get(action.get_absolute_url())), update.note)


@HOSTILE
@given(reason=hostile())
def test_plan_return_reason(client, manager, approver, council, reason):
    client.force_login(approver)
    plan = ActionPlanFactory(council=council, created_by=manager)
    ActionPlan.objects.filter(pk=plan.pk).update(status="submitted")
    response = client.post(reverse("actionplans:return", args=[plan.pk]), {"reason": reason})
    html = html_of(response)
    if not char_ok(reason, required=True):
        refused(response, html)
        assert ActionPlan.objects.get(pk=plan.pk).status == "submitted"
        return
    saved_ok(response)
    change = PlanStatusChange.objects.filter(plan=plan).latest("id")
    assert (change.to_status, change.note) == ("draft", kept(reason))
    client.force_login(manager)
    assert_shows(html_of(client.get(plan.get_absolute_url())), change.note)


@WITH_PDF
@given(title=hostile(), description=hostile(), typed=plan_action, milestones_text=milestone_texts)
@example(
    title=SCRIPT,
    description="{{ 7*7 }}\u202e",
    typed={
        "area_of_focus": "=cmd|' /C calc'!A0",
        "actions_taken": "' OR 1=1 --\x1b[31m",
        "success_measures": "{% csrf_token %}\u200b",
        "lead_officers": "\U0001f642" + SCRIPT,
    },
    milestones_text="{{ 7*7 }} April 2025",
)
def test_plan_pdf(client, manager, council, title, description, typed, milestones_text):
    """What the forms saved renders in the plan's PDF, literally."""
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    url = reverse("actionplans:edit", args=[plan.pk])
    client.post(url, form_data(client.get(url), title=title, description=description))
    add = reverse("actionplans:action-add", args=[plan.pk])
    response = client.post(
        add,
        form_data(
            client.get(add),
            **typed,
            ref="T1.1",
            milestones_text=milestones_text,
            quality_statement=str(quality_statement("Assessing needs").pk),
        ),
    )
    assert response.status_code < 500
    plan = ActionPlan.objects.get(pk=plan.pk)
    values = [plan.title, plan.description]
    for action in plan.actions.all():
        values += [getattr(action, name) for name in PLAN_ACTION_LIMITS]
        values += [m.description for m in action.milestones.all()]
    text = pdf_text(client.get(reverse("actionplans:pdf", args=[plan.pk])))
    assert_pdf_shows(text, *values)


# ---------------------------------------------------------------------------------------------------------------
# CQC assessment, progress report, import


@HOSTILE
@given(title=field("CQC assessment"), assessed_on=date_parts, findings=field(), summary=field())
@example(title="CQC", assessed_on=("\u00b2", "3", "2024"), findings="", summary="")  # refused: not a real date
@example(title="CQC", assessed_on=("99999999999999999999", "3", "2024"), findings="", summary="")
def test_cqc_assessment(client, manager, council, title, assessed_on, findings, summary):
    client.force_login(manager)
    statements = list(current_statements(current_framework()))
    data = {"title": title, "summary": summary, **date_data("assessed_on", assessed_on)}
    for index, statement in enumerate(statements):
        data[f"score_{statement.pk}"] = "3"
        data[f"findings_{statement.pk}"] = findings if index == 0 else ""
    before = CqcResult.objects.count()
    response = client.post(reverse("actionplans:cqc-start"), data)
    html = html_of(response)
    on = typed_date(*assessed_on)
    ok = (
        char_ok(title, required=True, max_length=300)
        and char_ok(findings)
        and char_ok(summary)
        and on not in (None, EMPTY)
        and on <= timezone.localdate()
    )
    if not ok:
        refused(response, html)
        assert CqcResult.objects.count() == before
        return
    saved_ok(response)
    assessment = CqcResult.objects.latest("id")
    assert (assessment.title, assessment.assessed_on, assessment.summary) == (kept(title), on, kept(summary))
    assert assessment.scores.get(quality_statement=statements[0]).key_findings == kept(findings)
    page = html_of(client.get(assessment.get_absolute_url()))
    for text in (assessment.title, assessment.summary, kept(findings)):
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


HEADER = [
    "Quality statement",
    "Action ref",
    "Area of focus",
    "Actions we are taking",
    "How we will know it has worked",
    "Responsible lead officer",
    "Status",
    "Milestones",
]
IMPORT_FIELDS = {"area_of_focus": 2, "actions_taken": 3, "success_measures": 4, "lead_officers": 5}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def imported_text(cell):
    """What the importer documents it keeps of a cell: EqA's own export quote before a formula-like start taken
    off, one kind of line break, no white space around."""
    if len(cell) > 1 and cell[0] == "'" and cell[1:].startswith(FORMULA_STARTS):
        cell = cell[1:]
    return re.sub(r"\r\n?", "\n", cell).strip()


import_rows = st.lists(
    st.tuples(
        st.one_of(st.just("Assessing needs"), st.just("assessing NEEDS*"), short_hostile),
        st.one_of(st.sampled_from(["T1.1", "T1.2", "t2.10", "T\u0663"]), st.just("T1.3"), short_hostile),
        field(),
        field(""),
        field(""),
        field(""),
        st.one_of(st.sampled_from(["", "On track", "Complete"]), st.just("Started"), short_hostile),
        st.one_of(st.just(""), milestone_lines, hostile()),
    ),
    min_size=1,
    max_size=3,
)
filenames = st.one_of(st.just("plan.csv"), short_hostile.map(lambda s: re.sub(r'["\\/\r\n\x00]', "", s)[:300] + ".csv"))


@settings(HOSTILE, max_examples=50)  # quick: no PDF, most files are refused at once
@given(rows=import_rows, extra_header=short_hostile, filename=filenames)
@example(
    rows=[
        (
            "Assessing needs",
            "T1.1",
            SCRIPT,
            "{{ 7*7 }}",
            "'=cmd|' /C calc'!A0",
            "\U0001f642",
            "Started",
            "Framework 1/0000",
        )
    ],
    extra_header=SCRIPT,
    filename="<b>plan</b>.csv",
)
def test_import_upload_with_hostile_csv(client, manager, council, rows, extra_header, filename):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([*HEADER, extra_header])
    writer.writerows([[*row, ""] for row in rows])
    upload = SimpleUploadedFile(filename, buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("actionplans:import", args=[plan.pk]), {"file": upload})
    html = html_of(response)
    if response.status_code != 302:
        refused(response, html)
        assert not plan.actions.exists()
        return
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert_safe(html_of(preview))
    confirmed = client.post(preview_url, form_data(preview))
    assert_safe(html_of(confirmed))
    assert confirmed.status_code == 302, "a file that previewed without problems imports"
    event("imported")
    by_ref = {action.ref: action for action in plan.actions.prefetch_related("milestones")}
    assert len(by_ref) == len({" ".join(row[1].split()).upper() for row in rows if row[1].split()})
    for row in rows:
        if not any(imported_text(cell) for cell in row):
            continue  # an empty row is skipped
        action = by_ref[" ".join(row[1].split()).upper()]
        for name, index in IMPORT_FIELDS.items():
            assert getattr(action, name) == imported_text(row[index]), name
        page = html_of(client.get(action.get_absolute_url()))
        for name in IMPORT_FIELDS:
            assert_shows(page, getattr(action, name))
        for milestone in action.milestones.all():
            assert len(milestone.description) <= MILESTONE_MAX
            assert escape(milestone.description) in page


@HOSTILE
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.tuples(
            st.sampled_from(
                [
                    b"PK\x03\x04",
                    b"PK\x05\x06",
                    b"%PDF",
                    b"\xef\xbb\xbf",
                    b"\xff\xfe",
                    b"\xfe\xff",
                    b"<html>",
                    b"{\\rtf",
                    ",".join(HEADER).encode() + b"\n",
                ]
            ),
            st.binary(max_size=600),
        ).map(b"".join),
        hostile().map(lambda text: (",".join(HEADER) + "\n" + text).encode("utf-8", "surrogatepass")),
    )
)
def test_import_upload_with_hostile_bytes(client, manager, council, content):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    response = client.post(
        reverse("actionplans:import", args=[plan.pk]), {"file": SimpleUploadedFile("plan.csv", content)}
    )
    html = html_of(response)
    assert response.status_code in (200, 302)
    assert_safe(html)
    assert not plan.actions.exists()
