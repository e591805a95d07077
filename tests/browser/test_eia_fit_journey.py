"""An EIA fitted to its council, in the browser, on the demo's Kent County Council, with axe-core on every page.

Kent's council admin adds a question to the EIA's details. The author screens a proposal, answers one row Don't
know, is told a full EIA is needed, starts it and finds Kent's reference on it, adds a row of their own to the
grid, and answers Kent's question. What submission needs besides is filled through the models, where the journey
is not about it; the approver signs it off. The signed-off PDF, the History page and the register's CSV show the
reference, the answer and the added row.
"""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Decision, Question, Screening
from assessments.models.questions import snapshot
from councils.models import Council, Service
from tests.browser.conftest import assert_accessible
from tests.browser.demo_records import person
from tests.browser.steps import (
    click,
    click_button,
    click_link,
    expect_heading,
    expect_success,
    fieldset_headed,
    fill,
    sign_in_directly,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser

TITLE = "Day opportunities for older people in Thanet"
QUESTION = "Which Kent day services does the proposal change?"
ANSWER = "The three day centres in Margate, Ramsgate and Broadstairs."
UNKNOWN_ROW = "Disability"
ADDED_ROW = "Armed forces community"


def fill_what_submission_needs(eia, author):
    """Through the model, as the author would save it: the journey is not about these fields."""
    eia = Assessment.objects.get(pk=eia.pk)
    eia.directorate = "Adult Social Services"
    eia.service_users = "Older people who attend the three day centres, and their carers."
    eia.lead_officer = "Demo Author"
    eia.evidence = "Attendance at the three centres, 2024 to 2025."
    eia.decision = Decision.ADJUST
    eia.last_edited_by = author
    eia._history_user = author
    eia.save()
    for row in eia.rows.all():
        row.neutral = f"No change for {row.label}."
        row.save()
    for question in Question.objects.filter(council=eia.council, required=True, place=Question.Place.DETAILS):
        Answer.objects.update_or_create(
            assessment=eia, question=question, defaults={**snapshot(question), "text": "Active Lives"}
        )
    return eia


def test_a_kent_eia_carries_its_reference_its_question_and_its_added_row_to_the_record(demo):
    page = demo
    kent = Council.objects.get(slug="kent")

    # Kent's council admin adds a question to the EIA's details.
    sign_in_directly(page, "demo-admin")
    page.goto(reverse("assessments:settings-questions", args=[kent.slug]))
    expect_heading(page, "EIA fields and questions")
    assert_accessible(page)
    click_link(page, "Add a question")
    expect_heading(page, "Add a question")
    assert_accessible(page)
    page.get_by_label("The EIA's details", exact=True).check()
    page.get_by_label("Short text", exact=True).check()
    fill(page, "Question", QUESTION)
    page.get_by_label("No, it is optional", exact=True).check()
    click_button(page, "Save")
    expect_success(page, f"The question ‘{QUESTION}’ is saved.")
    assert_accessible(page)
    click_button(page, "Sign out")

    # The author screens a proposal and is told a full EIA is needed.
    sign_in_directly(page, "demo-author")
    page.goto(reverse("assessments:screening-start"))
    expect_heading(page, "Start a screening")
    assert_accessible(page)
    service = Service.objects.get(council=kent, name="Older People and Physical Disability")
    page.get_by_label("Which service is it for?").select_option(value=str(service.pk))
    fill(page, "What is the proposal called?", TITLE)
    fill(page, "What is proposed?", "Move the centres' activities into community hubs.")
    fill(page, "Who does it affect?", "About 120 people who use the day centres, and their carers.")
    click_button(page, "Start the screening")
    expect_heading(page, f"Screening: {TITLE}")
    assert_accessible(page)

    click_link(page, "Change the answers")
    expect_heading(page, "Is there likely to be an adverse impact?")
    for label in page.locator("fieldset h2").all_inner_texts():
        row = fieldset_headed(page, label)
        given, reason = (
            ("Don't know", "We hold no data on who uses the centres.")
            if label == UNKNOWN_ROW
            else (
                "No",
                f"No change for {label}.",
            )
        )
        row.get_by_label(given, exact=True).check()
        row.get_by_label(f"Reason for your answer on {label}", exact=True).fill(reason)
    assert_accessible(page)
    click_button(page, "Save the answers")
    expect_success(page, "The answers are saved.")
    expect(page.locator("#outcome")).to_contain_text("A full EIA is needed")
    assert_accessible(page)

    # They start the EIA, which carries Kent's reference.
    click_button(page, "Start the full EIA")
    expect_heading(page, TITLE)
    reference = Screening.objects.get(council=kent, title=TITLE).reference
    assert reference.startswith("ASC/")
    expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)
    eia = Assessment.objects.get(council=kent, title=TITLE)
    assert eia.reference == reference

    # They add a row of their own to the grid.
    click_link(page, "Fill in the impact grid")
    expect_heading(page, "Impact grid")
    click_link(page, "Add a row for it")
    expect_heading(page, "Add a row")
    assert_accessible(page)
    fill(page, "Which group or area is the row for?", ADDED_ROW)
    click_button(page, "Add the row")
    expect_heading(page, "Impact grid")
    expect(page.get_by_role("heading", name=f"{ADDED_ROW} (added for this EIA)")).to_be_visible()
    assert_accessible(page)

    # They answer Kent's question on the details page.
    page.goto(reverse("assessments:edit", args=[eia.pk]))
    assert_accessible(page)
    page.get_by_role("radio", name="Service", exact=True).check()
    fill(page, f"{QUESTION} (optional)", ANSWER)
    click_button(page, "Save")
    expect_success(page, "The assessment's details are saved.")
    expect(page.locator("main")).to_contain_text(ANSWER)
    click_button(page, "Sign out")

    # Submitted through the models; the approver signs it off on the page.
    author = person("demo-author")
    fill_what_submission_needs(eia, author).submit(by=author)
    sign_in_directly(page, "demo-approver")
    page.goto(eia.get_absolute_url())
    click(page, page.get_by_role("button", name="Sign off", exact=True))
    expect_heading(page, "Sign off the assessment")
    assert_accessible(page)
    click_button(page, "Sign off")
    expect_heading(page, TITLE)
    assert_accessible(page)

    # The signed-off PDF, the History page and the register show what was fitted.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed-off PDF").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(pdf_text(pdf.read()).split())
    for expected in (reference, QUESTION, ANSWER, ADDED_ROW):
        assert expected in text

    page.goto(reverse("assessments:history", args=[eia.pk]))
    expect_heading(page, "History of changes")
    history = page.locator("main")
    for expected in (ANSWER, ADDED_ROW):
        expect(history).to_contain_text(expected)
    assert_accessible(page)

    response = page.request.get(reverse("assessments:register-csv"))
    register = list(csv.DictReader(io.StringIO(response.text().removeprefix("\ufeff"))))
    [row] = [row for row in register if row["Reference"] == reference]
    assert (row["Council"], row[QUESTION], row["Rows added for this EIA"]) == (
        "Kent County Council",
        ANSWER,
        ADDED_ROW,
    )
