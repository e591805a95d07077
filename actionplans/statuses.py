"""What an action's status means, whatever a council calls it, and the rules that go by the meaning.

Each council words its statuses as it likes (StatusWord: "Red", "Amber", "Blue"), in its own order and colours;
each word means one of EqA's meanings, so that reports count by meaning and two councils' plans compare. A colour
is never shown without its word. The spellings councils' plan files write for today's default words are read
here too: loose spellings of the same status are the same status; anything else is an error for a person to fix,
never a guess."""

import re

from django.db import models


class Meaning(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "In progress, on track"
    AT_RISK = "at_risk", "In progress, at risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    VERIFIED = "verified", "Complete and verified"
    CLOSED = "closed", "Closed without being done"


# An action with one of these meanings is done with: it is never stale, and its milestones are never overdue.
FINISHED = frozenset({Meaning.COMPLETE, Meaning.VERIFIED, Meaning.CLOSED})


class Colour(models.TextChoices):
    """The colours a word may have: each shown only beside its word, and each at least 3:1 against white (WCAG
    2.2's non-text contrast), so a swatch can be seen on the page and in the PDF."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    PURPLE = "purple", "Purple"
    GREY = "grey", "Grey"
    BLACK = "black", "Black"


# GOV.UK's red, green, blue and purple; an amber and a grey dark enough for 3:1 against white (3.8:1 and 4.6:1).
HEX = {
    Colour.RED: "#d4351c",
    Colour.AMBER: "#cc6600",
    Colour.GREEN: "#00703c",
    Colour.BLUE: "#1d70b8",
    Colour.PURPLE: "#4c2c92",
    Colour.GREY: "#6f777b",
    Colour.BLACK: "#0b0c0c",
}

# Every council starts with these words, in this order: (word, meaning, colour). They were EqA's statuses before
# councils chose their own, and the importer's spellings below name them.
DEFAULT_WORDS = [
    ("To be started", Meaning.NOT_STARTED, Colour.GREY),
    ("Started", Meaning.ON_TRACK, Colour.PURPLE),
    ("On track", Meaning.ON_TRACK, Colour.GREEN),
    ("Off track", Meaning.OFF_TRACK, Colour.RED),
    ("Complete", Meaning.COMPLETE, Colour.BLUE),
]

# The ways plan files write the default words, each with the word it names.
SPELLINGS = {
    "to be started": "To be started",
    "not started": "To be started",
    "not yet started": "To be started",
    "started": "Started",
    "in progress": "Started",
    "on track": "On track",
    "ontrack": "On track",
    "off track": "Off track",
    "offtrack": "Off track",
    "complete": "Complete",
    "completed": "Complete",
}
DEFAULT_MEANINGS = {word: meaning for word, meaning, _ in DEFAULT_WORDS}


def normalise(text):
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip(" .")


def read_status(text, spellings):
    """What a cell names, of `spellings` ({normalised spelling: what it names}); None when it names nothing, or
    several different things."""
    words = normalise(text)
    if words in spellings:
        return spellings[words]
    # A cell that repeats one status for several milestones ("On Track On Track") still names one status.
    found = {named for spelling, named in spellings.items() if re.search(rf"\b{re.escape(spelling)}\b", words)}
    leftover = words
    for spelling in sorted(spellings, key=len, reverse=True):
        leftover = re.sub(rf"\b{re.escape(spelling)}\b", " ", leftover)
    if len(found) == 1 and not leftover.strip():
        return found.pop()
    return None


def names_among(name, names):
    """Whether a person's `name` is one of those written in `names`, a free-text list ("Jo Bloggs, Head of
    Commissioning\\nSam Smith"): whole words, whatever their case and spacing."""
    name = " ".join(name.split()).casefold()
    if not name:
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", " ".join(names.split()).casefold()) is not None


def moved_into(updates, meanings):
    """Of an action's updates, oldest first, the one that brought it to where the last leaves it, when that is one
    of `meanings`: the first of the unbroken run of such updates at the end ("Complete", then "Complete, the report
    is filed" was made complete by the first). None when the last update has none of them."""
    found = None
    for update in reversed(updates):
        if update.status not in meanings:
            break
        found = update
    return found
