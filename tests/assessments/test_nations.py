"""An EIA of a council outside England asks its grid to consider what that nation's equality duties name, and its
PDF names those duties; an English council's EIA is as it always was."""

import pytest

from assessments.models import Assessment
from assessments.pdf import assessment_pdf_response
from councils.models import Nation
from tests.factories import AssessmentFactory, CouncilFactory
from tests.pdf_text import pdf_text


def eia_of(nation):
    return AssessmentFactory(council=CouncilFactory(nation=nation))


def coverage_problems(assessment):
    fresh = Assessment.objects.select_related("council").get(pk=assessment.pk)
    return [problem.message for problem in fresh.submission_problems() if problem.part == problem.COVERAGE]


def text_of_pdf(assessment):
    fresh = Assessment.objects.select_related("council", "service").get(pk=assessment.pk)
    return pdf_text(assessment_pdf_response(fresh))


@pytest.mark.django_db
def test_a_welsh_councils_eia_must_say_why_its_grid_leaves_out_the_socio_economic_duty_and_the_welsh_language():
    assessment = eia_of(Nation.WALES)
    # Read in Python: SQLite's JSON fields have no `contains` lookup.
    wales_own = [row.pk for row in assessment.rows.all() if {"socio_economic", "welsh_language"} & set(row.covers)]
    assert len(wales_own) == 2
    assessment.rows.filter(pk__in=wales_own).delete()
    assert coverage_problems(assessment) == [
        "Say why the grid does not consider socio-economic disadvantage",
        "Say why the grid does not consider the Welsh language",
    ]


@pytest.mark.django_db
def test_a_northern_irish_councils_eia_must_cover_section_75_not_the_acts_nine():
    council = CouncilFactory(nation=Nation.ENGLAND)
    english_grid = AssessmentFactory(council=council)
    council.nation = Nation.NORTHERN_IRELAND
    council.save()
    assert "Say why the grid does not consider political opinion" in coverage_problems(english_grid)
    assert "Say why the grid does not consider the disability duties" in coverage_problems(english_grid)
    assert "Say why the grid does not consider gender reassignment" not in coverage_problems(english_grid)


@pytest.mark.django_db
def test_a_new_northern_irish_councils_eia_covers_every_section_75_category():
    assert coverage_problems(eia_of(Nation.NORTHERN_IRELAND)) == []


@pytest.mark.django_db
def test_an_english_councils_eia_asks_only_for_the_nine():
    assessment = eia_of(Nation.ENGLAND)
    assessment.rows.filter(label__in=["Race", "Carers"]).delete()
    assert coverage_problems(assessment) == ["Say why the grid does not consider race"]


@pytest.mark.django_db
def test_an_english_councils_pdf_names_the_public_sector_equality_duty():
    text = text_of_pdf(eia_of(Nation.ENGLAND))
    assert "due regard to the Public Sector Equality Duty (Equality Act 2010, s.149)." in text
    assert "Northern Ireland" not in text


@pytest.mark.django_db
def test_a_welsh_councils_pdf_names_the_socio_economic_duty_and_the_welsh_language_standards():
    text = text_of_pdf(eia_of(Nation.WALES))
    assert "the socio-economic duty (Equality Act 2010, s.1)" in text
    assert "the Welsh language standards (Welsh Language (Wales) Measure 2011)" in text


@pytest.mark.django_db
def test_a_scottish_councils_pdf_names_the_fairer_scotland_duty():
    assert "and the Fairer Scotland Duty (Equality Act 2010, s.1)" in text_of_pdf(eia_of(Nation.SCOTLAND))


@pytest.mark.django_db
def test_a_northern_irish_councils_pdf_names_section_75_and_lists_what_the_grid_leaves_out():
    assessment = eia_of(Nation.NORTHERN_IRELAND)
    assessment.rows.filter(label="Political opinion").delete()
    text = text_of_pdf(assessment)
    assert "due regard to Section 75 of the Northern Ireland Act 1998" in text
    assert "Public Sector Equality Duty" not in text
    assert "Section 75 categories and duties the grid does not consider Political opinion" in text
