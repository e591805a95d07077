"""The council's own EIA fields and questions: a council admin switches fields on and adds questions; an EIA
answers them, keeps each question as it was asked, and shows the answers wherever the record is read."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import STANDARD_FIELDS, Answer, Assessment, Question, StandardField, Status
from assessments.pdf import render_assessment_pdf
from assessments.services import assessment_approve
from councils.models import Role
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data
from tests.pdf_text import pdf_text
from tests.query_budgets import BUDGETS

WELSH = "Has the Welsh language been considered?"


def settings_url(council, name="settings-questions", *args):
    return reverse(f"assessments:{name}", args=[council.slug, *args])


def ask(council, text=WELSH, place=Question.Place.DETAILS, kind=Question.Kind.SHORT, required=False, position=1):
    return Question.objects.create(
        council=council, place=place, kind=kind, text=text, required=required, position=position
    )


def text_of_pdf(assessment):
    fresh = Assessment.objects.select_related("council", "service").get(pk=assessment.pk)
    # Rendered now, as a draft's PDF (or an old version's, when its issued bytes are not at hand) is.
    return pdf_text(render_assessment_pdf(fresh))


def save_details(client, assessment, **typed):
    url = reverse("assessments:edit", args=[assessment.pk])
    return client.post(url, {**form_data(client.get(url)), **typed})


@pytest.fixture
def colleague(council):
    return person_with_role(council, Role.AUTHOR, "colleague")


def test_a_council_admin_adds_a_question_and_it_is_in_the_council_settings_history(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        settings_url(council, "settings-question-add"),
        {"place": "details", "kind": "yes_no", "text": WELSH, "hint": "", "required": "True"},
    )
    assert response["Location"] == settings_url(council)
    question = Question.objects.get(council=council)
    assert (question.place, question.kind, question.required, question.is_active) == ("details", "yes_no", True, True)
    assert WELSH in client.get(settings_url(council)).content.decode()
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert f"Added the question ‘{WELSH}’, asked in the EIA&#x27;s details, required" in history


def test_the_new_question_form_asks_whether_it_is_required_of_a_screening_or_an_eia_alike(
    client, council, council_admin
):
    # Where it is asked is chosen on the same form, so the question cannot name only one of them.
    client.force_login(council_admin)
    page = client.get(settings_url(council, "settings-question-add")).content.decode()
    assert "Must it be answered before the screening or EIA is submitted?" in page
    assert "before an EIA is submitted" not in page


def test_the_error_summary_of_a_new_question_lists_its_problems_in_the_pages_order(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(settings_url(council, "settings-question-add"), {"hint": ""})
    assert [message for message, _ in response.context["errors"]] == [
        "Choose where the question is asked",
        "Enter the question",
        "Choose what kind of answer it takes",
        "Choose whether the question must be answered",
    ]


def test_switching_a_standard_field_on_is_in_the_council_settings_history(client, council, council_admin):
    client.force_login(council_admin)
    states = {"directorate": "required", "team": "optional"}
    posted = {name: states.get(name, "off") for name in STANDARD_FIELDS}
    client.post(settings_url(council, "settings-standard-fields"), posted)
    assert dict(StandardField.objects.filter(council=council).values_list("name", "state")) == states
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "EIAs ask for the directorate, required before submitting" in history
    assert "EIAs ask for the team, as an optional field" in history


def test_the_settings_page_and_history_keep_eia_in_capitals_where_they_name_a_place_or_field(
    client, council, council_admin
):
    ask(council, "Which ward?", place=Question.Place.DETAILS)
    ask(council, "Anything else?", place=Question.Place.GRID)
    client.force_login(council_admin)
    client.post(
        settings_url(council, "settings-standard-fields"),
        {name: "optional" if name == "meeting_name" else "off" for name in STANDARD_FIELDS},
    )
    page = client.get(settings_url(council)).content.decode().replace("&#x27;", "'")
    assert "Asked in the EIA's details" in page
    assert "Asked at the end of the impact grid" in page
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "EIAs ask for the meeting the EIA goes to, as an optional field" in history


def test_only_a_council_admin_changes_the_questions_and_another_councils_answers_404(
    client, council, author, council_admin, other_council
):
    question = ask(council)
    client.force_login(author)
    assert client.get(settings_url(council)).status_code == 403
    assert client.post(settings_url(council, "settings-question-retire", question.pk)).status_code == 403
    other = ask(other_council)
    client.force_login(council_admin)
    assert client.get(settings_url(council, "settings-question-edit", other.pk)).status_code == 404
    assert client.post(settings_url(council, "settings-question-retire", other.pk)).status_code == 404


def test_a_retired_question_is_asked_again_in_drafts_and_the_council_settings_history_says_so(
    client, council, assessment, council_admin, author
):
    question = ask(council)
    client.force_login(council_admin)
    client.post(settings_url(council, "settings-question-retire", question.pk))
    response = client.post(settings_url(council), {"ask_again": question.pk})
    assert response["Location"] == f"{settings_url(council)}#question-{question.pk}"
    assert Question.objects.get(pk=question.pk).is_active
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert f"The question ‘{WELSH}’ is asked again" in history
    client.force_login(author)
    assert WELSH in client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()


def test_only_a_council_admin_asks_a_retired_question_again_and_only_one_of_their_council(
    client, council, author, council_admin, other_council
):
    question, theirs = ask(council), ask(other_council)
    Question.objects.filter(pk__in=[question.pk, theirs.pk]).update(is_active=False)
    client.force_login(author)
    assert client.post(settings_url(council), {"ask_again": question.pk}).status_code == 403
    client.force_login(council_admin)
    assert client.post(settings_url(council), {"ask_again": theirs.pk}).status_code == 404
    assert not Question.objects.filter(pk__in=[question.pk, theirs.pk], is_active=True).exists()


def test_questions_move_within_their_place(client, council, council_admin):
    first, second = ask(council, "First?", position=1), ask(council, "Second?", position=2)
    client.force_login(council_admin)
    response = client.post(settings_url(council, "settings-question-move", second.pk), {"direction": "up"}, follow=True)
    assert list(Question.objects.filter(council=council).order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert "The question ‘Second?’ is moved up, to place 1 of 2." in response.content.decode()


def test_a_question_moved_up_and_straight_back_down_is_told_both_times(client, council, council_admin):
    ask(council, "First?", position=1)
    second = ask(council, "Second?", position=2)
    client.force_login(council_admin)
    for direction in ("up", "down"):
        client.post(settings_url(council, "settings-question-move", second.pk), {"direction": direction})
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    said = [change for entry in response.context["page"].object_list for change in entry.changes]
    assert "Moved the question ‘Second?’ from place 2 to place 1 in the EIA's details" in said
    assert "Moved the question ‘Second?’ from place 1 to place 2 in the EIA's details" in said


def test_the_history_says_a_moved_questions_places_in_its_own_list_as_the_page_numbered_them(
    client, council, council_admin
):
    screening = Question.Place.SCREENING
    ask(council, "Asked in the details?", position=1)
    first = ask(council, "First?", place=screening, position=1)
    ask(council, "Removed?", place=screening, position=2).delete()
    last = ask(council, "Last?", place=screening, position=3)
    client.force_login(council_admin)
    client.post(settings_url(council, "settings-question-move", last.pk), {"direction": "up"})
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    said = [change for entry in response.context["page"].object_list for change in entry.changes]
    assert "Moved the question ‘Last?’ from place 2 to place 1 in the screening" in said
    assert f"Moved the question ‘{first.text}’ from place 1 to place 2 in the screening" in said


def test_an_answer_is_on_the_page_the_pdf_and_the_register(client, council, assessment, author):
    question = ask(council)
    client.force_login(author)
    save_details(client, assessment, **{question.field_name: "Yes, the leaflet is bilingual."})
    assert Answer.objects.get(assessment=assessment).text == "Yes, the leaflet is bilingual."
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert WELSH in page and "Yes, the leaflet is bilingual." in page
    assert f"{WELSH} Yes, the leaflet is bilingual." in text_of_pdf(assessment)
    register = list(csv.reader(io.StringIO(client.get(reverse("assessments:register-csv")).getvalue().decode())))
    column = register[0].index(WELSH)
    assert register[1][column] == "Yes, the leaflet is bilingual."


def test_a_standard_field_switched_on_is_asked_saved_and_shown(client, council, assessment, author):
    StandardField.objects.create(council=council, name="meeting_name", state="optional")
    client.force_login(author)
    assert (
        "Meeting the EIA goes to (optional)"
        in client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()
    )
    save_details(client, assessment, meeting_name="Cabinet, 12 May")
    assessment.refresh_from_db()
    assert assessment.meeting_name == "Cabinet, 12 May"
    assert "Cabinet, 12 May" in client.get(assessment.get_absolute_url()).content.decode()
    assert "Cabinet, 12 May" in text_of_pdf(assessment)


def test_a_link_to_a_council_intranet_is_accepted_and_an_impossible_date_is_not(client, council, assessment, author):
    StandardField.objects.create(council=council, name="previous_eia_link", state="optional")
    StandardField.objects.create(council=council, name="assessment_date", state="optional")
    client.force_login(author)
    save_details(client, assessment, previous_eia_link="http://intranet/eia/12")
    assessment.refresh_from_db()
    assert assessment.previous_eia_link == "http://intranet/eia/12"
    response = save_details(client, assessment, assessment_date_0="1", assessment_date_1="1", assessment_date_2="1901")
    assert response.context["errors"] == [
        ("The date of the assessment must be between 1 January 1990 and 31 December 2100", "id_assessment_date_0")
    ]


def test_each_date_questions_message_names_its_question(client, council, assessment, author):
    starts = ask(council, "When does the new contract start?", kind=Question.Kind.DATE, position=1)
    closes = ask(council, "Date the consultation closes", kind=Question.Kind.DATE, position=2)
    client.force_login(author)
    typed = {f"{starts.field_name}_{part}": value for part, value in enumerate(["30", "2", "2026"])}
    typed |= {f"{closes.field_name}_{part}": value for part, value in enumerate(["1", "3", "26"])}
    response = save_details(client, assessment, **typed)
    assert [message for message, _ in response.context["errors"]] == [
        "The answer to ‘When does the new contract start?’ must be a real date",
        "Date the consultation closes must include a year with 4 numbers",
    ]
    assert not Answer.objects.exists()


def test_a_required_question_and_field_block_submission_with_links_to_them(client, council, service, author):
    assessment = ready_assessment(council, service, author)
    question = ask(council, required=True)
    StandardField.objects.create(council=council, name="directorate", state="required")
    client.force_login(author)
    # A draft saves without them.
    assert save_details(client, assessment, aims="Keep people at home, safely.").status_code == 302
    page = client.post(reverse("assessments:submit", args=[assessment.pk])).content.decode()
    edit = reverse("assessments:edit", args=[assessment.pk])
    assert f"Answer the question ‘{WELSH}’" in page
    assert f'href="{edit}?check=submission#id_{question.field_name}"' in page
    assert f'href="{edit}?check=submission#id_directorate"' in page
    assert Assessment.objects.get(pk=assessment.pk).status == Status.DRAFT


def test_a_retired_question_still_shows_as_asked_on_a_signed_off_record_and_a_new_draft_does_not_ask_it(
    client, council, service, author, approver
):
    assessment = ready_assessment(council, service, author)
    question = ask(council, kind=Question.Kind.YES_NO)
    client.force_login(author)
    save_details(client, assessment, **{question.field_name: "True", f"{question.field_name}_reason": "Bilingual."})
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    signed = assessment_approve(assessment=Assessment.objects.get(pk=assessment.pk), by=approver)
    question.text = "Reworded?"
    question.is_active = False
    question.save()
    page = client.get(signed.get_absolute_url()).content.decode()
    assert WELSH in page and "Yes: Bilingual." in page and "Reworded?" not in page
    assert f"{WELSH} Yes: Bilingual." in text_of_pdf(signed)
    draft = Assessment.objects.get(pk=signed.pk).start_review(by=author)
    assert not draft.answers.exists()
    form = client.get(reverse("assessments:edit", args=[draft.pk])).content.decode()
    assert "Reworded?" not in form and WELSH not in form


def reviewed_with_an_answer(client, council, service, author, approver):
    """A signed-off EIA that answered a question, and the draft of its review."""
    assessment = ready_assessment(council, service, author)
    question = ask(council, kind=Question.Kind.LONG)
    client.force_login(author)
    save_details(client, assessment, **{question.field_name: "Translated on request."})
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    signed = assessment_approve(assessment=Assessment.objects.get(pk=assessment.pk), by=approver)
    return question, signed.start_review(by=author)


def test_a_reviews_new_version_copies_the_answers(client, council, service, author, approver):
    question, draft = reviewed_with_an_answer(client, council, service, author, approver)
    assert draft.answers.get(question=question).text == "Translated on request."
    assert "Translated on request." in client.get(reverse("assessments:edit", args=[draft.pk])).content.decode()


def test_a_reviews_history_compares_a_copied_answer_with_what_it_copied(
    client, council, service, author, approver, django_assert_max_num_queries
):
    question, draft = reviewed_with_an_answer(client, council, service, author, approver)
    save_details(client, draft, **{question.field_name: "Translated into Welsh and Polish."})
    with django_assert_max_num_queries(BUDGETS["assessments:history"]):
        history = client.get(reverse("assessments:history", args=[draft.pk])).content.decode()
    assert (
        f"Answer to ‘{WELSH}’ changed from ‘Translated on request.’ to ‘Translated into Welsh and Polish.’"
    ) in history


def test_the_grid_page_answers_the_questions_at_its_end(client, council, assessment, author):
    question = ask(council, place=Question.Place.GRID, text="Any cumulative impact?")
    client.force_login(author)
    url = reverse("assessments:grid", args=[assessment.pk])
    client.post(url, {**form_data(client.get(url)), question.field_name: "With the bus cuts."})
    assert assessment.answers.get(question=question).text == "With the bus cuts."


def test_the_second_save_of_an_answer_is_told(council, assessment, author, colleague):
    question = ask(council)
    url = reverse("assessments:edit", args=[assessment.pk])
    alice, colin = Client(), Client()
    alice.force_login(author)
    colin.force_login(colleague)
    alice_page, colin_page = form_data(alice.get(url)), form_data(colin.get(url))
    alice.post(url, {**alice_page, question.field_name: "Alice: yes."})
    response = colin.post(url, {**colin_page, question.field_name: "Colin: no."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Somebody else saved this assessment after you opened this page" in page
    assert "Alice: yes." in page and "Colin: no." in page
    assert assessment.answers.get(question=question).text == "Alice: yes."


def test_an_answer_change_is_in_the_eias_history(client, council, assessment, author):
    question = ask(council)
    client.force_login(author)
    save_details(client, assessment, **{question.field_name: "Bilingual leaflet."})
    history = client.get(reverse("assessments:history", args=[assessment.pk])).content.decode()
    assert f"Answer to ‘{WELSH}’ changed from ‘(empty)’ to ‘Bilingual leaflet.’" in history
