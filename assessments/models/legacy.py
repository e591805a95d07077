"""An EIA a council made before EqA, in Word, brought in as it was: what EqA read of it (its title, reference, lead
officer, dates and the rows of its grid it recognised) and the Word file itself, kept byte for byte with its SHA-256.
It is never edited in EqA; it is reviewed by starting a new EIA from it. And an upload of such files, waiting for
its council admin to say what EqA could not read, and to confirm."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models.questions import sensible_date
from councils.lifecycle import KeptFile
from councils.models import Council, Service


class LegacyAssessmentQuerySet(models.QuerySet):
    def in_force(self, on):
        """The old EIAs whose review is not yet due on the day: as an EIA signed off in EqA, each covers its
        service until then."""
        return self.filter(review_due__gte=on)


class LegacyAssessment(KeptFile, models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="legacy_assessments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="legacy_assessments")
    title = models.CharField(max_length=300)
    reference = models.CharField("reference in the Word file", max_length=50, blank=True)
    owner = models.CharField("lead officer", max_length=200, blank=True)
    assessed_on = models.DateField("date of the assessment", null=True, blank=True, validators=[sensible_date])
    review_due = models.DateField("review date", validators=[sensible_date])
    # The grid rows EqA recognised, each {"label", "code", "positive", "neutral", "negative", "level", and what the
    # file wrote of each kind: "positive_text", …} (assessments.word_import.document.Row).
    rows = models.JSONField("grid rows recognised", default=list, blank=True)
    file = models.FileField(upload_to="legacy/%Y/%m/", max_length=300)
    sha256 = models.CharField("SHA-256 of the Word file", max_length=64)
    original_filename = models.CharField(max_length=255)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    # The EIA started in EqA to review it.
    review = models.OneToOneField(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legacy_record",
        verbose_name="review started in EqA",
    )

    objects = LegacyAssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["council", "-imported_at", "-id"]
        indexes = [models.Index(fields=["council", "review_due"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:legacy", args=[self.pk])

    @property
    def found_rows(self):
        from assessments.word_import.document import Row

        return [Row(**row) for row in self.rows]


class PendingLegacyImport(models.Model):
    """An upload of old EIAs waiting for its council admin: one per person and council, and none kept for ever."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Upload of old EIAs by {self.created_by} at {self.created_at}"


class PendingLegacyFile(models.Model):
    """One file of an upload: its bytes and what EqA found in it, or why it was refused."""

    pending = models.ForeignKey(PendingLegacyImport, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)
    found = models.JSONField(null=True, blank=True)
    refused = models.TextField(blank=True)

    class Meta:
        ordering = ["pending", "position"]

    def __str__(self):
        return self.filename
