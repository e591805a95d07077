"""The EIA register: the newest version of every EIA of the person's councils, as a spreadsheet. It is streamed: the
header is known from a few queries, then the EIAs are read BATCH at a time, each batch with a fixed number of
queries, so that the download starts at once and holds a batch, not the register, however many EIAs there are.

The rows are read after the view has returned, while the file is sent, each query in its own transaction (a view's
transaction, were ATOMIC_REQUESTS on, would be over by then); a record that changes while a register is sent is in
it as it was when its batch was read."""

from itertools import islice

from django.db.models import Count, Exists, F, OuterRef, Q
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
# The EIAs, or screened-out decisions, read at a time. With their answers, an EIA of the scale council holds about
# 15 KB while it is written: 200 hold about 3 MB, and a register is sent as fast as in batches of 500 (7 MB).
BATCH = 200
ORDER = ("council__name", "service__path", "title", "pk")


def register_rows(user):
    """(header, rows) of the register for a person: its EIAs, each with what the screening it was started from
    decided, then its screened-out decisions in force (a record in their own right); a Council column first when
    they belong to several. The rows are a generator, read as the file is sent."""
    assessments = scoped(Assessment.objects.latest_versions(), user)
    # A screened-out version stays in force until a newer version is decided, which supersedes it: so every
    # screened-out version is in force, the newest or the one a reopened draft is still to replace.
    screened_out = scoped(Screening.objects.filter(status=ScreeningStatus.APPROVED), user)
    several, fields = _councils_and_fields(user)
    questions = _questions(user, assessments)
    header = [
        *HEADER,
        *(STANDARD_FIELDS[name] for name in fields),
        *(
            SCREENING_QUESTION.format(question.text) if question.place == Question.Place.SCREENING else question.text
            for question in questions
        ),
    ]
    rows = _rows(assessments, screened_out, fields, questions, several)
    if several:
        # The reference first, then the council it belongs to.
        header = ["Reference", "Council", *header[1:]]
    return header, rows


def _rows(assessments, screened_out, fields, questions, several):
    eias = (
        assessments.select_related("council", "service", "approved_by").with_worst_level().order_by(*ORDER)
    ).iterator(chunk_size=BATCH)
    for batch in _batches(eias):
        origins = _origins(batch)
        added = _added_rows(batch)
        answers = _answers(
            Q(assessment__in=[a.pk for a in batch]) | Q(screening__in=[s.pk for s in origins.values()]), questions
        )
        for assessment in batch:
            worst = assessment.worst_level
            origin = origins.get((assessment.council_id, assessment.reference))
            row = [
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
            yield [row[0], assessment.council.name, *row[1:]] if several else row
    decisions = screened_out.select_related("council", "service", "approved_by").order_by(*ORDER)
    for batch in _batches(decisions.iterator(chunk_size=BATCH)):
        answers = _answers(Q(screening__in=[screening.pk for screening in batch]), questions)
        for screening in batch:
            row = [
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
            yield [row[0], screening.council.name, *row[1:]] if several else row


def _batches(records):
    records = iter(records)
    while batch := list(islice(records, BATCH)):
        yield batch


def _origins(batch):
    """The screenings a batch's EIAs were started from, by (council, the EIA's reference): only an EIA's first
    version points at its screening, and every version has the same reference."""
    screenings = Screening.objects.filter(
        council__in={assessment.council_id for assessment in batch},
        assessment__reference__in={assessment.reference for assessment in batch},
    ).annotate(eia_reference=F("assessment__reference"))
    return {(screening.council_id, screening.eia_reference): screening for screening in screenings.order_by("pk")}


def _added_rows(batch):
    """Groups the council's list lacks, which the author added to each EIA's grid."""
    added = {}
    for assessment_id, label in ImpactRow.objects.filter(
        assessment__in=[assessment.pk for assessment in batch], added_by_author=True
    ).values_list("assessment_id", "label"):
        added.setdefault(assessment_id, []).append(label)
    return added


def _answered_by(assessment, origin, question):
    """The record whose answer to a question is in an EIA's row: the screening it was started from answered the
    screening's questions."""
    if question.place == Question.Place.SCREENING and origin is not None:
        return ("screening", origin.pk)
    return ("assessment", assessment.pk)


def _councils_and_fields(user):
    """Whether the person belongs to several councils, and the standard fields any of their councils asks, and any
    other an exported EIA filled in while it was asked, so that switching a field off loses nothing from the
    register: a query for the councils and what they ask, and one that reads their newest EIAs once for all the
    fields none of them asks."""
    asked = {
        f"asked_{name}": Exists(
            StandardField.objects.filter(council=OuterRef("pk"), name=name).exclude(state=FieldState.OFF)
        )
        for name in STANDARD_FIELDS
    }
    councils = list(councils_for(user).annotate(**asked).values("pk", *asked))
    unasked = [name for name in STANDARD_FIELDS if not any(council[f"asked_{name}"] for council in councils)]
    filled = {}
    if unasked:
        latest = Assessment.objects.latest_versions().filter(council__in=[council["pk"] for council in councils])
        filled = latest.aggregate(**{name: Count("pk", filter=_filled(name)) for name in unasked})
    fields = [name for name in STANDARD_FIELDS if name not in unasked or filled[name]]
    return len(councils) > 1, fields


def _filled(name):
    filled = ~Q(**{f"{name}__isnull": True})
    if Assessment._meta.get_field(name).empty_strings_allowed:
        filled &= ~Q(**{name: ""})
    return filled


def _questions(user, assessments):
    """The columns of the councils' own questions, by their text: those of an EIA's details and grid, then the
    screening's, each in the council's order; a retired question only where an exported record answered it (an
    EIA, a screened-out decision, or the screening an EIA was started from)."""
    screenings = scoped(
        Screening.objects.filter(Q(status=ScreeningStatus.APPROVED) | Q(assessment__isnull=False)), user
    )
    exported = Q(assessment__in=assessments.values("pk")) | Q(screening__in=screenings.values("pk"))
    answered = Answer.objects.filled().filter(exported, question=OuterRef("pk"))
    questions = list(
        Question.objects.filter(council__in=councils_for(user), place__in=[*RECORD_PLACES, Question.Place.SCREENING])
        .filter(Q(is_active=True) | Exists(answered))
        .order_by("council", "place", "position", "id")
    )
    questions.sort(key=lambda question: question.place == Question.Place.SCREENING)
    return questions


def _answers(records, questions):
    """The answers of some records to the questions, {(record kind, record id, question id): value}: a date as a
    date, as the standard fields' dates are, anything else in words."""
    answers = {}
    for answer in Answer.objects.filter(records, question__in=[q.pk for q in questions]):
        if not answer.is_filled:
            continue
        record = ("assessment", answer.assessment_id) if answer.assessment_id else ("screening", answer.screening_id)
        answers[(*record, answer.question_id)] = (
            answer.date if answer.kind_as_asked == Question.Kind.DATE else answer.display()
        )
    return answers


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
