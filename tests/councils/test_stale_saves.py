"""Every edit form of the app refuses a stale save: two people open the same form, the first saves, and the second is
told, sees their own text back in the form, and the first person's text stays saved until the second saves again."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import Action, ActionPlan, CqcResult
from assessments.characteristics import ProtectedCharacteristic
from assessments.models import Assessment, AssessmentAction, ImpactRow
from councils.models import Role
from tests.actionplans.cqc_helpers import record
from tests.factories import ActionFactory, ActionPlanFactory
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data

SAVED_BY_OTHER = "Somebody else saved this"


@pytest.fixture
def eia(council, service, author):
    """Ready for sign-off, but with a grid that covers no statutory characteristic, each with its reason given."""
    eia = ready_assessment(council, service, author)
    ImpactRow.objects.filter(assessment=eia).update(covers=[])
    reasons = {characteristic.value: "It cannot affect them." for characteristic in ProtectedCharacteristic}
    Assessment.objects.filter(pk=eia.pk).update(uncovered_reasons=reasons)
    return Assessment.objects.get(pk=eia.pk)


@pytest.fixture
def plan_action(council, manager):
    plan = ActionPlanFactory(council=council, created_by=manager)
    return ActionFactory(plan=plan, ref="T1.1", area_of_focus="Waiting lists")


@pytest.fixture
def cqc_result(council, manager):
    return record(council, manager, [3] * 9)


# (the form, its URL given the records, the field both people change, how to read that field as saved now)
FORMS = {
    "EIA details": (
        lambda eia, action: reverse("assessments:edit", args=[eia.pk]),
        "aims",
        lambda eia, action: Assessment.objects.get(pk=eia.pk).aims,
    ),
    "EIA impact grid": (
        lambda eia, action: reverse("assessments:grid", args=[eia.pk]),
        "rows-0-neutral",
        lambda eia, action: ImpactRow.objects.get(assessment=eia, position=1).neutral,
    ),
    "EIA coverage": (
        lambda eia, action: reverse("assessments:coverage", args=[eia.pk]),
        "marriage",
        lambda eia, action: Assessment.objects.get(pk=eia.pk).uncovered_reasons["marriage"],
    ),
    "EIA action": (
        lambda eia, action: reverse("assessments:action-edit", args=[eia.pk, eia.actions.get().pk]),
        "action_required",
        lambda eia, action: AssessmentAction.objects.get(assessment=eia).action_required,
    ),
    "plan details": (
        lambda eia, action: reverse("actionplans:edit", args=[action.plan_id]),
        "description",
        lambda eia, action: ActionPlan.objects.get(pk=action.plan_id).description,
    ),
    "plan action": (
        lambda eia, action: reverse("actionplans:action-edit", args=[action.plan_id, action.pk]),
        "area_of_focus",
        lambda eia, action: Action.objects.get(pk=action.pk).area_of_focus,
    ),
    # The council's one CQC result (the cqc_result fixture).
    "CQC correction": (
        lambda eia, action: reverse("actionplans:cqc-correct", args=[CqcResult.objects.get().pk]),
        "summary",
        lambda eia, action: CqcResult.objects.get().summary,
    ),
}
# Who opens each form second: somebody else who may edit it.
SECOND = {"CQC correction": Role.MANAGER}


@pytest.fixture(params=list(FORMS))
def two_people_open_one_form(request, council, author, manager, eia, plan_action, cqc_result):
    """(first, second, the URL, the field, read back) with both people's browsers holding the form as opened."""
    url_of, field, saved = FORMS[request.param]
    url = url_of(eia, plan_action)
    first_person = author if request.param.startswith("EIA") else manager
    first, second = Client(), Client()
    first.force_login(first_person)
    second.force_login(person_with_role(council, SECOND.get(request.param, Role.AUTHOR), "second-author"))
    opened = form_data(first.get(url)), form_data(second.get(url))
    assert field in opened[0], f"{request.param}: no field {field} on {url}"
    return first, second, opened, url, field, lambda: saved(eia, plan_action)


def test_the_second_save_is_refused_and_keeps_what_was_typed(two_people_open_one_form):
    first, second, (first_page, second_page), url, field, saved = two_people_open_one_form
    assert first.post(url, {**first_page, field: "The first person's words."}).status_code == 302

    response = second.post(url, {**second_page, field: "The second person's words."})

    page = response.content.decode()
    assert response.status_code == 200
    assert SAVED_BY_OTHER in page
    assert escape("The second person's words.") in page and escape("The first person's words.") in page
    assert saved() == "The first person's words."


def test_saving_again_after_seeing_both_keeps_the_second(two_people_open_one_form):
    first, second, (first_page, second_page), url, field, saved = two_people_open_one_form
    first.post(url, {**first_page, field: "The first person's words."})
    refused = second.post(url, {**second_page, field: "The second person's words."})

    assert second.post(url, form_data(refused)).status_code == 302
    assert saved() == "The second person's words."


def test_coverage_saves_of_different_reasons_merge_and_keep_both(council, author, eia):
    url = reverse("assessments:coverage", args=[eia.pk])
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(person_with_role(council, Role.AUTHOR, "second-author"))
    first_page, second_page = form_data(first.get(url)), form_data(second.get(url))
    first.post(url, {**first_page, "marriage": "Marital status does not change eligibility."})

    assert second.post(url, {**second_page, "pregnancy": "Pregnancy does not change eligibility."}).status_code == 302
    reasons = Assessment.objects.get(pk=eia.pk).uncovered_reasons
    assert (reasons["marriage"], reasons["pregnancy"]) == (
        "Marital status does not change eligibility.",
        "Pregnancy does not change eligibility.",
    )


@pytest.mark.parametrize("revision", [None, "", "latest", "²"])
def test_a_save_that_does_not_say_which_revision_it_opened_is_refused(two_people_open_one_form, revision):
    first, _, (first_page, _), url, field, saved = two_people_open_one_form
    before = saved()
    sent = {**first_page, field: "Words that must not overwrite anything."}
    if revision is None:
        del sent["revision"]
    else:
        sent["revision"] = revision

    response = first.post(url, sent)

    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert saved() == before
