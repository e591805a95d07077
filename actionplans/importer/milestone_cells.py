"""A Milestones cell, one milestone a line, read and written back; and what a file's milestones do to an action's."""

import re
from dataclasses import dataclass, field
from datetime import date

from actionplans import milestones as milestone_reading
from actionplans.importer.problems import quote
from actionplans.importer.table import clean
from actionplans.models import Milestone

_SUFFIX = re.compile(r"\s*\((done|no due date|due\s+([^()]*))\)\s*$", re.I)


def format_due(due, precision):
    if due is None:
        return ""
    return f"{due.day} {due:%B %Y}" if precision == Milestone.Precision.DAY else f"{due:%B %Y}"


def milestone_line(text, due, precision, done):
    """A milestone as one line of a plan file: its words, then "(due …)" when the words do not name its due
    date (or "(no due date)" when they name one it does not have), then "(done)" when it is done and its words
    do not say so. Reading the line back gives the same milestone."""
    read = milestone_reading.read_milestones(text)
    single = read[0] if len(read) == 1 else None
    line = text
    reads_same = single is not None and single.due == due and (due is None or single.precision == precision)
    if not reads_same:
        line += f" (due {format_due(due, precision)})" if due else " (no due date)"
    if done and not (single is not None and single.done):
        line += " (done)"
    return line


def line_of(milestone):
    return milestone_line(
        milestone.source_text or milestone.description, milestone.due_date, milestone.due_precision, milestone.done
    )


def read_milestone_cell(cell):
    """The milestones of a Milestones cell, one a line: dicts ready for JSON; and problems, as messages."""
    found, problems = [], []
    for raw in clean(cell).split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        done, due_text, no_due = False, None, False
        while (match := _SUFFIX.search(line)) and match.start() > 0:
            word = match.group(1).lower()
            if word == "done":
                done = True
            elif word == "no due date":
                no_due = True
            else:
                due_text = match.group(2).strip()
            line = line[: match.start()].rstrip()
        if due_text is not None or no_due:
            due, precision = None, Milestone.Precision.MONTH
            if due_text is not None:
                read_due = milestone_reading.read_milestone(due_text)
                if read_due.due is None:
                    problems.append(
                        f"{quote(f'(due {due_text})')} names no date. Write it like ‘(due April "
                        f"2023)’ or ‘(due 15 April 2023)’."
                    )
                due, precision = read_due.due, read_due.precision
            read = [
                milestone_reading.ReadMilestone(line, due, precision, milestone_reading.read_milestone(line).done, line)
            ]
        else:
            read = milestone_reading.read_milestones(line)
        for item in read:
            if len(item.source_text) > 500:
                problems.append(
                    f"a milestone is longer than 500 characters ({quote(item.source_text)}). Put "
                    f"each milestone on a line of its own."
                )
                continue
            found.append(
                {
                    "description": item.description,
                    "source_text": item.source_text,
                    "due": item.due.isoformat() if item.due else None,
                    "precision": item.precision if item.due else Milestone.Precision.MONTH,
                    "done": bool(item.done or done),
                }
            )
    return found, problems


def due_of(item):
    return date.fromisoformat(item["due"]) if item["due"] else None


def line_of_item(item):
    return milestone_line(item["source_text"] or item["description"], due_of(item), item["precision"], item["done"])


def _words(text):
    return " ".join(str(text).split()).casefold()


@dataclass
class MilestoneSync:
    """What the file's milestones do to an action's: new ones, changes to matched ones, removed ones, and done
    ones kept though the file leaves them out."""

    old_lines: list
    new_lines: list
    creates: list = field(default_factory=list)  # (position, item)
    updates: list = field(default_factory=list)  # (milestone, {field: value})
    removes: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.creates or self.updates or self.removes)


def sync_milestones(existing, items):
    existing = list(existing)
    sync = MilestoneSync(old_lines=[line_of(m) for m in existing], new_lines=[])
    unused, matched = list(existing), []
    for position, item in milestone_reading.numbered(items):
        key = _words(item["source_text"] or item["description"])
        match = next((m for m in unused if _words(m.source_text or m.description) == key), None)
        if match is None:
            sync.creates.append((position, item))
            sync.new_lines.append(line_of_item(item))
            continue
        unused.remove(match)
        matched.append(match)
        changes = {}
        if match.position != position:
            changes["position"] = position
        due = due_of(item)
        if (match.due_date, match.due_precision if match.due_date else None) != (
            due,
            item["precision"] if due else None,
        ):
            changes["due_date"], changes["due_precision"] = due, item["precision"]
        done = match.done or item["done"]  # what EqA has recorded done stays done
        if item["done"] and not match.done:
            changes["done"] = True
        if changes:
            sync.updates.append((match, changes))
        sync.new_lines.append(
            milestone_line(match.source_text or match.description, due, item["precision"], done)
            if ("due_date" in changes or "done" in changes)
            else line_of(match)
        )
    for milestone in unused:
        if milestone.done:
            sync.kept.append(milestone)
            sync.new_lines.append(line_of(milestone))
        else:
            sync.removes.append(milestone)
    if not sync.creates and not sync.removes and matched == [m for m in existing if m in matched]:
        # The same milestones in the same order: numbered some other way before (from 0, as imports once did),
        # they are not changed for that.
        sync.updates = [
            (m, changes)
            for m, changes in (
                (m, {k: v for k, v in changes.items() if k != "position"}) for m, changes in sync.updates
            )
            if changes
        ]
    return sync
