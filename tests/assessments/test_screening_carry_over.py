"""The full EIA a screening starts: the grid a new EIA has, with each answer of the screening and its reason beside
its row; the message that says what was carried over; the EIA's page, its PDF and its later versions naming the
screening it came from."""

import html
import re

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateformat import format as date_format

from assessments.models import Assessment, Characteristic, ImpactRow, Screening, Status
from assessments.services import assessment_approve
from tests.assessments.screening_steps import answer, start
from tests.factories import AssessmentFactory
from tests.pdf_text import pdf_text
from tests.query_budgets import BUDGETS

YES_REASON = "Older people lose a service."
DONT_KNOW_REASON = "No data on who uses it."


def start_eia(client, screening):
    response = client.post(reverse("assessments:screening-start-eia", args=[screening.pk]))
    assert response.status_code == 302, response.content
    return Assessment.objects.get(screening=screening), [str(m) for m in get_messages(response.wsgi_request)][-1]


def screened_in(client, service, author):
    """A screening with a Yes on Age and a Don't know on Disability, each reason ending in a full stop; No on the
    other rows, with a reason of its own."""
    screening = start(client, author, service)
    answers = {
        label: ("no", f"No change for {label.lower()}.") for label in screening.answers.values_list("label", flat=True)
    }
    answers |= {"Age": ("yes", YES_REASON), "Disability": ("dont_know", DONT_KNOW_REASON)}
    answer(client, screening, answers)
    return screening


def decided_on(screening):
    return date_format(Screening.objects.get(pk=screening.pk).approved_at, "j F Y")


def answers_on_rows(eia):
    return {row.label: (row.screening_answer, row.screening_reason) for row in eia.rows.all()}


def test_an_eia_an_approver_required_of_an_all_no_screening_has_the_full_grid_with_each_answer_on_its_row(
    client, screening_council, service, author, approver
):
    screening = start(client, author, service)
    labels = list(screening.answers.values_list("label", flat=True))
    answer(client, screening, {label: ("no", f"No change for {label.lower()}.") for label in labels})
    Screening.objects.filter(pk=screening.pk).update(conclusion="A change of address only.")
    client.post(reverse("assessments:screening-submit", args=[screening.pk]))
    client.force_login(approver)
    client.post(
        reverse("assessments:screening-require-full-eia", args=[screening.pk]),
        {"reason": "The closures fall on one estate."},
    )
    client.force_login(author)
    eia, said = start_eia(client, screening)

    without_screening = AssessmentFactory(council=screening_council, service=service, created_by=author)
    grid = ["position", "label", "guidance", "covers", "characteristic"]
    assert list(eia.rows.values_list(*grid)) == list(without_screening.rows.values_list(*grid))
    assert answers_on_rows(eia) == {label: ("no", f"No change for {label.lower()}.") for label in labels}
    assert eia.uncovered_characteristics() == []
    assert said.endswith(f"with the screening's answer and reason beside each row it answered: {len(labels)} No.")


def test_the_message_says_what_was_carried_over(client, screening_council, service, author):
    screening = screened_in(client, service, author)
    rows = screening.answers.count()
    _, said = start_eia(client, screening)
    assert said == (
        f"You started the full EIA ‘Day opportunities review’ with the screening's proposal and who it affects. Its "
        f"impact grid has {rows} rows, with the screening's answer and reason beside each row it answered: 1 Yes "
        f"(negative impact to rate), 1 Don't know (to assess) and {rows - 2} No."
    )


def test_a_row_the_council_added_after_the_screening_is_on_the_grid_without_an_answer(
    client, screening_council, service, author
):
    screening = screened_in(client, service, author)
    Characteristic.objects.create(council=screening_council, label="Care leavers", position=99)
    eia, said = start_eia(client, screening)
    assert answers_on_rows(eia)["Care leavers"] == ("", "")
    assert said.endswith(" 1 row of the council's list was not on the screening, so it has no answer.")


def test_a_row_the_council_retired_after_the_screening_keeps_its_answer_on_the_grid(
    client, screening_council, service, author
):
    screening = start(client, author, service)
    answer(client, screening, {"Carers": ("yes", "Carers lose their respite.")})
    Characteristic.objects.filter(council=screening_council, label="Carers").update(is_active=False)
    eia, _ = start_eia(client, screening)
    last = eia.rows.order_by("position").last()
    assert (last.label, last.screening_answer, last.screening_reason) == ("Carers", "yes", "Carers lose their respite.")
    assert eia.rows.count() == screening.answers.count()


def test_the_grid_shows_each_answer_and_its_reason_beside_its_row(client, screening_council, service, author):
    eia, _ = start_eia(client, screened_in(client, service, author))
    page = html.unescape(client.get(reverse("assessments:grid", args=[eia.pk])).content.decode())
    rows = re.split(r'<fieldset class="govuk-fieldset eqa-grid-row', page)[1:]
    said = {re.search(r"<h2[^>]*>([^<]*)</h2>", row).group(1): row for row in rows}
    assert "Negative impact to rate</strong>" in said["Age"]
    assert f"Screening: Yes – {YES_REASON}</p>" in said["Age"]
    assert "Not known: assess this row</strong>" in said["Disability"]
    assert f"Screening: Don't know – {DONT_KNOW_REASON}</p>" in said["Disability"]
    assert "Screening: No – No change for race.</p>" in said["Race"]
    assert len(said) == eia.rows.count()


def test_a_screen_reader_hears_what_the_screening_said_with_the_row(client, screening_council, service, author):
    eia, _ = start_eia(client, screened_in(client, service, author))
    row = eia.rows.get(label="Disability")
    page = client.get(reverse("assessments:grid", args=[eia.pk])).content.decode()
    described_by = re.search(f'id="row-{row.position}" aria-describedby="([^"]*)"', page).group(1).split()
    assert f"row-{row.position}-screening" in described_by
    assert f'id="row-{row.position}-screening"' in page


def test_the_eia_page_links_to_its_screening_by_its_reference(
    client, screening_council, service, author, django_assert_max_num_queries
):
    screening = screened_in(client, service, author)
    eia, _ = start_eia(client, screening)
    with django_assert_max_num_queries(BUDGETS["assessments:detail"]):
        page = html.unescape(client.get(eia.get_absolute_url()).content.decode())
    assert (
        f'the screening <a class="govuk-link" href="{screening.get_absolute_url()}">{screening.reference}</a>' in page
    )
    assert f"Its outcome: Full EIA needed, decided {decided_on(screening)}." in page
    assert f"Screening: Don't know – {DONT_KNOW_REASON}</span>" in page


def test_the_draft_pdf_states_each_answer_in_plain_words(client, screening_council, service, author):
    eia, _ = start_eia(client, screened_in(client, service, author))
    text = pdf_text(client.get(reverse("assessments:pdf", args=[eia.pk])))
    assert f"Screening: Yes – {YES_REASON}" in text
    assert f"Screening: Don't know – {DONT_KNOW_REASON}" in text
    assert "Screening: No – No change for sex." in text
    assert "assess this row" not in text


def signed_off(eia, approver, capture):
    """The EIA with every part filled in, signed off, its PDF issued."""
    Assessment.objects.filter(pk=eia.pk).update(
        lead_officer="Jamaila Tausif", evidence="Centre registers.", decision="adjust", status=Status.SUBMITTED
    )
    ImpactRow.objects.filter(assessment=eia).update(neutral="Available to all.")
    with capture(execute=True):
        return assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=approver)


def test_the_signed_off_pdf_names_the_screening_and_gives_no_working_instruction(
    client, screening_council, service, author, approver, django_capture_on_commit_callbacks
):
    screening = screened_in(client, service, author)
    eia, _ = start_eia(client, screening)
    signed_off(eia, approver, django_capture_on_commit_callbacks)
    # A signed-off EIA downloads as the PDF issued at its sign-off.
    text = pdf_text(client.get(reverse("assessments:pdf", args=[eia.pk])))
    assert f"Screening {screening.reference}, version 1. Full EIA needed, decided {decided_on(screening)}." in text
    assert f"Screening: Don't know – {DONT_KNOW_REASON}" in text
    assert "assess this row" not in text
    assert ".:" not in text


def reviewed(client, eia, approver, capture):
    signed_off(eia, approver, capture)
    client.post(reverse("assessments:start-review", args=[eia.pk]))
    return Assessment.objects.get(previous_version=eia)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), html.unescape(response.content.decode())


def test_a_review_keeps_the_screening_its_first_version_came_from_and_its_answers(
    client, screening_council, service, author, approver, django_capture_on_commit_callbacks
):
    screening = screened_in(client, service, author)
    eia, _ = start_eia(client, screening)
    second = reviewed(client, eia, approver, django_capture_on_commit_callbacks)
    second_queries, _ = queries_of(client, second.get_absolute_url())
    third = reviewed(client, second, approver, django_capture_on_commit_callbacks)
    third_queries, third_page = queries_of(client, third.get_absolute_url())

    link = f'<a class="govuk-link" href="{screening.get_absolute_url()}">{screening.reference}</a>'
    assert f"The first version of this EIA was started from the screening {link}" in third_page
    assert f"Screening: Yes – {YES_REASON}</span>" in third_page
    # One query finds the screening, however many versions back it is.
    assert third_queries == second_queries
    text = pdf_text(client.get(reverse("assessments:pdf", args=[third.pk])))
    assert f"Screening {screening.reference}, version 1. Full EIA needed" in text
