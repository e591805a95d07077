"""What a council asks in its EIAs beyond the common form: the standard optional fields it switches on (each
optional or required), and questions of its own, each answered in an EIA and kept as it was asked."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from assessments.models.grid import PartOfAssessment, PartOfAssessmentQuerySet
from councils.models import Council

# Dates an EIA may carry: none before EIAs were made, none centuries ahead.
EARLIEST_DATE, LATEST_DATE = date(1990, 1, 1), date(2100, 12, 31)


def sensible_date(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE:%-d %B %Y} and {LATEST_DATE:%-d %B %Y}", code="date_out_of_range"
        )


# An address of the web or of a council's intranet, where a host may have no dot (http://intranet/eia/12).
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def web_address(value):
    if value and not WEB_ADDRESS.match(value):
        raise ValidationError(
            "Enter a web address starting with http:// or https://, like https://intranet.example.gov.uk/eia/12",
            code="not_an_address",
        )


class FieldState(models.TextChoices):
    OFF = "off", "Not asked"
    OPTIONAL = "optional", "Asked, optional"
    REQUIRED = "required", "Asked, required before submitting"


# The standard optional fields of an EIA (fields of Assessment), each asked only where the council switches it on.
STANDARD_FIELDS = {
    "directorate": "Directorate",
    "team": "Team",
    "assessment_date": "Date of the assessment",
    "decision_maker": "Decision-maker",
    "meeting_name": "Meeting the EIA goes to",
    "meeting_date": "Date of the meeting",
    "budget_round": "Budget or savings round",
    "people_consulted": "People consulted",
    "previous_eia_link": "Link to the previous EIA",
}


class StandardField(models.Model):
    """Whether a council asks one of the standard optional fields in its EIAs, and whether it must be filled
    before submitting. A field with no StandardField is not asked."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="standard_fields")
    name = models.CharField(max_length=40, choices=list(STANDARD_FIELDS.items()))
    state = models.CharField(max_length=10, choices=FieldState.choices, default=FieldState.OFF)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="standard_field_once_per_council")]

    def __str__(self):
        return f"{STANDARD_FIELDS.get(self.name, self.name)}: {self.get_state_display()}"


def asked_fields(council):
    """{field name: required?} of the standard fields the council asks, in the order of STANDARD_FIELDS."""
    states = dict(
        StandardField.objects.filter(council=council).exclude(state=FieldState.OFF).values_list("name", "state")
    )
    return {name: states[name] == FieldState.REQUIRED for name in STANDARD_FIELDS if name in states}


class Question(models.Model):
    """A question of the council's own, asked in every EIA (or screening) while it is active. Its answers keep its
    wording as it was asked, so retiring or rewording it never changes a record that answered it."""

    class Place(models.TextChoices):
        SCREENING = "screening", "The screening"
        DETAILS = "details", "The EIA's details"
        GRID = "grid", "The end of the impact grid"

    class Kind(models.TextChoices):
        SHORT = "short", "Short text"
        LONG = "long", "Long text"
        YES_NO = "yes_no", "Yes or no, with a reason"
        DATE = "date", "Date"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="questions")
    place = models.CharField("where it is asked", max_length=20, choices=Place.choices)
    kind = models.CharField("kind of answer", max_length=10, choices=Kind.choices)
    text = models.CharField("question", max_length=500)
    hint = models.CharField(max_length=1000, blank=True)
    required = models.BooleanField("required before submitting", default=False)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("asked", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "place", "position", "id"]
        indexes = [models.Index(fields=["council", "place", "is_active"])]

    def __str__(self):
        return self.text

    @property
    def field_name(self):
        return f"question_{self.pk}"


class Answer(PartOfAssessment):
    """An EIA's answer to one of its council's questions, with the question as it was asked."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # The question as it was asked when the answer was last saved; a signed-off record shows it so.
    text_as_asked = models.CharField(max_length=500)
    kind_as_asked = models.CharField(max_length=10, choices=Question.Kind.choices)
    position_as_asked = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    reason = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True, validators=[sensible_date])

    objects = PartOfAssessmentQuerySet.as_manager()
    history = HistoricalRecords()
    text_boxes = ["text", "reason"]
    values = ["text", "yes_no", "reason", "date"]

    class Meta:
        ordering = ["assessment", "position_as_asked", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_once_per_question")]

    def __str__(self):
        return f"{self.text_as_asked}: {self.display()}"

    @property
    def is_filled(self):
        if self.kind_as_asked == Question.Kind.YES_NO:
            return self.yes_no is not None
        if self.kind_as_asked == Question.Kind.DATE:
            return self.date is not None
        return bool(self.text.strip())

    def display(self):
        """The answer in words, for the EIA's page, its PDF and the register."""
        if self.kind_as_asked == Question.Kind.YES_NO:
            if self.yes_no is None:
                return ""
            said = "Yes" if self.yes_no else "No"
            return f"{said}: {self.reason}" if self.reason.strip() else said
        if self.kind_as_asked == Question.Kind.DATE:
            return f"{self.date:%-d %B %Y}" if self.date else ""
        return self.text


def snapshot(question):
    """The fields of an Answer that keep its question as it is asked now."""
    return {"text_as_asked": question.text, "kind_as_asked": question.kind, "position_as_asked": question.position}


def _in_words(value):
    return f"{value:%-d %B %Y}" if isinstance(value, date) else value


def fields_shown(assessment):
    """(label, value in words) of each standard field the record shows: those its council asks, and any other it
    was filled in while the council asked it."""
    asked = asked_fields(assessment.council_id)
    return [
        (label, _in_words(getattr(assessment, name)) or "")
        for name, label in STANDARD_FIELDS.items()
        if name in asked or getattr(assessment, name) not in (None, "")
    ]


# The order of the places on a record's page: its details' questions, then its grid's.
RECORD_PLACES = [Question.Place.DETAILS, Question.Place.GRID]


def questions_shown(assessment):
    """(question, answer in words) for the record's page and PDF. A signed-off record shows what it answered, each
    question as it was asked; a draft shows the questions asked now, answered or not."""
    answers = list(Answer.objects.filter(assessment=assessment.pk).select_related("question"))
    if assessment.is_signed_off:
        answers.sort(key=lambda answer: (RECORD_PLACES.index(answer.question.place), answer.position_as_asked))
        return [
            (answer.text_as_asked, answer.display()) for answer in answers if answer.question.place in RECORD_PLACES
        ]
    by_question = {answer.question_id: answer for answer in answers}
    asked = Question.objects.filter(council=assessment.council_id, is_active=True, place__in=RECORD_PLACES)
    return [
        (question.text, by_question[question.pk].display() if question.pk in by_question else "")
        for question in sorted(asked, key=lambda question: (RECORD_PLACES.index(question.place), question.position))
    ]
