"""The history of an EIA in sentences a council officer can read: who changed what, and when.

Built from django-simple-history's records of the EIA, its grid rows, its actions, its answers, the decisions it
informed and its actions done. Each history table is read
once for the EIA (plus the links of actions to rows, and the names that foreign keys point at), records are
grouped by object in Python and each is compared with the one before it, so the page's queries do not grow with
the number of changes.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils import dateformat

from assessments.characteristics import ALL_DUTIES
from assessments.models import (
    STANDARD_FIELDS,
    ActionDone,
    Answer,
    Assessment,
    AssessmentAction,
    DecisionRecord,
    ImpactRow,
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
    field_change,
    person,
    plural,
    read,
    shorten,
    values_that_changed,
)
from councils.audit import label as field_label
from councils.models import Service

NAME = 80  # characters of an action's wording when it names the action

# The EIA's fields a person can read a change of, in the order of the page. Left out: what never changes after
# creation (council, reference, version, previous version), and who and when of a step, which the entry says. Whose
# it is (created by) changes only when they leave and their work passes to somebody else (councils/leavers.py).
ASSESSMENT_FIELDS = [
    "title",
    "old_reference",
    "service",
    "subject_type",
    "status",
    "aims",
    "service_users",
    "stakeholders",
    "lead_officer",
    "lead_officer_user",
    "created_by",
    "commissioning_officers",
    "evidence",
    "engagement",
    "decision",
    "decision_reason",
    "uncovered_reasons",
    "head_of_service",
    *STANDARD_FIELDS,
    "moderation_body",
    "moderation_date",
    "moderation_outcome",
    "moderation_comments",
    "review_due",
]
ROW_FIELDS = ["neutral", "positive", "negative", "negative_level"]
ACTION_FIELDS = [
    "action_required",
    "key_activity",
    "priority",
    "outcomes_required",
    "officer_responsible",
    "review_date",
    "review_date_precision",
    "review_date_note",
]
DECISION_FIELDS = ["meeting", "meeting_date", "report_reference", "outcome", "outcome_notes"]
DONE_FIELDS = ["done_on", "note"]

LABELS = {
    **STANDARD_FIELDS,
    "service": "Service",
    "lead_officer_user": "Lead officer's EqA account",
    "created_by": "Whose draft it is",
    "review_due": "Review date",
    "action_required": "Wording",
    "review_date": "Review date",
}
# What an empty value means, where "(empty)" would not say it.
EMPTY_AS = {"decision": "Not decided"}

# Models in the order their sentences come within one entry, when saved at the same moment.
RANK = {Assessment: 0, ImpactRow: 1, AssessmentAction: 2, Answer: 3, DecisionRecord: 4, ActionDone: 5}


def _label(model, name):
    return field_label(model, name, LABELS)


def _action_name(record):
    return shorten(record.action_required, NAME)


def _review_date(record):
    if not record.review_date:
        return EMPTY
    return dateformat.format(record.review_date, "F Y" if record.review_date_precision == "month" else "j F Y")


def _assessment_changes(records, describe):
    for prev, record in consecutive(records):
        key = (Assessment, record.id)
        if record.history_type == "+":
            if record.version and record.version > 1:
                text = (
                    f"Started version {record.version} of the assessment ‘{record.title}’, to review version "
                    f"{record.version - 1}"
                )
            else:
                text = f"Started the assessment ‘{record.title}’, reference {record.reference}"
            yield record, Change((*key, "+"), text=text)
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Deleted the assessment ‘{record.title}’")
        elif prev is None:
            yield (
                record,
                Change(
                    (*key, "unknown", record.history_id),
                    text="Changed the assessment; what it said before was not recorded",
                ),
            )
        else:
            for name in changed_fields(prev, record, ASSESSMENT_FIELDS):
                if name == "uncovered_reasons":
                    yield from ((record, change) for change in _reasons_changes(key, prev, record))
                    continue
                yield (
                    record,
                    Change(
                        (*key, name),
                        label=_label(Assessment, name),
                        old=describe.of(Assessment, name, prev),
                        new=describe.of(Assessment, name, record),
                    ),
                )


def _reasons_changes(key, prev, record):
    old, new = prev.uncovered_reasons or {}, record.uncovered_reasons or {}
    for characteristic in ALL_DUTIES:
        before, after = old.get(characteristic.value, ""), new.get(characteristic.value, "")
        if before != after:
            yield Change(
                (*key, "uncovered_reasons", characteristic.value),
                label=f"Why the grid does not consider {characteristic.phrase}",
                old=before or EMPTY,
                new=after or EMPTY,
            )


def _row_changes(records, baseline, describe):
    """A row's recorded creation is folded into the EIA's start below, when they come together."""
    for prev, record in consecutive(records):
        key = (ImpactRow, record.id)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the row ‘{record.label}’ to the impact grid")
            continue
        if record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the row ‘{record.label}’ from the impact grid")
            continue
        before = prev or baseline(record)
        for name in changed_fields(before, record, ROW_FIELDS):
            yield (
                record,
                Change(
                    (*key, name),
                    label=f"{_label(ImpactRow, name)} for {record.label}",
                    old=describe.of(ImpactRow, name, before),
                    new=describe.of(ImpactRow, name, record),
                ),
            )


def _action_changes(records, impacts_of, describe):
    save = None
    for prev, record in consecutive(records):
        key = (AssessmentAction, record.id)
        name = _action_name(record)
        if prev is None or record.history_type != "~":
            save = record.history_id
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the action ‘{name}’")
            impacts = impacts_of(record)
            if impacts:
                yield (
                    record,
                    Change((*key, "mitigates"), label=f"Impacts the action ‘{name}’ addresses", old=EMPTY, new=impacts),
                )
            continue
        if record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the action ‘{name}’")
            continue
        if prev is None:
            yield (
                record,
                Change(
                    (*key, "unknown", record.history_id),
                    text=f"Changed the action ‘{name}’; what it said before was not recorded",
                ),
            )
            continue
        changed = changed_fields(prev, record, ACTION_FIELDS)
        old_impacts, new_impacts = impacts_of(prev) or EMPTY, impacts_of(record) or EMPTY
        # A save of the action writes a record, then one more for each removal and each addition of its links: a
        # record that changed only the links belongs to the save before it, whose links are said as one change.
        if changed or old_impacts == new_impacts:
            save = record.history_id
        for attr in changed:
            if attr in ("review_date", "review_date_precision"):
                continue  # the review date is said with its precision, below
            if attr == "action_required":
                yield (
                    record,
                    Change(
                        (*key, attr),
                        label="Wording of the action",
                        old=prev.action_required,
                        new=record.action_required,
                    ),
                )
            else:
                yield (
                    record,
                    Change(
                        (*key, attr),
                        label=f"{_label(AssessmentAction, attr)} of the action ‘{name}’",
                        old=describe.of(AssessmentAction, attr, prev),
                        new=describe.of(AssessmentAction, attr, record),
                    ),
                )
        if {"review_date", "review_date_precision"} & set(changed) and _review_date(prev) != _review_date(record):
            yield (
                record,
                Change(
                    (*key, "review_date"),
                    label=f"Review date of the action ‘{name}’",
                    old=_review_date(prev),
                    new=_review_date(record),
                ),
            )
        if old_impacts != new_impacts:
            yield (
                record,
                Change(
                    (*key, "mitigates"),
                    label=f"Impacts the action ‘{name}’ addresses",
                    old=old_impacts,
                    new=new_impacts,
                    save=save,
                ),
            )


def _after_sign_off_changes(records, model, fields, describe, *, named, added):
    """What is recorded of an EIA after its sign-off (a decision it informed, an action done): its recording, its
    removal and each correction. `named(record)`: the record in words; `added(record, named)`: its recording's
    sentence."""
    for prev, record in consecutive(records):
        key, name = (model, record.id), named(record)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=added(record, name))
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the record of {name}")
        elif prev is None:
            text = f"Corrected the record of {name}; what it said before was not recorded"
            yield record, Change((*key, "unknown", record.history_id), text=text)
        else:
            for field in changed_fields(prev, record, fields):
                label = f"{_label(model, field)}: {name}"
                yield record, field_change(model, key, field, prev, record, describe, label)


def _decision_changes(records, describe):
    def named(record):
        on = describe.of(DecisionRecord, "meeting_date", record)
        return f"the decision of ‘{shorten(record.meeting, NAME)}’ on {on}"

    def added(record, name):
        return f"Recorded {name}: {describe.of(DecisionRecord, 'outcome', record).lower()}"

    return _after_sign_off_changes(records, DecisionRecord, DECISION_FIELDS, describe, named=named, added=added)


def _done_changes(records, names, describe):
    """`names`: {action id: its wording, shortened}."""

    def named(record):
        return f"the action ‘{names.get(record.action_id, 'a removed action')}’"

    def added(record, name):
        return f"Recorded {name} as done on {describe.of(ActionDone, 'done_on', record)}"

    return _after_sign_off_changes(records, ActionDone, DONE_FIELDS, describe, named=named, added=added)


def answer_changes(records, carried):
    """An answer to one of the council's questions, named by the question as it was asked. `carried`: what a new
    version's answers said when it carried them over from the version before it (carried_answers)."""
    for prev, record in consecutive(records):
        if record.history_type == "-":
            continue  # removed only with its EIA, which says so
        if prev is not None:
            old = Answer.display(prev)
        else:
            old = "" if record.history_type == "+" else carried.get(record.question_id, "")
        new = Answer.display(record)
        if old != new:
            yield (
                record,
                Change(
                    (Answer, record.id, "answer"),
                    label=f"Answer to ‘{record.text_as_asked}’",
                    old=old or EMPTY,
                    new=new or EMPTY,
                ),
            )


def carried_answers(previous, answer_records):
    """{question id: answer in words} of the version before a new one (`previous`, its answers, or None): a new version
    carries its answers over without a record of it, so the first change of one is compared with what it carried.
    Read only when such a change was made."""
    if previous is None or all(records[0].history_type == "+" for records in answer_records.values()):
        return {}
    return {answer.question_id: answer.display() for answer in previous}


def row_baseline(model, previous, row_records, fields):
    """What a row of a record said before its first recorded change, where the rows were made without a record of
    it: a new record's rows start empty; a new version's start as the rows of the version before it, `previous`
    (a queryset, or None), which was signed off or decided, so is unchanged since."""
    history_model = model.history.model
    copied = {}
    if previous is not None and any(records[0].history_type != "+" for records in row_records.values()):
        copied = {row.position: row for row in previous.only(*fields, "position")}

    def baseline(record):
        source = copied.get(record.position)
        values = {name: getattr(source, name) if source else "" for name in fields}
        return history_model(id=record.id, position=record.position, label=record.label, **values)

    return baseline


def _impacts(action_records, row_records):
    """A function giving, for an action's history record, the rows it addressed then: 'Race; Disability'."""
    if not action_records:
        return lambda record: ""
    through = AssessmentAction.history.model.mitigates.model
    links = defaultdict(list)
    for history_id, row_id in through.objects.filter(
        history__assessment_id=action_records[0].assessment_id
    ).values_list("history_id", "impactrow_id"):
        links[history_id].append(row_id)
    rows = {}
    if links:
        rows = {
            row_id: (position, label)
            for row_id, position, label in ImpactRow.objects.filter(
                pk__in={row_id for ids in links.values() for row_id in ids}
            ).values_list("id", "position", "label")
        }
    for row_id, records in row_records.items():
        rows.setdefault(row_id, (records[-1].position, records[-1].label))

    def impacts(record):
        found = sorted(rows.get(row_id, (0, "a removed row")) for row_id in links.get(record.history_id, ()))
        return "; ".join(label for _, label in found)

    return impacts


def _describer(assessment_records):
    """Names for the service, the lead officer's account and whose draft it is, looked up only when one of them
    changed."""
    services = values_that_changed(assessment_records, "service_id")
    users = values_that_changed(assessment_records, "lead_officer_user_id") | values_that_changed(
        assessment_records, "created_by_id"
    )
    people = {pk: person(user) for pk, user in get_user_model().objects.in_bulk(users).items()} if users else {}
    return Describer(
        names={
            "service": (
                dict(Service.objects.filter(pk__in=services).values_list("pk", "path")) if services else {},
                "a service that no longer exists",
            ),
            "lead_officer_user": (people, "an account that no longer exists"),
            "created_by": (people, "an account that no longer exists"),
        },
        empty_as=EMPTY_AS,
    )


def _folder(assessment):
    """Within one entry: the rows created with the EIA, and the actions made with it, each in one sentence."""

    def fold(found):
        added_rows = [c for c in found if c.key[0] is ImpactRow and c.key[-1] == "+"]
        started = any(c.key[0] is Assessment and c.key[-1] == "+" for c in found)
        if added_rows and started:
            found = [c for c in found if c not in added_rows]
            at = next(i for i, c in enumerate(found) if c.key[0] is Assessment and c.key[-1] == "+") + 1
            found.insert(at, Change(("grid", "+"), text=f"The grid was created with {plural(len(added_rows), 'row')}"))
        copied = {c.key[1] for c in found if c.key[0] is AssessmentAction and c.key[-1] == "+"}
        if copied and started:
            # Actions made with the EIA (a review copies those of the version it reviews): one sentence.
            found = [c for c in found if not (c.key[0] is AssessmentAction and c.key[1] in copied)]
            how = "copied" if assessment.previous_version_id else "started"
            found.append(
                Change(("actions", "+"), text=f"The action plan was {how} with {plural(len(copied), 'action')}")
            )
        return found

    return fold


def assessment_history(assessment):
    """The EIA's changes as entries, newest first; one entry per person and moment (to the second)."""
    assessment_records = read(Assessment.history.filter(id=assessment.pk))
    row_records = by_object(read(ImpactRow.history.filter(assessment_id=assessment.pk)))
    action_list = read(AssessmentAction.history.filter(assessment_id=assessment.pk))
    action_records = by_object(action_list)

    describe = _describer(assessment_records)
    changes = [*_assessment_changes(assessment_records, describe)]
    previous = assessment.previous_version_id
    reviewed = ImpactRow.objects.filter(assessment_id=previous) if previous else None
    baseline = row_baseline(ImpactRow, reviewed, row_records, ROW_FIELDS)
    for records in row_records.values():
        changes.extend(_row_changes(records, baseline, describe))
    impacts_of = _impacts(action_list, row_records)
    for records in action_records.values():
        changes.extend(_action_changes(records, impacts_of, describe))
    answer_records = by_object(read(Answer.history.filter(assessment_id=assessment.pk)))
    carried = carried_answers(Answer.objects.filter(assessment_id=previous) if previous else None, answer_records)
    for records in answer_records.values():
        changes.extend(answer_changes(records, carried))
    for records in by_object(read(DecisionRecord.history.filter(assessment_id=assessment.pk))).values():
        changes.extend(_decision_changes(records, describe))
    done_records = by_object(read(ActionDone.history.filter(action__assessment_id=assessment.pk)))
    if done_records:
        actions = AssessmentAction.objects.filter(assessment=assessment).values_list("pk", "action_required")
        names = {pk: shorten(wording, NAME) for pk, wording in actions}
        for records in done_records.values():
            changes.extend(_done_changes(records, names, describe))
    return entries(
        [Said.of(record, change, RANK[record.instance_type]) for record, change in changes], fold=_folder(assessment)
    )
