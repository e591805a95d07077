from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from councils.templatetags.text import mid_sentence

# A framework of a council's own holds at most this many themes, and a theme this many items: several times any
# review's (CQC's has four themes of at most three statements), and few enough for a plan page to offer them all.
MAX_THEMES = 30
MAX_ITEMS_PER_THEME = 30
# Frameworks one council may make of its own.
MAX_COUNCIL_FRAMEWORKS = 30


class FrameworkKind(models.TextChoices):
    CQC_LOCAL_AUTHORITY = "cqc_local_authority", "CQC local authority assessment"
    CQC_KEY_QUESTIONS = "cqc_key_questions", "CQC's five key questions for health and care providers"
    LGA_PEER_REVIEW = "lga_peer_review", "LGA peer review"
    SCRUTINY_REVIEW = "scrutiny_review", "Scrutiny review"
    INTERNAL_AUDIT = "internal_audit", "Internal audit"
    COUNCIL_OWN = "council_own", "The council's own areas"


class Priority(models.TextChoices):
    """What CQC's inspection reports ask of a provider: actions it must take, and actions it should."""

    MUST_DO = "must_do", "Must do"
    SHOULD_DO = "should_do", "Should do"


class FrameworkVersionQuerySet(models.QuerySet):
    def offered_to(self, councils):
        """The frameworks a new plan of one of `councils` may be set against: the councils' own, and the ones EqA
        ships, each in its latest version (a plan keeps the version it was written against)."""
        later = FrameworkVersion.objects.filter(
            council__isnull=True, kind=OuterRef("kind"), effective_from__gt=OuterRef("effective_from")
        )
        return self.filter(Q(council__in=councils) | (Q(council__isnull=True) & ~Exists(later)))


class FrameworkVersion(models.Model):
    """A framework a plan is made against: its themes and, in some, the items under each theme (CQC's quality
    statements, a review's recommendations). EqA ships some (`council` empty), as data migrations; a council admin
    may add the council's own. When a published framework changes, a new version is added: plans keep the one they
    were written against."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=FrameworkKind.choices)
    council = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text="Empty for the frameworks EqA ships; set for a framework of the council's own.",
    )
    # The words the framework uses for its parts: "Theme", "Key question", "Area"; "Quality statement",
    # "Recommendation". Empty: it has none of them (items belong to themes, so no items without themes).
    theme_label = models.CharField("what it calls its themes", max_length=40, blank=True, default="Theme")
    item_label = models.CharField("what it calls the items under a theme", max_length=40, blank=True)
    # "Theme 1: Working with people", or "Key question: Safe".
    numbers_themes = models.BooleanField("numbers its themes", default=True)
    uses_priorities = models.BooleanField("its actions carry a priority (must do, should do)", default=False)
    effective_from = models.DateField(null=True, blank=True, help_text="For a version of a published framework.")
    is_current = models.BooleanField(
        default=False,
        help_text="The framework new plans start on, and CQC results are scored against: the current version of "
        "CQC's local authority assessment framework.",
    )
    # Counts the edits of the framework, its themes and its items, so that one opened before another was saved does
    # not overwrite it unseen.
    revision = models.PositiveIntegerField(default=0)

    objects = FrameworkVersionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "framework"
        ordering = ["council_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="framework_unique_name_in_council"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(council__isnull=True), name="framework_unique_name_shipped"
            ),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_framework"),
            models.CheckConstraint(
                condition=~Q(theme_label="") | Q(item_label=""), name="framework_items_only_under_themes"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_themes(self):
        return bool(self.theme_label)

    @property
    def has_items(self):
        return bool(self.item_label)

    @property
    def shows_cqc_scores(self):
        """CQC scores its local authority assessment's quality statements: only those have a score beside them."""
        return self.kind == FrameworkKind.CQC_LOCAL_AUTHORITY

    @property
    def theme_word(self):
        """The theme label as it reads inside a sentence: "for each key question"."""
        return mid_sentence(self.theme_label or "theme")

    @property
    def item_word(self):
        return mid_sentence(self.item_label or "item")

    def theme_heading(self, theme):
        """ "Theme 1: Working with people", or "Key question: Safe"."""
        label = self.theme_label or "Theme"
        return f"{label} {theme.number}: {theme.name}" if self.numbers_themes else f"{label}: {theme.name}"

    def theme_short_label(self, theme):
        """ "Theme 1" where the framework numbers its themes, else None: the chart's first line of a bar's label."""
        return f"{self.theme_label or 'Theme'} {theme.number}" if self.numbers_themes else None

    @property
    def no_theme_heading(self):
        """The heading of the actions that are under no theme."""
        return f"Actions with no {self.theme_word}" if self.has_themes else "Actions"


class Theme(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="themes")
    # Its place among the framework's themes, and its number where the framework numbers them.
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Not offered for new actions; the actions that have it keep it.
    retired = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "theme"
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="theme_unique_number"),
            models.UniqueConstraint(fields=["framework", "name"], name="theme_unique_name"),
        ]

    def __str__(self):
        return self.name


class QualityStatement(models.Model):
    """An item under a theme: a quality statement of CQC's framework, or whatever a framework calls its items."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="statements")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    we_statement = models.TextField("‘we’ statement", blank=True)
    i_statement = models.TextField("‘I’ statement", blank=True)
    # Older plans still use statements CQC has since retired.
    retired = models.BooleanField(default=False)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings plan files use for its name.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "item of a framework"
        verbose_name_plural = "items of frameworks"
        ordering = ["theme__number", "position"]
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="statement_unique_name")]

    def __str__(self):
        return self.name
