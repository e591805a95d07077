"""The history of changes: every change to an EIA, its grid and its action plan, in sentences, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from assessments.models import Assessment, AssessmentAction, ImpactRow
from councils.models import Role
from tests.factories import AssessmentActionFactory, MembershipFactory, UserFactory
from tests.page_forms import grid_data


def revision(assessment):
    return Assessment.objects.get(pk=assessment.pk).revision


def history(client, assessment, **params):
    return client.get(reverse("assessments:history", args=[assessment.pk]), params).content.decode()


def save_grid(client, assessment, changes):
    response = client.post(
        reverse("assessments:grid", args=[assessment.pk]),
        {**grid_data(assessment, changes), "revision": revision(assessment)},
    )
    assert response.status_code == 302


def save_details(client, assessment, **changes):
    fresh = Assessment.objects.get(pk=assessment.pk)
    data = {
        name: getattr(fresh, name)
        for name in (
            "title",
            "subject_type",
            "aims",
            "service_users",
            "stakeholders",
            "lead_officer",
            "commissioning_officers",
            "evidence",
            "engagement",
            "decision",
            "decision_reason",
            "head_of_service",
        )
    }
    data.update(
        {
            "service": fresh.service_id,
            "lead_officer_user": fresh.lead_officer_user_id or "",
            "revision": fresh.revision,
            **changes,
        }
    )
    response = client.post(reverse("assessments:edit", args=[assessment.pk]), data)
    assert response.status_code == 302


def action_data(assessment, **changes):
    return {
        "action_required": "Geographical coverage",
        "key_activity": "Map current provision.",
        "priority": "low",
        "outcomes_required": "Coverage matches demand.",
        "officer_responsible": "Judith Culleton/Phil Green",
        "review_0": "",
        "review_1": "8",
        "review_2": "2014",
        "review_date_note": "",
        "review_in_past": "on",
        "revision": revision(assessment),
        **changes,
    }


def add_action(client, assessment, **changes):
    response = client.post(reverse("assessments:action-add", args=[assessment.pk]), action_data(assessment, **changes))
    assert response.status_code == 302
    return AssessmentAction.objects.filter(assessment=assessment).latest("pk")


def row(assessment, label):
    return ImpactRow.objects.get(assessment=assessment, label=label)


@pytest.fixture
def other_author(council):
    user = UserFactory(username="dan-author", first_name="Dan", last_name="Okafor")
    MembershipFactory(council=council, role=Role.AUTHOR, user=user)
    return user


def test_it_says_what_changed_in_the_grid_and_who_changed_it(client, author, assessment):
    client.force_login(author)
    save_grid(client, assessment, {2: {"negative": "Steps at the front door.", "negative_level": "high"}})
    page = history(client, assessment)
    assert "Negative impact for Disability changed from ‘(empty)’ to ‘Steps at the front door.’" in page
    assert "Level of negative impact for Disability changed from ‘(empty)’ to ‘High’" in page
    assert f"By {author.get_full_name()}" in page


def test_it_compares_a_row_with_its_previous_change(client, author, other_author, assessment):
    client.force_login(author)
    save_grid(client, assessment, {2: {"negative": "Steps at the front door.", "negative_level": "high"}})
    client.force_login(other_author)
    save_grid(client, assessment, {2: {"negative": "Steps at the front door.", "negative_level": "medium"}})
    page = history(client, assessment)
    assert "Level of negative impact for Disability changed from ‘High’ to ‘Medium’" in page
    assert page.index("By Dan Okafor") < page.index(f"By {author.get_full_name()}")


def test_it_names_a_details_field_as_the_page_does(client, author, assessment):
    client.force_login(author)
    save_details(client, assessment, aims="Keep people at home.")
    assert "Main aims, purpose and outcomes changed from ‘(empty)’ to ‘Keep people at home.’" in history(
        client, assessment
    )


def test_it_shows_a_decision_by_its_words(client, author, assessment):
    client.force_login(author)
    save_details(client, assessment, decision="adjust")
    assert (
        "Decision changed from ‘Not decided’ to ‘Adjust the proposal to remove barriers or better promote equality’"
    ) in history(client, assessment)


def test_it_shortens_a_long_text(client, author, assessment):
    client.force_login(author)
    save_details(client, assessment, evidence="Census data. " * 40)
    page = history(client, assessment)
    assert "Evidence changed from ‘(empty)’ to ‘Census data. Census data." in page
    assert "Census data. " * 20 not in page
    assert "…’" in page


def test_it_says_an_action_was_added_and_removed(client, author, assessment):
    client.force_login(author)
    action = add_action(client, assessment)
    client.post(reverse("assessments:action-remove", args=[assessment.pk, action.pk]))
    page = history(client, assessment)
    assert "Added the action ‘Geographical coverage’" in page
    assert "Removed the action ‘Geographical coverage’" in page


def test_it_says_what_changed_in_an_action(client, author, other_author, assessment):
    client.force_login(author)
    action = add_action(client, assessment)
    client.force_login(other_author)
    client.post(
        reverse("assessments:action-edit", args=[assessment.pk, action.pk]),
        action_data(assessment, priority="high", review_0="3"),
    )
    page = history(client, assessment)
    assert "Priority of the action ‘Geographical coverage’ changed from ‘Low’ to ‘High’" in page
    assert "Review date of the action ‘Geographical coverage’ changed from ‘August 2014’ to ‘3 August 2014’" in page


def test_it_says_which_impacts_an_action_addresses(client, author, other_author, assessment):
    client.force_login(author)
    action = add_action(client, assessment, mitigates=[row(assessment, "Race").pk, row(assessment, "Disability").pk])
    client.force_login(other_author)
    client.post(
        reverse("assessments:action-edit", args=[assessment.pk, action.pk]),
        action_data(assessment, mitigates=[row(assessment, "Race").pk]),
    )
    page = history(client, assessment)
    assert "Impacts the action ‘Geographical coverage’ addresses changed from ‘(empty)’ to ‘Disability; Race’" in page
    assert "Impacts the action ‘Geographical coverage’ addresses changed from ‘Disability; Race’ to ‘Race’" in page


def test_links_replaced_in_one_save_are_one_change_and_saves_in_the_same_second_are_each_told(
    client, author, other_author, assessment
):
    client.force_login(author)
    action = add_action(client, assessment, mitigates=[row(assessment, "Race").pk])
    client.force_login(other_author)
    edit = reverse("assessments:action-edit", args=[assessment.pk, action.pk])
    # One save takes Race away and adds Disability; the next, in the same second, puts Race back.
    client.post(edit, action_data(assessment, mitigates=[row(assessment, "Disability").pk]))
    client.post(edit, action_data(assessment, mitigates=[row(assessment, "Race").pk]))
    page = history(client, assessment)
    assert (
        "Impacts the action ‘Geographical coverage’ addresses changed from ‘Race’ to ‘Disability’, then to ‘Race’"
    ) in page


def test_it_escapes_what_was_typed(client, author, assessment):
    client.force_login(author)
    save_grid(client, assessment, {1: {"neutral": "<script>alert('x')</script>"}})
    page = history(client, assessment)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_it_starts_with_the_assessment_being_started(client, author, assessment):
    client.force_login(author)
    page = history(client, assessment)
    assert "Started the assessment ‘Joint commissioning of care at home services’" in page
    assert "By EqA" in page


def test_it_folds_the_rows_created_with_the_assessment_into_one_sentence(client, author, council, service):
    from tests.factories import AssessmentFactory

    eia = AssessmentFactory(council=council, service=service, title="Day services")
    ImpactRow.objects.filter(assessment=eia).delete()
    started = Assessment.history.get(id=eia.pk)
    bulk_create_with_history(
        [ImpactRow(assessment=eia, position=p, label=f"Row {p}") for p in range(1, 15)],
        ImpactRow,
        default_date=started.history_date,
    )
    client.force_login(author)
    page = history(client, eia)
    assert "The grid was created with 14 rows" in page
    assert "Row 3" not in page


def test_it_says_when_there_is_nothing_yet(client, author, assessment):
    Assessment.history.filter(id=assessment.pk).delete()
    client.force_login(author)
    assert "No changes have been recorded yet." in history(client, assessment)


def test_it_is_not_found_for_another_council(client, outsider, assessment):
    client.force_login(outsider)
    assert client.get(reverse("assessments:history", args=[assessment.pk])).status_code == 404


def test_it_makes_the_same_number_of_queries_for_1_and_30_changes(
    client, author, assessment, django_assert_max_num_queries
):
    client.force_login(author)
    action = add_action(client, assessment, mitigates=[row(assessment, "Race").pk])
    with django_assert_max_num_queries(20) as one_change:
        history(client, assessment)
    queries = len(one_change)  # now: the next request empties the connection's log of queries
    for n in range(10):
        save_grid(client, assessment, {n + 1: {"positive": f"Change {n}."}})
        save_details(client, assessment, aims=f"Aims {n}.")
        client.post(
            reverse("assessments:action-edit", args=[assessment.pk, action.pk]),
            action_data(
                assessment,
                key_activity=f"Activity {n}.",
                mitigates=[row(assessment, "Race").pk, row(assessment, "Age").pk][: n % 2 + 1],
            ),
        )
    with django_assert_max_num_queries(queries):
        page = history(client, assessment)
    assert "Key activity of the action ‘Geographical coverage’ changed from" in page


def test_it_compares_a_review_with_the_version_it_reviews(client, author, assessment):
    ImpactRow.objects.filter(assessment=assessment, label="Disability").update(negative="Steps.", negative_level="high")
    AssessmentActionFactory(assessment=assessment, action_required="Ramp at the front door")
    Assessment.objects.filter(pk=assessment.pk).update(status="approved")
    client.force_login(author)
    client.post(reverse("assessments:start-review", args=[assessment.pk]))
    draft = Assessment.objects.get(previous_version=assessment)
    save_grid(client, draft, {2: {"negative": "Steps at the side door."}})
    page = history(client, draft)
    assert "Started version 2 of the assessment ‘Joint commissioning of care at home services’" in page
    assert "The action plan was copied with 1 action" in page
    assert "Negative impact for Disability changed from ‘Steps.’ to ‘Steps at the side door.’" in page


def test_a_review_started_across_a_second_boundary_is_still_one_entry(client, author, assessment):
    """A busy server may take the start of a review from 09:00:00.98 to 09:00:01.02: still one moment."""
    AssessmentActionFactory(assessment=assessment, action_required="Ramp at the front door")
    Assessment.objects.filter(pk=assessment.pk).update(status="approved")
    client.force_login(author)
    client.post(reverse("assessments:start-review", args=[assessment.pk]))
    draft = Assessment.objects.get(previous_version=assessment)
    started = Assessment.history.filter(id=draft.pk, history_type="+").get().history_date
    just_before_a_second = started.replace(microsecond=980_000)
    Assessment.history.filter(id=draft.pk).update(history_date=just_before_a_second)
    ImpactRow.history.filter(assessment_id=draft.pk).update(history_date=just_before_a_second)
    AssessmentAction.history.filter(assessment_id=draft.pk).update(
        history_date=just_before_a_second + timedelta(milliseconds=40)
    )

    page = history(client, draft)
    assert "The action plan was copied with 1 action" in page
