"""The history of a screening in sentences a council officer can read: who changed what, and when. Each history
table is read once for the screening, as assessments/history.py reads an EIA's."""

from django.contrib.auth import get_user_model

from assessments.history import answer_changes, carried_answers, row_baseline
from assessments.models import Answer, Screening, ScreeningAnswer
from councils.audit import (
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
    read,
    values_that_changed,
)
from councils.models import Service

SCREENING_FIELDS = [
    "title",
    "service",
    "reference",
    "status",
    "proposal",
    "affects",
    "conclusion",
    "decision_reason",
    "review_due",
    # Changes only when its author leaves and their work passes to somebody else (councils/leavers.py).
    "created_by",
]
ANSWER_FIELDS = ["answer", "reason"]
LABELS = {"service": "Service", "review_due": "Review date", "status": "Status", "created_by": "Whose draft it is"}
RANK = {Screening: 0, ScreeningAnswer: 1, Answer: 2}


def _screening_changes(records, describe):
    for prev, record in consecutive(records):
        key = (Screening, record.id)
        if record.history_type == "+":
            if record.version and record.version > 1:
                text = f"Reopened the screening ‘{record.title}’ as version {record.version}"
            else:
                text = f"Started the screening ‘{record.title}’"
            yield record, Change((*key, "+"), text=text)
        elif prev is not None:
            for name in changed_fields(prev, record, SCREENING_FIELDS):
                yield (
                    record,
                    Change(
                        (*key, name),
                        label=label(Screening, name, LABELS),
                        old=describe.of(Screening, name, prev),
                        new=describe.of(Screening, name, record),
                    ),
                )


def _answer_changes(records, baseline, describe):
    for prev, record in consecutive(records):
        key = (ScreeningAnswer, record.id)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the row ‘{record.label}’")
            continue
        before = prev or baseline(record)
        for name in changed_fields(before, record, ANSWER_FIELDS):
            what = "Answer" if name == "answer" else "Reason"
            yield (
                record,
                Change(
                    (*key, name),
                    label=f"{what} for {record.label}",
                    old=describe.of(ScreeningAnswer, name, before),
                    new=describe.of(ScreeningAnswer, name, record),
                ),
            )


def _fold(found):
    """The rows made with the screening, in one sentence."""
    added = [c for c in found if c.key[0] is ScreeningAnswer and c.key[-1] == "+"]
    if added and any(c.key[0] is Screening and c.key[-1] == "+" for c in found):
        found = [c for c in found if c not in added]
        found.append(Change(("answers", "+"), text=f"The screening was started with {plural(len(added), 'row')}"))
    return found


def screening_history(screening):
    """The screening's changes as entries, newest first."""
    records = read(Screening.history.filter(id=screening.pk))
    services = {record.service_id for record in records}
    users = values_that_changed(records, "created_by_id")
    describe = Describer(
        names={
            "service": (
                dict(Service.objects.filter(pk__in=services).values_list("pk", "path")),
                "a service that no longer exists",
            ),
            "created_by": (
                {pk: person(user) for pk, user in get_user_model().objects.in_bulk(users).items()} if users else {},
                "an account that no longer exists",
            ),
        }
    )
    changes = [*_screening_changes(records, describe)]
    answer_records = by_object(read(ScreeningAnswer.history.filter(screening_id=screening.pk)))
    # A screening's rows are made without a record of it: a reopened one's as the version it reopens had them.
    previous = screening.previous_version_id
    reopened = ScreeningAnswer.objects.filter(screening_id=previous) if previous else None
    baseline = row_baseline(ScreeningAnswer, reopened, answer_records, ANSWER_FIELDS)
    for records in answer_records.values():
        changes.extend(_answer_changes(records, baseline, describe))
    # The answers to the council's questions, named by each question as it was asked.
    question_records = by_object(read(Answer.history.filter(screening_id=screening.pk)))
    carried = carried_answers(Answer.objects.filter(screening_id=previous) if previous else None, question_records)
    for records in question_records.values():
        changes.extend(answer_changes(records, carried))
    return entries([Said.of(record, change, RANK[record.instance_type]) for record, change in changes], fold=_fold)
