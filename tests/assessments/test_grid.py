"""The impact grid: one page, every row; a level needs negative text and negative text needs a level."""

import pytest
from django.urls import reverse

from assessments.models import ImpactRow
from tests.page_forms import form_data, grid_data


@pytest.fixture
def url(assessment):
    return reverse("assessments:grid", args=[assessment.pk])


def test_it_shows_every_row_of_the_grid(client, author, assessment, url):
    client.force_login(author)
    response = client.get(url)
    for row in assessment.rows.all():
        assert row.label in response.content.decode()


def test_it_saves_what_its_own_page_posts_back(client, author, assessment, url):
    """The page's hidden fields and inputs, posted back as a browser would, with one cell typed in."""
    import re

    client.force_login(author)
    page = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="(rows-[\w-]+|revision)" value="([^"]*)"', page))
    data.update(
        {
            f"rows-{index}-{name}": ""
            for index in range(assessment.rows.count())
            for name in ("neutral", "positive", "negative")
        }
    )
    data["rows-1-positive"] = "Care at home suits people with a disability."
    assert client.post(url, data).status_code == 302
    assert assessment.rows.get(position=2).positive == "Care at home suits people with a disability."


def test_it_writes_and_records_only_the_rows_that_changed(client, author, assessment, url):
    """The page posted back as a browser would, with one cell typed in: one row has a new History entry."""
    client.force_login(author)
    data = form_data(client.get(url), **{"rows-1-positive": "Care at home suits people with a disability."})
    recorded = ImpactRow.history.filter(assessment=assessment).count()
    client.post(url, data)
    assert ImpactRow.history.filter(assessment=assessment).count() == recorded + 1


def test_it_saves_a_half_filled_grid_as_a_draft(client, author, assessment, url):
    client.force_login(author)
    response = client.post(
        url,
        grid_data(
            assessment,
            {
                1: {"positive": "Older people keep their own carers."},
                2: {"negative": "Steps at the front door.", "negative_level": "high"},
            },
        ),
    )
    assert response.status_code == 302
    rows = {row.position: row for row in assessment.rows.all()}
    assert rows[1].positive == "Older people keep their own carers."
    assert (rows[2].negative, rows[2].negative_level) == ("Steps at the front door.", "high")
    assert rows[3].neutral == rows[3].positive == rows[3].negative == ""


def test_it_refuses_negative_text_without_a_level_on_that_row(client, author, assessment, url):
    client.force_login(author)
    response = client.post(url, grid_data(assessment, {2: {"negative": "Steps at the front door."}}))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert list(formset.forms[1].errors) == ["negative_level"]
    assert not any(form.errors for index, form in enumerate(formset.forms) if index != 1)
    assert "Choose High, Medium or Low for the negative impact on Disability" in response.content.decode()


def test_it_refuses_a_level_without_negative_text_on_that_row(client, author, assessment, url):
    client.force_login(author)
    response = client.post(url, grid_data(assessment, {3: {"negative_level": "medium"}}))
    assert response.status_code == 200
    assert list(response.context["formset"].forms[2].errors) == ["negative"]
    assert "Describe the negative impact on Gender reassignment" in response.content.decode()


def test_it_keeps_everything_typed_when_a_row_has_an_error(client, author, assessment, url):
    client.force_login(author)
    response = client.post(
        url,
        grid_data(
            assessment,
            {
                1: {"neutral": "Available to all ages."},
                2: {"negative_level": "low"},
                5: {"positive": "Maternity cover is planned."},
            },
        ),
    )
    page = response.content.decode()
    assert "Available to all ages." in page
    assert "Maternity cover is planned." in page
    assert not ImpactRow.objects.filter(assessment=assessment).exclude(neutral="", positive="").exists()


def test_it_links_each_error_in_the_summary_to_its_field(client, author, assessment, url):
    client.force_login(author)
    response = client.post(url, grid_data(assessment, {2: {"negative": "Steps."}, 3: {"negative_level": "low"}}))
    assert response.context["errors"] == [
        ("Choose High, Medium or Low for the negative impact on Disability", "id_rows-1-negative_level_1"),
        (
            "Describe the negative impact on Gender reassignment before choosing its level, or choose "
            "‘No negative impact’",
            "id_rows-2-negative",
        ),
    ]


def test_it_refuses_rows_of_another_assessment_slipped_into_the_post(client, author, assessment, url, council, service):
    from tests.factories import AssessmentFactory

    other = AssessmentFactory(council=council, service=service)
    data = grid_data(assessment)
    data["rows-0-id"] = other.rows.first().pk
    data["rows-0-neutral"] = "Overwritten?"
    client.force_login(author)
    response = client.post(url, data)
    assert "The rows of this grid have changed since you opened it" in response.content.decode()
    assert other.rows.first().neutral == ""


def test_it_refuses_a_viewer(client, viewer, assessment, url):
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, grid_data(assessment, {1: {"neutral": "x"}})).status_code == 403


def test_it_answers_405_to_other_methods(client, author, url):
    client.force_login(author)
    assert client.put(url).status_code == 405


def test_it_makes_the_same_number_of_queries_for_1_and_30_rows(
    client, author, assessment, url, django_assert_max_num_queries
):
    client.force_login(author)
    ImpactRow.objects.filter(assessment=assessment).exclude(position=1).delete()
    with django_assert_max_num_queries(9) as one_row:
        client.get(url)
    ImpactRow.objects.bulk_create(
        ImpactRow(assessment=assessment, position=position, label=f"Row {position}") for position in range(2, 31)
    )
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        client.get(url)


def test_it_saves_30_changed_rows_in_as_many_queries_as_1(
    client, author, assessment, url, django_assert_max_num_queries
):
    ImpactRow.objects.bulk_create(
        ImpactRow(assessment=assessment, position=position, label=f"Row {position}") for position in range(15, 31)
    )
    client.force_login(author)
    with django_assert_max_num_queries(22) as one_change:
        client.post(url, grid_data(assessment, {1: {"neutral": "Row 1 is neutral."}}))
    everything = {position: {"positive": f"Row {position} is positive."} for position in range(1, 31)}
    with django_assert_max_num_queries(len(one_change.captured_queries)):
        client.post(url, grid_data(assessment, everything))
    assert assessment.rows.filter(positive__endswith="is positive.").count() == 30
