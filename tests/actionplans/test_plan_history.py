"""The history of a plan: every change to it, its actions and milestones, its updates and its steps, in sentences,
newest first, built as an EIA's is (councils/audit.py)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from actionplans.history import plan_history
from actionplans.models import Action, ActionPlan, Milestone, StatusUpdate
from actionplans.statuses import Colour, Meaning
from actionplans.views.history import plan_history_page
from councils.audit import person
from councils.models import Role
from eqa_site.urls import urlpatterns as site_urlpatterns
from tests.factories import ActionFactory, MembershipFactory, MilestoneFactory, UserFactory, statement, status_word
from tests.page_forms import form_data

# The site's pages, and the history page at a path of its own until actionplans/urls.py names it.
urlpatterns = [*site_urlpatterns, path("test-plan-history/<int:pk>/", plan_history_page, name="test-plan-history")]
pytestmark = pytest.mark.urls(__name__)

SEED_NAME = "seed_001_action_plan.csv"


def history_url(plan):
    try:
        return reverse("actionplans:history", args=[plan.pk])
    except NoReverseMatch:
        return reverse("test-plan-history", args=[plan.pk])


def history(client, plan, **params):
    response = client.get(history_url(plan), params)
    assert response.status_code == 200
    return response.content.decode()


def sentences(plan):
    return [change for entry in plan_history(plan) for change in entry.changes]


def edit_plan(client, plan, **changes):
    url = reverse("actionplans:edit", args=[plan.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def add_action(client, plan, **changes):
    url = reverse("actionplans:action-add", args=[plan.pk])
    data = {
        "ref": "T1.7",
        "quality_statement": statement("Assessing needs").pk,
        "area_of_focus": "Carers",
        "actions_taken": "Refresh the strategy.",
        "success_measures": "",
        "lead_officers": "Strategic Support",
        "milestones_text": "Framework April 2023\nFirst draft January 2023",
        **changes,
    }
    response = client.post(url, form_data(client.get(url), **data))
    assert response.status_code == 302, response.context and response.context["errors"]
    return Action.objects.get(plan=plan, ref=data["ref"])


def edit_action(client, action, **changes):
    url = reverse("actionplans:action-edit", args=[action.plan_id, action.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def record_update(client, action, **changes):
    url = reverse("actionplans:action-update", args=[action.plan_id, action.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def word(plan, text):
    """The update form's value for the council's word `text`."""
    return str(status_word(plan.council, text).pk)


def take_step(client, plan, name, **data):
    response = client.post(reverse(f"actionplans:{name}", args=[plan.pk]), data)
    assert response.status_code == 302


@pytest.fixture
def other_manager(council):
    user = UserFactory(username="dan-manager", first_name="Dan", last_name="Okafor")
    MembershipFactory(council=council, role=Role.MANAGER, user=user)
    return user


def test_it_says_what_changed_in_the_plan_and_who_changed_it(client, manager, plan):
    client.force_login(manager)
    edit_plan(client, plan, title="Peer review action plan 2023", source="cqc_assessment")
    page = history(client, plan)
    assert (
        "Title changed from ‘National Assurance Framework – Adult Social Care – Peer Review Action Plan’ to "
        "‘Peer review action plan 2023’"
    ) in page
    assert "What the plan is a response to changed from ‘LGA peer review’ to ‘CQC assessment’" in page
    assert f"By {person(manager)}" in page


def test_it_starts_with_the_plan_being_started(client, viewer, plan):
    client.force_login(viewer)
    page = history(client, plan)
    assert (
        "Started the action plan ‘National Assurance Framework – Adult Social Care – Peer Review Action Plan’"
    ) in page


def test_it_says_an_action_was_added_with_its_milestones(client, manager, plan):
    client.force_login(manager)
    add_action(client, plan)
    said = sentences(plan)
    assert "Added the action T1.7" in said
    assert "Milestone ‘Framework April 2023’ of T1.7 added" in said
    assert "Milestone ‘First draft January 2023’ of T1.7 added" in said


def test_it_says_what_changed_in_an_action_and_its_milestones(client, manager, other_manager, plan):
    client.force_login(manager)
    action = add_action(client, plan)
    client.force_login(other_manager)
    edit_action(
        client,
        action,
        area_of_focus="Carers' assessments",
        quality_statement=statement("Care provision, integration and continuity").pk,
        milestones_text="Framework April 2023\nEvaluation May-Sep 2023",
    )
    said = plan_history(plan)[0]
    assert said.who == "Dan Okafor"
    assert sorted(said.changes) == sorted(
        [
            "Quality statement of T1.7 changed from ‘Assessing needs’ to ‘Care provision, integration and continuity’",
            "Area of focus of T1.7 changed from ‘Carers’ to ‘Carers' assessments’",
            "Milestone ‘Evaluation May-Sep 2023’ of T1.7 added",
            "Milestone ‘First draft January 2023’ of T1.7 removed",
        ]
    )


def test_saving_an_action_as_it_was_says_nothing(client, manager, other_manager, plan):
    client.force_login(manager)
    action = add_action(client, plan)
    client.force_login(other_manager)
    edit_action(client, action)
    assert [entry.who for entry in plan_history(plan)] == [person(manager), "EqA"]


def test_it_says_a_changed_reference_and_a_removed_action(client, manager, plan):
    client.force_login(manager)
    action = add_action(client, plan)
    edit_action(client, action, ref="T1.8")
    Action.objects.get(pk=action.pk).delete()
    said = sentences(plan)
    assert "Action reference changed from ‘T1.7’ to ‘T1.8’" in said
    assert "Removed the action T1.8" in said


def test_it_says_a_status_update_and_the_milestones_it_ticked(client, manager, other_manager, plan):
    client.force_login(manager)
    action = add_action(client, plan)
    milestone = action.milestones.get(description="Framework April 2023")
    client.force_login(other_manager)
    record_update(
        client,
        action,
        word=word(plan, "Complete"),
        note="The framework was agreed at the April board.",
        milestones_done=[str(milestone.pk)],
    )
    entry = plan_history(plan)[0]
    assert entry.who == "Dan Okafor"
    assert entry.changes == [
        "T1.7: status changed from To be started to Complete. ‘The framework was agreed at the April board.’",
        "Milestone ‘Framework April 2023’ of T1.7 ticked done",
    ]
    assert "Status of T1.7" not in " ".join(sentences(plan))


def test_a_ticked_milestone_stays_done_when_the_action_is_saved(client, manager, other_manager, plan):
    client.force_login(manager)
    action = add_action(client, plan)
    client.force_login(other_manager)
    record_update(
        client,
        action,
        word=word(plan, "Started"),
        note="Under way.",
        milestones_done=[str(action.milestones.get(description="Framework April 2023").pk)],
    )
    client.force_login(manager)
    edit_action(client, action, lead_officers="Head of Commissioning")
    assert plan_history(plan)[0].changes == [
        "Responsible lead officer(s) of T1.7 changed from ‘Strategic Support’ to ‘Head of Commissioning’"
    ]


def test_an_update_that_keeps_the_status_says_so(client, manager, plan):
    action = ActionFactory(plan=plan, ref="T2.1")
    client.force_login(manager)
    record_update(client, action, word=word(plan, "To be started"), note="Waiting for the budget.")
    assert "T2.1: status still To be started (not started). ‘Waiting for the budget.’" in sentences(plan)


def test_it_says_the_councils_words_and_what_a_verifier_saw(client, manager, author, plan):
    blue = plan.council.status_words.create(position=6, word="Blue", meaning=Meaning.VERIFIED, colour=Colour.BLUE)
    action = ActionFactory(plan=plan, ref="T2.1", lead_officers="Head of Commissioning")
    action.record_update(by=manager, word=status_word(plan.council, "Complete"), note="Done.")
    action.record_update(by=author, word=blue, note="Checked.", evidence="The board's minutes of March.")
    assert sentences(plan)[0] == (
        "T2.1: status changed from Complete to Blue (complete and verified). ‘Checked.’ Evidence seen: ‘The board's "
        "minutes of March.’"
    )


def test_a_reworded_word_is_said_as_it_is_now(manager, plan):
    action = ActionFactory(plan=plan, ref="T2.1")
    action.record_update(by=manager, word=status_word(plan.council, "Off track"), note="Late.")
    plan.council.status_words.filter(word="Off track").update(word="Red")
    assert sentences(plan)[0] == "T2.1: status changed from To be started to Red (off track). ‘Late.’"


def test_it_says_the_steps_to_sign_off(client, manager, approver, plan):
    ActionFactory(plan=plan)
    client.force_login(manager)
    take_step(client, plan, "submit")
    client.force_login(approver)
    take_step(client, plan, "return", reason="Add a milestone to T1.1.")
    client.force_login(manager)
    take_step(client, plan, "submit")
    client.force_login(approver)
    take_step(client, plan, "approve")
    assert ActionPlan.objects.get(pk=plan.pk).is_signed_off
    said = sentences(plan)
    assert said.count("Submitted for sign-off") == 2
    assert "Returned for changes: Add a milestone to T1.1." in said
    assert "Signed off" in said
    assert not any(sentence.startswith("Status") for sentence in said)
    page = history(client, plan)
    assert page.index("Signed off") < page.index("Returned for changes")


def test_an_import_is_one_sentence(client, manager, plan):
    from tests.actionplans.importing import SEED

    client.force_login(manager)
    response = client.post(
        reverse("actionplans:import", args=[plan.pk]), {"file": SimpleUploadedFile(SEED_NAME, SEED.read_bytes())}
    )
    assert response.status_code == 302
    response = client.post(response["Location"], form_data(client.get(response["Location"])))
    assert response.status_code == 302
    assert plan.actions.count() == 29
    entry = plan_history(plan)[0]
    assert entry.changes == [f"Imported 29 actions from {SEED_NAME}"]
    assert entry.who == person(manager)


def test_it_escapes_what_was_typed(client, manager, plan):
    client.force_login(manager)
    add_action(client, plan, area_of_focus="<script>alert('x')</script>")
    action = Action.objects.get(plan=plan)
    edit_action(client, action, area_of_focus="Carers")
    page = history(client, plan)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_it_is_not_found_for_another_council(client, outsider, plan):
    client.force_login(outsider)
    assert client.get(history_url(plan)).status_code == 404


def test_it_is_shown_to_every_role_of_the_council(client, viewer, approver, plan):
    for user in (viewer, approver):
        client.force_login(user)
        assert client.get(history_url(plan)).status_code == 200


def test_it_says_when_there_is_nothing_yet(client, manager, plan):
    ActionPlan.history.filter(id=plan.pk).delete()
    client.force_login(manager)
    assert "No changes have been recorded yet." in history(client, plan)


def test_it_shows_50_entries_a_page(client, manager, plan):
    action = ActionFactory(plan=plan, ref="T3.1")
    start = timezone.now() - timedelta(days=100)
    for n in range(60):
        StatusUpdate.objects.create(
            action=action,
            status="on_track",
            word=status_word(plan.council, "Started"),
            previous_status="on_track",
            previous_word=status_word(plan.council, "Started"),
            note=f"Week {n}.",
            by=manager,
            at=start + timedelta(days=n),
            recorded_at=start + timedelta(days=n),
        )
    client.force_login(manager)
    first = history(client, plan)  # the plan and its action started now, then 49 weeks
    assert "Started the action plan" in first
    assert "‘Week 59.’" in first and "‘Week 11.’" in first and "‘Week 10.’" not in first
    second = history(client, plan, page=2)
    assert "‘Week 10.’" in second and "‘Week 0.’" in second and "‘Week 11.’" not in second


def test_a_milestone_changed_by_itself_says_what_changed(manager, plan):
    milestone = MilestoneFactory(action=ActionFactory(plan=plan, ref="T1.1"), description="Framework April 2023")
    milestone.due_date = timezone.localdate().replace(year=2023, month=5, day=1)
    milestone.save()
    assert "Due date of milestone ‘Framework April 2023’ of T1.1 changed from ‘(empty)’ to ‘May 2023’" in sentences(
        plan
    )


def test_it_makes_the_same_number_of_queries_for_1_and_30_changes(client, manager, plan, django_assert_max_num_queries):
    client.force_login(manager)
    action = add_action(client, plan)
    edit_plan(client, plan, description="Version 0.")
    record_update(client, action, word=word(plan, "Started"), note="Update 0.")
    with django_assert_max_num_queries(30) as one_change:
        history(client, plan)
    queries = len(one_change)  # now: the next request empties the connection's log of queries
    for n in range(1, 10):
        edit_plan(client, plan, description=f"Version {n}.")
        edit_action(client, action, area_of_focus=f"Carers {n}", milestones_text=f"Framework April 2023\nStep {n}")
        record_update(client, action, word=word(plan, ["Started", "On track"][n % 2]), note=f"Update {n}.")
    add_action(client, plan, ref="T1.8")
    with django_assert_max_num_queries(queries):
        page = history(client, plan)
    assert "Area of focus of T1.7 changed from" in page
    assert Milestone.objects.filter(action=action).count() == 2


def test_an_actions_lead_officer_account_is_one_of_the_councils_people_and_history_says_who(
    client, manager, other_manager, outsider, plan
):
    client.force_login(manager)
    action = add_action(client, plan)
    url = reverse("actionplans:action-edit", args=[plan.pk, action.pk])
    page = client.get(url)
    offered = set(page.context["form"].fields["lead_officer_user"].queryset)
    assert other_manager in offered and outsider not in offered
    refused = client.post(url, form_data(page, lead_officer_user=str(outsider.pk)))
    assert refused.status_code == 200
    assert Action.objects.get(pk=action.pk).lead_officer_user is None

    client.force_login(other_manager)
    edit_action(client, action, lead_officer_user=str(other_manager.pk))

    assert Action.objects.get(pk=action.pk).lead_officer_user == other_manager
    said = plan_history(plan)[0]
    assert (said.who, said.changes) == (
        "Dan Okafor",
        ["Lead officer's EqA account of T1.7 changed from ‘(empty)’ to ‘Dan Okafor’"],
    )
