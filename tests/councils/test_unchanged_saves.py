"""Every edit form of both apps, opened and sent back unchanged as a browser sends it (one-line inputs without
their line breaks, text areas with CRLF): nothing changes, the revision stays, and the History has nothing new."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.history import plan_history
from actionplans.models import Action, ActionPlan, Milestone
from assessments.history import assessment_history
from assessments.models import Assessment, AssessmentAction, ImpactRow
from tests.factories import ActionFactory, ActionPlanFactory, statement
from tests.lifecycle_helpers import ready_assessment
from tests.page_forms import form_data

TWO_LINES = "Place ICB Team and Council Lead Officer\nPlace Director"


@pytest.fixture
def eia(council, service, author):
    """Every kind of field filled, text over several lines, and two statutory characteristics left out."""
    eia = ready_assessment(council, service, author)
    Assessment.objects.filter(pk=eia.pk).update(
        aims="Keep people at home.\n\nAnd safe.",
        stakeholders="Carers\nProviders",
        decision="continue",
        decision_reason="Justified:\nno other way.",
        commissioning_officers="Judith Culleton, Phil Green",
        uncovered_reasons={"marriage": "It cannot affect them.\nAt all.", "pregnancy": "Not for this service."},
    )
    ImpactRow.objects.filter(assessment=eia, position=3).update(positive="More choice.\nMore control.")
    eia.rows.filter(label__in=["Marriage and civil partnership", "Pregnancy and maternity"]).update(covers=[])
    AssessmentAction.objects.filter(assessment=eia).update(
        key_activity="Survey homes.\nFit ramps.",
        review_date=date(2025, 3, 1),
        review_date_precision="month",
        review_date_note="and at each contract meeting",
        officer_responsible="Judith Culleton/Phil Green",
    )
    return Assessment.objects.get(pk=eia.pk)


@pytest.fixture
def plan_action(council, manager, eia):
    plan = ActionPlanFactory(
        council=council,
        created_by=manager,
        description="Agreed at cabinet.\nMarch 2023.",
        source_date=date(2022, 11, 21),
    )
    other = ActionFactory(plan=plan, ref="T1.2", area_of_focus="Waiting lists")
    action = ActionFactory(
        plan=plan,
        ref="T1.1",
        quality_statement=statement("Assessing needs"),
        area_of_focus="Carers' assessments\nare late",
        actions_taken="Refresh the strategy.",
        success_measures="Fewer complaints.\r\nShorter waits.",
        lead_officers=TWO_LINES,
    )
    action.linked_actions.set([other])
    action.linked_assessments.set([eia])
    Milestone.objects.create(
        action=action,
        position=1,
        description="Framework April 2023",
        source_text="Framework April 2023",
        due_date=date(2023, 4, 1),
    )
    Milestone.objects.create(action=action, position=2, description="First draft", source_text="First draft")
    return action


def eia_state(eia, action):
    return (
        Assessment.objects.filter(pk=eia.pk).values().get(),
        list(ImpactRow.objects.filter(assessment=eia).order_by("pk").values()),
        list(AssessmentAction.objects.filter(assessment=eia).order_by("pk").values()),
        list(AssessmentAction.mitigates.through.objects.order_by("pk").values()),
        len(assessment_history(eia)),
    )


def plan_state(eia, action):
    return (
        ActionPlan.objects.filter(pk=action.plan_id).values().get(),
        list(Action.objects.filter(plan=action.plan_id).order_by("pk").values()),
        list(Milestone.objects.filter(action__plan=action.plan_id).order_by("pk").values()),
        sorted(Action.linked_actions.through.objects.values_list("from_action", "to_action")),
        sorted(Action.linked_assessments.through.objects.values_list("action", "assessment")),
        len(plan_history(ActionPlan.objects.get(pk=action.plan_id))),
    )


# (the form's URL given the records, who edits, what it must leave as it was)
EDIT_FORMS = {
    "EIA details": (lambda eia, action: reverse("assessments:edit", args=[eia.pk]), "author", eia_state),
    "EIA impact grid": (lambda eia, action: reverse("assessments:grid", args=[eia.pk]), "author", eia_state),
    "EIA coverage": (lambda eia, action: reverse("assessments:coverage", args=[eia.pk]), "author", eia_state),
    "EIA action": (
        lambda eia, action: reverse("assessments:action-edit", args=[eia.pk, eia.actions.get().pk]),
        "author",
        eia_state,
    ),
    "plan details": (lambda eia, action: reverse("actionplans:edit", args=[action.plan_id]), "manager", plan_state),
    "plan action": (
        lambda eia, action: reverse("actionplans:action-edit", args=[action.plan_id, action.pk]),
        "manager",
        plan_state,
    ),
}


@pytest.mark.parametrize("name", list(EDIT_FORMS))
def test_a_form_sent_back_unchanged_changes_nothing(request, eia, plan_action, name):
    url_of, who, state = EDIT_FORMS[name]
    client = Client()
    client.force_login(request.getfixturevalue(who))
    url = url_of(eia, plan_action)
    before = state(eia, plan_action)

    response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert state(eia, plan_action) == before
    assert "You did not change anything" in client.get(response["Location"]).content.decode()


def test_a_lead_officer_over_two_lines_is_in_a_text_area_that_keeps_its_line_break(client, manager, plan_action):
    client.force_login(manager)
    url = reverse("actionplans:action-edit", args=[plan_action.plan_id, plan_action.pk])
    assert form_data(client.get(url))["lead_officers"] == TWO_LINES.replace("\n", "\r\n")
