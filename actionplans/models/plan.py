from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans import permissions
from actionplans.models.actions import Action, Milestone, StatusUpdate, extras_length
from actionplans.models.choices import PlanStatus, PlanStep, Source
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
from councils.models import Council, text_length

# More actions than any council's plan has (about 60 is usual): a plan of this size still prints well inside a
# worker's time limit (`make bench` measures the largest). The add-action form and the importer both refuse beyond
# it. Each action costs the PDF about 17 ms whatever its text, so 500 actions, even with little text, took 10 s.
MAX_ACTIONS_PER_PLAN = 250


class ActionPlanQuerySet(FreezableQuerySet):
    def frozen_q(self):
        return Q(status=PlanStatus.APPROVED)


class ActionPlan(StepsMixin, DraftDeletionMixin, FreezableModel, AuthoredModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="action_plans")
    framework = models.ForeignKey(
        "actionplans.FrameworkVersion", on_delete=models.PROTECT, related_name="+", verbose_name="framework"
    )
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices)
    source_date = models.DateField("date of the review or assessment", null=True, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    objects = ActionPlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "revision", "created_at"])
    mutable_when_frozen = frozenset({"updated_at"})
    # The boxes officers write at length, which PLAN_TEXT_LIMIT bounds in all with its actions' (the title is short).
    text_boxes = ["description"]
    # Its lifecycle's choices and wording, for councils.lifecycle.StepsMixin.
    Status, Step = PlanStatus, PlanStep
    reason_needed = "Say why you are returning it, so the plan's authors know what to change."

    class Meta:
        ordering = ["-source_date", "-id"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplans:plan", args=[self.pk])

    def text_length(self):
        """Characters in all the plan's text that its PDF prints: its own, its actions', their milestones', each
        action's latest update's note and the evidence its verifier saw."""
        actions = Action.objects.filter(plan=self)
        standing = StatusUpdate.objects.standing().filter(action=OuterRef("pk")).order_by("-at", "-id")
        latest_note = standing.values(length=Length("note"))[:1]
        latest_evidence = standing.exclude(evidence="").values(length=Length("evidence"))[:1]
        lengths = actions.aggregate(notes=Sum(Subquery(latest_note)), evidence=Sum(Subquery(latest_evidence)))
        return (
            text_length(ActionPlan.objects.filter(pk=self.pk), self.text_boxes)
            + text_length(actions, Action.text_boxes)
            + text_length(Milestone.objects.filter(action__plan=self), ["description"])
            + (lengths["notes"] or 0)
            + (lengths["evidence"] or 0)
            + extras_length(actions)
        )

    @property
    def is_signed_off(self):
        return self.status == PlanStatus.APPROVED

    # The lifecycle (councils.lifecycle.StepsMixin): an impossible step raises TransitionRefused. What a step sets
    # off beyond the plan's own rows (its issued PDF, the security log) is in actionplans.services.

    def refusal(self, step, by):
        return permissions.refusal(step, self, Standing(by, self.council))

    def deletion_blocker(self):
        if StatusUpdate.objects.filter(action__plan=self).exists():
            return TransitionRefused(
                "Its actions have status updates, which are kept as a record, so this plan "
                "cannot be deleted. Nothing was changed."
            )
        return None


class PlanStatusChange(StatusChangeBase):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        pass

    def describe(self):
        return "Returned for changes" if self.to_status == PlanStatus.DRAFT else PlanStatus(self.to_status).label


class PlanIssuedPdf(IssuedPdfBase):
    """The committee PDF of a plan as signed off, kept byte for byte."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.PROTECT, related_name="issued_pdf")
    fingerprint = models.CharField("record fingerprint", max_length=64)

    def __str__(self):
        return f"Signed-off PDF of {self.plan}"


class PendingImport(models.Model):
    """An uploaded plan file, read and checked, waiting for the person to confirm it. Nothing of it is in the
    plan until they do."""

    class Chosen(models.TextChoices):
        RECOGNISED = "recognised", "EqA recognised every heading"
        REMEMBERED = "remembered", "As chosen before for files with these headings"
        BY_PERSON = "by_person", "As you chose"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="pending_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    # The file's table as read (importer.Table.as_json): what the person chooses the columns of.
    table = models.JSONField(default=dict)
    # What each column is (importer.columns: a column key, EXTRA or IGNORE); None until chosen.
    choices = models.JSONField(null=True, blank=True)
    chosen = models.CharField(max_length=20, choices=Chosen.choices, blank=True)
    # The rows read by the choices and checked (importer.check): what confirming applies.
    rows = models.JSONField(default=list)
    # Each status the file writes, as it was read when checked (importer.statuses.Value.as_json).
    statuses = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} for {self.plan}"
