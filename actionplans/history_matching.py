"""How an action plan's History links records that nothing in them links: an action's reference at a moment, the
save of an action's words that created a milestone, the saves of actions made by their status updates, and a
milestone removed and added again in the same save.

The action page saves an action's milestones by replacing them all, and its new milestones are not recorded by
django-simple-history (they are bulk-created). A milestone whose creation was not recorded is taken to be
created by the save of its action's words just before it first appears in the record (or the last such save,
for one never changed since); a milestone removed and one added with the same words in one save are the same
milestone, said only where its due date or done tick differ.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from actionplans.models import Milestone
from councils.audit import SAME_MOMENT, Change


@dataclass
class MilestoneChange(Change):
    """A milestone added or removed: with what it said, to find one removed and added again in the same save."""

    action_id: int = 0
    called: str = ""  # ‘Framework April 2023’ of T1.1
    words: str = ""
    due: str = ""
    done: bool = False


class Refs:
    """An action's reference as it was at a moment, from its history records."""

    def __init__(self, action_records, current):
        self.current = current
        self.times, self.refs = {}, {}
        for action_id, records in action_records.items():
            self.times[action_id] = [r.history_date for r in records]
            self.refs[action_id] = [r.ref for r in records]

    def at(self, action_id, when):
        times = self.times.get(action_id)
        if not times:
            return self.current.get(action_id, "an action")
        return self.refs[action_id][max(bisect_right(times, when) - 1, 0)]


def creations(saves, milestone_records):
    """A function giving, for a milestone whose creation was not recorded, the save of its action's words that
    created it: the last save before the milestone is first seen, and before any milestone made after it (a
    higher id) was recorded made; but not the save of the request that removed it or made that later one (the
    action page removes all of an action's milestones as it saves its words; an import records what it makes)."""
    made = sorted(
        (records[0].id, records[0]) for records in milestone_records.values() if records[0].history_type == "+"
    )
    made_ids = [milestone_id for milestone_id, _ in made]

    def creation(milestone_id, action_id, first):
        limits = []
        if first is not None:
            limits.append((first.history_date, first.history_type != "~", first))
        later = bisect_right(made_ids, milestone_id)
        if later < len(made):
            limits.append((made[later][1].history_date, True, made[later][1]))
        earlier = saves.get(action_id, [])
        if limits:
            when, same_request, limit = min(limits, key=lambda item: item[0])
            earlier = [s for s in earlier if s.history_date <= when]
            if (
                same_request
                and earlier
                and earlier[-1].history_user_id == limit.history_user_id
                and when - earlier[-1].history_date <= SAME_MOMENT
            ):
                earlier = earlier[:-1]
        return earlier[-1] if earlier else None

    return creation


def saves_by_updates(action_records, updates):
    """The history ids of the saves of actions by their status updates: an update is made, then its action is
    saved with its new status; so the first record of the action after the update is its save."""
    found = set()
    times = {action_id: [r.history_date for r in records] for action_id, records in action_records.items()}
    for update in updates:
        records = action_records.get(update.action_id, [])
        at = bisect_left(times.get(update.action_id, []), update.recorded_at)
        if at < len(records) and records[at].history_date - update.recorded_at <= SAME_MOMENT:
            found.add(records[at].history_id)
    return found


def pair_milestones(found):
    """A milestone removed and one with the same words added after it (a later object: its id is higher) are one
    milestone, said only where its due date or its done tick differ."""
    removed = {}
    for change in found:
        if isinstance(change, MilestoneChange) and change.key[-1] == "-":
            removed.setdefault((change.action_id, change.words), []).append(change)
    if not removed:
        return found
    result, paired = [], set()
    for change in found:
        if isinstance(change, MilestoneChange) and change.key[-1] == "+":
            before = next(
                (
                    c
                    for c in removed.get((change.action_id, change.words), ())
                    if c.key[1] < change.key[1] and id(c) not in paired
                ),
                None,
            )
            if before is not None:
                paired.add(id(before))
                if before.due != change.due:
                    result.append(
                        Change(
                            (Milestone, change.key[1], "due"),
                            label=f"Due date of milestone {change.called}",
                            old=before.due,
                            new=change.due,
                        )
                    )
                if before.done != change.done:
                    result.append(
                        Change(
                            (Milestone, change.key[1], "done"),
                            text=f"Milestone {change.called} "
                            f"{'ticked done' if change.done else 'no longer ticked done'}",
                        )
                    )
                continue
        result.append(change)
    return [c for c in result if id(c) not in paired]
