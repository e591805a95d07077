"""The council's own questions of the screening: asked on the screening's details page, required ones answered
before it is submitted, shown on its page, its PDF and its History, and kept as they were asked once decided."""

import html

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Answer, Question, Screening, ScreeningStatus
from councils.lifecycle import RecordFrozen
from tests.assessments.screening_steps import answer, start
from tests.pdf_text import pdf_text
from tests.query_budgets import BUDGETS


def ask(council, text="Has the Welsh language been considered?", required=False):
    return Question.objects.create(
        council=council, place=Question.Place.SCREENING, kind=Question.Kind.SHORT, text=text, required=required
    )


def save_details(client, screening, **answers):
    fresh = Screening.objects.get(pk=screening.pk)
    data = {
        "revision": fresh.revision,
        "service": fresh.service_id,
        "title": fresh.title,
        "proposal": fresh.proposal,
        "affects": fresh.affects,
        "conclusion": "A change of address only.",
        **answers,
    }
    return client.post(reverse("assessments:screening-edit", args=[screening.pk]), data)


def test_the_screening_details_page_asks_the_councils_screening_questions_and_the_page_and_pdf_show_the_answer(
    client, screening_council, service, author
):
    question = ask(screening_council)
    Question.objects.create(
        council=screening_council, place=Question.Place.DETAILS, kind=Question.Kind.SHORT, text="An EIA's own"
    )
    screening = start(client, author, service)

    form = client.get(reverse("assessments:screening-edit", args=[screening.pk])).content.decode()
    assert "Has the Welsh language been considered? (optional)" in form
    assert "An EIA&#x27;s own" not in form and "An EIA's own" not in form

    response = save_details(client, screening, **{question.field_name: "Yes, with the Welsh Language Officer"})
    assert response.status_code == 302, response.content
    saved = Answer.objects.get(screening=screening, question=question)
    assert (saved.text, saved.text_as_asked, saved.assessment) == (
        "Yes, with the Welsh Language Officer",
        "Has the Welsh language been considered?",
        None,
    )

    page = client.get(screening.get_absolute_url()).content.decode()
    assert "Has the Welsh language been considered?" in page
    assert "Yes, with the Welsh Language Officer" in page
    text = pdf_text(client.get(reverse("assessments:screening-pdf", args=[screening.pk])))
    assert "Has the Welsh language been considered?" in text
    assert "Yes, with the Welsh Language Officer" in text

    history = client.get(reverse("assessments:screening-history", args=[screening.pk])).content.decode()
    assert "Answer to ‘Has the Welsh language been considered?’" in history


def test_an_unanswered_required_question_blocks_submission_until_it_is_answered(
    client, screening_council, service, author
):
    question = ask(screening_council, required=True)
    screening = start(client, author, service)
    answer(client, screening, {})
    save_details(client, screening)

    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    assert "Answer the question ‘Has the Welsh language been considered?’" in response.content.decode()
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.DRAFT

    save_details(client, screening, **{question.field_name: "Yes"})
    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    assert response.status_code == 302
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.SUBMITTED


def test_an_unanswered_required_question_stops_the_full_eia_starting(client, screening_council, service, author):
    ask(screening_council, required=True)
    screening = start(client, author, service)
    answer(client, screening, {"Disability": ("yes", "Fewer accessible centres.")})

    response = client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert "Answer the question ‘Has the Welsh language been considered?’" in response.content.decode()
    assert not hasattr(Screening.objects.get(pk=screening.pk), "assessment")


def _decided_with_an_answer(client, screening_council, service, author, approver):
    question = ask(screening_council)
    screening = start(client, author, service)
    answer(client, screening, {})
    save_details(client, screening, **{question.field_name: "Yes, in full"})
    client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    decided = Screening.objects.get(pk=screening.pk)
    assert decided.status == ScreeningStatus.APPROVED
    return question, decided


def test_a_retired_or_reworded_question_stays_as_asked_on_a_decided_screening_and_its_answer_is_frozen(
    client, screening_council, service, author, approver
):
    question, decided = _decided_with_an_answer(client, screening_council, service, author, approver)
    Question.objects.filter(pk=question.pk).update(is_active=False, text="Reworded later")

    page = client.get(decided.get_absolute_url()).content.decode()
    assert "Has the Welsh language been considered?" in page and "Yes, in full" in page
    assert "Reworded later" not in page
    text = pdf_text(client.get(reverse("assessments:screening-pdf", args=[decided.pk])))
    assert "Has the Welsh language been considered?" in text and "Yes, in full" in text
    with pytest.raises(RecordFrozen):
        Answer.objects.filter(screening=decided).update(text="Changed after the decision")


def test_a_reopened_screening_carries_the_answers_to_questions_still_asked(
    client, screening_council, service, author, approver
):
    question, decided = _decided_with_an_answer(client, screening_council, service, author, approver)
    retired = Answer.objects.get(screening=decided)
    client.force_login(author)
    client.post(reverse("assessments:screening-reopen", args=[decided.pk]))
    draft = Screening.objects.get(previous_version=decided)
    copied = Answer.objects.get(screening=draft, question=question)
    assert (copied.text, copied.text_as_asked) == ("Yes, in full", "Has the Welsh language been considered?")
    assert Answer.objects.get(pk=retired.pk).screening_id == decided.pk


def test_the_history_of_a_reopened_screening_compares_a_carried_answer_with_what_it_carried(
    client,
    screening_council,
    service,
    author,
    approver,
    django_assert_max_num_queries,
):
    question, decided = _decided_with_an_answer(client, screening_council, service, author, approver)
    client.force_login(author)
    client.post(reverse("assessments:screening-reopen", args=[decided.pk]))
    draft = Screening.objects.get(previous_version=decided)
    save_details(client, draft, **{question.field_name: "Yes, and the leaflets too"})
    with django_assert_max_num_queries(BUDGETS["assessments:screening-history"]):
        page = client.get(reverse("assessments:screening-history", args=[draft.pk]))
    history = html.unescape(page.content.decode())
    assert f"Answer to ‘{question.text}’ changed from ‘Yes, in full’ to ‘Yes, and the leaflets too’" in history


def test_an_answer_belongs_to_an_eia_or_a_screening_never_neither(screening_council):
    question = ask(screening_council)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(question=question, text_as_asked="Q", kind_as_asked=Question.Kind.SHORT)
