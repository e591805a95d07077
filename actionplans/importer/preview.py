"""What a file's rows would do to a plan as it is now: the actions added, changed and left alone, and every problem."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from actionplans.importer.columns import COLUMN_NAMES, COLUMNS, TEXT_FIELDS, header_words, required_columns
from actionplans.importer.mapping import MAX_EXTRA_FIELDS, choice_problems, extras_length, heading, merged_extras
from actionplans.importer.milestone_cells import MilestoneSync, line_of_item, sync_milestones
from actionplans.importer.problems import FileRefused, Problem, quote
from actionplans.importer.rows import StatementMatcher, StatusReader, ThemeMatcher, format_day, parse_row
from actionplans.importer.status_values import reader_for
from actionplans.importer.table import clean
from actionplans.models import Action, Priority, QualityStatement, StatusWord, Theme
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from actionplans.refs import ref_key
from actionplans.statuses import Meaning
from councils.forms import PLAN_TEXT_LIMIT


def check(plan, table, choices=None):
    """Read every row of the table by the choices of what its columns are, and check it against the plan: a Preview
    with every problem found. Without choices, the columns are read as EqA recognises them, and a file with a
    heading EqA does not know is refused, saying which (the pages ask the person instead), and so is a file with no
    column chosen as one the plan's framework needs (its items, or its themes when it has no items)."""
    if choices is None:
        choices = table.recognised(known_extras(plan))
        unknown = [index for index, choice in enumerate(choices) if choice is None]
        if unknown:
            raise FileRefused(
                *(f"EqA does not know what {heading(table.headers, index)} is." for index in unknown),
            )
    framework = plan.framework
    wrong = choice_problems(table.headers, choices, required_columns(framework))
    if wrong:
        raise FileRefused(*(message for _, message in wrong))
    statements, themes, words = _statements(plan), _themes(plan), _words(plan)
    matcher, reader = StatementMatcher(statements), reader_for(plan, words)
    theme_matcher = ThemeMatcher(framework, themes)
    read = table.read_as(choices)
    rows = []
    for number, cells, extras in read.rows:
        full = {key: cells.get(key, "") for key, _, _, _ in COLUMNS}
        row, _ = parse_row(number, full, read.columns, matcher, reader, theme_matcher)
        row["extra_fields"] = extras
        rows.append(row)
    return compare(plan, rows, statements=statements, themes=themes, words=words)


def known_extras(plan):
    """The names of the extra fields the plan's actions keep, as header_words has them: a file with these headings
    (as EqA's export writes them) keeps them as extra fields without asking."""
    names = set()
    for extras in Action.objects.filter(plan=plan).values_list("extra_fields", flat=True):
        names.update(header_words(name) for name, _ in extras)
    return names


def _statements(plan):
    return list(QualityStatement.objects.filter(theme__framework_id=plan.framework_id).select_related("theme"))


def _themes(plan):
    """The themes a row may name: only where the framework has themes and no items (else an item names its theme)."""
    framework = plan.framework
    if not framework.has_themes or framework.has_items:
        return []
    return list(Theme.objects.filter(framework_id=plan.framework_id))


def _words(plan):
    return list(StatusWord.objects.filter(council_id=plan.council_id).in_order())


def status_reader(plan):
    """How a file's status cells are read for the plan's council, for the upload page to say."""
    return StatusReader(_words(plan))


def _as_of(row):
    return f", as of {format_day(date.fromisoformat(row['status_date']))}" if row.get("status_date") else ""


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Planned:
    """One row of the file and what it does to the plan."""

    row: dict
    action: Action | None = None
    statement: QualityStatement | None = None
    theme: Theme | None = None
    changes: list = field(default_factory=list)
    updates: dict = field(default_factory=dict)  # action field → new value
    word: StatusWord | None = None  # the status the row gives
    status: StatusWord | None = None  # the status to record, when it differs
    milestones: MilestoneSync | None = None
    new_links: list = field(default_factory=list)

    @property
    def ref(self):
        return self.action.ref if self.action else self.row["ref"]

    @property
    def status_label(self):
        return f"{self.word}{_as_of(self.row)}"

    @property
    def milestone_lines(self):
        return [line_of_item(item) for item in self.row["milestones"] or []]

    @property
    def extra_fields(self):
        return merged_extras([], self.row.get("extra_fields") or [])


@dataclass
class Preview:
    rows: list
    added: list
    changed: list
    unchanged: list
    errors: list
    untouched: list  # actions of the plan the file does not mention

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.added or self.changed)

    def fingerprint(self):
        """A short digest of what applying would do, so that a preview shown before the plan changed is
        noticed when it is confirmed."""
        what = [("add", p.row["ref"], json.dumps(p.row, sort_keys=True, default=str)) for p in self.added]
        what += [("change", p.ref, [(c.label, c.old, c.new) for c in p.changes]) for p in self.changed]
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _same_text(old, new):
    return clean(old) == clean(new)


def compare(plan, rows, *, statements=None, themes=None, words=None):
    """What the rows would do to the plan as it is now, with every problem of the rows: those found reading
    them, refs given twice, links to refs that are nowhere, statements or themes no longer in the framework, and
    statuses the council no longer uses or that a file cannot give."""
    statements = {s.pk: s for s in (statements if statements is not None else _statements(plan))}
    themes = {t.pk: t for t in (themes if themes is not None else _themes(plan))}
    words = {word.pk: word for word in (words if words is not None else _words(plan))}
    starting = StatusReader(words.values()).starting
    problems, first_row_of = [], {}
    for row in rows:
        problems.extend(Problem(message, row["row"], column) for column, message in row.get("problems", []))
        if row["ref"] and not any(column == "ref" for column, _ in row.get("problems", [])):
            key = ref_key(row["ref"])
            if key in first_row_of:
                problems.append(
                    Problem(
                        f"{row['ref']} is also the ref of row {first_row_of[key]}. Give each action its own ref.",
                        row["row"],
                        "ref",
                    )
                )
            else:
                first_row_of[key] = row["row"]
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("quality_statement", "theme")
        .prefetch_related("milestones", "linked_actions")
    )
    existing = {a.ref_key: a for a in actions}
    file_keys = {ref_key(row["ref"]) for row in rows if row["ref"]}
    known_keys = file_keys | set(existing)
    added, changed, unchanged, seen = [], [], [], set()
    rows_with_problems = {p.row for p in problems}
    for row in rows:
        # A number after "linked to" links only to a ref of the file or the plan (refs.linked_numbers).
        links = [*row["links"], *(n for n in row.get("linked_numbers", []) if ref_key(n) in known_keys)]
        for linked in row["links"]:
            if ref_key(linked) not in known_keys:
                problems.append(
                    Problem(
                        f"it says the action is linked to {linked}, which is not in the file or the "
                        f"plan. Correct the ref, or add action {linked}.",
                        row["row"],
                        row["link_columns"].get(linked, "area_of_focus"),
                    )
                )
        if row["quality_statement"] is not None and row["quality_statement"] not in statements:
            problems.append(
                Problem(
                    "the quality statement is no longer in the plan's CQC framework. Upload the file again.",
                    row["row"],
                    "quality_statement",
                )
            )
        if row.get("theme") is not None and row["theme"] not in themes:
            problems.append(
                Problem(
                    f"the {plan.framework.theme_word} is no longer in the plan's framework. Upload the file again.",
                    row["row"],
                    "theme",
                )
            )
        if row["status"] is not None and row["status"] not in words:
            problems.append(
                Problem(
                    "the status is no longer one of the council's words. Upload the file again.", row["row"], "status"
                )
            )
        if row["row"] in rows_with_problems or not row["ref"]:
            continue
        key = ref_key(row["ref"])
        if key in seen:
            continue
        seen.add(key)
        statement = statements.get(row["quality_statement"])
        theme = statement.theme if statement else themes.get(row.get("theme"))
        action = existing.get(key)
        if action is None:
            planned = Planned(row=row, statement=statement, theme=theme, word=words.get(row["status"] or starting))
            planned.new_links = links
            if planned.word is not None and planned.word.pk != starting:
                planned.status = planned.word
            added.append(planned)
        else:
            planned = _changes(plan.framework, action, row, statement, theme, links, words)
            (changed if planned.changes else unchanged).append(planned)
        extras = planned.updates.get("extra_fields", []) if action else planned.extra_fields
        if len(extras) > MAX_EXTRA_FIELDS:
            problems.append(
                Problem(
                    f"the action would keep {len(extras)} extra fields, with those it has already; an action can "
                    f"keep at most {MAX_EXTRA_FIELDS}. Choose to ignore the columns you do not need.",
                    row["row"],
                )
            )
        if planned.status:
            problems.extend(_status_problems(planned))
        if planned.status and row.get("status_date"):
            problems.extend(_status_date_problems(plan, action, row))
    if len(actions) + len(added) > MAX_ACTIONS_PER_PLAN:
        problems.append(
            Problem(
                f"The plan would have {len(actions) + len(added):,} actions after this import "
                f"({len(actions):,} now and {len(added):,} new in the file). A plan can have at most "
                f"{MAX_ACTIONS_PER_PLAN} actions. Take out of the file the actions that belong to "
                f"another plan, or split the plan in two, and upload it again."
            )
        )
    length = _text_length_after(plan, added, changed)
    if length > PLAN_TEXT_LIMIT:
        problems.append(
            Problem(
                f"The plan's text would be {length:,} characters in all after this import, and one "
                f"plan can hold {PLAN_TEXT_LIMIT:,}. Shorten the text in the file by "
                f"{length - PLAN_TEXT_LIMIT:,} characters, or split the plan in two, and upload it "
                f"again."
            )
        )
    problems.sort(key=lambda p: (p.row or 0, _column_order(p.column)))
    untouched = [a for a in actions if a.ref_key not in file_keys]
    order = lambda planned: ref_key(planned.ref)  # noqa: E731
    return Preview(
        rows=rows,
        added=sorted(added, key=order),
        changed=sorted(changed, key=order),
        unchanged=sorted(unchanged, key=order),
        errors=problems,
        untouched=untouched,
    )


def _status_problems(planned):
    """A status the file would record that it cannot: one the council no longer uses, or one that means complete and
    verified, which a second person records on the action's page with the evidence they saw."""
    word, where = planned.status, (planned.row["row"], "status")
    if word.retired:
        yield Problem(f"{quote(word.word)} is a status word the council no longer uses. Write one it uses now.", *where)
    elif word.is_verified:
        yield Problem(
            f"{quote(word.word)} means complete and verified, which somebody other than the lead officers records on "
            f"the action's page, with the evidence they saw. Give the action a word that means complete, then have "
            f"it verified there.",
            *where,
        )


def _status_date_problems(plan, action, row):
    """A status dated by the file stands from that day: not before the plan began, nor before the action's last
    update (the status moves on from that one). As the update form checks a date (UpdateForm.clean_on)."""
    day = date.fromisoformat(row["status_date"])
    if plan.source_date and day < plan.source_date:
        yield Problem(
            f"{format_day(day)} is before {format_day(plan.source_date)}, the date of the review or assessment the "
            f"plan responds to. Write a date on or after it, or leave the cell empty.",
            row["row"],
            "status_date",
        )
    elif not plan.source_date and day < timezone.localdate(plan.created_at):
        started = timezone.localdate(plan.created_at)
        yield Problem(
            f"{format_day(day)} is before {format_day(started)}, when the plan was started in EqA. Add the date of the "
            f"review or assessment to the plan's details first, or leave the cell empty.",
            row["row"],
            "status_date",
        )
    elif action is not None and action.last_update_at and day < timezone.localdate(action.last_update_at):
        last = timezone.localdate(action.last_update_at)
        yield Problem(
            f"{format_day(day)} is before {format_day(last)}, the date of the action's last update in EqA. Write a "
            f"date on or after it, or leave the cell empty for today.",
            row["row"],
            "status_date",
        )


def _column_order(column):
    keys = [key for key, _, _, _ in COLUMNS]
    return keys.index(column) if column in keys else -1


def _text_length_after(plan, added, changed):
    """The plan's text in all (ActionPlan.text_length) once the file's new and changed actions are in."""

    def milestones(items):
        return sum(len(item["description"]) for item in items or [])

    more = sum(
        sum(len(p.row[key] or "") for key in TEXT_FIELDS)
        + milestones(p.row["milestones"])
        + extras_length(p.extra_fields)
        for p in added
    )
    for p in changed:
        more += sum(len(value) - len(getattr(p.action, key)) for key, value in p.updates.items() if key in TEXT_FIELDS)
        if "extra_fields" in p.updates:
            more += extras_length(p.updates["extra_fields"]) - extras_length(p.action.extra_fields)
        if p.milestones is not None:
            more += milestones(p.row["milestones"]) - sum(len(m.description) for m in p.action.milestones.all())
    return plan.text_length() + more if more > 0 else 0


def _day_text(day):
    return format_day(day) if day else ""


def _changes(framework, action, row, statement, theme, links, words):
    planned = Planned(row=row, action=action, statement=statement, theme=theme, word=words.get(row["status"]))
    if statement is not None and statement.pk != action.quality_statement_id:
        old = action.quality_statement.name if action.quality_statement else ""
        planned.changes.append(Change(framework.item_label or "Quality statement", old, statement.name))
        planned.updates["quality_statement"] = statement
    elif statement is None and theme is not None and theme.pk != action.theme_id:
        old = action.theme.name if action.theme else ""
        planned.changes.append(Change(framework.theme_label, old, theme.name))
        planned.updates["theme"] = theme
    if row.get("priority") is not None and row["priority"] != action.priority:
        new = Priority(row["priority"]).label if row["priority"] else ""
        planned.changes.append(Change("Priority", action.get_priority_display(), new))
        planned.updates["priority"] = row["priority"]
    if row.get("target_date") is not None:
        day = date.fromisoformat(row["target_date"]) if row["target_date"] else None
        if day != action.target_date:
            planned.changes.append(Change("Target date", _day_text(action.target_date), _day_text(day)))
            planned.updates["target_date"] = day
    for key in TEXT_FIELDS:
        new = row[key]
        if new is not None and not _same_text(getattr(action, key), new):
            planned.changes.append(Change(COLUMN_NAMES[key], getattr(action, key), new))
            planned.updates[key] = new
    extras = merged_extras(action.extra_fields, row.get("extra_fields") or [])
    if extras != action.extra_fields:
        before = dict((name.casefold(), value) for name, value in action.extra_fields)
        after = dict((name.casefold(), value) for name, value in extras)
        for name, _ in [*action.extra_fields, *extras]:
            old, new = before.pop(name.casefold(), None), after.pop(name.casefold(), None)
            if (old is not None or new is not None) and old != new:
                planned.changes.append(Change(f"{name} (extra field)", old or "", new or ""))
        planned.updates["extra_fields"] = extras
    current = words[action.status_word_id]
    # A file that says complete says nothing new of an action since verified: it does not undo the verification.
    stays_verified = current.is_verified and planned.word is not None and planned.word.meaning == Meaning.COMPLETE
    if planned.word is not None and planned.word.pk != action.status_word_id and not stays_verified:
        planned.changes.append(Change("Status", current.word, planned.status_label))
        planned.status = planned.word
    if row["milestones"] is not None:
        sync = sync_milestones(action.milestones.all(), row["milestones"])
        if sync.changed:
            planned.changes.append(Change("Milestones", "\n".join(sync.old_lines), "\n".join(sync.new_lines)))
            planned.milestones = sync
    linked = {a.ref_key: a.ref for a in action.linked_actions.all()}
    planned.new_links = [ref for ref in links if ref_key(ref) not in linked]
    if planned.new_links:
        planned.changes.append(
            Change(
                "Linked actions",
                ", ".join(sorted(linked.values(), key=ref_key)),
                ", ".join(sorted([*linked.values(), *planned.new_links], key=ref_key)),
            )
        )
    return planned
