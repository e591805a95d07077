from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.characteristics import uncovered
from assessments import review
from councils.models import Council, Service


class ImpactLevel(models.TextChoices):
    HIGH = review.HIGH, "High"
    MEDIUM = review.MEDIUM, "Medium"
    LOW = review.LOW, "Low"


# What each level means (seed 004), shown beside the grid and printed above it in the PDF.
LEVEL_DEFINITIONS = [
    ("High", "A significant potential impact, risk of exposure, history of complaints, no mitigating measures in "
             "place."),
    ("Medium", "Some potential impact exists, some mitigating measures are in place, poor evidence."),
    ("Low", "Almost no relevancy to the process, for example an area that is very much led by legislation and "
            "where the council has very little discretion."),
]


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


class Characteristic(models.Model):
    """One row of a council's impact grid template. EIAs copy the list when they are created."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="characteristics")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    covers = models.JSONField(
        "statutory characteristics covered", default=list, blank=True,
        help_text="Which of the nine protected characteristics of the Equality Act 2010 this row covers.",
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["council", "position", "id"]

    def __str__(self):
        return self.label


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Signed off"
    MODERATED = "moderated", "Moderated"
    PUBLISHED = "published", "Published"


SIGNED_OFF = {Status.APPROVED, Status.MODERATED, Status.PUBLISHED}


class SubjectType(models.TextChoices):
    POLICY = "policy", "Policy"
    SERVICE = "service", "Service"
    STRATEGY = "strategy", "Strategy"
    PROCUREMENT = "procurement", "Procurement"
    BUDGET_DECISION = "budget_decision", "Budget decision"


class Decision(models.TextChoices):
    """The Equality and Human Rights Commission's four outcomes of an equality analysis."""

    NO_MAJOR_CHANGE = "no_major_change", "No major change: the analysis shows the proposal is robust"
    ADJUST = "adjust", "Adjust the proposal to remove barriers or better promote equality"
    CONTINUE = "continue", "Continue despite the potential for adverse impact, with a justification"
    STOP = "stop", "Stop and remove the proposal"


class AssessmentQuerySet(models.QuerySet):
    def with_rows(self):
        return self.prefetch_related("rows")


class Assessment(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="assessments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=300)
    subject_type = models.CharField("what is being assessed", max_length=20, choices=SubjectType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)

    aims = models.TextField("main aims, purpose and outcomes", blank=True)
    service_users = models.TextField("who uses the service", blank=True)
    stakeholders = models.TextField(blank=True)
    lead_officer = models.CharField(max_length=200, blank=True)
    commissioning_officers = models.CharField(max_length=500, blank=True)
    evidence = models.TextField(blank=True)
    engagement = models.TextField("engagement and consultation", blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("reasons for the decision", blank=True)

    # The sign-off block as the paper names it. Officers are often named by job title, so these are text.
    head_of_service = models.CharField("head of service", max_length=200, blank=True)
    moderation_body = models.CharField("moderation or scrutiny body", max_length=300, blank=True)
    moderation_date = models.DateField("date of moderation or scrutiny", null=True, blank=True)

    # Set from the sign-off date by the review-date rule; empty until the EIA is signed off.
    review_due = models.DateField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["council", "status"]),
            models.Index(fields=["council", "service"]),
            models.Index(fields=["council", "review_due"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    def worst_negative_level(self):
        """Worst negative level of the grid; uses prefetched rows where the caller has them."""
        return review.worst_level(row.negative_level for row in self.rows.all())

    @property
    def is_signed_off(self):
        return self.status in SIGNED_OFF

    def review_periods(self):
        c = self.council
        return review.ReviewPeriods(c.review_months_high, c.review_months_medium, c.review_months_low,
                                    c.review_months_none)

    def review_summary(self):
        """The worst level, the rule in words and the review date; uses prefetched rows where there are some."""
        worst = self.worst_negative_level()
        periods = self.review_periods()
        if self.review_due:
            return ReviewSummary(worst, review.describe_rule(worst, periods), self.review_due, provisional=False)
        return ReviewSummary(worst, review.describe_rule(worst, periods),
                             review.review_due(timezone.localdate(), worst, periods), provisional=True)

    def uncovered_characteristics(self):
        return uncovered(row.covers for row in self.rows.all())

    def copy_grid_from_council(self):
        """Snapshot the council's active characteristic list, so later edits to the list leave this EIA alone."""
        characteristics = self.council.characteristics.filter(is_active=True)
        ImpactRow.objects.bulk_create(
            ImpactRow(
                assessment=self, characteristic=c, position=index, label=c.label, guidance=c.guidance,
                covers=list(c.covers),
            )
            for index, c in enumerate(characteristics, start=1)
        )


class ImpactRow(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="rows")
    characteristic = models.ForeignKey(Characteristic, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    covers = models.JSONField(default=list, blank=True)
    neutral = models.TextField("neutral impact", blank=True)
    positive = models.TextField("positive impact", blank=True)
    negative = models.TextField("negative impact", blank=True)
    negative_level = models.CharField("level of negative impact", max_length=10, choices=ImpactLevel.choices,
                                      blank=True)

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "position"], name="impact_row_unique_position"),
            # A level goes with negative text, and negative text with a level.
            models.CheckConstraint(
                condition=(Q(negative="") & Q(negative_level="")) | (~Q(negative="") & ~Q(negative_level="")),
                name="impact_row_level_with_negative_text",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.negative and not self.negative_level:
            raise ValidationError({"negative_level": ValidationError(
                f"Choose High, Medium or Low for the negative impact on {self.label}", code="level_missing")})
        if self.negative_level and not self.negative:
            raise ValidationError({"negative": ValidationError(
                f"Describe the negative impact on {self.label} before choosing its level, or choose "
                f"‘No negative impact’", code="negative_missing")})

    def validate_constraints(self, exclude=None):
        # clean() checks the level rule in Python with a message for people; Django would otherwise ask the
        # database the same question once per row of the grid. The database constraint still holds.
        super().validate_constraints(exclude={*(exclude or ()), "negative_level"})

    @property
    def is_filled(self):
        return bool(self.neutral or self.positive or self.negative)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


class AssessmentAction(models.Model):
    """An action of the EIA action plan: what the council will do about an impact."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    action_required = models.TextField()
    key_activity = models.TextField(blank=True)
    priority = models.CharField(max_length=10, choices=ImpactLevel.choices)
    outcomes_required = models.TextField(blank=True)
    officer_responsible = models.CharField(max_length=300, blank=True)
    review_date = models.DateField(null=True, blank=True)
    # Action plans are often reviewed by month ("July 2015"); the day is then not shown.
    review_date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    review_date_note = models.CharField("more about the review date", max_length=300, blank=True)
    mitigates = models.ManyToManyField(ImpactRow, blank=True, related_name="actions",
                                       verbose_name="impacts this action addresses")

    class Meta:
        ordering = ["assessment", "position", "id"]

    def __str__(self):
        return self.action_required[:80]

    def get_absolute_url(self):
        return reverse("assessments:action-edit", args=[self.assessment_id, self.pk])
