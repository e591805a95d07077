from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans import rating
from councils.models import Council


class CqcResultQuerySet(models.QuerySet):
    def comparisons(self):
        """Other councils' results, kept to compare with."""
        return self.exclude(assessed_council="")


class CqcResult(models.Model):
    """A CQC local authority assessment result: a score for each quality statement CQC's report (or its press
    release) gives. It belongs to the council that recorded it, and only its people see it; the council assessed
    is that council, or another council whose published result it keeps to compare with. Named a result so that it
    is never taken for an equality impact assessment (assessments.Assessment)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cqc_results")
    # Blank: the result of the council's own assessment. Otherwise the other council's name, as CQC gives it: free
    # text, since the other council need not use EqA.
    assessed_council = models.CharField("council assessed", max_length=200, blank=True)
    framework = models.ForeignKey("actionplans.FrameworkVersion", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300, default="CQC local authority assessment")
    assessed_on = models.DateField("date of the assessment")
    # Results recorded before the date was asked have none.
    published_on = models.DateField("date the report was published", null=True, blank=True)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts the corrections, so that a correction opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    # A result typed wrongly is corrected, and each correction is kept.
    history = HistoricalRecords(excluded_fields=["created_at", "revision"])

    objects = CqcResultQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("assessed_on")),
                name="published_not_before_assessed",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.assessed_on:%B %Y})"

    def get_absolute_url(self):
        return reverse("actionplans:cqc-result", args=[self.pk])

    @property
    def is_comparison(self):
        return bool(self.assessed_council)

    @property
    def assessed_name(self):
        """The name of the council CQC assessed (the result's own council's, unless another's)."""
        return self.assessed_council or self.council.name

    def current_scores(self):
        """The scores of the statements CQC scores today (from the scores fetched with the result)."""
        return [score.score for score in self.scores.all() if not score.quality_statement.retired]

    def scored(self):
        """How many of the current quality statements have a score."""
        return len(self.current_scores())

    def overall(self):
        """The overall percentage and rating, once every current quality statement has its score; else None."""
        return rating.overall_if_complete(self.current_scores())


class StatementScore(models.Model):
    class Score(models.IntegerChoices):
        SIGNIFICANT_SHORTFALLS = 1, "1: Evidence shows significant shortfalls"
        SOME_SHORTFALLS = 2, "2: Evidence shows some shortfalls"
        GOOD = 3, "3: Evidence shows a good standard"
        EXCEPTIONAL = 4, "4: Evidence shows an exceptional standard"

    # The history's reason for a score a correction added, which History tells from those recorded with the result.
    ADDED_BY_CORRECTION = "added by a correction"

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
