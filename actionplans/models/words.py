"""A council's own words for an action's status, each meaning one of EqA's meanings (actionplans/statuses.py)."""

from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from actionplans.models.actions import Action, StatusUpdate
from actionplans.statuses import DEFAULT_WORDS, HEX, Colour, Meaning
from councils.models import Council
from councils.templatetags.text import mid_sentence

WORD_LENGTH = 40


class StatusWordQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("position", "id")

    def offered(self):
        """The words an update may choose, in the council's order."""
        return self.filter(retired=False).in_order()

    def starting(self, council_id):
        """The word a new action of the council starts with: its first word offered that means not started."""
        return self.offered().filter(council_id=council_id, meaning=Meaning.NOT_STARTED).first()


class StatusWord(models.Model):
    """What the council calls a status, in its place in the council's list, with the meaning reports count it by
    and a colour shown beside it. A word actions have had keeps its meaning, as a change would rewrite what was
    reported: it may be reworded (History keeps the old wording) or retired (no longer offered), never re-meant."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="status_words")
    position = models.PositiveSmallIntegerField(default=0)
    word = models.CharField(max_length=WORD_LENGTH)
    meaning = models.CharField(max_length=20, choices=Meaning.choices)
    colour = models.CharField(max_length=10, choices=Colour.choices)
    retired = models.BooleanField(default=False)
    # Goes up with every saved change, so a change from a page opened before somebody else's save is noticed.
    revision = models.PositiveIntegerField(default=0)

    objects = StatusWordQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["council", "position", "id"]
        constraints = [
            models.UniqueConstraint(Lower("word"), "council", name="status_word_once_per_council"),
        ]

    def __str__(self):
        return self.word

    @property
    def hex(self):
        return HEX[self.colour]

    @property
    def meaning_label(self):
        return Meaning(self.meaning).label

    @property
    def phrase(self):
        """The word as a sentence names it, with what it means unless it says so itself: "Red (off track)",
        "Complete"."""
        return self.word if self.says_its_meaning else f"{self.word} ({mid_sentence(self.meaning_label)})"

    @property
    def is_verified(self):
        return self.meaning == Meaning.VERIFIED

    @property
    def says_its_meaning(self):
        """Whether the word says what it means already ("Complete"), so nothing need be said after it."""
        return self.word.casefold() == self.meaning_label.casefold()

    def in_use(self):
        """Whether any action has, or had, this word."""
        had = models.Exists(Action.objects.filter(status_word=OuterRef("pk"))) | models.Exists(
            StatusUpdate.objects.filter(models.Q(word=OuterRef("pk")) | models.Q(previous_word=OuterRef("pk")))
        )
        return StatusWord.objects.filter(pk=self.pk).filter(had).exists()


def default_words(council):
    """The words a council starts with, not saved yet."""
    return [
        StatusWord(council=council, position=position, word=word, meaning=meaning, colour=colour)
        for position, (word, meaning, colour) in enumerate(DEFAULT_WORDS, start=1)
    ]
