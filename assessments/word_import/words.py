"""How an old EIA written in Word names what EqA records: the groups of its impact grid ("Race" or "Ethnicity"),
its ratings ("Negative - High", "High negative", "-ve (H)", a tick under "Positive"), its dates ("14 July 2014",
"14/07/2014") and the labels of its details ("Lead officer:", "Review date"). Plain rules, no Django, tested
directly."""

import re
from dataclasses import dataclass
from datetime import date

from assessments.review import HIGH, LOW, MEDIUM

CARERS = "carers"

# A group's usual names in councils' EIAs, each with the code of the group in EqA's grids (a statutory item's code,
# or CARERS, a row most councils add). Longer names are tried first: "gender reassignment" before "gender".
NAMES = {
    "age": "age",
    "older people": "age",
    "younger people": "age",
    "disability": "disability",
    "disabled people": "disability",
    "disabled": "disability",
    "gender reassignment": "gender_reassignment",
    "gender identity": "gender_reassignment",
    "transgender": "gender_reassignment",
    "trans": "gender_reassignment",
    "marriage and civil partnership": "marriage",
    "marriage": "marriage",
    "civil partnership": "marriage",
    "pregnancy and maternity": "pregnancy",
    "pregnancy": "pregnancy",
    "maternity": "pregnancy",
    "race": "race",
    "ethnicity": "race",
    "ethnic origin": "race",
    "ethnic": "race",
    "religion or belief": "religion",
    "religion": "religion",
    "belief": "religion",
    "faith": "religion",
    "sex": "sex",
    "gender": "sex",
    "men and women": "sex",
    "sexual orientation": "sexual_orientation",
    "sexuality": "sexual_orientation",
    "carers": CARERS,
    "carer": CARERS,
    "caring responsibilities": CARERS,
}
_NAME_PATTERNS = [
    (re.compile(rf"\b{re.escape(name)}\b"), code)
    for name in sorted(NAMES, key=len, reverse=True)
    for code in [NAMES[name]]
]
# A row's first cell names a group in its opening words; a longer cell is a sentence about something else.
NAME_WITHIN = 80


def plain(text):
    """Lower case, one space between words, the usual dashes and quotes made plain."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").replace("\xa0", " ")
    return " ".join(text.lower().split())


def group_of(cell):
    """The code of the group a grid row's first cell names ("Race and ethnicity (including …)" is "race"), or
    None."""
    text = plain(cell)[:NAME_WITHIN]
    best = None
    for pattern, code in _NAME_PATTERNS:
        found = pattern.search(text)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), code)
    return best[1] if best else None


@dataclass(frozen=True)
class Rating:
    """What a cell, a heading or a row says of the impact on a group: any of positive, neutral and negative, and the
    negative impact's level (HIGH, MEDIUM, LOW, or "" where it says none)."""

    positive: bool = False
    neutral: bool = False
    negative: bool = False
    level: str = ""

    def __bool__(self):
        return self.positive or self.neutral or self.negative

    def __or__(self, other):
        return Rating(
            self.positive or other.positive,
            self.neutral or other.neutral,
            self.negative or other.negative,
            self.level or other.level,
        )

    @property
    def words(self):
        """ "Positive and negative (High)": how the preview and the record's page say it."""
        said = []
        if self.positive:
            said.append("positive")
        if self.neutral:
            said.append("neutral")
        if self.negative:
            said.append(f"negative ({self.level.title()})" if self.level else "negative (level not given)")
        if not said:
            return "Not rated"
        text = " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        return text[0].upper() + text[1:]


_SHORT_FORMS = [
    (re.compile(r"\bno (?:negative|adverse)(?: impact)?\b"), " neutral "),
    (re.compile(r"(?<![\w+-])-\s?ve\b"), " negative "),
    (re.compile(r"(?<![\w+-])\+\s?ve\b"), " positive "),
    (re.compile(r"\bneg\b\.?"), " negative "),
    (re.compile(r"\bpos\b\.?"), " positive "),
    (re.compile(r"\((?:h)\)|\bh\b(?=\s*\)?$)"), " high "),
    (re.compile(r"\((?:m)\)|\bm\b(?=\s*\)?$)"), " medium "),
    (re.compile(r"\((?:l)\)|\bl\b(?=\s*\)?$)"), " low "),
]
_NEGATIVE = re.compile(r"\b(?:negative|adverse|detrimental)\b")
_POSITIVE = re.compile(r"\b(?:positive|beneficial)\b")
_NEUTRAL = re.compile(r"\b(?:neutral|no impact|no (?:known |significant |differential )?impact|none|nil)\b")
_LEVELS = [
    (re.compile(r"\bhigh\b"), HIGH),
    (re.compile(r"\b(?:medium|med|moderate)\b"), MEDIUM),
    (re.compile(r"\blow\b"), LOW),
]
# A rating is said in a few words; a longer cell is a description, whose words ("no negative effect on …") are not
# read as a rating, except a level it ends with in brackets ("… (Low impact)").
RATING_WITHIN = 40
_LEVEL_AT_END = re.compile(r"\((high|medium|med|low)(?: impact)?\)\W*$")


def rating_of(text):
    """The Rating that a short cell or heading says, or an empty Rating."""
    words = plain(text)
    if not words or len(words) > RATING_WITHIN:
        return Rating()
    for pattern, replacement in _SHORT_FORMS:
        words = pattern.sub(replacement, words)
    negative = bool(_NEGATIVE.search(words))
    level = level_of(words)
    # "Negative - High" and "High negative" name a level; a bare "High" under a negative heading does too.
    return Rating(
        positive=bool(_POSITIVE.search(words)),
        neutral=bool(_NEUTRAL.search(words)) and not negative,
        negative=negative,
        level=level if negative else "",
    )


def level_of(text):
    """HIGH, MEDIUM or LOW where the words name one level alone; "" otherwise ("High/Med/Low?" names none)."""
    words = plain(text)
    found = {level for pattern, level in _LEVELS if pattern.search(words)}
    return found.pop() if len(found) == 1 else ""


def level_at_end(text):
    """The level a description ends with in brackets: "… to remove any barriers. (Low impact)"."""
    found = _LEVEL_AT_END.search(plain(text))
    return level_of(found.group(1)) if found else ""


# Marks that tick a box in a table's column.
TICKS = {"✓", "✔", "☑", "☒", "x", "yes", "y", "■", "●", "•", "*", "√", "tick", "ticked"}


def is_tick(text):
    return plain(text).strip(" .") in TICKS


# The labels of an EIA's details, in the order they are tried: a review date's label before a bare "Date".
TITLE, REFERENCE, OWNER, ASSESSED_ON, REVIEW_DUE = "title", "reference", "owner", "assessed_on", "review_due"
LABELS = [
    (
        REVIEW_DUE,
        re.compile(
            r"^(?:date (?:of|for) (?:the )?(?:next )?review|(?:next )?review(?:ed)? (?:date|due|by)"
            r"|date (?:analysis |eia |assessment )?to be reviewed)"
        ),
    ),
    (
        ASSESSED_ON,
        re.compile(
            r"^(?:date (?:of|the) (?:the )?(?:assessment|eia|analysis)|(?:assessment|eia) date"
            r"|date (?:completed|assessed|of completion)|completed on|date)\b"
        ),
    ),
    (REFERENCE, re.compile(r"^(?:eia |assessment )?(?:reference|ref\.?|number|no\.?)(?: number| no\.?)?\b")),
    (
        OWNER,
        re.compile(
            r"^(?:lead officer|responsible officer|assessment owner|eia owner|owner|author|completed by"
            r"|officer completing|assessor|lead)\b"
        ),
    ),
    (
        TITLE,
        re.compile(
            r"^(?:title|name of (?:the )?(?:policy|proposal|service|strategy|function|project|decision)"
            r"|(?:policy|proposal|service|strategy|project|decision)(?: name| title)?|what is being assessed"
            r"|subject)\b"
        ),
    ),
]
# A label is a few words; past these, a line or cell is what a document says, not the name of a detail.
LABEL_WITHIN = 120


def label_of(text):
    """Which detail a label names (TITLE, …), or None."""
    words = plain(text).rstrip(" :?")
    if not words or len(words) > LABEL_WITHIN:
        return None
    for what, pattern in LABELS:
        if pattern.match(words):
            return what
    return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b")
_NUMBERS = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class DateRead:
    """A date found in a detail's words: `on` the date, or None with `problem` saying why the words are no date."""

    on: date | None
    words: str
    problem: str = ""


def date_in(text, earliest, latest):
    """The first date the words write, as a DateRead; None where they write none. A date that cannot be true
    (31/02/2020) or lies outside earliest…latest is read with its problem, never as another date."""
    words = plain(text)
    candidates = []
    for pattern, order in (
        (_ISO, "ymd"),
        (_DAY_MONTH_YEAR, "dMy"),
        (_MONTH_DAY_YEAR, "Mdy"),
        (_NUMBERS, "dmy"),
        (_MONTH_YEAR, "My"),
    ):
        for found in pattern.finditer(words):
            candidates.append((found.start(), -len(found.group(0)), order, found))
    if not candidates:
        return None
    _, _, order, found = min(candidates, key=lambda candidate: candidate[:2])
    parts = dict(zip(order, found.groups(), strict=True))
    month = _MONTHS[parts["M"]] if "M" in parts else int(parts["m"])
    year = int(parts["y"])
    if year < 100:
        year += 2000
    day = int(parts.get("d", 1))
    said = found.group(0)
    try:
        on = date(year, month, day)
    except ValueError:
        return DateRead(None, said, f"‘{said}’ is not a real date")
    if not earliest <= on <= latest:
        return DateRead(None, said, f"‘{said}’ is not a date an EIA could have")
    return DateRead(on, said)
