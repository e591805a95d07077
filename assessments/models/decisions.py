"""The decision a signed-off EIA informed: the meeting, its date, the report and what it decided. Due regard has to be
had before a decision is taken, so the record keeps the signed-off PDF the meeting had, whose SHA-256, fingerprint
and time of issue show that the EIA existed before the meeting, or that it did not."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from simple_history.models import HistoricalRecords

from assessments.models.choices import DecisionOutcome


@dataclass(frozen=True)
class Timing:
    """Whether the signed-off EIA existed before the meeting: `in_time` is False when it was signed off after it, and
    None on the meeting's own day, when the dates alone cannot tell."""

    in_time: bool | None
    words: str


class DecisionRecord(models.Model):
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="decisions")
    # The PDF issued at sign-off: the EIA as it stood when the meeting could read it.
    signed_off_pdf = models.ForeignKey("assessments.IssuedPdf", on_delete=models.PROTECT, related_name="+")
    meeting = models.CharField("meeting", max_length=300)
    meeting_date = models.DateField("date of the meeting")
    report_reference = models.CharField("report reference", max_length=100, blank=True)
    outcome = models.CharField("what the meeting decided", max_length=30, choices=DecisionOutcome.choices)
    outcome_notes = models.TextField("more about the decision", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Counts the corrections, so that a correction opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    # A record typed wrongly is corrected, and each correction is kept.
    history = HistoricalRecords(excluded_fields=["recorded_at", "revision"])

    class Meta:
        ordering = ["meeting_date", "id"]

    def __str__(self):
        return f"{self.meeting}, {dateformat.format(self.meeting_date, 'j F Y')}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url() + "#decisions"

    @property
    def timing(self):
        signed = timezone.localtime(self.signed_off_pdf.issued_at)
        on = dateformat.format(signed, "j F Y")
        days = (self.meeting_date - signed.date()).days
        if days > 0:
            return Timing(
                True, f"The signed-off EIA existed before the meeting: it was issued on {on}, {_days(days)} before."
            )
        if days == 0:
            return Timing(
                None,
                f"The EIA was signed off on the day of the meeting, at {dateformat.format(signed, 'H:i')}: the "
                f"council's minutes show whether that was before the decision.",
            )
        return Timing(
            False,
            f"The EIA was signed off on {on}, {_days(-days)} after the meeting: the signed-off EIA did not exist when "
            f"the decision was taken.",
        )


def _days(count):
    return "1 day" if count == 1 else f"{count:,} days"
