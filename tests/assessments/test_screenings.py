"""A screening from start to decision: screened in to a full EIA with its answers carried over, or screened out by an
approver who did not write it, with its PDF and review date."""

import html
import io
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from assessments import review
from assessments.models import Assessment, Screening, ScreeningAnswer, ScreeningStatus
from assessments.views.exports import register_rows
from councils.lifecycle import RecordFrozen
from councils.models import Membership, Role, ScreeningUse
from tests.lifecycle_helpers import person_with_role
from tests.page_forms import form_data
from tests.query_budgets import BUDGETS


@pytest.fixture
def screening_council(council):
    council.screening_use = ScreeningUse.OPTIONAL
    council.review_months_screened_out = 24
    council.save()
    return council


def start(client, author, service, title="Day opportunities review"):
    client.force_login(author)
    response = client.post(
        reverse("assessments:screening-start"),
        {"service": service.pk, "title": title, "proposal": "Close two day centres.", "affects": "120 people"},
    )
    assert response.status_code == 302, response.content
    return Screening.objects.get(title=title)


def answer(client, screening, answers):
    """Post the answers page with {label: (answer, reason)}; rows not named are answered No."""
    rows = list(screening.answers.all())
    data = {
        "revision": Screening.objects.get(pk=screening.pk).revision,
        "answers-TOTAL_FORMS": len(rows),
        "answers-INITIAL_FORMS": len(rows),
    }
    for index, row in enumerate(rows):
        given, reason = answers.get(row.label, ("no", ""))
        data.update(
            {f"answers-{index}-id": row.pk, f"answers-{index}-answer": given, f"answers-{index}-reason": reason}
        )
    response = client.post(reverse("assessments:screening-answers", args=[screening.pk]), data)
    assert response.status_code == 302, response.content


def test_a_screening_with_a_dont_know_is_told_a_full_eia_is_needed_and_starts_it_with_the_answers(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {"Disability": ("dont_know", "No data on who uses the centres.")})

    page = client.get(screening.get_absolute_url()).content.decode()
    assert "A full EIA is needed" in page
    assert "Disability: Don't know" in page

    response = client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    eia = Assessment.objects.get(screening=screening)
    assert response.url == eia.get_absolute_url()
    assert (eia.title, eia.service, eia.aims) == ("Day opportunities review", service, "Close two day centres.")
    row = eia.rows.get(label="Disability")
    assert (row.screening_answer, row.screening_reason) == ("dont_know", "No data on who uses the centres.")
    assert set(eia.rows.exclude(pk=row.pk).values_list("screening_answer", flat=True)) == {"no"}
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.FULL_EIA_NEEDED


def test_a_clash_on_an_answer_shows_each_answer_as_the_page_offers_it(client, screening_council, service, author):
    screening = start(client, author, service)
    url = reverse("assessments:screening-answers", args=[screening.pk])
    colleague = Client()
    colleague.force_login(person_with_role(screening_council, Role.AUTHOR, "colleague"))
    mine, theirs = form_data(client.get(url)), form_data(colleague.get(url))
    colleague.post(url, {**theirs, "answers-0-answer": "yes", "answers-0-reason": "Fewer buses."})
    response = client.post(url, {**mine, "answers-0-answer": "dont_know", "answers-0-reason": "Fewer buses."})
    label = screening.answers.all()[0].label
    assert response.context["differences"] == [
        (f"Is there likely to be an adverse impact on {label}?", "Don't know", "Yes")
    ]


def pdf_text(response):
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_a_screening_that_started_its_eia_cannot_start_a_second(client, screening_council, service, author):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("yes", "Older people lose a service.")})
    client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert Assessment.objects.filter(screening=screening).count() == 1
    assert Assessment.objects.count() == 1


def test_a_yes_without_a_reason_does_not_start_the_eia(client, screening_council, service, author):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("yes", "")})
    response = client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert "Give the reason for your answer on Age" in response.content.decode()
    assert not Assessment.objects.exists()


def test_submission_refuses_unanswered_rows(client, screening_council, service, author):
    screening = start(client, author, service)
    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    assert "Answer whether an adverse impact on Age is likely" in response.content.decode()
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.DRAFT


def _all_no_and_submitted(client, service, author):
    screening = start(client, author, service)
    answer(client, screening, {})
    Screening.objects.filter(pk=screening.pk).update(conclusion="A change of address only.")
    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    assert response.status_code == 302
    return Screening.objects.get(pk=screening.pk)


def test_an_all_no_screening_is_screened_out_by_an_approver_with_its_pdf_and_review_date(
    client, screening_council, service, author, approver, django_capture_on_commit_callbacks
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    assert response.status_code == 302
    decided = Screening.objects.get(pk=screening.pk)
    assert decided.status == ScreeningStatus.APPROVED
    assert decided.review_due == review.add_months(decided.approved_at.date(), 24)

    pdf = client.get(reverse("assessments:screening-pdf", args=[screening.pk]))
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]))).pages
    )
    assert "Screened out: no full EIA needed" in text
    assert "DRAFT" not in text

    assert "Day opportunities review" in client.get(reverse("assessments:list")).content.decode()
    _, rows = register_rows(approver)
    assert [decided.reference, "Screening", "", "Day opportunities review"] == rows[0][:4]


def test_the_author_cannot_screen_out_their_own_screening(client, screening_council, service, author):
    screening = _all_no_and_submitted(client, service, author)
    Membership.objects.create(user=author, council=screening_council, role=Role.APPROVER)
    response = client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    assert response.status_code == 403
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.SUBMITTED


def test_the_approver_can_require_a_full_eia_which_the_author_then_starts(
    client, screening_council, service, author, approver
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(
        reverse("assessments:screening-require-full-eia", args=[screening.pk]),
        {"reason": "The closures fall on one estate."},
    )
    decided = Screening.objects.get(pk=screening.pk)
    assert (decided.status, decided.decision_reason) == (
        ScreeningStatus.FULL_EIA_NEEDED,
        "The closures fall on one estate.",
    )
    client.force_login(author)
    client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert Assessment.objects.get(screening=screening).title == "Day opportunities review"


def test_a_decided_screening_is_frozen(client, screening_council, service, author, approver):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    decided = Screening.objects.get(pk=screening.pk)
    decided.title = "Something else"
    with pytest.raises(RecordFrozen):
        decided.save()
    with pytest.raises(RecordFrozen):
        ScreeningAnswer.objects.filter(screening=decided).update(answer="yes")
    client.force_login(author)
    response = client.get(reverse("assessments:screening-answers", args=[screening.pk]))
    assert response.status_code == 403
    assert "It is screened out: no full EIA needed." in response.content.decode()


def test_reopening_a_screened_out_decision_starts_a_new_draft_version(
    client, screening_council, service, author, approver
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    client.force_login(author)
    response = client.post(reverse("assessments:screening-reopen", args=[screening.pk]))
    draft = Screening.objects.get(previous_version=screening)
    assert response.url == draft.get_absolute_url()
    assert (draft.version, draft.status, draft.conclusion) == (2, ScreeningStatus.DRAFT, "A change of address only.")
    assert draft.answers.count() == screening.answers.count()
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.APPROVED


def screening_history(client, screening):
    page = client.get(reverse("assessments:screening-history", args=[screening.pk])).content.decode()
    return html.unescape(page)


def test_the_history_says_the_answers_first_given_and_each_change_after(client, screening_council, service, author):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("dont_know", "No figures on who uses the centres.")})
    # The first answers were given an hour ago: the change after them is an entry of its own.
    an_hour_ago = F("history_date") - timedelta(hours=1)
    ScreeningAnswer.history.filter(screening_id=screening.pk).update(history_date=an_hour_ago)
    answer(client, screening, {"Age": ("yes", "Older people lose a service.")})

    page = screening_history(client, screening)
    assert "Answer for Age changed from ‘(empty)’ to ‘Don't know’" in page
    assert "Reason for Age changed from ‘(empty)’ to ‘No figures on who uses the centres.’" in page
    assert "Answer for Disability changed from ‘(empty)’ to ‘No’" in page
    assert "Answer for Age changed from ‘Don't know’ to ‘Yes’" in page


def test_the_history_of_a_reopened_screening_compares_its_answers_with_the_version_it_reopens(
    client, screening_council, service, author, approver, django_assert_max_num_queries
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    client.force_login(author)
    client.post(reverse("assessments:screening-reopen", args=[screening.pk]))
    draft = Screening.objects.get(previous_version=screening)
    answer(client, draft, {"Race": ("yes", "The new site is far from the town's mosque.")})

    with django_assert_max_num_queries(BUDGETS["assessments:screening-history"]):
        page = screening_history(client, draft)
    assert "Answer for Race changed from ‘No’ to ‘Yes’" in page
    assert "Answer for Age" not in page


def test_another_councils_screening_answers_404(client, screening_council, service, author, outsider):
    screening = start(client, author, service)
    client.force_login(outsider)
    assert client.get(screening.get_absolute_url()).status_code == 404
    assert client.post(reverse("assessments:screening-start-eia", args=[screening.pk])).status_code == 404


def test_a_person_of_two_councils_is_offered_each_service_with_its_council(
    client, screening_council, service, author, other_council
):
    Membership.objects.create(user=author, council=other_council, role=Role.AUTHOR)
    client.force_login(author)
    form = client.get(reverse("assessments:screening-start")).context["form"]
    assert [label for _, label in form.fields["service"].choices][1:] == [
        "Cheshire West and Chester Council: Adult Social Care",
        "Cheshire West and Chester Council: Adult Social Care > Strategic Commissioning",
    ]


def test_a_council_that_does_not_use_screening_is_told_so(client, council, service, author):
    client.force_login(author)
    response = client.get(reverse("assessments:screening-start"))
    assert "Your council does not use screening" in response.content.decode()
    assert not Screening.objects.exists()


def test_a_council_that_always_screens_sends_the_eia_start_page_to_a_screening(client, council, service, author):
    council.screening_use = ScreeningUse.ALWAYS
    council.save()
    client.force_login(author)
    response = client.get(reverse("assessments:start"))
    page = response.content.decode()
    assert "Your council starts every equality impact assessment with a screening" in page
    assert reverse("assessments:screening-start") in page


def test_a_council_where_screening_is_optional_offers_both(client, screening_council, service, author):
    client.force_login(author)
    assert reverse("assessments:screening-start") in client.get(reverse("assessments:start")).content.decode()
    assert "Start a screening" in client.get(reverse("assessments:list")).content.decode()


def test_the_council_admin_chooses_screening_and_its_review_period_and_the_history_says_so(
    client, council, council_admin
):
    client.force_login(council_admin)
    url = reverse("councils:screening", args=[council.slug])
    assert "Does an EIA start with a screening?" in client.get(url).content.decode()
    response = client.post(url, {"screening_use": "always", "review_months_screened_out": "48"})
    assert response.status_code == 302
    council.refresh_from_db()
    assert (council.screening_use, council.review_months_screened_out) == ("always", 48)
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Always: every EIA starts with a screening" in history


def test_the_screening_settings_are_the_council_admins_only(client, council, author):
    client.force_login(author)
    assert client.get(reverse("councils:screening", args=[council.slug])).status_code == 403
