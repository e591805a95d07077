"""Milestones as councils write them in a plan's Milestones column: "Framework April 2023", "Evaluation of
impact May-Sep 2023", "Completed". The words stay as written; a month and year in them become the due date
(month precision); a range is due at its end; a line that names no date is kept as text with no due date.

A line that says it was done ("Completed", "Completed May 2023", "Framework April 2023 - done", "achieved
3/4/23") is done. Whether a milestone is overdue is decided here, once, for every page and PDF that says so.
Plain functions, no Django."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# "May-Sep 2023", "May to September 2023", "April 2023", "Apr 23", "31 March 2024", "03/2024"
RANGE = re.compile(rf"\b{_MONTH}\s*(?:-|–|to)\s*{_MONTH}\.?\s+(\d{{4}}|\d{{2}})\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?\s+(\d{{4}})\b", re.I)
MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?\s+(\d{{4}}|\d{{2}})\b", re.I)
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{4})\b")
_DONE_WORD = r"(?:complete|completed|done|achieved)"
# What may follow the word: nothing, or when it was done ("May 2023", "on 3/4/23", "(12th March 2023)").
_WHEN_DONE = rf"(?:[\s\-–—:;,./()]|\d|(?:st|nd|rd|th|on|in)\b|{_MONTH}\b)*"
# The word opens the line ("Completed May 2023") or closes it after a break ("Framework April 2023 - done"),
# never inside a sentence: "Assessments completed within 28 days" is a milestone still to reach.
SAYS_DONE = re.compile(rf"^\W*{_DONE_WORD}\b{_WHEN_DONE}$|[-–—:;,(]\s*{_DONE_WORD}\b{_WHEN_DONE}$", re.I)

DAY, MONTH = "day", "month"


@dataclass(frozen=True)
class ReadMilestone:
    description: str
    due: date | None
    precision: str
    done: bool
    source_text: str


def numbered(milestones):
    """An action's milestones with their places, counted from 1. The action's page and the importer both number
    them so: a plan exported and imported back is unchanged."""
    return enumerate(milestones, start=1)


def _year(text):
    year = int(text)
    return year + 2000 if year < 100 else year


def _due(kind, match):
    if kind == "range":
        return date(_year(match.group(3)), MONTHS[match.group(2).lower()], 1), MONTH
    if kind == "day":
        year, month = int(match.group(3)), MONTHS[match.group(2).lower()]
        day = min(int(match.group(1)), calendar.monthrange(year, month)[1])
        return date(year, month, day), DAY
    if kind == "month":
        return date(_year(match.group(2)), MONTHS[match.group(1).lower()], 1), MONTH
    if not 1 <= int(match.group(1)) <= 12:
        return None, MONTH
    return date(int(match.group(2)), int(match.group(1)), 1), MONTH


def says_done(text):
    """Whether a milestone's words say it was done."""
    return bool(SAYS_DONE.search(" ".join(text.split())))


def counts_as_done(*, done, text):
    """Ticked done, or its words say it was done."""
    return done or says_done(text)


def is_overdue(*, deadline, done, text, action_complete, today):
    """A milestone is overdue when its last day on time (`deadline`) is before `today`, unless it counts as done
    or its action is complete: the work of a complete action is never late."""
    if action_complete or deadline is None or counts_as_done(done=done, text=text):
        return False
    return deadline < today


def read_milestone(text):
    """One milestone line, read: its due date where it names one, the rest of the words as its description."""
    source = " ".join(text.split())
    done = says_done(source)
    for pattern, kind in ((RANGE, "range"), (DAY_MONTH_YEAR, "day"), (MONTH_YEAR, "month"), (NUMERIC, "numeric")):
        match = pattern.search(source)
        if not match:
            continue
        try:
            due, precision = _due(kind, match)
        except ValueError:  # "1/0000", "31 February 2023": not a date, so the line stays text
            continue
        if due is None or not 1900 <= due.year <= 2200:
            continue
        return ReadMilestone(source, due, precision, done, source)
    return ReadMilestone(source, None, MONTH, done, source)


def read_milestones(cell):
    """Every milestone of a cell, one per line. A line naming two dates ("March 2023 September 2023") is two."""
    found = []
    for line in cell.splitlines():
        line = line.strip()
        if not line:
            continue
        dates = list(MONTH_YEAR.finditer(line))
        if len(dates) > 1 and not RANGE.search(line):
            # Split after each date, so each milestone keeps the words that lead up to its date.
            start = 0
            for match in dates:
                found.append(read_milestone(line[start : match.end()]))
                start = match.end()
            tail = line[start:].strip(" .,;")
            if tail:
                found[-1] = read_milestone(f"{found[-1].source_text} {tail}")
        else:
            found.append(read_milestone(line))
    return found
