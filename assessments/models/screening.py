"""A screening: the short first step that decides whether a proposal needs a full EIA. For each row of the
council's list, "Is there likely to be an adverse impact?" Yes, No or Don't know, with a reason
(assessments/screening_rule.py decides what they mean). Screened out (no full EIA needed) is a decision in its own
right: signed off by an approver who is not its author, frozen, issued as a PDF, and reviewed."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments import review, screening_permissions, screening_rule
from assessments.models.choices import (
    DECIDED,
    ScreeningAnswerChoice,
    ScreeningDecision,
    ScreeningStatus,
    ScreeningStep,
)
from assessments.models.grid import Characteristic
from assessments.models.questions import Question, copy_answers, questions_shown, unanswered
from councils.access import Standing
from councils.lifecycle import (
    AuthoredModel,
    DraftDeletionMixin,
    FreezableModel,
    FreezableQuerySet,
    IssuedPdfBase,
    StatusChangeBase,
    StepsMixin,
    TransitionRefused,
)
from councils.models import Council, Service
from councils.references import REFERENCE_LIMIT

MUTABLE_WHEN_DECIDED = frozenset({"status", "is_latest", "updated_at"})


class ScreeningQuerySet(FreezableQuerySet):
    mutable_when_frozen = MUTABLE_WHEN_DECIDED

    def frozen_q(self):
        return Q(status__in=DECIDED)

    def latest_versions(self):
        return self.filter(is_latest=True)


class Screening(StepsMixin, DraftDeletionMixin, FreezableModel, AuthoredModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="screenings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="screenings")
    # The council's reference, from its pattern; the full EIA a screening starts carries it on.
    reference = models.CharField(max_length=REFERENCE_LIMIT)
    title = models.CharField(max_length=300)
    proposal = models.TextField("what is proposed", blank=True)
    affects = models.TextField("who it affects", blank=True)
    # The officer's reason when every answer is No and they conclude that no full EIA is needed.
    conclusion = models.TextField("why no full EIA is needed", blank=True)
    # The approver's reason when they require a full EIA although every answer is No.
    decision_reason = models.TextField("why a full EIA is required", blank=True)
    status = models.CharField(max_length=20, choices=ScreeningStatus.choices, default=ScreeningStatus.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    is_latest = models.BooleanField(default=True)

    # A screened-out decision is looked at again after the council's period.
    review_due = models.DateField(null=True, blank=True)

    objects = ScreeningQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "revision", "is_latest", "created_at"])
    mutable_when_frozen = MUTABLE_WHEN_DECIDED
    text_boxes = ["proposal", "affects", "conclusion"]
    Status, Step = ScreeningStatus, ScreeningStep
    # Its status after "is", where the label does not read so (councils.lifecycle.status_in_words).
    status_phrases = {ScreeningStatus.FULL_EIA_NEEDED: "decided: a full EIA is needed"}
    reason_needed = "Say why you are returning it, so the author knows what to change."

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["council", "is_latest", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference", "version"], name="screening_unique_reference_per_version"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:screening", args=[self.pk])

    @property
    def is_decided(self):
        return self.status in DECIDED

    @property
    def decision(self):
        """What was decided (a ScreeningDecision), or None while undecided. A full EIA required by an approver
        carries their reason; one the answers called for has none, its author having started it. Only a
        screened-out decision is reopened, so a superseded version was screened out."""
        if self.status == ScreeningStatus.FULL_EIA_NEEDED:
            return ScreeningDecision.REQUIRED if self.decision_reason else ScreeningDecision.SCREENED_IN
        if self.status in (ScreeningStatus.APPROVED, ScreeningStatus.SUPERSEDED):
            return ScreeningDecision.SCREENED_OUT
        return None

    def has_started_eia(self):
        try:
            return self.assessment is not None
        except ObjectDoesNotExist:
            return False

    def deletion_blocker(self):
        if self.has_started_eia():
            return TransitionRefused(
                "This screening started a full EIA, which carries its answers on, so it is kept: it cannot be "
                "deleted. Nothing was changed."
            )
        return None

    def rule_answers(self):
        """The answers as the screening rule reads them; uses prefetched answers where the caller has them."""
        return [screening_rule.Answer(a.label, a.answer, a.reason) for a in self.answers.all()]

    def outcome(self):
        return screening_rule.outcome(self.rule_answers())

    def copy_rows_from_council(self):
        """One answer per row of the council's active list, snapshotting its label and what it covers."""
        ScreeningAnswer.objects.bulk_create(
            ScreeningAnswer(screening=self, characteristic=c, position=index, label=c.label, covers=list(c.covers))
            for index, c in enumerate(self.council.characteristics.filter(is_active=True), start=1)
        )

    def submission_problems(self):
        """(message, answer position or field name) of each thing to put right before submitting."""
        answers = list(self.answers.all())
        problems = [
            (message, answers[index].position) for index, message in screening_rule.problems(self.rule_answers())
        ]
        details = [("proposal", "Enter what is proposed"), ("affects", "Say who the proposal affects")]
        problems = [(message, name) for name, message in details if not getattr(self, name).strip()] + problems
        if screening_rule.outcome(self.rule_answers()).all_no and not self.conclusion.strip():
            problems.append(("Give your reason for concluding that no full EIA is needed", "conclusion"))
        return problems + [
            (f"Answer the question ‘{question.text}’", question.anchor)
            for question in unanswered(self, [Question.Place.SCREENING], self.question_answers.all())
        ]

    def questions_shown(self):
        """The council's questions of the screening with its answers, as decided once it is decided."""
        return questions_shown(self, places=[Question.Place.SCREENING], kept=self.is_decided)

    # The lifecycle (councils.lifecycle.StepsMixin). What a step sets off (the PDF, the full EIA) is in
    # assessments.services.

    def refusal(self, step, by):
        return screening_permissions.refusal(step, self, Standing(by, self.council))

    def submission_refusal(self):
        problems = (
            Screening.objects.prefetch_related("answers", "question_answers").get(pk=self.pk).submission_problems()
        )
        if problems:
            return TransitionRefused("The screening is not ready to submit yet.", problems=problems)
        return None

    def approving(self, by):
        self.review_due = review.add_months(timezone.localdate(), self.council.review_months_screened_out)
        return ["review_due"]

    def supersede_previous(self, by):
        previous = self.previous_version
        if previous is not None and previous.status != ScreeningStatus.SUPERSEDED:
            previous.move(ScreeningStatus.SUPERSEDED, by, note=f"Replaced by version {self.version}")

    @transaction.atomic
    def approve(self, *, by):
        locked = super().approve(by=by)
        locked.supersede_previous(by)
        return locked

    @transaction.atomic
    def require_full_eia(self, *, by, reason):
        if not reason.strip():
            raise TransitionRefused("Say why a full EIA is needed, so the author knows what to assess.")
        locked = self.lock_for(ScreeningStep.REQUIRE_FULL_EIA, by)
        locked.decision_reason = reason.strip()
        locked.approved_by, locked.approved_at = by, timezone.now()
        locked.move(
            ScreeningStatus.FULL_EIA_NEEDED,
            by,
            fields=["decision_reason", "approved_by", "approved_at"],
            note=reason.strip(),
        )
        locked.supersede_previous(by)
        return locked

    @transaction.atomic
    def reopen(self, *, by):
        """The proposal changed: version N+1 as a new draft with N's content and answers; N stays as decided."""
        locked = self.lock_for(ScreeningStep.REOPEN, by)
        locked.is_latest = False
        locked.save(update_fields=["is_latest", "updated_at"])
        draft = Screening.objects.create(
            **{field: getattr(locked, field) for field in COPIED_TO_NEW_VERSION},
            version=locked.version + 1,
            previous_version=locked,
            created_by=by,
            last_edited_by=by,
        )
        ScreeningAnswer.objects.bulk_create(
            ScreeningAnswer(screening=draft, **{field: getattr(a, field) for field in ANSWER_FIELDS})
            for a in locked.answers.all()
        )
        copy_answers(locked.question_answers.all(), to=draft)
        draft.status_changes.create(
            from_status="", to_status=ScreeningStatus.DRAFT, by=by, note=f"Reopened from version {locked.version}"
        )
        return draft


COPIED_TO_NEW_VERSION = ["council", "service", "reference", "title", "proposal", "affects", "conclusion"]
ANSWER_FIELDS = ["characteristic", "position", "label", "covers", "answer", "reason"]


class ScreeningAnswerQuerySet(FreezableQuerySet):
    def frozen_q(self):
        return Q(screening__status__in=DECIDED)


class ScreeningAnswer(FreezableModel):
    """One row of a screening: "Is there likely to be an adverse impact?" on one row of the council's list, as it
    was when the screening started. It freezes with its screening."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    frozen_through = "screening"
    characteristic = models.ForeignKey(
        Characteristic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    covers = models.JSONField(default=list, blank=True)
    answer = models.CharField(
        "is there likely to be an adverse impact?", max_length=10, choices=ScreeningAnswerChoice.choices, blank=True
    )
    reason = models.TextField(blank=True)

    objects = ScreeningAnswerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["characteristic", "covers"])
    text_boxes = ["reason"]

    class Meta:
        ordering = ["screening", "position"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "position"], name="screening_answer_unique_position"),
        ]

    def __str__(self):
        return self.label


class ScreeningStatusChange(StatusChangeBase):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        pass

    def __str__(self):
        return f"{self.screening}: {self.describe()}"

    def describe(self):
        if not self.from_status:
            return "Started as a new version"
        if self.to_status == ScreeningStatus.DRAFT:
            return "Returned to the author"
        return ScreeningStatus(self.to_status).label


class ScreeningIssuedPdf(IssuedPdfBase):
    """The PDF of a screened-out decision as it was decided, kept byte for byte."""

    screening = models.OneToOneField(Screening, on_delete=models.PROTECT, related_name="issued_pdf")
    fingerprint = models.CharField("record fingerprint", max_length=64)

    class Meta(IssuedPdfBase.Meta):
        pass

    def __str__(self):
        return f"Decision PDF of {self.screening}"
