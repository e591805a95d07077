"""What EIAs and action plans share on their way to sign-off: status changes, issued PDFs, freezing and
stale-save detection. Written once here, on the ground both apps stand on."""

import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from councils import notifications
from councils.access import Standing
from councils.models import Council, DeletedDraft, Role
from councils.templatetags.text import mid_sentence


class RecordFrozen(Exception):
    """A signed-off record was asked to change. A change is a new version, never an edit."""


class TransitionRefused(Exception):
    """A lifecycle step that cannot happen now. `forbidden` when the person may never take it."""

    def __init__(self, message, *, forbidden=False, problems=()):
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden
        self.problems = list(problems)


class StoredFileMissing(Exception):
    """An issued PDF's row is there but its file is not: lost from storage, or not put back with a restore."""

    def __init__(self, name):
        super().__init__(f"the stored file {name!r} is missing")
        self.name = name


class SavedByOther(Exception):
    """Somebody saved the record after this person opened it; `current` is the record as it is now."""

    def __init__(self, current):
        super().__init__("saved by somebody else first")
        self.current = current


class FreezableQuerySet(models.QuerySet):
    """Refuses update() and delete() of rows whose record is signed off, except the lifecycle's own fields."""

    mutable_when_frozen = frozenset()

    def frozen_q(self):
        raise NotImplementedError

    def _touches_frozen(self):
        return self.filter(self.frozen_q()).exists()

    def update(self, **kwargs):
        if set(kwargs) - self.mutable_when_frozen and self._touches_frozen():
            raise RecordFrozen("signed-off records cannot be updated")
        return super().update(**kwargs)

    def delete(self):
        if self._touches_frozen():
            raise RecordFrozen("signed-off records cannot be deleted")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self.model.any_frozen(objs):
            raise RecordFrozen("rows cannot be added to a signed-off record")
        return super().bulk_create(objs, *args, **kwargs)


class FreezableModel(models.Model):
    """A model that cannot be saved or deleted once its record is signed off (checked against the database,
    not the copy in memory), except for the lifecycle fields the steps after sign-off move."""

    mutable_when_frozen = frozenset()
    # The foreign key to the record whose sign-off freezes this row (a grid row's EIA, a milestone's action); None
    # when the row is the record, frozen by its own queryset's frozen_q().
    frozen_through = None

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not (update_fields and set(update_fields) <= self.mutable_when_frozen):
            self.refuse_if_frozen()
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def is_frozen_in_database(self):
        return type(self).any_frozen([self])

    @classmethod
    def any_frozen(cls, objs):
        """Whether any of `objs` is, or belongs to, a signed-off record, in one query however many there are."""
        if cls.frozen_through is None:
            model, pks = cls, {obj.pk for obj in objs if obj.pk is not None}
        else:
            field = cls._meta.get_field(cls.frozen_through)
            model, pks = field.related_model, {getattr(obj, field.attname) for obj in objs}
        records = model._default_manager.all()
        return bool(pks) and records.filter(records.frozen_q(), pk__in=pks).exists()

    def refuse_if_frozen(self):
        if self.is_frozen_in_database():
            raise RecordFrozen(f"{self._meta.verbose_name} belongs to a signed-off record")


class StepsMixin:
    """A record's lifecycle steps, as model methods: lock the row, check the status and the person's role,
    move the status, save only the fields the step moves, and record a status change (from, to, who, note).

    The model has `status`, `updated_at`, `approved_by`, `approved_at`, a `status_changes` relation, and
    `refusal(step, by)` returning a TransitionRefused (or None when the person may take the step now). It names its
    own choices, `Status` (DRAFT, SUBMITTED, APPROVED and any of its own) and `Step` (SUBMIT, RETURN, APPROVE), and
    `reason_needed`, what a return without a reason is told. The three steps every sign-off has are here; a model
    adds what it checks before submitting (`submission_refusal`) and what else sign-off sets (`approving`)."""

    Status = None
    Step = None
    reason_needed = ""

    def lock_for(self, step, by):
        locked = type(self).objects.select_for_update().select_related("council").get(pk=self.pk)
        refused = locked.refusal(step, by)
        if refused is not None:
            raise refused
        return locked

    def move(self, to_status, by, fields=(), note=""):
        from_status, self.status = self.status, to_status
        self.save(update_fields=["status", "updated_at", *fields])
        change = self.status_changes.create(from_status=from_status, to_status=to_status, by=by, note=note)
        Council.objects.register_changed(self.council_id)
        # Whom the step tells, recorded with it; their emails go once it has committed.
        notifications.step_taken(self, change)

    def submission_refusal(self):
        """Why the locked record is not ready for sign-off, as a TransitionRefused; None when it is."""
        return None

    def approving(self, by):
        """What sign-off sets beyond who signed off and when: the fields it sets on the locked record, to save."""
        return []

    @transaction.atomic
    def submit(self, *, by):
        locked = self.lock_for(self.Step.SUBMIT, by)
        refused = locked.submission_refusal()
        if refused is not None:
            raise refused
        locked.move(self.Status.SUBMITTED, by)
        return locked

    @transaction.atomic
    def return_for_changes(self, *, by, reason):
        if not reason.strip():
            raise TransitionRefused(self.reason_needed)
        locked = self.lock_for(self.Step.RETURN, by)
        locked.move(self.Status.DRAFT, by, note=reason.strip())
        return locked

    @transaction.atomic
    def approve(self, *, by):
        locked = self.lock_for(self.Step.APPROVE, by)
        locked.approved_by, locked.approved_at = by, timezone.now()
        locked.move(self.Status.APPROVED, by, fields=["approved_by", "approved_at", *locked.approving(by)])
        return locked


class AuthoredModel(models.Model):
    """A record whose authors may not sign it off (author_refusal): who created it, who last changed it and
    everyone who changed its content, each added by count_edit() as they save; who signed it off, and when."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up with every saved edit, so a save from a page opened before somebody else's save is noticed.
    revision = models.PositiveIntegerField(default=0)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="people who changed its content",
    )

    class Meta:
        abstract = True


def count_edit(record, *, by):
    """A saved change of a record's content: its revision goes up and, on a record with authors (AuthoredModel),
    `by` is one of them from now on. A record nobody signs off (a CQC result) only counts its revisions."""
    if not isinstance(record, AuthoredModel):
        type(record).objects.filter(pk=record.pk).update(revision=F("revision") + 1)
        return
    type(record).objects.filter(pk=record.pk).update(
        revision=F("revision") + 1, last_edited_by=by, updated_at=timezone.now()
    )
    record.contributors.add(by)


def author_refusal(record, person, noun):
    """Why `person` may not sign the record off as one of its authors, as a TransitionRefused; None if they are not.

    An author is whoever created the record or changed its content. A new version that nobody has changed yet is
    still the words of the version it copies, so that version's authors are its authors too."""
    if person.pk in (record.created_by_id, record.last_edited_by_id):
        return TransitionRefused(
            f"You wrote or changed this {noun}, so another approver must sign it off.", forbidden=True
        )
    editors = set(record.contributors.values_list("pk", flat=True))
    if person.pk in editors:
        return TransitionRefused(
            f"You changed this {noun} while it was being written, so another approver must sign it off.", forbidden=True
        )
    previous = getattr(record, "previous_version", None) if not editors else None
    if previous is not None and author_refusal(previous, person, noun) is not None:
        return TransitionRefused(
            f"This version is unchanged from version {previous.version}, which you wrote or "
            f"changed, so another approver must sign it off.",
            forbidden=True,
        )
    return None


class DraftDeletionMixin:
    """A draft that was never submitted may be deleted by whoever started it or a council admin, after they
    confirm; the deletion is kept in councils.models.DeletedDraft. Once submitted, a record is never deleted.

    The model has `council`, `status`, `created_by`, `status_changes`, and its `Status` (DRAFT, SUBMITTED);
    `deletion_blocker()` may name anything else that keeps it. A model with versions (`previous_version`,
    `is_latest`) has the version its draft copied made the newest again."""

    def deletion_blocker(self):
        return None

    def deletion_refusal(self, by):
        noun = self._meta.verbose_name
        if by.pk != self.created_by_id and not Standing(by, self.council).has(Role.COUNCIL_ADMIN):
            return TransitionRefused(
                f"Only the person who started this {noun}, or a council admin, can delete it.", forbidden=True
            )
        # What keeps it is said first: a record can move on without being submitted (a screening that started
        # its full EIA).
        blocked = self.deletion_blocker()
        if blocked is not None:
            return blocked
        if self.status != self.Status.DRAFT or self.status_changes.filter(to_status=self.Status.SUBMITTED).exists():
            return TransitionRefused(
                f"This {noun} has been {mid_sentence(self.Status.SUBMITTED.label)}, so it is kept: it cannot be "
                f"deleted. Nothing was changed."
            )
        return None

    @transaction.atomic
    def delete_draft(self, *, by):
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        refused = locked.deletion_refusal(by)
        if refused is not None:
            raise refused
        DeletedDraft.objects.create(
            council_id=locked.council_id,
            kind=locked._meta.verbose_name,
            record_id=locked.pk,
            title=str(locked),
            created_by_id=locked.created_by_id,
            deleted_by=by,
        )
        locked._history_user = by
        locked.delete()
        previous = getattr(locked, "previous_version_id", None)
        if previous is not None:
            type(self).objects.filter(pk=previous).update(is_latest=True)
        return locked


def status_in_words(record):
    """A record's status to follow "is": "a draft", "signed off", "submitted for sign-off", as the model says it
    in `status_phrases` where its label does not read so ("decided: a full EIA is needed")."""
    phrase = getattr(record, "status_phrases", {}).get(record.status)
    if phrase:
        return phrase
    return "a draft" if record.status == "draft" else mid_sentence(record.get_status_display())


@contextmanager
def editing(record, *, by, revision, editable):
    """Lock a record for an edit; refuse if `editable(locked)` says no (it moved on) or somebody saved it since
    `revision` (None: an edit that overwrites nothing, such as adding a row); then count the edit."""
    model = type(record)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        if not editable(locked):
            raise TransitionRefused(
                f"This {model._meta.verbose_name} is {status_in_words(locked)} now, so it cannot be changed."
            )
        if revision is not None and str(locked.revision) != str(revision):
            raise SavedByOther(locked)
        yield locked
        count_edit(locked, by=by)


class StatusChangeBase(models.Model):
    """One step of a record's lifecycle: from, to, who, when, and why (a return's reason)."""

    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class KeptFile:
    """A file kept byte for byte, with its SHA-256: an issued PDF, an old EIA's Word file. The model has a
    FileField `file` and a `sha256` field."""

    def store(self, data, name):
        """Keep the bytes (in the database, councils/storage.py) in the transaction that saves the row: one that
        fails, or is cut short (by a worker's time limit, say), leaves neither the row nor the file."""
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.file.save(name, ContentFile(data), save=False)

    def read(self):
        try:
            with self.file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError as missing:
            raise StoredFileMissing(self.file.name) from missing


class IssuedPdfBase(KeptFile, models.Model):
    """A PDF as it was issued at sign-off (or re-issued at moderation): kept byte for byte, with its hash."""

    file = models.FileField(upload_to="issued/%Y/%m/")
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["issued_at", "id"]


def content_fingerprint(parts):
    """SHA-256 of a record's content, printed in its issued PDF: a PDF cannot hold its own file hash."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()
