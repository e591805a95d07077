"""Checking a row of the file: its quality statement, ref, texts, status, status date and milestones."""

import re
from datetime import date

from django.utils import timezone

from actionplans import milestones as milestone_reading
from actionplans import statuses
from actionplans.importer.columns import LINK_FIELDS, MAX_LENGTHS
from actionplans.importer.milestone_cells import read_milestone_cell
from actionplans.importer.problems import Problem, quote
from actionplans.refs import linked_refs, ref_key

# Letters then numbers with dots (T1.10), or numbers alone (a tracker's recommendations 1, 2, 10, or 3.2).
REF_FORMAT = re.compile(r"^[A-Za-z]*\d+(?:\.\d+)*$")
# A whole number as a spreadsheet may write it: ref 1 saved as the number 1.0.
WHOLE_NUMBER = re.compile(r"(\d+)\.0+")
RAG_COLOURS = {"red", "amber", "green", "blue", "grey", "gray", "r", "a", "g", "amber red", "amber green"}


def _statement_words(text):
    text = str(text).lower().replace("&", " and ")
    return [word for word in re.sub(r"[^a-z0-9]+", " ", text).split() if word != "and"]


class StatementMatcher:
    """A cell's quality statement, by its name or an alias; case, punctuation, "and"/"&", a footnote "*" and a
    "we" statement written after the name (as Sefton's plan's cells have) make no difference."""

    def __init__(self, statements):
        self.statements = {s.pk: s for s in statements}
        self.by_words = {}
        self.by_we = {}
        for statement in statements:
            for name in [statement.name, *(statement.aliases or [])]:
                self.by_words.setdefault(tuple(_statement_words(name)), set()).add(statement.pk)
            if statement.we_statement:
                self.by_we.setdefault(tuple(_statement_words(statement.we_statement)), set()).add(statement.pk)

    def match(self, text):
        """(statement, None) or (None, what is wrong)."""
        words = tuple(_statement_words(text))
        found = self.by_words.get(words) or self.by_we.get(words)
        if not found:
            # The name, then its "we" statement: "Assessing Needs We maximise the effectiveness…"
            found = set()
            for name_words, pks in self.by_words.items():
                if (
                    len(words) > len(name_words)
                    and words[: len(name_words)] == name_words
                    and words[len(name_words)] == "we"
                ):
                    found |= pks
        if len(found) == 1:
            return self.statements[next(iter(found))], None
        if found:
            return None, "ambiguous"
        return None, "unknown"


class StatusReader:
    """A cell's status in the council's words: one of its own words first (the whole cell, whatever its case and
    spacing, a retired word too, so that a file saying what an action has already changes nothing), then the
    spellings plan files write for EqA's default words ("in progress", "completed"): the council's word of that
    name while it offers one, else its first word offered that means the same. Anything else is for the person to
    fix."""

    def __init__(self, words):
        offered = [word for word in words if not word.retired]
        named = {statuses.normalise(word.word): word for word in offered}
        self.spellings = {}
        for spelling, default in statuses.SPELLINGS.items():
            meaning = statuses.DEFAULT_MEANINGS[default]
            same = named.get(statuses.normalise(default)) or next((w for w in offered if w.meaning == meaning), None)
            if same is not None:
                self.spellings[spelling] = same.pk
        self.spellings.update({statuses.normalise(word.word): word.pk for word in words})
        self.starting_word = next((word for word in offered if word.meaning == statuses.Meaning.NOT_STARTED), None)
        self.starting = self.starting_word.pk if self.starting_word else None
        # A file may give any word but one that means verified: that takes a second person and their evidence.
        self.listed = _either([word.word for word in offered if not word.is_verified])

    def read(self, text):
        """The word's pk, or None."""
        return statuses.read_status(text, self.spellings) if text else self.starting


def _either(words):
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


def parse_row(number, cells, columns, matcher, reader):
    problems = []

    def problem(column, message):
        problems.append(Problem(message, number, column))

    row = {"row": number}
    statement, wrong = matcher.match(cells["quality_statement"]) if cells["quality_statement"] else (None, "empty")
    if wrong == "empty":
        problem(
            "quality_statement", "enter the CQC quality statement the action is for, for example ‘Assessing needs’."
        )
    elif wrong == "ambiguous":
        problem(
            "quality_statement",
            f"{quote(cells['quality_statement'])} could be more than one quality "
            f"statement. Write the statement's full name.",
        )
    elif wrong:
        problem(
            "quality_statement",
            f"{quote(cells['quality_statement'])} is not a quality statement of the "
            f"plan's CQC framework. Write the statement's name as CQC writes it, for "
            f"example ‘Supporting people to live healthier lives’.",
        )
    row["quality_statement"] = statement.pk if statement else None

    ref = " ".join(cells["ref"].split())
    if whole := WHOLE_NUMBER.fullmatch(ref):
        ref = whole[1]
    if not ref:
        problem("ref", "enter the action's ref, for example T1.10 or 3.")
    elif not REF_FORMAT.match(ref) or len(ref) > 20:
        problem(
            "ref",
            f"{quote(ref)} is not an action ref. Write it as numbers with dots, after letters if the plan's refs "
            f"have them: for example T1.10, 3.2 or 3.",
        )
    row["ref"] = ref.upper()

    row["area_of_focus"] = cells["area_of_focus"]
    if not cells["area_of_focus"]:
        problem("area_of_focus", "enter the area of focus: what the review found that this action is about.")
    for key in ("actions_taken", "success_measures", "lead_officers"):
        row[key] = cells[key] if key in columns else None
        limit = MAX_LENGTHS.get(key)
        if limit and row[key] and len(row[key]) > limit:
            problem(
                key,
                f"the cell has {len(row[key]):,} characters. Shorten it to {limit} characters or fewer and "
                f"upload the file again.",
            )

    row["status"] = None
    if "status" in columns:
        text = cells["status"]
        word = reader.read(text)
        if word is None and not text:
            problem("status", f"enter the action's status: {reader.listed}.")
        elif word is None and statuses.normalise(text) in RAG_COLOURS:
            problem(
                "status",
                f"{quote(text)} is a RAG colour, not one of the council's status words. Write the status in words: "
                f"{reader.listed}.",
            )
        elif word is None:
            problem("status", f"{quote(text)} is not one of the council's status words. Use {reader.listed}.")
        row["status"] = word

    row["status_date"] = None
    if "status_date" in columns and cells["status_date"]:
        day, wrong = read_day(cells["status_date"])
        if wrong:
            problem("status_date", wrong)
        elif day > timezone.localdate():
            problem(
                "status_date",
                f"{format_day(day)} is in the future. Write the day the status was given, today or "
                f"earlier, or leave the cell empty.",
            )
        else:
            row["status_date"] = day.isoformat()

    row["milestones"] = None
    if "milestones" in columns:
        row["milestones"], milestone_problems = read_milestone_cell(cells["milestones"])
        for message in milestone_problems:
            problem("milestones", message)

    row["problems"] = [[p.column, p.message] for p in problems]
    row["links"] = []
    row["link_columns"] = {}
    for key in LINK_FIELDS:
        for linked in linked_refs(row.get(key) or ""):
            if ref_key(linked) != ref_key(ref) and linked not in row["links"]:
                row["links"].append(linked)
                row["link_columns"][linked] = key
    return row, problems


ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")  # day first, as in the UK


def read_day(text):
    """(the day a cell names, None), or (None, what to write instead): "31 March 2024", "31/03/2024", "2024-03-31"
    (as EqA's own CSV export writes it)."""
    words = " ".join(str(text).split())
    try:
        if match := ISO_DAY.fullmatch(words):
            return date(int(match[1]), int(match[2]), int(match[3])), None
        if match := NUMERIC_DAY.fullmatch(words):
            return date(int(match[3]), int(match[2]), int(match[1])), None
        if match := milestone_reading.DAY_MONTH_YEAR.fullmatch(words):
            return date(int(match[3]), milestone_reading.MONTHS[match[2].lower()], int(match[1])), None
    except ValueError:
        return (
            None,
            f"{quote(words)} is not a real date. Write the day the status was given, for example 31 "
            f"March 2024, or leave the cell empty.",
        )
    if milestone_reading.MONTH_YEAR.fullmatch(words):
        return (
            None,
            f"{quote(words)} names a month but not the day. Write the day the status was given, for "
            f"example 31 March 2024, or leave the cell empty.",
        )
    return (
        None,
        f"{quote(words)} is not a date. Write the day the status was given, for example 31 March 2024, "
        f"or leave the cell empty.",
    )


def format_day(day):
    return f"{day.day} {day:%B %Y}"
