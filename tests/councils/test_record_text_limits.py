"""An EIA, and a plan, hold at most so much text in all (EIA_TEXT_LIMIT, PLAN_TEXT_LIMIT): enough for several
times any council's, and as much as the committee PDF lays out well inside a worker's time limit. A save that
would cross the limit is refused with a message saying by how much to shorten, and what was typed is kept."""

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, StatusUpdate
from actionplans.statuses import Colour, Meaning
from assessments.models import Answer, Assessment, AssessmentAction, Question
from assessments.models.questions import snapshot
from councils.forms import EIA_TEXT_LIMIT, PLAN_TEXT_LIMIT, TEXT_LIMIT
from tests.actionplans.importing import one_action, problems
from tests.factories import ActionFactory, ActionPlanFactory, MilestoneFactory, status_word
from tests.lifecycle_helpers import ready_assessment
from tests.page_forms import form_data


def fill(objects, names, length):
    """Text in the boxes `names` of `objects`, `length` characters in all, each box at most TEXT_LIMIT."""
    boxes = [(obj, name) for obj in objects for name in names]
    for obj, name in boxes:
        share = min(TEXT_LIMIT, length)
        setattr(obj, name, "w" * share)
        length -= share
        obj.save(update_fields=[name])
    assert length == 0, "not enough boxes to fill"


@pytest.fixture
def full_eia(council, service, author):
    """An EIA whose text is at its limit, its grid holding most of it."""
    eia = ready_assessment(council, service, author)
    eia.rows.update(neutral="")
    fill(eia.rows.order_by("position"), ["neutral"], EIA_TEXT_LIMIT - eia.text_length())
    assert eia.text_length() == EIA_TEXT_LIMIT
    return eia


def messages(response):
    return [message for message, _ in response.context["errors"]]


def over(record, by):
    limit = {"EIA": EIA_TEXT_LIMIT, "plan": PLAN_TEXT_LIMIT}[record]
    return (
        f"The {record}'s text would be {limit + by:,} characters in all, and one {record} can hold {limit:,}. "
        f"Shorten this text, or other text in the {record}, by {by} character{'s' if by > 1 else ''}"
    )


def test_eia_details_one_character_past_the_eias_limit_are_refused_and_kept(client, author, full_eia):
    client.force_login(author)
    url = reverse("assessments:edit", args=[full_eia.pk])
    page = form_data(client.get(url))
    response = client.post(url, {**page, "aims": page["aims"] + "!"})
    assert messages(response) == [over("EIA", 1)]
    assert page["aims"] + "!</textarea>" in response.content.decode()
    assert Assessment.objects.get(pk=full_eia.pk).aims == page["aims"]


def test_eia_details_that_shorten_a_full_eia_are_saved(client, author, full_eia):
    client.force_login(author)
    url = reverse("assessments:edit", args=[full_eia.pk])
    assert client.post(url, form_data(client.get(url), aims="Shorter")).status_code == 302
    assert full_eia.text_length() < EIA_TEXT_LIMIT


def test_a_grid_save_past_the_eias_limit_is_refused(client, author, full_eia):
    client.force_login(author)
    url = reverse("assessments:grid", args=[full_eia.pk])
    page = form_data(client.get(url))
    response = client.post(url, {**page, "rows-1-positive": page["rows-1-positive"] + "More"})
    assert messages(response) == [over("EIA", 4)]
    assert full_eia.text_length() == EIA_TEXT_LIMIT


def test_a_grid_save_that_moves_text_between_rows_within_the_limit_is_saved(client, author, full_eia):
    client.force_login(author)
    url = reverse("assessments:grid", args=[full_eia.pk])
    page = form_data(client.get(url))
    moved = {"rows-0-neutral": page["rows-0-neutral"][:-10], "rows-0-positive": "p" * 10}
    assert client.post(url, {**page, **moved}).status_code == 302
    assert full_eia.text_length() == EIA_TEXT_LIMIT


def test_an_eia_action_past_the_eias_limit_is_refused(client, author, full_eia):
    client.force_login(author)
    url = reverse("assessments:action-add", args=[full_eia.pk])
    response = client.post(url, form_data(client.get(url), action_required="Train staff", priority="high"))
    assert messages(response) == [over("EIA", len("Train staff"))]
    assert AssessmentAction.objects.filter(assessment=full_eia).count() == 1


@pytest.fixture
def full_plan(council, manager):
    """A plan whose text is at its limit: its actions hold it, each with a milestone and an update."""
    plan = ActionPlanFactory(council=council, created_by=manager)
    actions = [ActionFactory(plan=plan, ref=f"T1.{n}", lead_officers="") for n in range(1, 12)]
    for action in actions[:2]:
        MilestoneFactory(action=action, description="Framework agreed", position=1)
        StatusUpdate.objects.create(
            action=action,
            by=manager,
            status="on_track",
            word=status_word(council, "On track"),
            previous_status="not_started",
            previous_word=status_word(council, "To be started"),
            note="Started",
        )
    fill(actions, ["actions_taken"], PLAN_TEXT_LIMIT - plan.text_length())
    assert plan.text_length() == PLAN_TEXT_LIMIT
    return plan


def test_plan_details_past_the_plans_limit_are_refused(client, manager, full_plan):
    client.force_login(manager)
    url = reverse("actionplans:edit", args=[full_plan.pk])
    response = client.post(url, form_data(client.get(url), description="About"))
    assert messages(response) == [over("plan", 5)]
    assert ActionPlan.objects.get(pk=full_plan.pk).description == ""


def test_an_action_past_the_plans_limit_is_refused_and_one_shortened_is_saved(client, manager, full_plan):
    action = full_plan.actions.order_by("ref_key").first()
    client.force_login(manager)
    url = reverse("actionplans:action-edit", args=[full_plan.pk, action.pk])
    page = form_data(client.get(url))
    refused = client.post(url, {**page, "success_measures": "Fewer complaints"})
    assert messages(refused) == [over("plan", len("Fewer complaints"))]

    shortened = {"success_measures": "Fewer complaints", "actions_taken": page["actions_taken"][:-16]}
    assert client.post(url, {**page, **shortened}).status_code == 302
    assert full_plan.text_length() == PLAN_TEXT_LIMIT


def test_a_milestone_past_the_plans_limit_is_refused(client, manager, full_plan):
    action = full_plan.actions.order_by("ref_key").first()
    client.force_login(manager)
    url = reverse("actionplans:action-edit", args=[full_plan.pk, action.pk])
    page = form_data(client.get(url))
    response = client.post(url, {**page, "milestones_text": page["milestones_text"] + "\nStaff trained"})
    assert messages(response) == [over("plan", len("Staff trained"))]
    assert action.milestones.count() == 1


def test_an_update_counts_as_its_actions_latest_note_in_the_plans_limit(client, manager, full_plan):
    action = full_plan.actions.order_by("ref_key").first()
    client.force_login(manager)
    url = reverse("actionplans:action-update", args=[full_plan.pk, action.pk])
    on_track = status_word(full_plan.council, "On track").pk
    refused = client.post(url, {"word": on_track, "note": "Started well"})
    assert messages(refused) == [over("plan", len("Started well") - len("Started"))]

    # No longer than the note it follows, it takes that note's place in the PDF and in the count.
    assert client.post(url, {"word": on_track, "note": "Going"}).status_code == 302
    assert action.updates.count() == 2


def test_a_verifiers_evidence_counts_in_the_plans_limit(client, manager, author, full_plan):
    """The committee PDF prints what the verifier saw beside the latest note: a full plan has no room for it."""
    blue = full_plan.council.status_words.create(position=6, word="Blue", meaning=Meaning.VERIFIED, colour=Colour.BLUE)
    action = full_plan.actions.order_by("ref_key").first()
    StatusUpdate.objects.create(
        action=action,
        by=manager,
        status="complete",
        word=status_word(full_plan.council, "Complete"),
        previous_status=action.status,
        previous_word=action.status_word,
        note="Started",  # as long as the note it follows: the plan stays full
    )
    action.status, action.status_word = "complete", status_word(full_plan.council, "Complete")
    action.save(update_fields=["status", "status_word"])
    assert full_plan.text_length() == PLAN_TEXT_LIMIT
    client.force_login(author)
    response = client.post(
        reverse("actionplans:action-update", args=[full_plan.pk, action.pk]),
        {"word": blue.pk, "note": "Started", "evidence": "The minutes"},
    )
    assert messages(response) == [over("plan", len("The minutes"))]
    assert action.updates.count() == 2


def test_an_import_past_the_plans_limit_is_refused_saying_by_how_much(full_plan):
    rows = one_action(**{"Action ref": "T2.1", "Area of focus": "Carers", "Milestones": "Leaflet printed"})
    assert problems(full_plan, rows) == [
        f"The plan's text would be {PLAN_TEXT_LIMIT + 21:,} characters in all after this import, and one plan can "
        f"hold {PLAN_TEXT_LIMIT:,}. Shorten the text in the file by 21 characters, or split the plan in two, and "
        f"upload it again."
    ]


def test_an_import_that_shortens_a_full_plans_action_is_not_refused(full_plan):
    action = full_plan.actions.order_by("ref_key").first()
    rows = one_action(
        **{
            "Action ref": action.ref,
            "Area of focus": action.area_of_focus,
            "Actions we are taking": "Shorter",
            "Milestones": "Leaflet printed",
        }
    )
    assert problems(full_plan, rows) == []


def test_an_eias_answers_to_its_councils_questions_count_toward_its_text(council, service, author):
    eia = ready_assessment(council, service, author)
    before = eia.text_length()
    asked = Question.objects.create(council=council, place="details", kind="yes_no", text="Is Welsh offered?")
    Answer.objects.create(assessment=eia, question=asked, **snapshot(asked), yes_no=True, reason="r" * 30)
    told = Question.objects.create(council=council, place="grid", kind="long", text="What else?")
    Answer.objects.create(assessment=eia, question=told, **snapshot(told), text="t" * 40)
    assert eia.text_length() == before + 70


def test_a_long_answer_one_character_past_the_eias_limit_is_refused_and_kept(client, author, full_eia):
    question = Question.objects.create(council=full_eia.council, place="details", kind="long", text="What else?")
    client.force_login(author)
    url = reverse("assessments:edit", args=[full_eia.pk])
    response = client.post(url, form_data(client.get(url), **{question.field_name: "!"}))
    assert messages(response) == [over("EIA", 1)]
    assert "!</textarea>" in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()


def test_a_reason_at_the_grids_end_past_the_eias_limit_is_refused(client, author, full_eia):
    question = Question.objects.create(council=full_eia.council, place="grid", kind="yes_no", text="Is Welsh offered?")
    client.force_login(author)
    url = reverse("assessments:grid", args=[full_eia.pk])
    page = form_data(client.get(url), **{question.field_name: "True", f"{question.field_name}_reason": "Leaflets"})
    assert messages(client.post(url, page)) == [over("EIA", len("Leaflets"))]
    assert full_eia.text_length() == EIA_TEXT_LIMIT


def test_text_moved_from_a_row_to_an_answer_at_the_grids_end_within_the_limit_is_saved(client, author, full_eia):
    question = Question.objects.create(council=full_eia.council, place="grid", kind="short", text="Who else?")
    client.force_login(author)
    url = reverse("assessments:grid", args=[full_eia.pk])
    page = form_data(client.get(url))
    moved = {"rows-0-neutral": page["rows-0-neutral"][:-10], question.field_name: "a" * 10}
    assert client.post(url, {**page, **moved}).status_code == 302
    assert Answer.objects.get(question=question).text == "a" * 10
    assert full_eia.text_length() == EIA_TEXT_LIMIT
