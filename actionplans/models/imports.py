from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.models import Council


class ImportColumnMapping(models.Model):
    """How a council's plan files of one shape are read: what each column is (one of EqA's fields, an extra field,
    or left out), chosen once by a person, so that the next file with the same header row imports with no
    questions. A council admin or the council's plan editors can change it; History keeps each change."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_column_mappings")
    # importer.mapping.shape_key of the header row: the same for a file with the same headings.
    shape = models.CharField(max_length=64)
    # The header row as the file that was mapped first had it, one heading a column ("" for a column without).
    headers = models.JSONField()
    # A choice a column: a key of importer.columns.COLUMNS, EXTRA or IGNORE.
    choices = models.JSONField()
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the changes, so that a change opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["updated_at", "revision"])

    class Meta:
        ordering = ["council", "-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "shape"], name="one_column_mapping_a_shape")]

    def __str__(self):
        return ", ".join(text for text in self.headers if text)

    def get_absolute_url(self):
        return reverse("actionplans:import-mapping", args=[self.pk])


# A status a file writes is a word or a few ("Amber – On Track", "3", "Slipped"); a longer cell is not a status.
STATUS_VALUE_LENGTH = 100


class ImportStatusValue(models.Model):
    """How a status a council's plan files write, in words that are not the council's own ("Amber – On Track",
    "Slipped", "3"), is read: as one of the council's status words, chosen once by a person on importing, so that
    next month's file with the same statuses asks nothing. The council's plan editors and council admin can
    change it; History keeps each change."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_status_values")
    # statuses.normalise of the value: the same for "Slipped", "slipped " and "SLIPPED".
    key = models.CharField(max_length=STATUS_VALUE_LENGTH)
    # The value as the file that was mapped first wrote it.
    value = models.CharField(max_length=STATUS_VALUE_LENGTH)
    word = models.ForeignKey("actionplans.StatusWord", on_delete=models.PROTECT, related_name="+")
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the changes, so that a change opened before another was saved does not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["updated_at", "revision"])

    class Meta:
        ordering = ["council", "key", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="one_status_value_a_council")]

    def __str__(self):
        return self.value

    def get_absolute_url(self):
        return reverse("actionplans:import-status-value", args=[self.pk])


class PlanImport(models.Model):
    """A file imported into a plan, for its History: who imported which file, and how its columns were read, in
    the words of that day (a council's choices may change later). Written only when the import changed the plan."""

    plan = models.ForeignKey("actionplans.ActionPlan", on_delete=models.CASCADE, related_name="imports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    # [[the column's heading (or "Column H"), what it was read as], …] in the file's order.
    columns = models.JSONField(default=list)
    # The numbers of the rows above the header row, which were left out.
    rows_above = models.JSONField(default=list)
    # [[a status the file wrote, the council's word it was read as, how that was decided], …] in the words of
    # that day.
    statuses = models.JSONField(default=list)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.filename} into {self.plan_id}"
