"""Two people saving the same EIA: the second is told, sees both texts, and loses nothing."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, IssuedPdf, Status, StatusChange
from assessments.services import assessment_approve
from councils.lifecycle import TransitionRefused
from councils.models import Role
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data


@pytest.fixture
def colleague(council):
    return person_with_role(council, Role.AUTHOR, "colleague")


def opened(client, url):
    """The form as the person's browser holds it after opening the page."""
    return form_data(client.get(url))


def test_the_second_grid_save_is_refused_and_shows_both_texts(assessment, author, colleague):
    url = reverse("assessments:grid", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    alice_page, colin_page = opened(alice, url), opened(colin, url)

    alice.post(url, {**alice_page, "rows-1-positive": "Alice: home visits suit disabled people."})
    response = colin.post(url, {**colin_page, "rows-1-positive": "Colin: adapted homes help."})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Somebody else saved this assessment after you opened this page" in page
    assert "Alice: home visits suit disabled people." in page and "Colin: adapted homes help." in page
    assert assessment.rows.get(position=2).positive == "Alice: home visits suit disabled people."


def test_saving_again_after_seeing_the_difference_keeps_the_second_text(assessment, author, colleague):
    url = reverse("assessments:grid", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    colin_page = opened(colin, url)
    alice.post(url, {**opened(alice, url), "rows-1-positive": "Alice's text."})
    refused = colin.post(url, {**colin_page, "rows-1-positive": "Colin's text."})
    colin.post(url, form_data(refused))
    assert assessment.rows.get(position=2).positive == "Colin's text."


def test_a_clash_with_the_persons_own_save_in_another_tab_says_it_was_theirs(assessment, author):
    url = reverse("assessments:edit", args=[assessment.pk])
    alice = Client()
    alice.force_login(author)
    first_tab, second_tab = opened(alice, url), opened(alice, url)
    alice.post(url, {**first_tab, "aims": "Aims typed in the first tab."})
    response = alice.post(url, {**second_tab, "aims": "Aims typed in the second tab."})
    page = response.content.decode()
    assert "You saved this assessment in another tab or window after you opened this page" in page
    assert '<h2 class="govuk-heading-m">You saved this in another tab or window</h2>' in page
    assert "Somebody else" not in page


def test_saves_of_different_rows_merge_and_keep_both(assessment, author, colleague):
    url = reverse("assessments:grid", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    colin_page = opened(colin, url)
    alice.post(url, {**opened(alice, url), "rows-0-neutral": "Alice's text on another row."})
    response = colin.post(url, {**colin_page, "rows-2-neutral": "Colin's text."})
    assert response.status_code == 302
    assert assessment.rows.get(position=3).neutral == "Colin's text."
    assert assessment.rows.get(position=1).neutral == "Alice's text on another row."


def test_the_second_details_save_is_refused_and_keeps_what_was_typed(assessment, author, colleague):
    url = reverse("assessments:edit", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    colin_page = opened(colin, url)
    alice.post(url, {**opened(alice, url), "aims": "Alice's aims."})
    response = colin.post(url, {**colin_page, "aims": "Colin's aims."})
    assert response.context["differences"] == [("Main aims, purpose and outcomes", "Colin's aims.", "Alice's aims.")]
    assert "Colin&#x27;s aims." in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).aims == "Alice's aims."


def test_a_double_clicked_start_makes_one_assessment_per_click_and_says_so(client, author, service):
    # Each click is its own POST; the button's data-prevent-double-click stops the second in the browser.
    client.force_login(author)
    client.post(reverse("assessments:start"), {"service": service.pk, "title": "Day care", "subject_type": "service"})
    assert Assessment.objects.filter(title="Day care").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_sign_off_once(council, service):
    """Two heads of service press Sign off together, on two connections: one signs it off, one is refused."""
    eia = ready_assessment(council, service, person_with_role(council, Role.AUTHOR, "writer"))
    Assessment.objects.filter(pk=eia.pk).update(status=Status.SUBMITTED)
    approvers = [person_with_role(council, Role.APPROVER, f"approver-{n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes = []

    def approve(person):
        try:
            start.wait()
            assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=person)
            outcomes.append("signed off")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(person,)) for person in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused", "signed off"]
    assert StatusChange.objects.filter(assessment=eia, to_status=Status.APPROVED).count() == 1
    assert IssuedPdf.objects.filter(assessment=eia).count() == 1


def test_details_saves_merge_a_change_of_service_with_a_change_of_aims(assessment, author, colleague, council):
    from tests.factories import ServiceFactory

    other_service = ServiceFactory(council=council, name="Housing")
    url = reverse("assessments:edit", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    colin_page = opened(colin, url)
    alice.post(url, {**opened(alice, url), "service": other_service.pk})
    response = colin.post(url, {**colin_page, "aims": "Colin's aims."})
    saved = Assessment.objects.get(pk=assessment.pk)
    assert response.status_code == 302
    assert (saved.service, saved.aims) == (other_service, "Colin's aims.")
