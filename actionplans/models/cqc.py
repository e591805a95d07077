from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans import rating
from councils.models import Council


class CqcResult(models.Model):
    """A council's CQC local authority assessment result: a score for each quality statement. Named a result so
    that it is never taken for an equality impact assessment (assessments.Assessment)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cqc_results")
    framework = models.ForeignKey("actionplans.FrameworkVersion", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300, default="CQC local authority assessment")
    assessed_on = models.DateField("date of the assessment")
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts the corrections, so that a correction opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    # A result typed wrongly is corrected, and each correction is kept.
    history = HistoricalRecords(excluded_fields=["created_at", "revision"])

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self):
        return f"{self.title} ({self.assessed_on:%B %Y})"

    def get_absolute_url(self):
        return reverse("actionplans:cqc-result", args=[self.pk])

    def overall(self):
        """The overall percentage and rating, once every current quality statement has its score."""
        scores = [s.score for s in self.scores.all() if not s.quality_statement.retired]
        current = sum(1 for s in self.scores.all() if not s.quality_statement.retired)
        return rating.overall_rating(scores) if scores and current == 9 else None


class StatementScore(models.Model):
    class Score(models.IntegerChoices):
        SIGNIFICANT_SHORTFALLS = 1, "1: Evidence shows significant shortfalls"
        SOME_SHORTFALLS = 2, "2: Evidence shows some shortfalls"
        GOOD = 3, "3: Evidence shows a good standard"
        EXCEPTIONAL = 4, "4: Evidence shows an exceptional standard"

    result = models.ForeignKey(CqcResult, on_delete=models.CASCADE, related_name="scores")
    quality_statement = models.ForeignKey(
        "actionplans.QualityStatement", on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        choices=Score.choices, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    key_findings = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "quality_statement__theme__number", "quality_statement__position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "quality_statement"], name="one_score_per_statement"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="score_from_1_to_4"),
        ]

    def __str__(self):
        return f"{self.quality_statement}: {self.score}"
