from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments import permissions, review
from assessments.characteristics import uncovered
from assessments.models.actions import AssessmentAction
from assessments.models.choices import IN_FORCE, SIGNED_OFF, Decision, ModerationOutcome, Status, Step, SubjectType
from assessments.models.grid import ImpactRow
from assessments.models.lifecycle import StatusChange
from assessments.models.questions import (
    STANDARD_FIELDS,
    Answer,
    Question,
    asked_fields,
    copy_answers,
    fields_shown,
    questions_shown,
    sensible_date,
    unanswered,
    web_address,
)
from assessments.models.screening import Screening
from councils.access import Standing
from councils.lifecycle import (
    AuthoredModel,
    DraftDeletionMixin,
    FreezableModel,
    FreezableQuerySet,
    StepsMixin,
    TransitionRefused,
)
from councils.models import Council, Service, text_length
from councils.references import REFERENCE_LIMIT
from councils.templatetags.text import mid_sentence

# What the steps after sign-off may still move; the EIA's content stays as it was signed off.
MUTABLE_WHEN_SIGNED_OFF = frozenset(
    {
        "status",
        "is_latest",
        "moderation_body",
        "moderation_date",
        "moderation_outcome",
        "moderation_comments",
        "moderated_by",
        "moderated_at",
        "published_at",
        "updated_at",
        # Whose account review reminders go to, not what was signed off (the lead officer's name, `lead_officer`,
        # stays as signed off): when the lead officer leaves, the person who takes over their work is reminded.
        "lead_officer_user",
    }
)

# The parts of an EIA where the council's questions of each place are answered; the screening's are its own.
QUESTION_PAGES = {Question.Place.DETAILS: "details", Question.Place.GRID: "grid"}

# The header sections a person must fill before submitting.
REQUIRED_SECTIONS = [
    ("aims", "Enter the main aims, purpose and outcomes"),
    ("service_users", "Enter who uses the service"),
    ("lead_officer", "Enter the lead officer"),
    ("evidence", "Enter the evidence the assessment relies on"),
    ("decision", "Choose the decision"),
]


@dataclass(frozen=True)
class SubmissionProblem:
    """Something to put right before an EIA can be submitted: what to do, the part of the EIA it is put right in
    (DETAILS, GRID, ACTIONS or COVERAGE) and the field there (a header field's name, a grid row's position, a
    characteristic's value), for a page to link to."""

    DETAILS, GRID, ACTIONS, COVERAGE = "details", "grid", "actions", "coverage"

    message: str
    part: str
    field: str = ""


@dataclass(frozen=True)
class ReviewSummary:
    worst: str | None
    rule: str
    due: date
    # True until sign-off: the date is the one the rule would give if it were signed off today.
    provisional: bool

    @property
    def worst_label(self):
        return self.worst.capitalize() if self.worst else "No negative impact"


class AssessmentQuerySet(FreezableQuerySet):
    mutable_when_frozen = MUTABLE_WHEN_SIGNED_OFF

    def frozen_q(self):
        return Q(status__in=SIGNED_OFF)

    def latest_versions(self):
        return self.filter(is_latest=True)

    def with_worst_level(self):
        """Each EIA's worst negative level, as `worst_level` ("high", "medium", "low"; None where it rates none), in
        the same query."""
        severity = models.Max(
            models.Case(
                *[models.When(rows__negative_level=level, then=rank) for level, rank in review.SEVERITY.items()],
                output_field=models.IntegerField(),
            )
        )
        levels = [models.When(severity_rank=rank, then=models.Value(level)) for level, rank in review.SEVERITY.items()]
        return self.annotate(severity_rank=severity, worst_level=models.Case(*levels, default=None))


class Assessment(StepsMixin, DraftDeletionMixin, FreezableModel, AuthoredModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="assessments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="assessments")
    # Given from the council's pattern when the EIA is started; every version of the EIA has the same one.
    reference = models.CharField(max_length=REFERENCE_LIMIT)
    # The number a record brought over from Word had before, as typed in.
    old_reference = models.CharField("reference before EqA", max_length=REFERENCE_LIMIT, blank=True)
    title = models.CharField(max_length=300)
    subject_type = models.CharField("what is being assessed", max_length=20, choices=SubjectType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    # Lists show the newest version of each EIA; older ones stay readable from it.
    is_latest = models.BooleanField(default=True)
    # The screening that found a full EIA needed and started this one; its answers are on the grid's rows.
    screening = models.OneToOneField(
        "assessments.Screening", null=True, blank=True, on_delete=models.PROTECT, related_name="assessment"
    )

    aims = models.TextField("main aims, purpose and outcomes", blank=True)
    service_users = models.TextField("who uses the service", blank=True)
    stakeholders = models.TextField(blank=True)
    lead_officer = models.CharField(max_length=200, blank=True)
    # Officers are often named by job title, so the name is text; the account is for reminders.
    lead_officer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="lead officer's EqA account",
    )
    commissioning_officers = models.CharField(max_length=500, blank=True)
    evidence = models.TextField(blank=True)
    engagement = models.TextField("engagement and consultation", blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("reasons for the decision", blank=True)
    # Why the grid leaves a statutory characteristic out: {characteristic: reason}.
    uncovered_reasons = models.JSONField(default=dict, blank=True)

    # The sign-off block. The head of service is named as on the paper; approved_by is who signed it off here.
    head_of_service = models.CharField("head of service", max_length=200, blank=True)

    # The standard optional fields (assessments.models.questions.STANDARD_FIELDS): asked where the council
    # switches them on, so every one may be blank.
    directorate = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True)
    assessment_date = models.DateField("date of the assessment", null=True, blank=True, validators=[sensible_date])
    decision_maker = models.CharField("decision-maker", max_length=200, blank=True)
    meeting_name = models.CharField("meeting the EIA goes to", max_length=300, blank=True)
    meeting_date = models.DateField("date of the meeting", null=True, blank=True, validators=[sensible_date])
    budget_round = models.CharField("budget or savings round", max_length=200, blank=True)
    people_consulted = models.CharField(max_length=2000, blank=True)
    previous_eia_link = models.CharField(
        "link to the previous EIA", max_length=500, blank=True, validators=[web_address]
    )
    moderation_body = models.CharField("moderation or scrutiny body", max_length=300, blank=True)
    moderation_date = models.DateField("date of moderation or scrutiny", null=True, blank=True)
    moderation_outcome = models.CharField(max_length=30, choices=ModerationOutcome.choices, blank=True)
    moderation_comments = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Set from the sign-off date by the review-date rule; empty until the EIA is signed off.
    review_due = models.DateField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "revision", "is_latest", "created_at"])
    mutable_when_frozen = MUTABLE_WHEN_SIGNED_OFF
    # The boxes officers write at length, which EIA_TEXT_LIMIT bounds in all (each one-line field is short).
    text_boxes = ["aims", "service_users", "stakeholders", "evidence", "engagement", "decision_reason"]
    # Its lifecycle's choices and wording, for councils.lifecycle.StepsMixin.
    Status, Step = Status, Step
    reason_needed = "Say why you are returning it, so the author knows what to change."

    class Meta:
        ordering = ["-updated_at", "-id"]
        # The lists and the home page's panels read a page of a council's EIAs in an order and count the rest: each
        # order has an index of its own, holding only the EIAs that list can show, so that a page is read from it
        # in order and stops at its last row, and a count reads the index alone, however many EIAs the council has.
        indexes = [
            models.Index(fields=["council", "is_latest", "status"]),
            models.Index(fields=["council", "service"]),
            models.Index(fields=["council", "review_due"]),
            models.Index(
                fields=["council", "-updated_at", "-id"], condition=Q(is_latest=True), name="eia_latest_newest"
            ),
            models.Index(
                fields=["council", "-updated_at", "-id"], condition=Q(status__in=IN_FORCE), name="eia_in_force_newest"
            ),
            models.Index(
                fields=["council", "review_due", "id"], condition=Q(status__in=IN_FORCE), name="eia_in_force_review"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference", "version"], name="assessment_unique_reference_per_version"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_signed_off(self):
        return self.status in SIGNED_OFF

    def worst_negative_level(self):
        """Worst negative level of the grid; uses prefetched rows where the caller has them."""
        return review.worst_level(row.negative_level for row in self.rows.all())

    def review_periods(self):
        c = self.council
        return review.ReviewPeriods(
            c.review_months_high, c.review_months_medium, c.review_months_low, c.review_months_none
        )

    def review_summary(self):
        """The worst level, the rule in words and the review date; uses prefetched rows where there are some."""
        worst = self.worst_negative_level()
        periods = self.review_periods()
        if self.review_due:
            return ReviewSummary(worst, review.describe_rule(worst, periods), self.review_due, provisional=False)
        return ReviewSummary(
            worst,
            review.describe_rule(worst, periods),
            review.review_due(timezone.localdate(), worst, periods),
            provisional=True,
        )

    def standard_fields_shown(self):
        return fields_shown(self)

    def questions_shown(self):
        return questions_shown(self, kept=self.is_signed_off)

    def uncovered_characteristics(self):
        """What the duties of the council's nation ask the grid to consider and none of its rows covers."""
        return uncovered((row.covers for row in self.rows.all()), self.council.nation)

    def text_length(self):
        """Characters in all the EIA's text boxes: its own, its grid's, its actions' and its answers to the council's
        questions."""
        return (
            text_length(Assessment.objects.filter(pk=self.pk), self.text_boxes)
            + text_length(self.rows.all(), ImpactRow.text_boxes)
            + text_length(self.actions.all(), AssessmentAction.text_boxes)
            + text_length(self.answers.all(), Answer.text_boxes)
        )

    def origin_screening(self):
        """The screening that started this EIA. Only the first version points at it, so a review finds it by the
        reference every version shares: one query, however many versions there are."""
        if self.screening_id is not None:
            return self.screening
        if self.previous_version_id is None:
            return None
        return Screening.objects.filter(
            assessment__council_id=self.council_id, assessment__reference=self.reference
        ).first()

    def copy_grid_from_council(self):
        """Snapshot the council's active characteristic list, so later edits to the list leave this EIA alone."""
        characteristics = self.council.characteristics.filter(is_active=True)
        ImpactRow.objects.bulk_create(
            ImpactRow(
                assessment=self,
                characteristic=c,
                position=index,
                label=c.label,
                guidance=c.guidance,
                covers=list(c.covers),
            )
            for index, c in enumerate(characteristics, start=1)
        )

    def submission_problems(self):
        """What must be put right before sign-off, each a SubmissionProblem naming the field to put it right in."""
        problems = []
        for field, message in REQUIRED_SECTIONS:
            if not getattr(self, field).strip():
                problems.append(SubmissionProblem(message, SubmissionProblem.DETAILS, field))
        for field, required in asked_fields(self.council_id).items():
            if required and getattr(self, field) in (None, ""):
                problems.append(
                    SubmissionProblem(
                        f"Enter the {mid_sentence(STANDARD_FIELDS[field])}",
                        SubmissionProblem.DETAILS,
                        field,
                    )
                )
        problems.extend(self.question_problems())
        if self.decision == Decision.CONTINUE and not self.decision_reason.strip():
            problems.append(
                SubmissionProblem(
                    "Explain why continuing despite the adverse impact is justified",
                    SubmissionProblem.DETAILS,
                    "decision_reason",
                )
            )
        rows = list(self.rows.all())
        for row in rows:
            if not row.is_filled:
                problems.append(SubmissionProblem(row.unfilled_problem, SubmissionProblem.GRID, str(row.position)))
        addressed = {row.pk for action in self.actions.all() for row in action.mitigates.all()}
        for row in rows:
            if row.negative_level == review.HIGH and row.pk not in addressed:
                problems.append(
                    SubmissionProblem(
                        f"Add an action for the High negative impact on {row.label}, and tick "
                        f"{row.label} as an impact it addresses",
                        SubmissionProblem.ACTIONS,
                    )
                )
        for characteristic in uncovered((row.covers for row in rows), self.council.nation):
            if not self.uncovered_reasons.get(characteristic.value, "").strip():
                problems.append(
                    SubmissionProblem(
                        f"Say why the grid does not consider {characteristic.phrase}",
                        SubmissionProblem.COVERAGE,
                        characteristic.value,
                    )
                )
        return problems

    def question_problems(self):
        """The council's required questions this EIA has not answered yet, on its details page or its grid's."""
        return [
            SubmissionProblem(f"Answer the question ‘{question.text}’", QUESTION_PAGES[question.place], question.anchor)
            for question in unanswered(self, QUESTION_PAGES, self.answers.all())
        ]

    # The lifecycle (councils.lifecycle.StepsMixin): an impossible step raises TransitionRefused. What a step sets
    # off beyond the EIA's own rows (its issued PDF, the security log) is in assessments.services.

    def refusal(self, step, by):
        return permissions.refusal(step, self, Standing(by, self.council))

    def submission_refusal(self):
        with_parts = Assessment.objects.select_related("council").prefetch_related(
            "rows", "actions__mitigates", "answers"
        )
        problems = with_parts.get(pk=self.pk).submission_problems()
        if problems:
            return TransitionRefused("The assessment is not ready for sign-off yet.", problems=problems)
        return None

    def approving(self, by):
        self.review_due = review.review_due(timezone.localdate(), self.worst_negative_level(), self.review_periods())
        return ["review_due"]

    @transaction.atomic
    def approve(self, *, by):
        """Sign off; the version this one reviews is superseded by it."""
        locked = super().approve(by=by)
        previous = locked.previous_version
        if previous is not None and previous.status != Status.SUPERSEDED:
            previous.move(Status.SUPERSEDED, by, note=f"Replaced by version {locked.version}")
        return locked

    @transaction.atomic
    def record_moderation(self, *, by, body, on, outcome, comments=""):
        locked = self.lock_for(Step.MODERATE, by)
        locked.moderation_body, locked.moderation_date = body, on
        locked.moderation_outcome, locked.moderation_comments = outcome, comments
        locked.moderated_by, locked.moderated_at = by, timezone.now()
        locked.move(
            Status.MODERATED,
            by,
            note=comments,
            fields=[
                "moderation_body",
                "moderation_date",
                "moderation_outcome",
                "moderation_comments",
                "moderated_by",
                "moderated_at",
            ],
        )
        return locked

    @transaction.atomic
    def publish(self, *, by):
        locked = self.lock_for(Step.PUBLISH, by)
        locked.published_at = timezone.now()
        locked.move(Status.PUBLISHED, by, fields=["published_at"])
        return locked

    @transaction.atomic
    def start_review(self, *, by):
        """Version N+1 as a new draft with N's header, grid and actions; N stays as it was signed off."""
        locked = self.lock_for(Step.START_REVIEW, by)
        locked.is_latest = False
        locked.save(update_fields=["is_latest", "updated_at"])
        content = {field: getattr(locked, field) for field in COPIED_TO_NEW_VERSION}
        draft = Assessment.objects.create(
            **content, version=locked.version + 1, previous_version=locked, created_by=by, last_edited_by=by
        )
        rows = {row.pk: row for row in locked.rows.all()}
        copies = ImpactRow.objects.bulk_create(
            ImpactRow(assessment=draft, **{field: getattr(row, field) for field in ROW_FIELDS}) for row in rows.values()
        )
        copy_of = {old_pk: new for old_pk, new in zip(rows, copies, strict=True)}
        for action in locked.actions.prefetch_related("mitigates"):
            linked = [copy_of[row.pk] for row in action.mitigates.all()]
            copy = AssessmentAction.objects.create(
                assessment=draft, **{field: getattr(action, field) for field in ACTION_FIELDS}
            )
            copy.mitigates.set(linked)
        copy_answers(locked.answers.all(), to=draft)
        StatusChange.objects.create(
            assessment=draft, from_status="", to_status=Status.DRAFT, by=by, note=f"Review of version {locked.version}"
        )
        return draft


COPIED_TO_NEW_VERSION = [
    "council",
    "reference",
    "old_reference",
    "service",
    "title",
    "subject_type",
    "aims",
    "service_users",
    "stakeholders",
    "lead_officer",
    "lead_officer_user",
    "commissioning_officers",
    "evidence",
    "engagement",
    "decision",
    "decision_reason",
    "uncovered_reasons",
    "head_of_service",
    *STANDARD_FIELDS,
]
ACTION_FIELDS = [
    "position",
    "action_required",
    "key_activity",
    "priority",
    "outcomes_required",
    "officer_responsible",
    "review_date",
    "review_date_precision",
    "review_date_note",
]
ROW_FIELDS = [
    "added_by_author",
    "characteristic",
    "screening_answer",
    "screening_reason",
    "position",
    "label",
    "guidance",
    "covers",
    "neutral",
    "positive",
    "negative",
    "negative_level",
]
