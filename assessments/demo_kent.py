"""Kent County Council's demo setup, unlike Cheshire's: every proposal is screened first, records are numbered
ASC/1, ASC/2 …, EIAs ask for the directorate and the meeting they go to, and two questions of Kent's own. Its grid
is the default for England, which a new council starts with. One screening is screened out, so a newcomer sees a
decision with its PDF and review date."""

from django.db import transaction

from assessments.models import FieldState, Question, Screening, ScreeningAnswerChoice, StandardField
from assessments.services import screening_approve
from councils.models import Role, Service
from councils.services import reference_take

SERVICE = "Older People and Physical Disability"  # under "Adult Social Services", which load_demo creates

FIELDS = {"directorate": FieldState.REQUIRED, "meeting_name": FieldState.OPTIONAL}

QUESTIONS = [
    {
        "place": Question.Place.DETAILS,
        "kind": Question.Kind.LONG,
        "text": "Which Kent Adult Social Services priority does this support?",
        "hint": "For example Active Lives, or putting people first.",
        "required": True,
    },
    {
        "place": Question.Place.SCREENING,
        "kind": Question.Kind.YES_NO,
        "text": "Has the proposal been discussed with the Equalities Team?",
        "hint": "",
        "required": False,
    },
]

SCREENING = {
    "title": "Appointment letters in the Older People and Physical Disability teams' new template",
    "proposal": "Assessment appointment letters move to the directorate's new template: the same content, in plain "
    "English, with the team's direct phone number and an offer of large print, Braille, audio or another "
    "language on the first page.",
    "affects": "People waiting for a care needs assessment, and their carers.",
    "conclusion": "The letters say the same as before and offer the formats people have asked for; no one loses a "
    "way of being told about their appointment, so no group is likely to be affected adversely.",
}


@transaction.atomic
def load_demo(council, people):
    for name, state in FIELDS.items():
        StandardField.objects.get_or_create(council=council, name=name, defaults={"state": state})
    for position, question in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            council=council, text=question["text"], defaults={**question, "position": position}
        )
    existing = Screening.objects.filter(council=council, title=SCREENING["title"]).first()
    if existing:
        return existing

    author = people[Role.AUTHOR]
    screening = Screening.objects.create(
        council=council,
        service=Service.objects.get(council=council, name=SERVICE),
        reference=reference_take(council=council),
        created_by=author,
        last_edited_by=author,
        **SCREENING,
    )
    screening.copy_rows_from_council()
    screening.answers.update(answer=ScreeningAnswerChoice.NO)
    screening = screening.submit(by=author)
    return screening_approve(screening=screening, by=people[Role.APPROVER])
