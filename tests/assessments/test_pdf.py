"""The EIA's PDF: a tagged A4 committee paper holding every row and action, marked DRAFT until signed off, from a
renderer that fetches nothing but the app's own static files."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment, AssessmentAction, DatePrecision, ImpactLevel, Status, SubjectType
from assessments.pdf import assessment_pdf_response
from councils.models import Council, Membership, Role, Service
from councils.pdf import StaticFilesOnly

TITLE = "Day opportunities for adults with a learning disability"
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def author(db):
    return get_user_model().objects.create_user(username="author")


@pytest.fixture
def assessment(author):
    council = Council.objects.create(name="Borsetshire County Council", slug="borsetshire")
    Membership.objects.create(user=author, council=council, role=Role.AUTHOR)
    service = Service.objects.create(council=council, name="Adult Social Care")
    assessment = Assessment.objects.create(
        council=council,
        reference="EIA-2025-007",
        service=service,
        title=TITLE,
        subject_type=SubjectType.SERVICE,
        created_by=author,
        aims="Move day services into community hubs.\nKeep transport for those who need it.",
        lead_officer="Head of Commissioning",
        head_of_service="Director of Adult Social Care",
    )
    assessment.copy_grid_from_council()
    rows = list(assessment.rows.order_by("position"))
    for row in rows:
        row.neutral = f"No barriers are expected for {row.label.lower()}. " * 3
    rows[0].negative, rows[0].negative_level = "Older people may travel further to a hub.", ImpactLevel.MEDIUM
    rows[1].positive = SCRIPT
    for row in rows:
        row.save()
    first = AssessmentAction.objects.create(
        assessment=assessment,
        position=1,
        action_required="Map journeys to the new hubs",
        key_activity="Survey every person who uses day services",
        priority=ImpactLevel.MEDIUM,
        outcomes_required="Nobody travels more than 45 minutes",
        officer_responsible="Transport lead",
        review_date=date(2015, 7, 1),
        review_date_precision=DatePrecision.MONTH,
        review_date_note="and throughout contract monitoring meetings",
    )
    first.mitigates.add(rows[0])
    AssessmentAction.objects.create(
        assessment=assessment,
        position=2,
        action_required="Publish an easy read guide",
        key_activity="Co-produce the guide with self-advocates",
        priority=ImpactLevel.LOW,
        officer_responsible="Engagement officer",
        review_date=date(2015, 9, 14),
    )
    return assessment


def render(assessment):
    fresh = Assessment.objects.select_related("council", "service").get(pk=assessment.pk)
    return assessment_pdf_response(fresh)


def read(assessment):
    return PdfReader(io.BytesIO(render(assessment).content))


def page_texts(reader):
    # Cells wrap lines anywhere: compare with the whitespace collapsed.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def reader(assessment):
    return read(assessment)


@pytest.fixture
def text(reader):
    return " ".join(page_texts(reader))


def test_it_prints_every_row_of_the_grid(assessment, text):
    assert all(row.label in text for row in assessment.rows.all())


def test_it_prints_every_column_of_every_action(assessment, text):
    for action in assessment.actions.all():
        for value in (
            action.action_required,
            action.key_activity,
            action.outcomes_required,
            action.officer_responsible,
        ):
            assert value in text


def test_it_prints_a_review_date_of_month_precision_as_month_and_year(text):
    assert "July 2015 and throughout contract monitoring meetings" in text
    assert "1 July 2015" not in text
    assert "14 September 2015" in text


def test_it_prints_what_an_officer_typed_as_literal_text(text):
    assert SCRIPT in text


def test_it_marks_every_page_of_a_draft(reader):
    texts = page_texts(reader)
    assert len(texts) >= 2
    assert all("DRAFT" in page for page in texts)


def test_it_leaves_draft_off_a_signed_off_assessment(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.APPROVED, review_due=date(2027, 7, 14))
    texts = page_texts(read(assessment))
    assert not any("DRAFT" in page for page in texts)
    assert "14 July 2027" in texts[0]


def test_it_numbers_the_pages_out_of_the_total(reader):
    texts = page_texts(reader)
    assert f"Page 1 of {len(reader.pages)}" in texts[0]
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_it_puts_the_council_and_title_on_every_page(reader):
    assert all(f"Borsetshire County Council – {TITLE}" in page for page in page_texts(reader))


def test_it_titles_the_document(reader):
    assert reader.metadata.title == f"Equality impact assessment: {TITLE}"


def test_it_tags_the_document_in_british_english(reader):
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]


def test_it_repeats_the_column_headings_on_every_page_of_a_very_long_row(assessment):
    row = assessment.rows.get(position=3)
    row.positive = "\n".join(
        f"Paragraph {i}: " + "the provider will report equality data monthly. " * 5 for i in range(40)
    )
    row.save()
    pages = [page for page in page_texts(read(assessment)) if "Paragraph " in page]
    assert len(pages) >= 2
    assert all("Group or area" in page for page in pages)


def lowest_text(page):
    """How far above the page's foot its lowest line of text sits, footer and watermark left out, in points."""
    heights = []

    def visit(text, cm, tm, font, size):
        if text.strip() and "DRAFT" not in text.replace(" ", ""):
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return min(height for height in heights if height > FOOTER_TOP)


# The footer sits in the bottom margin of 24 mm.
FOOTER_TOP = 24 * 72 / 25.4


@pytest.mark.parametrize("aims", ["Short aims.", "Long aims. " * 300])
def test_no_page_but_the_last_is_left_mostly_blank(assessment, aims):
    Assessment.objects.filter(pk=assessment.pk).update(aims=aims)
    pages = read(assessment).pages
    blank = [
        (number, round(lowest_text(page) - FOOTER_TOP))
        for number, page in enumerate(pages[:-1], start=1)
        if lowest_text(page) - FOOTER_TOP > float(page.mediabox.height) / 4
    ]
    assert blank == [], "pages with more than a quarter blank at the foot (page, points blank)"


def test_it_says_when_a_draft_would_be_reviewed(text):
    # The worst negative impact is Medium: two years.
    assert "If signed off today:" in text
    assert "Medium impact: review within two years of sign-off" in text


def test_it_fetches_the_assessment_in_a_fixed_number_of_queries(assessment, django_assert_num_queries):
    fresh = Assessment.objects.select_related("council", "service").get(pk=assessment.pk)
    # The rows, the actions and the rows they address; the fields the council asks, its questions and the answers;
    # the PDF looked for among those kept, and kept once made.
    with django_assert_num_queries(8):
        assessment_pdf_response(fresh)


def test_it_names_the_download_after_the_assessment(assessment):
    response = render(assessment)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="eia-{assessment.pk}-v1-day-opportunities-for-adults-with-a-learning-disability.pdf"'
    )


def test_it_fetches_a_static_file():
    response = StaticFilesOnly().fetch("https://eqa.invalid/static/pdf/eia.css?v=2")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/static/pdf/eia.css",
        "https://example.com/static/pdf/eia.css",
        "https://eqa.invalid.example.com/static/pdf/eia.css",
    ],
)
def test_it_refuses_another_host(url):
    with pytest.raises(ValueError):
        StaticFilesOnly().fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        # Even the app's own stylesheet, by its path on disk.
        (Path(__file__).resolve().parents[2] / "static" / "pdf" / "eia.css").as_uri(),
        "data:text/css,body{}",
        "https://eqa.invalid/media/upload.png",
        "https://eqa.invalid/static/../eqa_site/settings.py",
        "https://eqa.invalid/static/%2e%2e/eqa_site/settings.py",
    ],
)
def test_it_refuses_anything_but_a_static_file(url):
    with pytest.raises(ValueError):
        StaticFilesOnly().fetch(url)


def test_it_downloads_the_pdf_for_a_person_of_the_council(client, assessment, author):
    client.force_login(author)
    response = client.get(reverse("assessments:pdf", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.7")


def test_it_answers_404_to_a_person_of_another_council(client, assessment):
    stranger = get_user_model().objects.create_user(username="stranger")
    other = Council.objects.create(name="Felpersham City Council", slug="felpersham")
    Membership.objects.create(user=stranger, council=other, role=Role.VIEWER)
    client.force_login(stranger)
    assert client.get(reverse("assessments:pdf", args=[assessment.pk])).status_code == 404


def test_it_prints_the_reference_on_a_draft(text):
    assert "Equality impact assessment EIA-2025-007: DRAFT" in text
    assert "Reference EIA-2025-007" in text
