"""Every form that creates something creates it once: the same POST sent twice (Back then Save again, or a script
sending it twice) lands on the record the first made, says so, and creates nothing more."""

import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actionplans.models import Action, ActionPlan, CqcResult, StatusUpdate
from assessments.forms import StartAssessmentForm
from assessments.models import Assessment, AssessmentAction
from councils.models import CreatedOnce
from councils.once import ALREADY_SAVED, AlreadySaved, create_once
from tests.actionplans.cqc_helpers import statements
from tests.factories import ActionFactory, statement, status_word
from tests.page_forms import form_data


def post_twice(client, url, **typed):
    """Open the form once, as a person would, and send what it holds twice: both responses."""
    data = form_data(client.get(url), **typed)
    assert data["once"]
    return client.post(url, data), client.post(url, data)


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_eia_is_started_once(client, author, service):
    client.force_login(author)
    first, second = post_twice(
        client, reverse("assessments:start"), service=str(service.pk), title="Care at home", subject_type=["service"]
    )
    assessment = Assessment.objects.get()
    assert first["Location"] == second["Location"] == assessment.get_absolute_url()
    assert ALREADY_SAVED in said(second)


def test_an_eia_action_is_added_once(client, author, assessment):
    client.force_login(author)
    first, second = post_twice(
        client,
        reverse("assessments:action-add", args=[assessment.pk]),
        action_required="Map current provision",
        priority=["low"],
    )
    assert AssessmentAction.objects.filter(assessment=assessment).count() == 1
    assert (
        second["Location"] == first["Location"] == reverse("assessments:detail", args=[assessment.pk]) + "#action-plan"
    )


def test_a_plan_is_started_once(client, manager, council):
    client.force_login(manager)
    first, second = post_twice(
        client, reverse("actionplans:start"), title="Peer review action plan", source=["lga_peer_review"]
    )
    assert second["Location"] == first["Location"] == ActionPlan.objects.get().get_absolute_url()


def test_a_plan_action_is_added_once(client, manager, plan):
    client.force_login(manager)
    first, second = post_twice(
        client,
        reverse("actionplans:action-add", args=[plan.pk]),
        ref="T1.10",
        quality_statement=str(statement("Assessing needs").pk),
        area_of_focus="Carers",
    )
    action = Action.objects.get()
    assert second["Location"] == first["Location"] == action.get_absolute_url()
    assert ALREADY_SAVED in said(second)


def test_a_status_update_is_recorded_once(client, manager, plan):
    action = ActionFactory(plan=plan)
    client.force_login(manager)
    first, second = post_twice(
        client,
        reverse("actionplans:action-update", args=[plan.pk, action.pk]),
        word=[str(status_word(plan.council, "On track").pk)],
        note="Training dates agreed with the provider.",
    )
    assert StatusUpdate.objects.filter(action=action).count() == 1
    assert second["Location"] == first["Location"] == action.get_absolute_url()


def test_a_cqc_result_is_recorded_once(client, manager, council):
    client.force_login(manager)
    scores = {f"score_{s.pk}": ["3"] for s in statements()}
    dates = {"assessed_on_0": "14", "assessed_on_1": "11", "assessed_on_2": "2024"}
    dates.update(published_on_0="20", published_on_1="12", published_on_2="2024")
    first, second = post_twice(client, reverse("actionplans:cqc-start"), **dates, **scores)
    assert second["Location"] == first["Location"] == CqcResult.objects.get().get_absolute_url()


def test_a_grid_row_is_added_once_and_changing_one_carries_no_key(client, council_admin, council):
    client.force_login(council_admin)
    rows = council.characteristics.count()
    first, second = post_twice(
        client, reverse("assessments:settings-grid-row-add", args=[council.slug]), label="Armed forces community"
    )
    assert council.characteristics.filter(label="Armed forces community").count() == 1
    assert council.characteristics.count() == rows + 1
    assert second["Location"] == first["Location"] == reverse("assessments:settings-grid-rows", args=[council.slug])
    assert ALREADY_SAVED in said(second)
    row = council.characteristics.get(label="Armed forces community")
    page = client.get(reverse("assessments:settings-grid-row-edit", args=[council.slug, row.pk]))
    assert 'name="once"' not in page.content.decode()


def test_a_form_that_fails_keeps_its_key_so_its_corrected_save_creates_once(client, author, service):
    client.force_login(author)
    url = reverse("assessments:start")
    data = form_data(client.get(url), service=str(service.pk), title="", subject_type=["service"])
    shown_again = client.post(url, data)
    corrected = form_data(shown_again, title="Care at home")
    assert corrected["once"] == data["once"]
    client.post(url, corrected)
    client.post(url, corrected)
    assert Assessment.objects.count() == 1


def test_each_showing_of_a_form_has_its_own_key(client, author, service):
    client.force_login(author)
    url = reverse("assessments:start")
    assert form_data(client.get(url))["once"] != form_data(client.get(url))["once"]


def test_another_persons_key_leads_to_nothing_of_theirs(client, author, service, council):
    from tests.factories import MembershipFactory, UserFactory

    colleague = MembershipFactory(council=council, role="author", user=UserFactory(username="colin")).user
    client.force_login(author)
    url = reverse("assessments:start")
    data = form_data(client.get(url), service=str(service.pk), title="Care at home", subject_type=["service"])
    client.post(url, data)
    client.force_login(colleague)
    response = client.post(url, {**data, "title": "Day care"})
    assert ALREADY_SAVED not in said(response)
    assert sorted(Assessment.objects.values_list("title", flat=True)) == ["Care at home", "Day care"]


def test_when_two_posts_of_one_key_race_the_second_keeps_nothing(author, service, rf):
    """The database's unique key decides: the POST that loses undoes what it made and answers with the first's."""
    request = rf.post("/")
    request.user = author
    form = StartAssessmentForm(
        {"service": service.pk, "title": "Care at home", "subject_type": "service", "once": str(uuid.uuid4())},
        services=service.council.services.all(),
    )
    assert form.is_valid()

    def create():
        assessment = form.save(commit=False)
        assessment.council, assessment.created_by = service.council, author
        assessment.save()
        return assessment

    first = create_once(request, form, create).pk
    form.instance.pk = None
    with pytest.raises(AlreadySaved) as lost:
        create_once(request, form, create)
    assert lost.value.made.object_id == first
    assert Assessment.objects.count() == CreatedOnce.objects.count() == 1
