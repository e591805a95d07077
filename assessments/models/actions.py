from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models.choices import DatePrecision, ImpactLevel
from assessments.models.grid import ImpactRow, PartOfAssessment, PartOfAssessmentQuerySet
from councils.lifecycle import RecordFrozen


class AssessmentAction(PartOfAssessment):
    """An action of the EIA action plan: what the council will do about an impact."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="actions")
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
    mitigates = models.ManyToManyField(
        ImpactRow, blank=True, related_name="actions", verbose_name="impacts this action addresses"
    )

    objects = PartOfAssessmentQuerySet.as_manager()
    text_boxes = ["action_required", "key_activity", "outcomes_required"]
    history = HistoricalRecords(m2m_fields=[mitigates])

    class Meta:
        ordering = ["assessment", "position", "id"]

    def __str__(self):
        return self.action_required[:80]

    def get_absolute_url(self):
        return reverse("assessments:action-edit", args=[self.assessment_id, self.pk])


@receiver(m2m_changed, sender=AssessmentAction.mitigates.through, dispatch_uid="frozen_action_links")
def refuse_links_of_a_frozen_action(sender, instance, action, **kwargs):
    # The instance is the action, or the grid row when the link is made from the row's side: same EIA.
    if action in ("pre_add", "pre_remove", "pre_clear") and instance.is_frozen_in_database():
        raise RecordFrozen("the links of a signed-off action cannot change")


class ActionDone(models.Model):
    """That an action of a signed-off EIA's plan was done, and when. The plan as signed off says what is to be done;
    what was done comes after, so it is recorded, and corrected, without changing what was signed off."""

    action = models.OneToOneField(AssessmentAction, on_delete=models.CASCADE, related_name="done")
    done_on = models.DateField("date it was done")
    note = models.TextField("what was done", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Counts the corrections, so that a correction opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["recorded_at", "revision"])

    def __str__(self):
        return f"{self.action}: done {self.done_on:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.action.assessment_id]) + f"#action-{self.action_id}"

    @property
    def late(self):
        """Done after the action's review date."""
        return bool(self.action.review_date and self.done_on > self.action.review_date)
