from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Cast, Length
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actionplans import milestones as milestone_rules
from actionplans.models.choices import PlanStatus
from actionplans.models.framework import Priority
from actionplans.refs import ref_key
from actionplans.statuses import FINISHED, Meaning, moved_into, names_among
from councils.lifecycle import FreezableModel, FreezableQuerySet, RecordFrozen, TransitionRefused

# An action nobody has updated for this long is flagged: plans are reported to committee monthly.
STALE_AFTER = timedelta(days=60)
# An action's target date before this is a typing mistake; so is one more than this many years ahead.
EARLIEST_TARGET_DATE = date(2000, 1, 1)
TARGET_YEARS_AHEAD = 10


def target_date_bounds(today):
    """The first and last target dates an action may have, as of `today`."""
    return EARLIEST_TARGET_DATE, date(today.year + TARGET_YEARS_AHEAD, 12, 31)


# The most a verifier may write of the evidence they saw: committee papers print it.
EVIDENCE_LENGTH = 2000


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
        return self.exclude(status__in=FINISHED).filter(
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
    # The item of the plan's framework the action is for (a CQC quality statement), where the framework has items;
    # its theme then follows the item. In a framework with themes and no items, the theme alone.
    quality_statement = models.ForeignKey(
        "actionplans.QualityStatement", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    theme = models.ForeignKey(
        "actionplans.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    target_date = models.DateField(null=True, blank=True)
    area_of_focus = models.TextField("area of focus")
    actions_taken = models.TextField("actions we are taking", blank=True)
    success_measures = models.TextField("how we will know it has worked", blank=True)
    lead_officers = models.CharField("responsible lead officer(s)", max_length=500, blank=True)
    # Lead officers are often named by job title, so the names are text; the account is for the emails EqA sends
    # the lead officer (its monthly update due, its target date passed).
    lead_officer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="lead officer's EqA account",
    )
    # The columns of the council's own tracker that EqA has no field for ("Core service", "Evidence"), kept as the
    # import found them: [[the column's heading, the action's value], …] in the file's order, at most
    # importer.mapping.MAX_EXTRA_FIELDS of them. They freeze with the plan, as its other words do.
    extra_fields = models.JSONField("extra fields", default=list, blank=True, editable=False)
    # Both move only by a status update, so every change of status has its who, when and why: the council's word,
    # and what it means, kept here too so that reports count by meaning without reading the words.
    status = models.CharField(max_length=20, choices=Meaning.choices, default=Meaning.NOT_STARTED, editable=False)
    status_word = models.ForeignKey(
        "actionplans.StatusWord", on_delete=models.PROTECT, related_name="+", editable=False
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
    # The lead officer's account says who is reminded of updates, not what was signed off: a leaver's pass on.
    mutable_when_frozen = frozenset({"status", "status_word", "last_update_at", "updated_at", "lead_officer_user"})
    text_boxes = ["area_of_focus", "actions_taken", "success_measures", "lead_officers"]

    class Meta:
        ordering = ["plan", "ref_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="action_unique_ref_in_plan"),
            models.CheckConstraint(
                condition=Q(quality_statement__isnull=True) | Q(theme__isnull=False), name="action_item_with_its_theme"
            ),
        ]
        indexes = [models.Index(fields=["plan", "ref_key"]), models.Index(fields=["plan", "status"])]

    def __str__(self):
        return f"{self.ref}: {self.area_of_focus[:60]}"

    def get_absolute_url(self):
        return reverse("actionplans:action", args=[self.plan_id, self.pk])

    def save(self, *args, **kwargs):
        if self.status_word_id is None:
            self.status_word = starting_word(self.plan.council_id)
            self.status = self.status_word.meaning
        self.ref = self.ref.strip()
        self.ref_key = ref_key(self.ref)
        if self.quality_statement_id is not None:
            self.theme_id = self.quality_statement.theme_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            also = {"ref_key"} if "ref" in update_fields else set()
            also |= {"theme"} if "quality_statement" in update_fields else set()
            kwargs["update_fields"] = {*update_fields, *also}
        super().save(*args, **kwargs)

    def is_stale(self, now=None):
        cutoff = (now or timezone.now()) - STALE_AFTER
        last = self.last_update_at or self.created_at
        return self.status not in FINISHED and last is not None and last < cutoff

    def _standing_updates(self):
        return list(self.updates.standing().order_by("at", "id"))

    def verification(self):
        """The update that verified the action, standing, while it is complete and verified; else None."""
        return moved_into(self._standing_updates(), {Meaning.VERIFIED})

    def verification_refusal(self, *, word, by, evidence):
        """Why `by` may not move the action to `word` now, as (the update form's field it is about, what to do);
        None when they may. Verifying is a second person checking that the action is complete: it needs the action
        complete now, somebody other than whoever recorded it complete and other than its lead officers, and what
        they saw. An action verified already that stays so is not verified again."""
        if word.meaning != Meaning.VERIFIED or self.status == Meaning.VERIFIED:
            return None
        if self.status != Meaning.COMPLETE:
            return (
                "word",
                f"{self.ref} is not complete yet, so it cannot be verified. Record it as complete first; then "
                f"somebody else checks the evidence and verifies it",
            )
        completed = moved_into(self._standing_updates(), {Meaning.COMPLETE})
        if completed is not None and completed.by_id == by.pk:
            return (
                "word",
                "You recorded this action as complete, so somebody else must verify it. Ask a colleague who was "
                "not involved to check the evidence and record the verification",
            )
        if names_among(by.get_full_name(), self.lead_officers):
            return (
                "word",
                "You are a lead officer of this action, so somebody else must verify it. Ask a colleague who is "
                "not one of its lead officers to check the evidence and record the verification",
            )
        if not evidence.strip():
            return (
                "evidence",
                "Say what evidence you saw that the action is complete, for example the report or the minutes you "
                "checked",
            )
        return None

    @transaction.atomic
    def record_update(self, *, by, word, note, evidence="", milestones_done=(), on=None, imported_from=""):
        """The only way an action's status changes: an update that keeps who, when and what happened, in the
        council's word (StatusWord) and its meaning. A word that means complete and verified needs a second person
        and the evidence they saw (verification_refusal); an impossible update raises TransitionRefused.

        `on` dates it on an earlier day (a council moving a plan in records its history): it then stands at the end
        of that day, after any update of the same day, and the milestones it ticks were done that day. The update
        form checks the day (UpdateForm.clean_on): never in the future, nor before the action's last update."""
        if word.council_id != self.plan.council_id:
            raise ValueError("a status word of another council")
        if evidence and not word.is_verified:
            raise ValueError("evidence is what a verifier saw: only a word meaning complete and verified has it")
        if word.retired:
            raise TransitionRefused(
                f"The council no longer uses the status ‘{word}’. Choose one of the words it uses now."
            )
        locked = Action.objects.select_for_update().get(pk=self.pk)
        refused = locked.verification_refusal(word=word, by=by, evidence=evidence)
        if refused is not None:
            raise TransitionRefused(f"{refused[1]}.")
        now = timezone.now()
        today = timezone.localdate(now)
        at = now if on is None or on >= today else timezone.make_aware(datetime.combine(on, time.max))
        update = StatusUpdate.objects.create(
            action=locked,
            status=word.meaning,
            word=word,
            previous_status=locked.status,
            previous_word_id=locked.status_word_id,
            note=note,
            evidence=evidence.strip(),
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
        locked.status, locked.status_word, locked.last_update_at = word.meaning, word, at
        locked.save(update_fields=["status", "status_word", "last_update_at", "updated_at"])
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
            locked.status, locked.status_word_id, locked.last_update_at = standing.status, standing.word_id, standing.at
        else:
            # No update stands: the status the action had before its first.
            first = locked.updates.order_by("at", "id").first()
            locked.status, locked.status_word_id = first.previous_status, first.previous_word_id
            locked.last_update_at = None
        locked._history_user = by
        locked.save(update_fields=["status", "status_word", "last_update_at", "updated_at"])
        return update


def starting_word(council_id):
    """The word a new action starts with: the council's first word offered that means not started. The council's
    settings never let it go without one."""
    word = Action._meta.get_field("status_word").related_model.objects.starting(council_id)
    if word is None:
        raise TransitionRefused("The council has no status word that means not started for a new action to start with.")
    return word


class MilestoneQuerySet(PartOfPlanQuerySet):
    plan_path = "action__plan"

    def overdue(self, today=None):
        """Milestones that may be overdue: not ticked done, due before `today`, of an action not complete.
        Milestone.is_overdue has the last word (a milestone whose words say it was done is not)."""
        today = today or timezone.localdate()
        return self.filter(done=False, due_date__lt=today).exclude(action__status__in=FINISHED)


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
            action_complete=status in FINISHED,
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
    # The council's word, and what it meant: a word actions have had never changes its meaning.
    status = models.CharField(max_length=20, choices=Meaning.choices)
    word = models.ForeignKey("actionplans.StatusWord", on_delete=models.PROTECT, related_name="+")
    previous_status = models.CharField(max_length=20, choices=Meaning.choices)
    previous_word = models.ForeignKey("actionplans.StatusWord", on_delete=models.PROTECT, related_name="+")
    note = models.TextField("what has happened since the last update")
    # What a verifier saw that shows the action is complete: only an update to a word meaning complete and verified.
    evidence = models.TextField("evidence seen", blank=True)
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
        return f"{self.action.ref}: {self.word} ({self.at:%d %b %Y})"

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
