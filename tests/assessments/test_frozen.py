"""Once signed off, nothing in an EIA can change: not its pages, not the admin, not save() or update()."""

import html
import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentAction, ImpactRow, Status
from assessments.services import assessment_approve, assessment_moderate
from councils.lifecycle import RecordFrozen
from councils.models import Role
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")

EDIT_URLS = ["assessments:edit", "assessments:grid", "assessments:coverage", "assessments:action-add"]
ACTION_URLS = ["assessments:action-edit", "assessments:action-remove"]


@pytest.fixture
def signed(council, service, author):
    eia = ready_assessment(council, service, author)
    Assessment.objects.filter(pk=eia.pk).update(status=Status.SUBMITTED)
    return assessment_approve(
        assessment=Assessment.objects.get(pk=eia.pk), by=person_with_role(council, Role.APPROVER, "approver")
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", EDIT_URLS + ACTION_URLS)
def test_every_edit_page_refuses(client, signed, author, name, method):
    args = [signed.pk] + ([signed.actions.get().pk] if name in ACTION_URLS else [])
    client.force_login(author)
    response = getattr(client, method)(reverse(name, args=args), {"title": "Changed", "action_required": "x"})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=signed.pk).title == "Care at home services"


def test_an_author_is_told_to_start_a_review_instead(client, signed, author):
    client.force_login(author)
    response = client.get(reverse("assessments:edit", args=[signed.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "This EIA is signed off" in page and "Start a review to change it" in page
    assert f'href="{reverse("assessments:start-review", args=[signed.pk])}"' in page


def test_an_author_of_a_submitted_eia_is_told_to_ask_for_it_back(client, council, service, author):
    eia = ready_assessment(council, service, author)
    Assessment.objects.filter(pk=eia.pk).update(status=Status.SUBMITTED)
    client.force_login(author)
    response = client.get(reverse("assessments:grid", args=[eia.pk]))
    assert response.status_code == 403
    assert "ask an approver to return it to you" in response.content.decode()


def test_a_person_who_cannot_edit_gets_the_plain_refusal(client, signed, viewer):
    client.force_login(viewer)
    response = client.get(reverse("assessments:edit", args=[signed.pk]))
    assert response.status_code == 403
    assert "Start a review" not in response.content.decode()


def test_the_admin_refuses(admin_client, signed):
    url = reverse("admin:assessments_assessment_change", args=[signed.pk])
    response = admin_client.post(url, {"title": "Changed in the admin"})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=signed.pk).title == "Care at home services"


def test_the_admin_shows_it_read_only(admin_client, signed):
    response = admin_client.get(reverse("admin:assessments_assessment_change", args=[signed.pk]))
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()


def test_save_raises(signed):
    signed.title = "Changed"
    with pytest.raises(RecordFrozen):
        signed.save()


def test_save_of_a_stale_copy_raises(signed):
    stale = Assessment.objects.get(pk=signed.pk)
    stale.status = Status.DRAFT  # a copy in memory that claims to be a draft changes nothing
    with pytest.raises(RecordFrozen):
        stale.save()


def test_queryset_update_raises(signed):
    with pytest.raises(RecordFrozen):
        Assessment.objects.filter(pk=signed.pk).update(title="Changed")


def test_delete_raises(signed):
    with pytest.raises(RecordFrozen):
        signed.delete()
    with pytest.raises(RecordFrozen):
        Assessment.objects.filter(pk=signed.pk).delete()


def test_a_row_cannot_change(signed):
    row = signed.rows.get(position=2)
    row.negative = "Changed"
    with pytest.raises(RecordFrozen):
        row.save()
    with pytest.raises(RecordFrozen):
        ImpactRow.objects.filter(assessment=signed).update(neutral="Changed")
    with pytest.raises(RecordFrozen):
        ImpactRow.objects.bulk_update([row], ["negative"])


def test_a_row_cannot_be_added_or_removed(signed):
    with pytest.raises(RecordFrozen):
        ImpactRow.objects.create(assessment=signed, position=99, label="Veterans")
    with pytest.raises(RecordFrozen):
        signed.rows.first().delete()


def test_an_action_cannot_change(signed):
    action = signed.actions.get()
    action.action_required = "Changed"
    with pytest.raises(RecordFrozen):
        action.save()
    with pytest.raises(RecordFrozen):
        AssessmentAction.objects.filter(assessment=signed).update(priority="low")
    with pytest.raises(RecordFrozen):
        AssessmentAction.objects.create(assessment=signed, action_required="New", priority="low")


def test_an_actions_links_cannot_be_cleared(signed):
    with pytest.raises(RecordFrozen):
        signed.actions.get().mitigates.clear()


def test_an_actions_links_cannot_be_added(signed):
    with pytest.raises(RecordFrozen):
        signed.actions.get().mitigates.add(signed.rows.first())


def test_the_steps_after_sign_off_still_move_it_on(signed, council):
    moderated = assessment_moderate(
        assessment=signed,
        by=person_with_role(council, Role.MODERATOR, "moderator"),
        body="Equality Group",
        on=signed.approved_at.date(),
        outcome="endorsed",
    )
    assert Assessment.objects.get(pk=moderated.pk).status == Status.MODERATED


def words(response):
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())


def sent_from_an_old_tab(client, eia, name, status, **typed):
    """The EIA's page `name`, opened while it was a draft, sent with `typed` once it is in `status`."""
    url = reverse(name, args=[eia.pk])
    client.force_login(eia.created_by)
    old_tab = client.get(url)
    Assessment.objects.filter(pk=eia.pk).update(status=status)
    return client.post(url, form_data(old_tab, **typed))


def test_what_was_typed_into_the_grid_after_it_was_submitted_is_shown_back(client, council, service, author):
    eia = ready_assessment(council, service, author)
    typed = {"rows-0-positive": "Typed after it was submitted."}
    response = sent_from_an_old_tab(client, eia, "assessments:grid", Status.SUBMITTED, **typed)
    assert response.status_code == 403
    page = words(response)
    assert "What you typed is not saved" in page
    assert f"Positive impact for {eia.rows.get(position=1).label} Typed after it was submitted." in page
    # Only what differs from what is saved.
    assert "Neutral impact for" not in page


def test_what_was_typed_into_the_details_after_sign_off_is_shown_back(client, council, service, author):
    eia = ready_assessment(council, service, author)
    typed = {"aims": "Keep people at home, and out of hospital."}
    response = sent_from_an_old_tab(client, eia, "assessments:edit", Status.APPROVED, **typed)
    assert response.status_code == 403
    assert "Keep people at home, and out of hospital." in words(response)
    assert Assessment.objects.get(pk=eia.pk).aims == "Keep people at home."
