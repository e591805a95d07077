"""What a council asks in its EIAs beyond the common form: the standard optional fields it switches on (each
optional or required), and questions of its own, each answered in an EIA and kept as it was asked."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from assessments.models.choices import DECIDED
from assessments.models.grid import PartOfAssessment, PartOfAssessmentQuerySet
from councils.models import Council
from councils.templatetags.text import mid_sentence

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

        @property
        def asked(self):
            """Where a sentence says the question is asked: "in the EIA's details", "at the end of the impact
            grid"."""
            return f"{'at' if self == Question.Place.GRID else 'in'} {mid_sentence(self.label)}"

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

    @property
    def anchor(self):
        """Where a page puts its answer right: a yes or no question at its first radio."""
        return f"{self.field_name}_1" if self.kind == self.Kind.YES_NO else self.field_name


class AnswerQuerySet(PartOfAssessmentQuerySet):
    def frozen_q(self):
        return super().frozen_q() | models.Q(screening__status__in=DECIDED)

    def filled(self):
        """The answers given, as Answer.is_filled says of one: text that is not blank, a yes or no, a date."""
        kinds = Question.Kind
        return self.filter(
            models.Q(kind_as_asked=kinds.YES_NO, yes_no__isnull=False)
            | models.Q(kind_as_asked=kinds.DATE, date__isnull=False)
            | (~models.Q(kind_as_asked__in=[kinds.YES_NO, kinds.DATE]) & ~models.Q(text__regex=r"^\s*$"))
        )


class Answer(PartOfAssessment):
    """An EIA's or a screening's answer to one of its council's questions, with the question as it was asked. It
    freezes with its record."""

    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    # A screening's answers: its `answers` are the rows of its list.
    screening = models.ForeignKey(
        "assessments.Screening", null=True, blank=True, on_delete=models.CASCADE, related_name="question_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # The question as it was asked when the answer was last saved; a signed-off record shows it so.
    text_as_asked = models.CharField(max_length=500)
    kind_as_asked = models.CharField(max_length=10, choices=Question.Kind.choices)
    position_as_asked = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    reason = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True, validators=[sensible_date])

    objects = AnswerQuerySet.as_manager()
    history = HistoricalRecords()
    text_boxes = ["text", "reason"]
    values = ["text", "yes_no", "reason", "date"]

    class Meta:
        ordering = ["assessment", "screening", "position_as_asked", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once_per_question"),
            models.UniqueConstraint(fields=["screening", "question"], name="screening_answer_once_per_question"),
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=False, screening__isnull=True)
                | models.Q(assessment__isnull=True, screening__isnull=False),
                name="answer_of_an_eia_or_a_screening",
            ),
        ]

    def __str__(self):
        return f"{self.text_as_asked}: {self.display()}"

    @classmethod
    def any_frozen(cls, objs):
        objs = list(objs)
        screenings = cls._meta.get_field("screening").related_model.objects
        return (
            super().any_frozen([obj for obj in objs if obj.assessment_id])
            or screenings.filter(
                pk__in={obj.screening_id for obj in objs if obj.screening_id}, status__in=DECIDED
            ).exists()
        )

    @staticmethod
    def of(record):
        """{the answer's field for its record: the record}, for an EIA or a screening."""
        return {record._meta.model_name: record}

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


def copy_answers(answers, to):
    """Copy `answers` to the new version `to` of their record, each as it was asked; a retired question is not asked
    in the new version, so its answer stays with the version that answered it."""
    Answer.objects.bulk_create(
        Answer(**Answer.of(to), **{field: getattr(answer, field) for field in COPIED_ANSWER_FIELDS})
        for answer in answers.filter(question__is_active=True)
    )


COPIED_ANSWER_FIELDS = ["question_id", "text_as_asked", "kind_as_asked", "position_as_asked", *Answer.values]


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


def questions_shown(record, *, places=RECORD_PLACES, kept):
    """(question, answer in words) for the page and PDF of an EIA or a screening. A record `kept` as it was (signed
    off or decided) shows what it answered, each question as it was asked; a draft shows the questions asked now,
    answered or not."""
    answers = list(Answer.objects.filter(**Answer.of(record)).select_related("question"))
    if kept:
        answers.sort(key=lambda answer: (places.index(answer.question.place), answer.position_as_asked))
        return [(answer.text_as_asked, answer.display()) for answer in answers if answer.question.place in places]
    by_question = {answer.question_id: answer for answer in answers}
    asked = Question.objects.filter(council=record.council_id, is_active=True, place__in=places)
    return [
        (question.text, by_question[question.pk].display() if question.pk in by_question else "")
        for question in sorted(asked, key=lambda question: (places.index(question.place), question.position))
    ]


def unanswered(record, places, answers):
    """The council's required questions of `places` that the draft `record` has not answered yet (of its `answers`),
    in order."""
    answers = {answer.question_id: answer for answer in answers}
    return [
        question
        for question in Question.objects.filter(
            council=record.council_id, is_active=True, required=True, place__in=places
        ).order_by("place", "position", "id")
        if question.pk not in answers or not answers[question.pk].is_filled
    ]
