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
