"""Checking a row of the file: its quality statement (or its theme, in a framework with no items), ref, texts, status,
status date, milestones, priority and target date."""

import re
from datetime import date

from django.utils import timezone

from actionplans import milestones as milestone_reading
from actionplans import statuses
from actionplans.importer.columns import LINK_FIELDS, MAX_LENGTHS
from actionplans.importer.milestone_cells import read_milestone_cell
from actionplans.importer.problems import Problem, quote
from actionplans.models.actions import target_date_bounds
from actionplans.models.framework import Priority
from actionplans.refs import as_written, linked_numbers, linked_refs, ref_key
from councils.templatetags.text import with_article

# Refs are any text of this many characters at most, with a letter or number in it: "T1.10", "2.3", "R12".
REF_LENGTH = 20
# A whole number as a spreadsheet may write it: ref 1 saved as the number 1.0.
WHOLE_NUMBER = re.compile(r"(\d+)\.0+")


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


class ThemeMatcher:
    """A cell's theme of a framework with no items: by its name ("Safe"), or as a heading says it ("Key question:
    Safe", "Theme 2: Providing support", "Theme 2")."""

    def __init__(self, framework, themes):
        self.framework = framework
        self.themes = list(themes)
        self.by_words = {}
        for theme in self.themes:
            said = {theme.name, framework.theme_heading(theme), framework.theme_short_label(theme) or theme.name}
            for text in said:
                self.by_words.setdefault(tuple(_statement_words(text)), set()).add(theme.pk)

    def match(self, text):
        """(theme, None) or (None, what is wrong)."""
        found = self.by_words.get(tuple(_statement_words(text)), set())
        if len(found) == 1:
            return next(theme for theme in self.themes if theme.pk in found), None
        return None, "ambiguous" if found else "unknown"

    def examples(self):
        return ", ".join(theme.name for theme in self.themes if not theme.retired)


PRIORITY_WORDS = {
    "must do": Priority.MUST_DO,
    "must": Priority.MUST_DO,
    "should do": Priority.SHOULD_DO,
    "should": Priority.SHOULD_DO,
    "none": "",
    "none given": "",
}


class StatusReader:
    """A cell's status in the council's words: one of its own words first (the whole cell, whatever its case and
    spacing, a retired word too, so that a file saying what an action has already changes nothing); then a value
    the council chose before for its files (`remembered`: {statuses.normalise(value): word pk}, of words it still
    offers); then the spellings plan files write for EqA's default words ("in progress", "completed"): the
    council's word of that name while it offers one, else its first word offered that means the same. Anything
    else the person chooses (importer.statuses), or fixes."""

    def __init__(self, words, remembered=None):
        offered = [word for word in words if not word.retired]
        named = {statuses.normalise(word.word): word for word in offered}
        self.spellings = {}
        for spelling, default in statuses.SPELLINGS.items():
            meaning = statuses.DEFAULT_MEANINGS[default]
            same = named.get(statuses.normalise(default)) or next((w for w in offered if w.meaning == meaning), None)
            if same is not None:
                self.spellings[spelling] = same.pk
        offered_pks = {word.pk for word in offered}
        self.remembered = {key: pk for key, pk in (remembered or {}).items() if key and pk in offered_pks}
        self.own = {statuses.normalise(word.word): word.pk for word in words}
        self.spellings.update(self.remembered)
        self.spellings.update(self.own)
        self.starting_word = next((word for word in offered if word.meaning == statuses.Meaning.NOT_STARTED), None)
        self.starting = self.starting_word.pk if self.starting_word else None
        # A file may give any word but one that means verified: that takes a second person and their evidence.
        self.listed = _either([word.word for word in offered if not word.is_verified])

    def read(self, text):
        """The word's pk, or None. A cell with no words (empty, or only a dash or a dot) gives no status: an action
        starts with the council's starting word."""
        return statuses.read_status(text, self.spellings) if statuses.normalise(text) else self.starting

    def how(self, text):
        """(the word's pk or None, how it was found: a key of status_values.HOW). A value that begins with one of
        the council's words ("3 - On schedule", "Amber – On Track") is only suggested: the person says."""
        key = statuses.normalise(text)
        if key in self.own:
            return self.own[key], "own"
        if key in self.remembered:
            return self.remembered[key], "remembered"
        found = statuses.read_status(text, self.spellings)
        if found is not None:
            return found, "matched"
        first = next((pk for word, pk in self.own.items() if re.match(rf"{re.escape(word)}\b", key)), None)
        return first, "suggested" if first is not None else "asked"


def _either(words):
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


def parse_row(number, cells, columns, matcher, reader, themes=None):
    """A row read and checked, and its problems. `reader` (a StatusReader) reads its status in the council's words;
    `themes` (a ThemeMatcher) for a plan whose framework has themes and no items: the row's theme then takes the
    place of its quality statement."""
    problems = []

    def problem(column, message):
        problems.append(Problem(message, number, column))

    row = {"row": number}
    framework = themes.framework if themes else None
    row["quality_statement"] = _read_statement(cells, matcher, framework, problem)
    row["theme"] = _read_theme(cells, columns, themes, problem) if themes else None

    ref = " ".join(cells["ref"].split())
    if whole := WHOLE_NUMBER.fullmatch(ref):
        ref = whole[1]
    if not ref:
        problem("ref", "enter the action's ref, for example T1.10 or 3.")
    elif not any(ch.isalnum() for ch in ref) or len(ref) > REF_LENGTH:
        problem(
            "ref",
            f"{quote(ref)} is not an action ref. Write it in {REF_LENGTH} characters or fewer, with a letter or "
            f"number, for example T1.10, 2.3 or R12.",
        )
    row["ref"] = as_written(ref)

    _read_action(row, cells, columns, reader, problem)
    row["priority"] = None
    if "priority" in columns and framework is not None and framework.uses_priorities:
        text = statuses.normalise(cells["priority"]) if cells["priority"] else ""
        if text and text not in PRIORITY_WORDS:
            problem(
                "priority",
                f"{quote(cells['priority'])} is not a priority. Write Must do or Should do, or leave the cell empty.",
            )
        row["priority"] = PRIORITY_WORDS.get(text, "")
    row["target_date"] = None
    if "target_date" in columns:
        row["target_date"] = _read_target_date(cells["target_date"], problem) if cells["target_date"] else ""

    row["problems"] = [[p.column, p.message] for p in problems]
    row["links"] = []
    row["link_columns"] = {}
    row["linked_numbers"] = []
    for key in LINK_FIELDS:
        for linked in linked_refs(row.get(key) or ""):
            if ref_key(linked) != ref_key(ref) and linked not in row["links"]:
                row["links"].append(linked)
                row["link_columns"][linked] = key
        for linked in linked_numbers(row.get(key) or ""):
            if ref_key(linked) != ref_key(ref) and linked not in row["linked_numbers"]:
                row["linked_numbers"].append(linked)
                row["link_columns"][linked] = key
    return row, problems


def _read_theme(cells, columns, themes, problem):
    """The theme's id, or None. In a framework with items the theme follows the item: its column is not read."""
    if not themes.framework.has_themes or themes.framework.has_items or "theme" not in columns:
        return None
    label = themes.framework.theme_word
    text = cells["theme"]
    theme, wrong = themes.match(text) if text else (None, "empty")
    if wrong == "empty":
        problem("theme", f"enter the {label} the action is for, one of: {themes.examples()}.")
    elif wrong:
        problem(
            "theme",
            f"{quote(text)} is not {with_article(label)} of the plan's framework. Write one of: {themes.examples()}.",
        )
    return theme.pk if theme else None


def _read_target_date(text, problem):
    """The target date as the row keeps it (ISO), or "" when it cannot be read."""
    day, wrong = read_day(text, what="the date the action should be done by")
    earliest, latest = target_date_bounds(timezone.localdate())
    if wrong:
        problem("target_date", wrong)
    elif not earliest <= day <= latest:
        problem(
            "target_date",
            f"{format_day(day)} cannot be the action's target date. Write a date between {format_day(earliest)} and "
            f"{format_day(latest)}, or leave the cell empty.",
        )
    else:
        return day.isoformat()
    return ""


def _read_statement(cells, matcher, framework, problem):
    """The quality statement's id (an item's, in a framework of the council's own), or None: a framework with no
    items has none to read."""
    if framework is not None and not framework.has_items:
        return None
    cqc = framework is None or framework.shows_cqc_scores
    text = cells["quality_statement"]
    statement, wrong = matcher.match(text) if text else (None, "empty")
    if wrong == "empty":
        problem(
            "quality_statement",
            "enter the CQC quality statement the action is for, for example ‘Assessing needs’."
            if cqc
            else f"enter the {framework.item_word} the action is for.",
        )
    elif wrong == "ambiguous":
        problem(
            "quality_statement",
            f"{quote(text)} could be more than one quality statement. Write the statement's full name."
            if cqc
            else f"{quote(text)} could be more than one {framework.item_word}. Write its full name.",
        )
    elif wrong:
        problem(
            "quality_statement",
            f"{quote(text)} is not a quality statement of the plan's CQC framework. Write the statement's name as CQC "
            f"writes it, for example ‘Supporting people to live healthier lives’."
            if cqc
            else f"{quote(text)} is not {with_article(framework.item_word)} of the plan's framework. Write its name "
            f"as the framework does.",
        )
    return statement.pk if statement else None


def _read_action(row, cells, columns, reader, problem):
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
        if word is None and not statuses.normalise(text):
            problem("status", f"enter the action's status: {reader.listed}.")
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


ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")  # day first, as in the UK


def read_day(text, what="the day the status was given"):
    """(the day a cell names, None), or (None, what to write instead): "31 March 2024", "31/03/2024", "2024-03-31"
    (as EqA's own CSV export writes it). `what` names the day in the message."""
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
            f"{quote(words)} is not a real date. Write {what}, for example 31 March 2024, or leave the cell empty.",
        )
    if milestone_reading.MONTH_YEAR.fullmatch(words):
        return (
            None,
            f"{quote(words)} names a month but not the day. Write {what}, for "
            f"example 31 March 2024, or leave the cell empty.",
        )
    return (
        None,
        f"{quote(words)} is not a date. Write {what}, for example 31 March 2024, or leave the cell empty.",
    )


def format_day(day):
    return f"{day.day} {day:%B %Y}"
