from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Cast, Length
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actionplans import milestones as milestone_rules
from actionplans import statuses
from actionplans.models.choices import PlanStatus
from actionplans.refs import ref_key
from councils.lifecycle import FreezableModel, FreezableQuerySet, RecordFrozen, TransitionRefused

# An action nobody has updated for this long is flagged: plans are reported to committee monthly.
STALE_AFTER = timedelta(days=60)


class ActionStatus(models.TextChoices):
    TO_BE_STARTED = statuses.TO_BE_STARTED, "To be started"
    STARTED = statuses.STARTED, "Started"
    ON_TRACK = statuses.ON_TRACK, "On track"
    OFF_TRACK = statuses.OFF_TRACK, "Off track"
    COMPLETE = statuses.COMPLETE, "Complete"


class PartOfPlanQuerySet(FreezableQuerySet):
    plan_path = "plan"

    def frozen_q(self):
        return Q(**{f"{self.plan_path}__status": PlanStatus.APPROVED})


class PartOfPlan(FreezableModel):
    """An action or milestone: its words freeze with its plan at sign-off; its progress goes on."""

    plan_path = "plan"

    class Meta:
        abstract = True


class ActionQuerySet(PartOfPlanQuerySet):
    def in_ref_order(self):
        return self.order_by("ref_key")

    def stale(self, now=None):
        cutoff = (now or timezone.now()) - STALE_AFTER
        return self.exclude(status=ActionStatus.COMPLETE).filter(
            Q(last_update_at__lt=cutoff) | Q(last_update_at__isnull=True, created_at__lt=cutoff)
        )


def extras_length(actions):
    """Characters the actions' extra fields count toward their plan's text limit, counted by the database in one
    query: the JSON text of each (as importer.mapping.extras_length counts it), less the two of an empty list."""
    return actions.aggregate(length=Sum(Length(Cast("extra_fields", models.TextField())) - 2))["length"] or 0


class Action(PartOfPlan):
    plan = models.ForeignKey("actionplans.ActionPlan", on_delete=models.CASCADE, related_name="actions")
    frozen_through = "plan"
    ref = models.CharField(max_length=20, help_text="For example, T1.10.")
    # The ref as it sorts naturally (T1.9 before T1.10), kept so the database can order by it.
    ref_key = models.CharField(max_length=80, editable=False)
    quality_statement = models.ForeignKey(
        "actionplans.QualityStatement", on_delete=models.PROTECT, related_name="actions"
    )
    area_of_focus = models.TextField("area of focus")
    actions_taken = models.TextField("actions we are taking", blank=True)
    success_measures = models.TextField("how we will know it has worked", blank=True)
    lead_officers = models.CharField("responsible lead officer(s)", max_length=500, blank=True)
    # The columns of the council's own tracker that EqA has no field for ("Core service", "Evidence"), kept as the
    # import found them: [[the column's heading, the action's value], …] in the file's order, at most
    # importer.mapping.MAX_EXTRA_FIELDS of them. They freeze with the plan, as its other words do.
    extra_fields = models.JSONField("extra fields", default=list, blank=True, editable=False)
    # Moves only by a status update, so every change of status has its who, when and why.
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.TO_BE_STARTED, editable=False
    )
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    linked_actions = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name="linked actions of this plan"
    )
    linked_assessments = models.ManyToManyField(
        "assessments.Assessment", blank=True, related_name="+", verbose_name="linked equality impact assessments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["ref_key", "updated_at", "created_at", "last_update_at"])
    mutable_when_frozen = frozenset({"status", "last_update_at", "updated_at"})
    text_boxes = ["area_of_focus", "actions_taken", "success_measures", "lead_officers"]

    class Meta:
        ordering = ["plan", "ref_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="action_unique_ref_in_plan")]
        indexes = [models.Index(fields=["plan", "ref_key"]), models.Index(fields=["plan", "status"])]

    def __str__(self):
        return f"{self.ref}: {self.area_of_focus[:60]}"

    def get_absolute_url(self):
        return reverse("actionplans:action", args=[self.plan_id, self.pk])

    def save(self, *args, **kwargs):
        self.ref = self.ref.strip()
        self.ref_key = ref_key(self.ref)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "ref" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ref_key"}
        super().save(*args, **kwargs)

    def is_stale(self, now=None):
        cutoff = (now or timezone.now()) - STALE_AFTER
        last = self.last_update_at or self.created_at
        return self.status != ActionStatus.COMPLETE and last is not None and last < cutoff

    @transaction.atomic
    def record_update(self, *, by, status, note, milestones_done=(), on=None, imported_from=""):
        """The only way an action's status changes: an update that keeps who, when and what happened.

        `on` dates it on an earlier day (a council moving a plan in records its history): it then stands at the end
        of that day, after any update of the same day, and the milestones it ticks were done that day. The update
        form checks the day (UpdateForm.clean_on): never in the future, nor before the action's last update."""
        locked = Action.objects.select_for_update().get(pk=self.pk)
        now = timezone.now()
        today = timezone.localdate(now)
        at = now if on is None or on >= today else timezone.make_aware(datetime.combine(on, time.max))
        update = StatusUpdate.objects.create(
            action=locked,
            status=status,
            previous_status=locked.status,
            note=note,
            by=by,
            at=at,
            recorded_at=now,
            imported_from=imported_from,
        )
        done = [m for m in milestones_done if m.action_id == locked.pk and not m.done]
        for milestone in done:
            milestone.done, milestone.done_on = True, min(on or today, today)
            milestone.save(update_fields=["done", "done_on"])
        update.milestones_done.set(done)
        locked.status, locked.last_update_at = status, at
        locked.save(update_fields=["status", "last_update_at", "updated_at"])
        return update

    @transaction.atomic
    def withdraw_update(self, update, *, by, reason):
        """An update entered in error: kept, marked withdrawn with who, when and why. The action's status (and the
        milestones the update ticked) go back to where the updates still standing leave them."""
        locked = Action.objects.select_for_update().get(pk=self.pk)
        update = StatusUpdate.objects.select_for_update().get(pk=update.pk, action=locked)
        if update.withdrawn_at is not None:
            raise TransitionRefused("This update is withdrawn already. Nothing was changed.")
        update.withdrawn_at, update.withdrawn_by, update.withdrawn_reason = timezone.now(), by, reason.strip()
        update.save(update_fields=sorted(WITHDRAWAL_FIELDS))
        for milestone in update.milestones_done.filter(done=True):
            milestone.done, milestone.done_on = False, None
            milestone._history_user = by
            milestone.save(update_fields=["done", "done_on"])
        standing = locked.updates.standing().order_by("-at", "-id").first()
        if standing is not None:
            locked.status, locked.last_update_at = standing.status, standing.at
        else:
            # No update stands: the status the action had before its first.
            locked.status = locked.updates.order_by("at", "id").first().previous_status
            locked.last_update_at = None
        locked._history_user = by
        locked.save(update_fields=["status", "last_update_at", "updated_at"])
        return update


class MilestoneQuerySet(PartOfPlanQuerySet):
    plan_path = "action__plan"

    def overdue(self, today=None):
        """Milestones that may be overdue: not ticked done, due before `today`, of an action not complete.
        Milestone.is_overdue has the last word (a milestone whose words say it was done is not)."""
        today = today or timezone.localdate()
        return self.filter(done=False, due_date__lt=today).exclude(action__status=ActionStatus.COMPLETE)


class Milestone(PartOfPlan):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    frozen_through = "action"
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=500)
    # A month-precision date is the month's first day and shows as "April 2023"; it is overdue once the
    # month is over.
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.MONTH)
    source_text = models.CharField("as written in the plan", max_length=500, blank=True)
    done = models.BooleanField(default=False)
    done_on = models.DateField(null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()
    mutable_when_frozen = frozenset({"done", "done_on"})

    class Meta:
        ordering = ["action", "position", "id"]
        indexes = [models.Index(fields=["done", "due_date"])]

    def __str__(self):
        return self.description

    @property
    def deadline(self):
        """The last day the milestone is on time: the due day, or the last day of the due month."""
        if self.due_date is None or self.due_precision == self.Precision.DAY:
            return self.due_date
        following = self.due_date.replace(day=28) + timedelta(days=4)
        return following - timedelta(days=following.day)

    @property
    def counts_as_done(self):
        return milestone_rules.counts_as_done(done=self.done, text=self.source_text or self.description)

    def is_overdue(self, today=None, action_status=None):
        """Overdue by the one rule (actionplans/milestones.py); `action_status` is the action's status to judge
        by when it is not its status now (a progress report's status as of a date)."""
        status = action_status or self.action.status
        return milestone_rules.is_overdue(
            deadline=self.deadline,
            done=self.done,
            text=self.source_text or self.description,
            action_complete=status == ActionStatus.COMPLETE,
            today=today or timezone.localdate(),
        )


# What withdrawing an update entered in error writes; nothing else of an update ever changes.
WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawn_reason"})


class StatusUpdateQuerySet(models.QuerySet):
    def standing(self):
        """The updates not withdrawn: the ones an action's status, reports and PDFs go by."""
        return self.filter(withdrawn_at__isnull=True)

    def update(self, **kwargs):
        if set(kwargs) - WITHDRAWAL_FIELDS:
            raise RecordFrozen("status updates are a record: they are never changed")
        return super().update(**kwargs)

    def delete(self):
        raise RecordFrozen("status updates are a record: they are never deleted")


class StatusUpdate(models.Model):
    """What happened to an action since last time: kept as written, never edited or deleted."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    previous_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField("what has happened since the last update")
    milestones_done = models.ManyToManyField(Milestone, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When it speaks of: reports and an action's status go by it. Earlier than `recorded_at` when back-dated.
    at = models.DateTimeField(default=timezone.now)
    # An update entered in error is withdrawn, never deleted: it stays on the action's page, marked so.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField("why it was withdrawn", blank=True)
    # When it was entered: History goes by it.
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # The file a status came in with, for the plan's History. Never in the note: the note is the update's words,
    # printed in committee papers.
    imported_from = models.CharField("file imported from", max_length=255, blank=True, editable=False)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "-at"])]

    def __str__(self):
        return f"{self.action.ref}: {self.get_status_display()} ({self.at:%d %b %Y})"

    def save(self, *args, update_fields=None, **kwargs):
        if self.pk is not None and not (update_fields and set(update_fields) <= WITHDRAWAL_FIELDS):
            raise RecordFrozen("status updates are a record: they are never changed")
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return self.action.get_absolute_url()

    @property
    def is_back_dated(self):
        """Dated on a day before the one it was entered."""
        return timezone.localdate(self.at) < timezone.localdate(self.recorded_at)

    def delete(self, *args, **kwargs):
        raise RecordFrozen("status updates are a record: they are never deleted")
