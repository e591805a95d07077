"""Rows an author adds to a draft EIA for a group the council's list lacks: named, rated, removable while draft,
copied to a review, in History, on the page and the PDF; the coverage check is as it was."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment, ImpactLevel, Status
from assessments.pdf import assessment_pdf_response
from councils.models import CreatedOnce


def add_url(assessment):
    return reverse("assessments:row-add", args=[assessment.pk])


def remove_url(row):
    return reverse("assessments:row-remove", args=[row.assessment_id, row.pk])


def add(client, assessment, label="Armed forces community", **more):
    page = client.get(add_url(assessment))
    form = page.context["form"]
    data = {"once": form.initial["once"], "revision": page.context["revision"], "label": label, **more}
    return client.post(add_url(assessment), data), data


@pytest.fixture
def signed_in(client, author):
    client.force_login(author)
    return client


def test_an_author_adds_a_row_after_the_councils_rows(signed_in, assessment):
    last = assessment.rows.count()
    response, _ = add(signed_in, assessment, guidance="Veterans and their families.")
    assert response["Location"] == reverse("assessments:grid", args=[assessment.pk])
    row = assessment.rows.get(label="Armed forces community")
    assert (row.position, row.guidance, row.covers, row.added_by_author) == (
        last + 1,
        "Veterans and their families.",
        [],
        True,
    )


def test_the_same_post_twice_adds_one_row(signed_in, assessment):
    _, data = add(signed_in, assessment)
    signed_in.post(add_url(assessment), data)
    assert assessment.rows.filter(label="Armed forces community").count() == 1
    assert CreatedOnce.objects.count() == 1


def test_a_name_already_on_the_grid_is_refused_saying_what_to_do(signed_in, assessment):
    assert assessment.rows.filter(label="Age").exists()
    response, _ = add(signed_in, assessment, label="  age ")
    assert response.context["errors"] == [
        (
            "The grid already has a row ‘Age’: fill that row in on the impact grid, or name the group this row is for "
            "differently",
            "id_label",
        )
    ]
    assert assessment.rows.filter(label__iexact="age").count() == 1


def test_it_asks_for_the_group(signed_in, assessment):
    response, _ = add(signed_in, assessment, label="")
    assert response.context["errors"][0][0] == "Enter the group or area the row is for"


def test_the_added_row_is_rated_like_any_other_and_leaves_the_coverage_check_alone(signed_in, assessment):
    before = [c.value for c in Assessment.objects.get(pk=assessment.pk).uncovered_characteristics()]
    add(signed_in, assessment)
    row = assessment.rows.get(label="Armed forces community")
    row.negative, row.negative_level = "Fewer veterans' groups meet nearby.", ImpactLevel.LOW
    row.save()
    assert [c.value for c in Assessment.objects.get(pk=assessment.pk).uncovered_characteristics()] == before
    assert Assessment.objects.get(pk=assessment.pk).worst_negative_level() == ImpactLevel.LOW


def test_the_grid_and_the_eia_page_mark_it_as_added_for_this_eia(signed_in, assessment):
    add(signed_in, assessment)
    grid = signed_in.get(reverse("assessments:grid", args=[assessment.pk])).content.decode()
    assert "(added for this EIA)" in grid
    assert remove_url(assessment.rows.get(label="Armed forces community")) in grid
    assert (
        "Armed forces community (added for this EIA)" in signed_in.get(assessment.get_absolute_url()).content.decode()
    )


def test_the_pdf_marks_it_as_added_for_this_eia(signed_in, assessment):
    add(signed_in, assessment)
    fresh = Assessment.objects.select_related("council", "service").get(pk=assessment.pk)
    reader = PdfReader(io.BytesIO(assessment_pdf_response(fresh).content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Armed forces community (added for this EIA)" in text


def test_an_author_removes_a_row_they_added(signed_in, assessment):
    add(signed_in, assessment)
    row = assessment.rows.get(label="Armed forces community")
    assert "Remove the row" in signed_in.get(remove_url(row)).content.decode()
    signed_in.post(remove_url(row))
    assert not assessment.rows.filter(label="Armed forces community").exists()


def test_a_row_of_the_councils_list_cannot_be_removed(signed_in, assessment):
    row = assessment.rows.first()
    assert signed_in.post(remove_url(row)).status_code == 404
    assert assessment.rows.filter(pk=row.pk).exists()


def test_adding_and_removing_are_in_the_eias_history(signed_in, assessment):
    add(signed_in, assessment, label="Care leavers")
    signed_in.post(remove_url(assessment.rows.get(label="Care leavers")))
    page = signed_in.get(reverse("assessments:history", args=[assessment.pk])).content.decode()
    assert "Added the row ‘Care leavers’ to the impact grid" in page
    assert "Removed the row ‘Care leavers’ from the impact grid" in page


def test_a_review_copies_the_added_row(signed_in, assessment, author):
    add(signed_in, assessment)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.APPROVED)
    review = Assessment.objects.get(pk=assessment.pk).start_review(by=author)
    copy = review.rows.get(label="Armed forces community")
    assert copy.added_by_author


def test_nothing_is_added_or_removed_once_signed_off(signed_in, assessment):
    add(signed_in, assessment)
    row = assessment.rows.get(label="Armed forces community")
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.APPROVED)
    assert signed_in.get(add_url(assessment)).status_code == 403
    assert signed_in.post(remove_url(row)).status_code == 403
    assert assessment.rows.filter(pk=row.pk).exists()


def test_an_outsider_gets_404(client, outsider, assessment):
    client.force_login(outsider)
    assert client.get(add_url(assessment)).status_code == 404


def test_a_viewer_may_not_add_a_row(client, viewer, assessment):
    client.force_login(viewer)
    assert client.get(add_url(assessment)).status_code == 403


def test_removing_is_not_by_put(signed_in, assessment):
    add(signed_in, assessment)
    assert signed_in.put(remove_url(assessment.rows.get(label="Armed forces community"))).status_code == 405
