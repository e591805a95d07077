"""Every form of an action plan, with hostile text: starting one, its details, its actions and their milestones, a
status update, returning it, and its PDF."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from actionplans.milestones import read_milestones
from actionplans.models import Action, ActionPlan, PlanStatusChange, StatusUpdate, StatusWord
from actionplans.statuses import Colour, Meaning
from tests.factories import ActionFactory, ActionPlanFactory, status_word
from tests.factories import statement as quality_statement
from tests.page_forms import form_data
from tests.security.hostile.checks import (
    EMPTY,
    assert_pdf_shows,
    assert_safe,
    assert_shows,
    char_ok,
    date_data,
    html_of,
    kept,
    pdf_text,
    refused,
    saved_ok,
    typed_date,
)
from tests.security.hostile.strategies import (
    HOSTILE,
    MILESTONE_MAX,
    SCRIPT,
    WITH_PDF,
    date_parts,
    field,
    hostile,
    milestone_texts,
    short_hostile,
)

pytestmark = pytest.mark.django_db


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
REF_MAX = Action._meta.get_field("ref").max_length


def ref_ok(typed):
    """ActionForm.clean_ref: any text of 20 characters at most (the model's max_length) with a letter or a number in
    it."""
    return char_ok(typed, required=True, max_length=REF_MAX) and any(ch.isalnum() for ch in kept(typed))


def ref_as_kept(typed):
    """A ref as the form keeps it: white space collapsed; in capitals when it is ASCII letters then numbers with
    dots ("t2.10" is T2.10), else as typed."""
    ref = " ".join(kept(typed).split())
    return ref.upper() if re.fullmatch(r"[A-Za-z]+[0-9]+(\.[0-9]+)*", ref) else ref


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
    assert action.ref == ref_as_kept(ref)
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
# Kept as typed: only ASCII letters and numbers are put in capitals, so no ref grows past 20 characters (ß is SS).
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


# One of the council's words (by its wording, sent as the form sends it), or hostile text in its place.
words_typed = st.one_of(
    st.sampled_from(["To be started", "Started", "On track", "Off track", "Complete"]).map(lambda w: ("word", w)),
    short_hostile.map(lambda text: ("typed", text)),
)


@HOSTILE
@given(word=words_typed, note=field())
def test_plan_record_an_update(client, manager, council, word, note):
    client.force_login(manager)
    action = ActionFactory(plan=ActionPlanFactory(council=council, created_by=manager))
    offered = {str(pk) for pk in council.status_words.values_list("pk", flat=True)}
    kind, text = word
    sent = str(status_word(council, text).pk) if kind == "word" else text
    response = client.post(
        reverse("actionplans:action-update", args=[action.plan_id, action.pk]), {"word": sent, "note": note}
    )
    html = html_of(response)
    if not (char_ok(note, required=True) and sent in offered):
        refused(response, html)
        assert not StatusUpdate.objects.filter(action=action).exists()
        return
    saved_ok(response)
    update = StatusUpdate.objects.get(action=action)
    assert (str(update.word_id), update.note) == (sent, kept(note))
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


@WITH_PDF
@given(evidence=field(), word=short_hostile)
@example(evidence=SCRIPT + "{{ 7*7 }}", word="<b>Blue</b>{{ 7*7 }}")
def test_plan_verification_evidence_and_a_councils_word(client, manager, author, council, evidence, word):
    """A council admin's word and a verifier's evidence are shown as typed: on the action's page, its plan's History
    and the committee PDF."""
    wording = " ".join(word.split())
    blue = StatusWord.objects.filter(council=council, meaning=Meaning.VERIFIED).first()
    taken = StatusWord.objects.filter(council=council, word__iexact=wording).exclude(pk=getattr(blue, "pk", None))
    if not wording or "\x00" in wording or len(wording) > 40 or taken.exists():
        return  # the settings form refuses it (tests/actionplans/test_status_words.py)
    if blue is None:
        blue = StatusWord.objects.create(
            council=council, position=9, word=wording, meaning=Meaning.VERIFIED, colour=Colour.BLUE
        )
    StatusWord.objects.filter(pk=blue.pk).update(word=wording)
    plan = ActionPlanFactory(council=council, created_by=manager)
    action = ActionFactory(plan=plan)
    action.record_update(by=manager, word=status_word(council, "Complete"), note="Done.")
    client.force_login(author)
    response = client.post(
        reverse("actionplans:action-update", args=[plan.pk, action.pk]),
        {"word": blue.pk, "note": "Checked.", "evidence": evidence},
    )
    html = html_of(response)
    if not char_ok(evidence, required=True, max_length=2000):
        refused(response, html)
        assert not StatusUpdate.objects.filter(action=action, word=blue).exists()
        return
    saved_ok(response)
    update = StatusUpdate.objects.get(action=action, word=blue)
    assert update.evidence == kept(evidence)
    page = html_of(client.get(action.get_absolute_url()))
    assert_shows(page, update.evidence)
    assert_shows(page, wording)
    assert_safe(html_of(client.get(reverse("actionplans:history", args=[plan.pk]))))
    assert_pdf_shows(pdf_text(client.get(reverse("actionplans:pdf", args=[plan.pk]))), update.evidence, wording)
