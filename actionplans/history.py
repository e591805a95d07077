"""The history of an action plan in sentences a council officer can read: who changed what, and when.

Built by councils/audit.py, as an EIA's is, from:
- django-simple-history's records of the plan, its actions and their milestones: what the plan's details and an
  action's words said before and after ("Area of focus of T1.7 changed from ‘…’ to ‘…’"), actions and milestones
  added and removed, milestones ticked done;
- status updates, the append-only record of how each action moved, in the council's words ("T1.7: status changed
  from Amber to Blue (complete and verified). ‘…’ Evidence seen: ‘…’"): an action's status is said by its
  updates, never by the action's history;
- the plan's lifecycle steps ("Submitted for sign-off", "Returned for changes: …", "Signed off"): the plan's own
  status is said by its steps;
- the files imported into it (PlanImport): how each file's columns were read, which were kept as extra fields and
  what was left out.

Each table is read once for the plan, so the page's queries do not grow with the number of changes.

Where the records do not say which belongs with which (a milestone made by the save of its action's words, an
action saved by its status update), history_matching.py works it out.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone

from actionplans.history_matching import MilestoneChange, Refs, creations, pair_milestones, saves_by_updates
from actionplans.importer.columns import COLUMN_NAMES, EXTRA, READ_AS, header_words
from actionplans.importer.problems import listed
from actionplans.models import (
    Action,
    ActionPlan,
    FrameworkVersion,
    Milestone,
    PlanImport,
    PlanStatus,
    PlanStatusChange,
    QualityStatement,
    StatusUpdate,
    Theme,
)
from councils.audit import (
    EMPTY,
    Change,
    Describer,
    Said,
    by_object,
    changed_fields,
    consecutive,
    entries,
    label,
    person,
    plural,
    quoted,
    read,
    shorten,
    values_that_changed,
)

NAME = 80  # characters of a milestone's words when a sentence names it
FOLD_AT = 2  # actions added at once (only an import adds more than one) said in one sentence

# The fields a person can read a change of, in the order of their pages. Left out: what never changes (council,
# created by), who and when of a save (the entry says it), and the status of the plan and of an action, which its
# steps and updates say. An action's theme follows its item where the framework has items: the item's change says it.
# Whose plan it is (created by) changes only when they leave and their work passes on (councils/leavers.py).
PLAN_FIELDS = ["title", "source", "source_date", "framework", "description", "created_by"]
ACTION_FIELDS = [
    "ref",
    "quality_statement",
    "theme",
    "priority",
    "target_date",
    "area_of_focus",
    "actions_taken",
    "success_measures",
    "lead_officers",
    "lead_officer_user",
]
LABELS = {
    "lead_officer_user": "Lead officer's EqA account",
    "created_by": "Whose draft it is",
    "source": "What the plan is a response to",
    "ref": "Action reference",
}

# Within one moment, the order sentences come in.
RANK = {ActionPlan: 0, PlanStatusChange: 1, PlanImport: 2, Action: 3, StatusUpdate: 4, Milestone: 5}


def _due(record):
    if not record.due_date:
        return EMPTY
    return dateformat.format(record.due_date, "j F Y" if record.due_precision == Milestone.Precision.DAY else "F Y")


def _words(text):
    return " ".join(str(text).split()).casefold()


def _plan_changes(records, describe):
    for prev, record in consecutive(records):
        key = (ActionPlan, record.id)
        if record.history_type == "+":
            yield Said.of(
                record, Change((*key, "+"), text=f"Started the action plan {quoted(record.title)}"), RANK[ActionPlan]
            )
        elif record.history_type == "-":
            yield Said.of(
                record, Change((*key, "-"), text=f"Deleted the action plan {quoted(record.title)}"), RANK[ActionPlan]
            )
        elif prev is None:
            yield Said.of(
                record,
                Change(
                    (*key, "unknown", record.history_id),
                    text="Changed the plan's details; what they said before was not recorded",
                ),
                RANK[ActionPlan],
            )
        else:
            for name in changed_fields(prev, record, PLAN_FIELDS):
                yield Said.of(
                    record,
                    Change(
                        (*key, name),
                        label=label(ActionPlan, name, LABELS),
                        old=describe.of(ActionPlan, name, prev),
                        new=describe.of(ActionPlan, name, record),
                    ),
                    RANK[ActionPlan],
                )


def _step_changes(steps):
    for step in steps:
        text = step.describe()
        if step.to_status == PlanStatus.DRAFT and step.note:
            text = f"{text}: {shorten(step.note)}"
        yield Said(
            step.at,
            step.by_id,
            step.by,
            Change((PlanStatusChange, step.pk), text=text),
            (RANK[PlanStatusChange], step.pk),
        )


def _action_changes(records, describe, is_update, labels):
    """The sentences of one action's records, and its records that are saves of its words (not of a status
    update): where the action page replaced its milestones. `labels`: what the plan's framework calls its parts."""
    said, saves = [], []
    for prev, record in consecutive(records):
        key = (Action, record.id)
        if record.history_type == "+":
            said.append(Said.of(record, Change((*key, "+"), text=f"Added the action {record.ref}"), RANK[Action]))
            saves.append(record)
            continue
        if record.history_type == "-":
            said.append(Said.of(record, Change((*key, "-"), text=f"Removed the action {record.ref}"), RANK[Action]))
            continue
        if prev is None:
            if not is_update(record):
                said.append(
                    Said.of(
                        record,
                        Change(
                            (*key, "unknown", record.history_id),
                            text=f"Changed the action {record.ref}; what it said before was not recorded",
                        ),
                        RANK[Action],
                    )
                )
                saves.append(record)
            continue
        changed = changed_fields(prev, record, ACTION_FIELDS)
        extras = list(_extras_changed(prev, record))
        if not changed and not extras and (prev.status != record.status or is_update(record)):
            continue  # a status update's save: the update says it
        saves.append(record)
        if "quality_statement" in changed or record.quality_statement_id:
            changed = [name for name in changed if name != "theme"]
        for name, old, new in extras:
            said.append(
                Said.of(
                    record,
                    Change(
                        (*key, "extra", name.casefold()),
                        label=f"{name} (an extra field) of {record.ref}",
                        old=old or EMPTY,
                        new=new or EMPTY,
                    ),
                    RANK[Action],
                )
            )
        for name in changed:
            text = label(Action, name, LABELS) if name == "ref" else f"{label(Action, name, labels)} of {record.ref}"
            said.append(
                Said.of(
                    record,
                    Change(
                        (*key, name),
                        label=text,
                        old=describe.of(Action, name, prev),
                        new=describe.of(Action, name, record),
                    ),
                    RANK[Action],
                )
            )
    return said, saves


def _extras_changed(prev, record):
    """(name, old value, new value) of each extra field one save of an action changed, added or took away."""
    before = {name.casefold(): (name, value) for name, value in prev.extra_fields or []}
    after = {name.casefold(): (name, value) for name, value in record.extra_fields or []}
    for folded in dict.fromkeys([*before, *after]):
        old, new = before.get(folded, (None, ""))[1], after.get(folded, (None, ""))[1]
        if old != new:
            yield (after.get(folded) or before[folded])[0], old, new


def _import_changes(imports):
    """Each import that changed the plan: how its file's columns were read (those EqA's names did not say), which
    were kept as extra fields, what of the file was left out, and the statuses it wrote in words not the council's
    own. A file of EqA's own columns and words says nothing here."""
    for done in imports:
        read = [
            f"{quoted(name)} as {READ_AS[choice]}"
            for name, choice in done.columns
            if choice in COLUMN_NAMES and header_words(name) != header_words(COLUMN_NAMES[choice])
        ]
        kept = [quoted(name) for name, choice in done.columns if choice == EXTRA]
        left = [quoted(name) for name, choice in done.columns if choice not in COLUMN_NAMES and choice != EXTRA]
        parts = [f"Read the columns of {done.filename}: {listed(read)}" if read else f"Read {done.filename}"]
        if kept:
            parts.append(f"kept {listed(kept)} as {'extra fields' if len(kept) > 1 else 'an extra field'}")
        if done.rows_above:
            left.append(_rows(done.rows_above) + ", above the headings")
        if left:
            parts.append(f"left out {listed(left)}")
        # As with the columns, what EqA reads by itself (the council's own words, the usual spellings) goes without
        # saying; what a person chose is said.
        mapped = [f"{quoted(text)} as {word}" for text, word, how in done.statuses if how in ("chosen", "remembered")]
        if mapped:
            parts.append(f"read the status{'es' if len(mapped) > 1 else ''} {listed(mapped)}")
        if len(parts) == 1 and not read:
            continue
        yield Said(
            done.at,
            done.by_id,
            done.by,
            Change((PlanImport, done.pk), text="; ".join(parts)),
            (RANK[PlanImport], done.pk),
        )


def _rows(numbers):
    """ "row 1", "rows 1 to 3", or "rows 1, 3 and 5"."""
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]} to {numbers[-1]}"
    return f"rows {listed([str(number) for number in numbers])}"


def _milestone_changes(records, action_id, alive, refs, creation):
    """The sentences of one milestone's records; `alive`: the milestone as it is now, if it still is."""
    said = []

    def called(record, when):
        return f"{quoted(record.description, NAME)} of {refs.at(action_id, when)}"

    def added_or_removed(record, kind, save=None, done=None):
        when = save.history_date if save else record.history_date
        change = MilestoneChange(
            (Milestone, record.id, kind),
            text=f"Milestone {called(record, when)} {'added' if kind == '+' else 'removed'}",
            action_id=action_id,
            called=called(record, when),
            words=_words(record.description),
            due=_due(record),
            done=record.done if done is None else done,
        )
        if save is None:
            return Said.of(record, change, RANK[Milestone])
        return Said(when, save.history_user_id, save.history_user, change, (RANK[Milestone], record.id))

    first = records[0] if records else None
    if first is None or first.history_type != "+":
        # Created without a record: by the save of its action's words before it first appears.
        save = creation(alive.pk if first is None else first.id, action_id, first)
        if save is not None:
            # A first record of a change is a tick (see below): it was not done when it was made.
            said.append(
                added_or_removed(
                    first or alive, "+", save, done=False if first is not None and first.history_type == "~" else None
                )
            )

    for prev, record in consecutive(records):
        key = (Milestone, record.id)
        if record.history_type in "+-":
            said.append(added_or_removed(record, record.history_type))
            continue
        before = prev
        if before is None:
            if not record.done:
                continue  # what changed is not known, and it is not a tick
            before = SimpleNamespace(
                description=record.description, due_date=record.due_date, due_precision=record.due_precision, done=False
            )
        if _words(before.description) != _words(record.description):
            ref = refs.at(action_id, record.history_date)
            said.append(
                Said.of(
                    record,
                    Change(
                        (*key, "description"),
                        label=f"Wording of a milestone of {ref}",
                        old=before.description,
                        new=record.description,
                    ),
                    RANK[Milestone],
                )
            )
        if _due(before) != _due(record):
            said.append(
                Said.of(
                    record,
                    Change(
                        (*key, "due"),
                        label=f"Due date of milestone {called(record, record.history_date)}",
                        old=_due(before),
                        new=_due(record),
                    ),
                    RANK[Milestone],
                )
            )
        if before.done != record.done:
            text = (
                f"Milestone {called(record, record.history_date)} "
                f"{'ticked done' if record.done else 'no longer ticked done'}"
            )
            said.append(Said.of(record, Change((*key, "done", record.history_id), text=text), RANK[Milestone]))
    return said


def _update_changes(updates, refs):
    """Each update, said when it was entered; one dated earlier says the day it is dated."""
    for update in updates:
        ref = refs.at(update.action_id, update.recorded_at)
        if update.word_id == update.previous_word_id:
            moved = f"status still {update.word.phrase}"
        else:
            moved = f"status changed from {update.previous_word} to {update.word.phrase}"
        if update.is_back_dated:
            moved = f"{moved}, in an update dated {dateformat.format(timezone.localdate(update.at), 'j F Y')}"
        text = f"{ref}: {moved}. {quoted(update.note)}"
        if update.evidence:
            text = f"{text} Evidence seen: {quoted(update.evidence)}"
        yield Said(
            update.recorded_at,
            update.by_id,
            update.by,
            Change((StatusUpdate, update.pk), text=text),
            (RANK[StatusUpdate], update.pk),
        )
        if update.withdrawn_at is not None:
            when = dateformat.format(timezone.localtime(update.at), "j F Y \\a\\t H:i")
            yield Said(
                update.withdrawn_at,
                update.withdrawn_by_id,
                update.withdrawn_by,
                Change(
                    (StatusUpdate, update.pk, "withdrawn"),
                    text=f"{ref}: withdrew the update of {when}. Why: {quoted(update.withdrawn_reason)}",
                ),
                (RANK[StatusUpdate], update.pk),
            )


def _fold(imports):
    """Within one entry: a milestone removed and added again (the action page saves them all) said only where it
    differs; actions added at once (an import) in one sentence."""

    def fold(found):
        found = pair_milestones(found)
        ids = {c.key[1] for c in found if c.key[0] is Action and c.key[-1] == "+"}
        if len(ids) < FOLD_AT:
            return found

        def with_them(c):
            return (
                (c.key[0] is Action and c.key[-1] == "+")
                or (isinstance(c, MilestoneChange) and c.key[-1] == "+" and c.action_id in ids)
                or (c.key[0] is StatusUpdate and c.key[1] in imports and imports[c.key[1]].action_id in ids)
            )

        files = sorted({imports[c.key[1]].imported_from for c in found if with_them(c) and c.key[0] is StatusUpdate})
        text = (
            f"Imported {plural(len(ids), 'action')} from {', '.join(files)}"
            if files
            else f"Added {plural(len(ids), 'action')} at once"
        )
        folded = []
        for change in found:
            if not with_them(change):
                folded.append(change)
            elif not any(c.key == ("actions", "+") for c in folded):
                folded.append(Change(("actions", "+"), text=text))
        return folded

    return fold


def _describer(plan_records, action_lists):
    """Names of the frameworks a plan, and of the items and themes an action, moved between, looked up only when one
    did."""
    moved = {"framework": set(), "quality_statement": set(), "theme": set(), "lead_officer_user": set()}
    action_fields = ["quality_statement", "theme", "lead_officer_user"]
    for records, names in [(plan_records, ["framework"]), *((r, action_fields) for r in action_lists)]:
        for prev, record in consecutive(records):
            for name in names:
                if prev is not None and getattr(prev, f"{name}_id") != getattr(record, f"{name}_id"):
                    moved[name].update({getattr(prev, f"{name}_id"), getattr(record, f"{name}_id")})
    models = {"framework": FrameworkVersion, "quality_statement": QualityStatement, "theme": Theme}
    names = {}
    for name, model in models.items():
        ids = moved[name] - {None}
        found = dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
        names[name] = (found, f"a {model._meta.verbose_name} that no longer exists")
    # Whose draft a plan is and an action's lead officer's account name people: one query for both.
    owners = values_that_changed(plan_records, "created_by_id")
    accounts = (moved["lead_officer_user"] | owners) - {None}
    people = {pk: person(user) for pk, user in get_user_model().objects.in_bulk(accounts).items()} if accounts else {}
    for name, ids in (("lead_officer_user", moved["lead_officer_user"]), ("created_by", owners)):
        names[name] = ({pk: people[pk] for pk in ids if pk in people}, "an account that no longer exists")
    return Describer(names=names)


def plan_history(plan):
    """The plan's changes as entries, newest first; one entry per person and moment."""
    plan_records = read(ActionPlan.history.filter(id=plan.pk))
    action_ids = Action.history.filter(plan_id=plan.pk).values("id")
    action_records = by_object(read(Action.history.filter(plan_id=plan.pk)))
    milestone_records = by_object(read(Milestone.history.filter(action_id__in=action_ids)))
    milestones_now = {
        m.pk: m
        for m in Milestone.objects.filter(action__plan=plan)
        .select_related("action")
        .only("id", "action_id", "action__ref", "description", "due_date", "due_precision", "done")
    }
    updates = list(
        StatusUpdate.objects.filter(action__plan=plan)
        .select_related("by", "action", "withdrawn_by", "word", "previous_word")
        .order_by("recorded_at", "id")
    )
    steps = list(PlanStatusChange.objects.filter(plan=plan).select_related("by").order_by("at", "id"))
    imports = list(PlanImport.objects.filter(plan=plan).select_related("by"))

    current = {m.action_id: m.action.ref for m in milestones_now.values()}
    current.update({u.action_id: u.action.ref for u in updates})
    refs = Refs(action_records, current)

    update_saves = saves_by_updates(action_records, updates)

    def is_update(record):
        return record.history_id in update_saves

    describe = _describer(plan_records, action_records.values())
    framework = plan.framework
    labels = {
        "quality_statement": framework.item_label or "Quality statement",
        "theme": framework.theme_label or "Theme",
    }
    said = [*_plan_changes(plan_records, describe), *_step_changes(steps), *_import_changes(imports)]
    saves = {}
    for action_id, records in action_records.items():
        action_said, saves[action_id] = _action_changes(records, describe, is_update, labels)
        said.extend(action_said)
    creation = creations(saves, milestone_records)
    for milestone_id in sorted({*milestone_records, *milestones_now}):
        records = milestone_records.get(milestone_id, [])
        alive = milestones_now.get(milestone_id)
        action_id = records[0].action_id if records else alive.action_id
        said.extend(_milestone_changes(records, action_id, alive, refs, creation))
    said.extend(_update_changes(updates, refs))
    imported = {u.pk: u for u in updates if u.imported_from}
    return entries(said, fold=_fold(imported))
