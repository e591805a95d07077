"""The EIA register: the newest version of every EIA of the person's councils, as a spreadsheet, in a fixed
number of queries however many there are."""

from django.db.models import F, Q
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.models import (
    STANDARD_FIELDS,
    Answer,
    Assessment,
    FieldState,
    ImpactLevel,
    ImpactRow,
    Question,
    Screening,
    ScreeningStatus,
    StandardField,
)
from assessments.models.questions import RECORD_PLACES
from councils.access import councils_for, scoped
from councils.spreadsheets import csv_response, xlsx_response
from councils.templatetags.people import person

HEADER = [
    "Reference",
    "Type",
    "Reference before EqA",
    "Title",
    "Service",
    "Status",
    "Version",
    "Lead officer",
    "Worst negative impact",
    "Screening decision",
    "Review due",
    "Signed off by",
    "Signed off on",
    "Last changed",
    "Rows added for this EIA",
]
# What a screened-out decision decided, in the register's words.
SCREENED_OUT = "No full EIA needed"
# What the screening an EIA was started from decided, and which screening it was.
SCREENED_IN = "Full EIA needed (screening {reference}, version {version})"
SCREENING_QUESTION = "Screening: {}"  # the column of a question the screening asks


def register_rows(user):
    """(header, rows) of the register for a person: its EIAs, each with what the screening it was started from
    decided, then its screened-out decisions in force (a record in their own right); a Council column first when
    they belong to several."""
    several = councils_for(user).count() > 1
    assessments = list(
        scoped(Assessment.objects.latest_versions(), user)
        .select_related("council", "service", "approved_by")
        .with_worst_level()
        .order_by("council__name", "service__path", "title", "pk")
    )
    # In one query, the screened-out decisions in force and the screenings the EIAs were started from. A screened-out
    # version stays in force until a newer version is decided, which supersedes it: so every screened-out version
    # is in force, the newest or the one a reopened draft is still to replace.
    screenings = list(
        scoped(Screening.objects.filter(Q(status=ScreeningStatus.APPROVED) | Q(assessment__isnull=False)), user)
        .select_related("council", "service", "approved_by")
        .annotate(eia_reference=F("assessment__reference"))
        .order_by("council__name", "service__path", "title", "pk")
    )
    screened_out = [screening for screening in screenings if screening.status == ScreeningStatus.APPROVED]
    # Only an EIA's first version points at its screening; every version has the same reference.
    origins = {(s.council_id, s.eia_reference): s for s in screenings if s.eia_reference is not None}
    fields = _standard_fields(councils_for(user), assessments)
    questions, answers = _questions_and_answers(councils_for(user), assessments, screenings)
    # Groups the council's list lacks, which the author added to this EIA's grid.
    added = {}
    for assessment_id, label in ImpactRow.objects.filter(
        assessment__in=[a.pk for a in assessments], added_by_author=True
    ).values_list("assessment_id", "label"):
        added.setdefault(assessment_id, []).append(label)
    rows = []
    for assessment in assessments:
        worst = assessment.worst_level
        origin = origins.get((assessment.council_id, assessment.reference))
        rows.append(
            [
                assessment.reference,
                "EIA",
                assessment.old_reference,
                assessment.title,
                assessment.service.path,
                assessment.get_status_display(),
                assessment.version,
                assessment.lead_officer,
                ImpactLevel(worst).label if worst else "No negative impact",
                SCREENED_IN.format(reference=origin.reference, version=origin.version) if origin else "",
                assessment.review_due,
                person(assessment.approved_by),
                timezone.localtime(assessment.approved_at).date() if assessment.approved_at else None,
                assessment.updated_at,
                "; ".join(added.get(assessment.pk, [])),
                *(getattr(assessment, name) for name in fields),
                *(
                    answers.get((*_answered_by(assessment, origin, question), question.pk), "")
                    for question in questions
                ),
            ]
        )
    for screening in screened_out:
        rows.append(
            [
                screening.reference,
                "Screening",
                "",
                screening.title,
                screening.service.path,
                screening.get_status_display(),
                screening.version,
                "",
                "",  # a screening rates no impact: its decision says what it found
                SCREENED_OUT,
                screening.review_due,
                person(screening.approved_by),
                timezone.localtime(screening.approved_at).date(),
                screening.updated_at,
                "",
                *("" for _ in fields),
                *(answers.get(("screening", screening.pk, question.pk), "") for question in questions),
            ]
        )
    header = [
        *HEADER,
        *(STANDARD_FIELDS[name] for name in fields),
        *(
            SCREENING_QUESTION.format(question.text) if question.place == Question.Place.SCREENING else question.text
            for question in questions
        ),
    ]
    if not several:
        return header, rows
    # The reference first, then the council it belongs to.
    councils = [assessment.council.name for assessment in assessments] + [s.council.name for s in screened_out]
    return ["Reference", "Council", *header[1:]], [
        [row[0], council, *row[1:]] for row, council in zip(rows, councils, strict=True)
    ]


def _answered_by(assessment, origin, question):
    """The record whose answer to a question is in an EIA's row: the screening it was started from answered the
    screening's questions."""
    if question.place == Question.Place.SCREENING and origin is not None:
        return ("screening", origin.pk)
    return ("assessment", assessment.pk)


def _standard_fields(councils, assessments):
    """The standard fields any of the councils asks, and any other an exported EIA filled in while it was asked, so
    that switching a field off loses nothing from the register."""
    asked = set(
        StandardField.objects.filter(council__in=councils).exclude(state=FieldState.OFF).values_list("name", flat=True)
    )
    return [
        name
        for name in STANDARD_FIELDS
        if name in asked or any(getattr(assessment, name) not in (None, "") for assessment in assessments)
    ]


def _questions_and_answers(councils, assessments, screenings):
    """The columns of the councils' own questions, by their text: those of an EIA's details and grid, then the
    screening's, each in the council's order; a retired question only where an exported record answered it. And
    the answers, {(record kind, record id, question id): value}: a date as a date, as the standard fields' dates
    are, anything else in words."""
    questions = list(
        Question.objects.filter(council__in=councils, place__in=[*RECORD_PLACES, Question.Place.SCREENING]).order_by(
            "council", "place", "position", "id"
        )
    )
    questions.sort(key=lambda question: question.place == Question.Place.SCREENING)
    answers = {}
    for answer in Answer.objects.filter(
        Q(assessment__in=[a.pk for a in assessments]) | Q(screening__in=[s.pk for s in screenings]),
        question__in=[q.pk for q in questions],
    ):
        if not answer.is_filled:
            continue
        record = ("assessment", answer.assessment_id) if answer.assessment_id else ("screening", answer.screening_id)
        value = answer.date if answer.kind_as_asked == Question.Kind.DATE else answer.display()
        answers[(*record, answer.question_id)] = value
    answered = {question_id for *_, question_id in answers}
    return [q for q in questions if q.is_active or q.pk in answered], answers


def _filename(extension):
    return f"eia-register {timezone.localdate():%Y-%m-%d}.{extension}"


@require_GET
def register_xlsx(request):
    header, rows = register_rows(request.user)
    return xlsx_response(_filename("xlsx"), "EIA register", header, rows)


@require_GET
def register_csv(request):
    header, rows = register_rows(request.user)
    return csv_response(_filename("csv"), header, rows)
