"""The EIA register, as a person downloads it (Excel and CSV): the council's own questions beside the standard fields,
dates as dates, a screened-out decision in force with its own questions and its decision in a column of its own, an
EIA with what the screening it was started from decided and answered, and the columns of retired questions only
where an exported record answered them."""

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, FieldState, Question, Screening, ScreeningStatus, StandardField
from assessments.models.questions import snapshot
from tests.factories import AssessmentFactory, ScreeningFactory

SIGNED_OFF_ON = datetime(2026, 1, 20, 12, tzinfo=UTC)


def register_csv(client):
    content = client.get(reverse("assessments:register-csv")).getvalue().decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(content, newline=""))
    return [dict(zip(header, row, strict=True)) for row in rows]


def register_xlsx(client):
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assessments:register-xlsx")).getvalue())).active
    header, *rows = sheet.iter_rows()
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


def ask(council, text, place=Question.Place.DETAILS, kind=Question.Kind.SHORT, **fields):
    return Question.objects.create(council=council, place=place, kind=kind, text=text, **fields)


def answer(record, question, **values):
    kind = "screening" if question.place == Question.Place.SCREENING else "assessment"
    return Answer.objects.create(**{kind: record}, question=question, **snapshot(question), **values)


@pytest.fixture
def eia(council, service, author):
    return AssessmentFactory(council=council, service=service, created_by=author, title="Care at home")


def screening(council, service, author):
    return ScreeningFactory(council=council, service=service, created_by=author, title="Change of day centre address")


def screen_out(screening, approver):
    """Decided as the approver decides it: its answers, given before, are kept as they were."""
    Screening.objects.filter(pk=screening.pk).update(
        status=ScreeningStatus.APPROVED, approved_by=approver, approved_at=SIGNED_OFF_ON
    )


@pytest.fixture
def screened_out(council, service, author, approver):
    decided = screening(council, service, author)
    screen_out(decided, approver)
    return decided


def start_full_eia(screening, approver):
    """Decided as an approver decides a full EIA is needed, and the full EIA started from it, with its reference."""
    Screening.objects.filter(pk=screening.pk).update(
        status=ScreeningStatus.FULL_EIA_NEEDED, approved_by=approver, approved_at=SIGNED_OFF_ON
    )
    return AssessmentFactory(
        council=screening.council,
        service=screening.service,
        created_by=screening.created_by,
        reference=screening.reference,
        screening=screening,
    )


WELSH, ENGLISH_ONLY = "Has the Welsh language been considered?", "No: the leaflets are in English only."


def eia_from_screening(council, service, author, approver):
    """A screening that answered the council's screening question and found a full EIA needed, and that EIA."""
    decided = screening(council, service, author)
    answer(decided, ask(council, WELSH, place=Question.Place.SCREENING), text=ENGLISH_ONLY)
    return decided, start_full_eia(decided, approver)


def test_a_date_question_is_a_date_as_the_standard_date_fields_are(client, council, eia, viewer):
    StandardField.objects.create(council=council, name="meeting_date", state=FieldState.OPTIONAL)
    type(eia).objects.filter(pk=eia.pk).update(meeting_date=date(2026, 11, 3))
    decided_on = ask(council, "When was the decision taken?", kind=Question.Kind.DATE)
    answer(eia, decided_on, date=date(2026, 11, 3))
    client.force_login(viewer)

    row = register_csv(client)[0]
    assert (row["Date of the meeting"], row["When was the decision taken?"]) == ("2026-11-03", "2026-11-03")
    cells = register_xlsx(client)[0]
    meeting, decided = cells["Date of the meeting"], cells["When was the decision taken?"]
    assert (meeting.value, decided.value) == (datetime(2026, 11, 3), datetime(2026, 11, 3))
    assert decided.number_format == meeting.number_format == "d mmm yyyy"


def test_a_retired_question_is_a_column_only_where_an_exported_record_answered_it(
    client, council, service, author, eia, viewer
):
    ask(council, "Asked now?")
    answered = ask(council, "Retired, answered here?", is_active=False)
    ask(council, "Retired, never answered?", is_active=False)
    answered_by_an_old_version = ask(council, "Retired, answered by an old version only?", is_active=False)
    answer(eia, answered, text="Yes, in 2024.")
    old = AssessmentFactory(council=council, service=service, created_by=author, is_latest=False)
    answer(old, answered_by_an_old_version, text="Only here.")
    client.force_login(viewer)

    for columns in (register_csv(client)[0], register_xlsx(client)[0]):
        asked = [name for name in columns if name.endswith("?")]
        assert asked == ["Asked now?", "Retired, answered here?"]


def test_a_screened_out_decision_carries_the_answers_to_the_screenings_own_questions(
    client, council, service, author, approver, eia, viewer
):
    welsh = ask(council, "Has the Welsh language been considered?", place=Question.Place.SCREENING)
    reviewed_on = ask(council, "When was it last reviewed?", place=Question.Place.SCREENING, kind=Question.Kind.DATE)
    decided = screening(council, service, author)
    answer(decided, welsh, text="Yes, the notice is bilingual.")
    answer(decided, reviewed_on, date=date(2026, 1, 19))
    screen_out(decided, approver)
    client.force_login(viewer)

    eia_row, screening_row = register_csv(client)
    column, dated = "Screening: Has the Welsh language been considered?", "Screening: When was it last reviewed?"
    assert (screening_row[column], screening_row[dated]) == ("Yes, the notice is bilingual.", "2026-01-19")
    assert (eia_row[column], eia_row[dated]) == ("", "")
    cells = register_xlsx(client)[1]
    assert (cells[column].value, cells[dated].value) == ("Yes, the notice is bilingual.", datetime(2026, 1, 19))


def test_a_screening_gives_its_decision_in_a_column_of_its_own_and_rates_no_impact(client, eia, screened_out, viewer):
    client.force_login(viewer)
    eia_row, screening_row = register_csv(client)
    assert (screening_row["Type"], screening_row["Worst negative impact"]) == ("Screening", "")
    assert screening_row["Screening decision"] == "No full EIA needed"
    assert (eia_row["Worst negative impact"], eia_row["Screening decision"]) == ("No negative impact", "")
    cells = register_xlsx(client)[1]
    assert (cells["Worst negative impact"].value, cells["Screening decision"].value) == (None, "No full EIA needed")


def test_a_screened_out_decision_stays_while_its_reopened_version_is_decided_again(
    client, council, service, author, approver, eia, viewer
):
    welsh = ask(council, "Has the Welsh language been considered?", place=Question.Place.SCREENING)
    decided = screening(council, service, author)
    answer(decided, welsh, text="Yes, the notice is bilingual.")
    screen_out(decided, approver)
    draft = decided.reopen(by=author)
    Answer.objects.filter(screening=draft).update(text="Not yet: the new notice is being written.")
    client.force_login(viewer)

    column = "Screening: Has the Welsh language been considered?"
    rows = [row for row in register_csv(client) if row["Type"] == "Screening"]
    assert [(row["Version"], row["Screening decision"]) for row in rows] == [("1", "No full EIA needed")]
    assert (rows[0]["Reference"], rows[0][column]) == (decided.reference, "Yes, the notice is bilingual.")
    cells = [row for row in register_xlsx(client) if row["Type"].value == "Screening"]
    assert [(row["Version"].value, row[column].value) for row in cells] == [(1, "Yes, the notice is bilingual.")]


def test_an_eia_started_from_a_screening_gives_its_decision_and_its_answers(
    client, council, service, author, approver, viewer
):
    decided, eia = eia_from_screening(council, service, author, approver)
    client.force_login(viewer)

    row = register_csv(client)[0]
    decision = f"Full EIA needed (screening {decided.reference}, version 1)"
    assert (row["Reference"], row["Type"], row["Screening decision"]) == (eia.reference, "EIA", decision)
    assert row[f"Screening: {WELSH}"] == ENGLISH_ONLY
    cells = register_xlsx(client)[0]
    assert (cells["Screening decision"].value, cells[f"Screening: {WELSH}"].value) == (decision, ENGLISH_ONLY)


def test_a_review_of_an_eia_started_from_a_screening_gives_the_first_versions_screening(
    client, council, service, author, approver, viewer
):
    decided, first = eia_from_screening(council, service, author, approver)
    type(first).objects.filter(pk=first.pk).update(is_latest=False)
    review = AssessmentFactory(
        council=council, service=service, created_by=author, previous_version=first, version=2, title="Reviewed"
    )
    client.force_login(viewer)

    (row,) = register_csv(client)
    assert (row["Title"], row["Version"]) == (review.title, "2")
    assert row["Screening decision"] == f"Full EIA needed (screening {decided.reference}, version 1)"
    assert row[f"Screening: {WELSH}"] == ENGLISH_ONLY


def test_a_standard_field_no_longer_asked_stays_a_column_where_an_exported_eia_filled_it(client, council, eia, viewer):
    StandardField.objects.create(council=council, name="budget_round", state=FieldState.OFF)
    type(eia).objects.filter(pk=eia.pk).update(budget_round="2025/26 savings")
    client.force_login(viewer)
    assert register_csv(client)[0]["Budget or savings round"] == "2025/26 savings"
    assert "Team" not in register_csv(client)[0]


def test_its_queries_do_not_grow_with_the_screenings_questions_and_answers(
    client, council, service, author, approver, viewer
):
    questions = [
        ask(council, "Welsh?", place=Question.Place.SCREENING),
        ask(council, "Retired?", place=Question.Place.SCREENING, is_active=False),
        ask(council, "Decided on?", kind=Question.Kind.DATE),
    ]

    def more(count):
        for _ in range(count):
            eia = AssessmentFactory(council=council, service=service, created_by=author)
            answer(eia, questions[2], date=date(2026, 3, 1))
            decided = screening(council, service, author)
            answer(decided, questions[0], text="Yes.")
            answer(decided, questions[1], text="Answered before it was retired.")
            screen_out(decided, approver)
            # A screened-out decision in force while its reopened version is decided again.
            reopened = screening(council, service, author)
            answer(reopened, questions[0], text="Yes.")
            screen_out(reopened, approver)
            reopened.reopen(by=author)
            # An EIA started from a screening, and a review of another.
            for _ in range(2):
                started = screening(council, service, author)
                answer(started, questions[0], text="No.")
                first = start_full_eia(started, approver)
            type(first).objects.filter(pk=first.pk).update(is_latest=False)
            AssessmentFactory(council=council, service=service, created_by=author, previous_version=first, version=2)

    more(1)
    client.force_login(viewer)
    for kind in ("csv", "xlsx"):
        url = reverse(f"assessments:register-{kind}")
        client.get(url).getvalue()
        with CaptureQueriesContext(connection) as few:
            client.get(url).getvalue()
        more(5)
        with CaptureQueriesContext(connection) as many:
            client.get(url).getvalue()
        assert len(many) == len(few)
