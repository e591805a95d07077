from django.db import models


class FrameworkVersion(models.Model):
    """A version of CQC's framework. When CQC changes it, a new version is added: plans keep the one they
    were written against."""

    name = models.CharField(max_length=200, unique=True)
    effective_from = models.DateField()
    is_current = models.BooleanField(default=False, help_text="New plans and assessments use the current version.")

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="themes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="theme_unique_number")]

    def __str__(self):
        return f"Theme {self.number}: {self.name}"


class QualityStatement(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="statements")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    we_statement = models.TextField("‘we’ statement", blank=True)
    i_statement = models.TextField("‘I’ statement", blank=True)
    # Older plans still use statements CQC has since retired.
    retired = models.BooleanField(default=False)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings plan files use for its name.")

    class Meta:
        ordering = ["theme__number", "position"]
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="statement_unique_name")]

    def __str__(self):
        return self.name
