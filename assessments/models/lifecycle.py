from django.db import models

from assessments.models.choices import ReminderStage, Status
from councils.lifecycle import IssuedPdfBase, StatusChangeBase


class StatusChange(StatusChangeBase):
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        pass

    def __str__(self):
        return f"{self.assessment}: {self.describe()}"

    def describe(self):
        if not self.from_status:
            return "Started as a new version"
        if self.to_status == Status.DRAFT:
            return "Returned to the author"
        return Status(self.to_status).label


class IssuedPdf(IssuedPdfBase):
    """The PDF of an EIA as signed off, as re-issued with its moderation, and as re-issued each time the decision it
    informed is recorded or corrected: each kept and downloadable."""

    class Kind(models.TextChoices):
        SIGN_OFF = "sign_off", "Signed-off PDF"
        MODERATION = "moderation", "PDF re-issued with its moderation"
        DECISION = "decision", "PDF re-issued with the decision it informed"

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="issued_pdfs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Printed in the PDF's footer: a file cannot print its own hash, so the PDF carries the record's.
    fingerprint = models.CharField("record fingerprint", max_length=64)

    class Meta(IssuedPdfBase.Meta):
        constraints = [
            # One sign-off, one moderation; a decision's PDF is issued again with each decision and correction.
            models.UniqueConstraint(
                fields=["assessment", "kind"], condition=~models.Q(kind="decision"), name="one_issued_pdf_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.assessment}"


class ReviewReminder(models.Model):
    """A reminder that was sent: one per record and stage, however often the command runs. The record is a
    signed-off EIA or a screened-out decision, each reviewed by its date."""

    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    screening = models.ForeignKey(
        "assessments.Screening", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    review_due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "stage", "review_due"], name="one_reminder_per_stage"),
            models.UniqueConstraint(
                fields=["screening", "stage", "review_due"], name="one_screening_reminder_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=False, screening__isnull=True)
                | models.Q(assessment__isnull=True, screening__isnull=False),
                name="reminder_of_one_record",
            ),
        ]

    def __str__(self):
        return f"{self.assessment or self.screening}: {self.get_stage_display()}"
