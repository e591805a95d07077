from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from assessments.models.choices import SIGNED_OFF, ImpactLevel, ScreeningAnswerChoice, ScreeningInAnswer
from councils.lifecycle import FreezableModel, FreezableQuerySet
from councils.models import Council


class Characteristic(models.Model):
    """One row of a council's impact grid template. EIAs copy the list when they are created."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="characteristics")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    covers = models.JSONField(
        "statutory characteristics covered",
        default=list,
        blank=True,
        help_text="Which of the nine protected characteristics of the Equality Act 2010 this row covers.",
    )
    is_active = models.BooleanField("active", default=True)

    # Changed by a council admin on the council settings pages; shown on their History page.
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "position", "id"]

    def __str__(self):
        return self.label


class PartOfAssessmentQuerySet(FreezableQuerySet):
    def frozen_q(self):
        return Q(assessment__status__in=SIGNED_OFF)


class PartOfAssessment(FreezableModel):
    """A row of an EIA's grid or action plan: it freezes with its EIA."""

    frozen_through = "assessment"

    class Meta:
        abstract = True


class ImpactRow(PartOfAssessment):
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="rows")
    characteristic = models.ForeignKey(
        Characteristic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    covers = models.JSONField(default=list, blank=True)
    neutral = models.TextField("neutral impact", blank=True)
    positive = models.TextField("positive impact", blank=True)
    negative = models.TextField("negative impact", blank=True)
    negative_level = models.CharField(
        "level of negative impact", max_length=10, choices=ImpactLevel.choices, blank=True
    )
    # A row the author added for a group the council's list lacks: it covers no statutory item, and while the EIA
    # is a draft it may be removed again.
    added_by_author = models.BooleanField("added by the author for this EIA", default=False)

    # What the screening that led to this EIA answered for the row, Yes, No or Don't know, with its reason; empty
    # for a row the screening did not have, or an EIA started without one.
    screening_answer = models.CharField(
        "screening's answer", max_length=10, choices=ScreeningAnswerChoice.choices, blank=True, editable=False
    )
    screening_reason = models.TextField("screening's reason", blank=True, editable=False)

    objects = PartOfAssessmentQuerySet.as_manager()
    text_boxes = ["neutral", "positive", "negative"]
    history = HistoricalRecords(excluded_fields=["characteristic", "guidance", "covers"])

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

    @property
    def screening_said(self):
        """What the screening answered on this row, in plain words for the grid, the EIA's page and its PDF:
        "Screening: No – The letters say the same as before."; "" where it said nothing."""
        if not self.screening_answer:
            return ""
        said = f"Screening: {self.get_screening_answer_display()}"
        return f"{said} – {self.screening_reason}" if self.screening_reason.strip() else said

    @property
    def screening_asks(self):
        """What a Yes or Don't know asks of the author while drafting; "" for a No."""
        if self.screening_answer in ScreeningInAnswer.values:
            return ScreeningInAnswer(self.screening_answer).label
        return ""

    def clean(self):
        if self.negative and not self.negative_level:
            raise ValidationError(
                {
                    "negative_level": ValidationError(
                        f"Choose High, Medium or Low for the negative impact on {self.label}", code="level_missing"
                    )
                }
            )
        if self.negative_level and not self.negative:
            raise ValidationError(
                {
                    "negative": ValidationError(
                        f"Describe the negative impact on {self.label} before choosing its level, or choose "
                        f"‘No negative impact’",
                        code="negative_missing",
                    )
                }
            )

    def validate_constraints(self, exclude=None):
        # clean() checks the level rule in Python with a message for people; Django would otherwise ask the
        # database the same question once per row of the grid. The database constraint still holds.
        super().validate_constraints(exclude={*(exclude or ()), "negative_level"})

    @property
    def is_filled(self):
        return bool(self.neutral or self.positive or self.negative)

    @property
    def unfilled_problem(self):
        return f"Fill in the impact on {self.label}: neutral, positive or negative"
