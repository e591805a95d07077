"""Lifecycle steps and history records, made in memory for bulk inserts as the models' own saves make them."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

MONTH = timedelta(days=30.44)  # on average, for things done monthly


@dataclass(frozen=True)
class Step:
    to: str
    at: datetime
    by: object
    note: str = ""
    # What the model's method for the step writes besides the status, by attribute name.
    fields: dict = field(default_factory=dict)


@cache
def history_model(model):
    # django-simple-history builds a new manager class at each look-up of `model.history`.
    return model.history.model


def history_record(obj, *, at, by, history_type="~", **changes):
    """The record django-simple-history keeps when `obj` is saved (or with "+", created), with `changes` to it."""
    model = history_model(type(obj))
    values = {f.attname: getattr(obj, f.attname) for f in model.tracked_fields}
    return model(history_date=at, history_user=by, history_type=history_type, **{**values, **changes})


def made(obj, at, by):
    """`obj`, marked with when and by whom it was made, for bulk_create_with_history()."""
    obj._history_date, obj._history_user = at, by
    return obj


def write_steps(record, steps):
    """What the steps write besides the status, on the record before it is inserted. Its status stays the
    draft's until its rows are in: a signed-off record takes no new rows."""
    for step in steps:
        for name, value in step.fields.items():
            setattr(record, name, value)


def step_records(record, steps, status_change, *, created, by):
    """The inserted record's history as StepsMixin.move() leaves it: a history record as it was created, then a
    status change (made by `status_change`) and a history record for each step. Moves the record in memory to
    its last step's status, for the update that ends its making."""
    written = {name for step in steps for name in step.fields}
    state = {name: record._meta.get_field(name).get_default() for name in [*written, "status"]}
    records = [history_record(record, at=created, by=by, history_type="+", **state)]
    changes = []
    for step in steps:
        changes.append(
            status_change(from_status=state["status"], to_status=step.to, by=step.by, note=step.note, at=step.at)
        )
        state.update(step.fields, status=step.to)
        records.append(history_record(record, at=step.at, by=step.by, **state))
    record.status = state["status"]
    return changes, records
