"""A screening from start to decision: screened in to a full EIA with its answers carried over, or screened out by an
approver who did not write it, with its PDF and review date."""

import html
import io
import re
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
from tests.assessments.screening_steps import answer, start
from tests.factories import CouncilFactory, ServiceFactory
from tests.lifecycle_helpers import person_with_role
from tests.page_forms import form_data
from tests.pdf_text import pdf_text
from tests.query_budgets import BUDGETS


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


def test_submission_asks_who_the_proposal_affects_and_links_to_where_it_is_said(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {})
    Screening.objects.filter(pk=screening.pk).update(conclusion="A change of address only.", affects=" ")
    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    edit = reverse("assessments:screening-edit", args=[screening.pk])
    assert f'<a href="{edit}#id_affects">Say who the proposal affects</a>' in response.content.decode()
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
    assert [decided.reference, "Screening", "", "Day opportunities review"] == next(rows)[:4]


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
    assert "Cheshire West and Chester Council starts every equality impact assessment with a screening" in page
    assert reverse("assessments:screening-start") in page


def test_an_author_of_a_council_that_screens_first_and_one_that_does_not_is_told_which_screens_first(
    client, council, service, author, other_council
):
    other_council.screening_use = ScreeningUse.ALWAYS
    other_council.save()
    housing = ServiceFactory(council=other_council, name="Housing Options")
    Membership.objects.create(user=author, council=other_council, role=Role.AUTHOR)
    client.force_login(author)
    response = client.get(reverse("assessments:start"))
    page = words(response)
    assert "Another Borough Council screens every proposal first, so its services are not listed here" in page
    assert f'href="{reverse("assessments:screening-start")}" role="button"' in response.content.decode()
    # Its services are the screening's to offer.
    assert list(response.context["form"].fields["service"].queryset) == [service.parent, service]
    assert housing in client.get(reverse("assessments:screening-start")).context["form"].fields["service"].queryset


def test_a_person_in_several_councils_that_screen_first_is_told_their_names(client, council, service, author):
    other = CouncilFactory(name="Kent County Council", slug="kent", screening_use=ScreeningUse.ALWAYS)
    ServiceFactory(council=other, name="Older People")
    Membership.objects.create(user=author, council=other, role=Role.AUTHOR)
    council.screening_use = ScreeningUse.ALWAYS
    council.save()
    client.force_login(author)
    page = words(client.get(reverse("assessments:start")))
    assert (
        "Cheshire West and Chester Council and Kent County Council start every equality impact assessment with a "
        "screening"
    ) in page


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


# A decided screening states the decision; instructions appear only while the author can act on them.

AUTHORS_INSTRUCTIONS = ("you may conclude", "Give your reason", "an approver decides")


def words(response):
    """The page's text as a person reads it, tags and spacing aside."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def section(response, heading):
    """The page's words from an h2 to the next h2."""
    text = words(response)
    return text[text.index(f" {heading} ") :].split(" Details ")[0]


def _screened_out(client, service, author, approver):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    return Screening.objects.get(pk=screening.pk)


def _required(client, service, author, approver):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    client.post(
        reverse("assessments:screening-require-full-eia", args=[screening.pk]),
        {"reason": "The closures fall on one estate."},
    )
    return Screening.objects.get(pk=screening.pk)


def test_a_screened_out_screening_states_the_decision_who_made_it_and_the_officers_reason(
    client, screening_council, service, author, approver
):
    decided = _screened_out(client, service, author, approver)
    client.force_login(author)
    decision = section(client.get(decided.get_absolute_url()), "Decision")
    assert "Screened out: no full EIA needed" in decision
    assert f"Decided by {approver.get_full_name()}, {decided.approved_at:%-d %B %Y}" in decision
    assert "Why no full EIA is needed A change of address only." in decision
    assert not [said for said in AUTHORS_INSTRUCTIONS if said in decision]


def test_the_signed_pdf_of_a_screened_out_screening_states_the_decision_not_instructions(
    client, screening_council, service, author, approver, django_capture_on_commit_callbacks
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    text = pdf_text(client.get(reverse("assessments:screening-pdf", args=[screening.pk])))
    decision = text[text.index("Decision Screened out") :]
    assert "the approver agreed with the officer's conclusion that no full EIA is needed" in decision
    assert "Why no full EIA is needed A change of address only." in decision
    assert f"Decided by {approver.get_full_name()}" in decision
    assert not [said for said in AUTHORS_INSTRUCTIONS if said in text]


def test_the_approver_deciding_is_shown_the_officers_reason_not_the_authors_instructions(
    client, screening_council, service, author, approver
):
    screening = _all_no_and_submitted(client, service, author)
    client.force_login(approver)
    page = words(client.get(reverse("assessments:screening-screen-out", args=[screening.pk])))
    assert "The officer concludes that no full EIA is needed, for this reason: A change of address only." in page
    assert "you may conclude" not in page


def test_a_full_eia_required_by_the_approver_says_so_with_their_reason_and_never_that_none_is_needed(
    client, screening_council, service, author, approver
):
    decided = _required(client, service, author, approver)
    client.force_login(approver)
    response = client.get(decided.get_absolute_url())
    decision = section(response, "Decision")
    assert "A full EIA is needed: the approver required one" in decision
    assert f"Decided by {approver.get_full_name()}" in decision
    assert "Why a full EIA is required The closures fall on one estate." in decision
    assert "Full EIA Not started yet" in decision
    assert "you may conclude" not in words(response)
    # The approver is told who acts next, and offered nothing to do themselves.
    assert "An author of Cheshire West and Chester Council starts the full EIA" in words(response)
    assert reverse("assessments:screening-start-eia", args=[decided.pk]) not in response.content.decode()

    text = pdf_text(client.get(reverse("assessments:screening-pdf", args=[decided.pk])))
    assert "Why a full EIA is required The closures fall on one estate." in text
    assert "you may conclude" not in text


def test_the_author_is_told_to_start_the_full_eia_the_approver_required(
    client, screening_council, service, author, approver
):
    decided = _required(client, service, author, approver)
    client.force_login(author)
    response = client.get(decided.get_absolute_url())
    assert f"{approver.get_full_name()} decided that a full EIA is needed. Start it" in words(response)
    assert 'form="start-eia"' in response.content.decode()


def test_a_screening_with_a_yes_offers_only_to_start_the_full_eia_and_says_why(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("yes", "Older people lose a service.")})
    response = client.get(screening.get_absolute_url())
    page = response.content.decode()
    assert reverse("assessments:screening-submit", args=[screening.pk]) not in page
    assert "Submit for a decision" not in page
    assert 'form="start-eia"' in page
    assert "The answers show that a full EIA is needed, so you start it now: no approver needs to decide." in words(
        response
    )
    # Its reason field is for an all-No screening only.
    assert "Why no full EIA is needed" not in words(response)


def test_submitting_a_screening_with_a_yes_goes_back_saying_to_start_the_full_eia(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("yes", "Older people lose a service.")})
    response = client.post(reverse("assessments:screening-submit", args=[screening.pk]), follow=True)
    assert response.redirect_chain == [(screening.get_absolute_url(), 302)]
    assert "start the full EIA from the screening instead. Nothing was changed." in words(response)
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.DRAFT


def test_an_all_no_draft_without_a_reason_says_to_give_it_and_offers_no_submit_until_then(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {})
    response = client.get(screening.get_absolute_url())
    submit = reverse("assessments:screening-submit", args=[screening.pk])
    edit = reverse("assessments:screening-edit", args=[screening.pk])
    assert "Every answer is No, so you may conclude that no full EIA is needed" in words(response)
    assert f'href="{edit}#id_conclusion">Give your reason for concluding' in response.content.decode()
    assert submit not in response.content.decode()

    Screening.objects.filter(pk=screening.pk).update(conclusion="A change of address only.")
    assert submit in client.get(screening.get_absolute_url()).content.decode()


def test_a_dont_know_with_rows_unanswered_says_what_is_left_and_offers_no_start_until_then(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    ScreeningAnswer.objects.filter(screening=screening, label="Age").update(answer="dont_know")
    rows = screening.answers.count()
    response = client.get(screening.get_absolute_url())
    page = response.content.decode()
    answers = reverse("assessments:screening-answers", args=[screening.pk])
    assert f"Answer every row: {rows - 1} rows have no answer" in words(response)
    assert "Give the reason for each Yes or Don't know: 1 has none" in words(response)
    assert f'href="{answers}#answer-' in page
    assert 'form="start-eia"' not in page
    # The step's own page says the same rather than offer its button.
    step = client.get(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert "Before you start the full EIA" in words(step)
    assert "Start the full EIA</button>" not in step.content.decode()

    answer(client, screening, {"Age": ("dont_know", "No data on the ages of users.")})
    assert 'form="start-eia"' in client.get(screening.get_absolute_url()).content.decode()


def _screened_in_eia(client, service, author):
    screening = start(client, author, service)
    answer(client, screening, {"Age": ("yes", "Older people lose a service.")})
    client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    return Assessment.objects.get(screening=screening)


def test_once_its_eia_is_started_a_screening_says_the_answers_decided_and_links_the_eia(
    client, screening_council, service, author
):
    eia = _screened_in_eia(client, service, author)
    response = client.get(eia.screening.get_absolute_url())
    decision = section(response, "Decision")
    assert "A full EIA is needed: the answers show it" in decision
    assert "Age: Yes, an adverse impact is likely" in decision
    assert f"Full EIA started by {author.get_full_name()}" in decision
    assert f'<a class="govuk-link" href="{eia.get_absolute_url()}">{eia.reference}: {eia.title}</a>' in (
        response.content.decode()
    )
    page = words(response)
    assert "Decided by" not in page
    assert "Why no full EIA is needed" not in page
    assert "What happens next" not in page

    text = pdf_text(client.get(reverse("assessments:screening-pdf", args=[eia.screening.pk])))
    assert f"Full EIA {eia.reference}: {eia.title}" in text
    assert "Why no full EIA is needed" not in text and "Decided by" not in text


def test_a_reopened_version_screened_in_by_its_answers_supersedes_the_screened_out_one(
    client, screening_council, service, author, approver
):
    first = _screened_out(client, service, author, approver)
    client.force_login(author)
    client.post(reverse("assessments:screening-reopen", args=[first.pk]))
    second = Screening.objects.get(previous_version=first)
    answer(client, second, {"Age": ("yes", "The new plan moves the centre out of town.")})
    client.post(reverse("assessments:screening-start-eia", args=[second.pk]))
    assert Screening.objects.get(pk=second.pk).status == ScreeningStatus.FULL_EIA_NEEDED
    assert Screening.objects.get(pk=first.pk).status == ScreeningStatus.SUPERSEDED


# Work typed in a tab opened before the screening was decided is shown back, never thrown away.


def sent_after_the_decision(client, service, author, approver, name, **typed):
    """An all-No screening's page `name`, opened while it was a draft and sent with `typed` once it is screened
    out: as from a tab left open."""
    screening = start(client, author, service)
    answer(client, screening, {})
    url = reverse(name, args=[screening.pk])
    old_tab = client.get(url)
    Screening.objects.filter(pk=screening.pk).update(conclusion="A change of address only.")
    client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    client.force_login(approver)
    client.post(reverse("assessments:screening-screen-out", args=[screening.pk]))
    assert Screening.objects.get(pk=screening.pk).status == ScreeningStatus.APPROVED
    client.force_login(author)
    return screening, client.post(url, form_data(old_tab, **typed))


def test_what_was_typed_into_the_details_after_the_decision_is_shown_back(
    client, screening_council, service, author, approver
):
    screening, response = sent_after_the_decision(
        client,
        service,
        author,
        approver,
        "assessments:screening-edit",
        conclusion="Typed in a tab left open.\nAnd more.",
    )
    assert response.status_code == 403
    typed = words(response)[words(response).index("What you typed is not saved") :]
    assert "Why is no full EIA needed? (only when every answer is No) Typed in a tab left open. And more." in typed
    # Only what differs from what is saved: the rest is safe.
    assert "What is proposed?" not in typed
    assert Screening.objects.get(pk=screening.pk).conclusion == "A change of address only."


def test_what_was_typed_into_the_answers_after_the_decision_is_shown_back(
    client, screening_council, service, author, approver
):
    typed = {"answers-0-answer": "dont_know", "answers-0-reason": "No data."}
    screening, response = sent_after_the_decision(
        client, service, author, approver, "assessments:screening-answers", **typed
    )
    assert response.status_code == 403
    label = screening.answers.first().label
    assert f"Is there likely to be an adverse impact on {label}? Don't know" in words(response)
    assert f"Reason for your answer on {label} No data." in words(response)


@pytest.mark.parametrize(
    "decide, says",
    [
        (_screened_out, "It is screened out: no full EIA needed."),
        (_required, "It is decided: a full EIA is needed."),
    ],
)
def test_the_page_of_a_screening_that_cannot_be_changed_keeps_eia_in_capitals(
    client, screening_council, service, author, approver, decide, says
):
    decided = decide(client, service, author, approver)
    client.force_login(author)
    page = words(client.get(reverse("assessments:screening-edit", args=[decided.pk])))
    assert says in page


def test_a_refused_step_names_a_full_eia_in_capitals(client, screening_council, service, author, approver):
    decided = _required(client, service, author, approver)
    client.force_login(author)
    response = client.post(reverse("assessments:screening-submit", args=[decided.pk]), follow=True)
    assert "This screening is decided: a full EIA is needed, so it cannot be submitted now." in words(response)
