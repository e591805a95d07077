"""The history of the council's impact grid rows, as a council admin changes them on the council settings pages:
rows added, removed, reworded, reordered and retired, in the council settings' History."""

from assessments.characteristics import covers_text
from assessments.models import Characteristic
from councils.audit import EMPTY, Change, Said, by_object, changed_fields, consecutive, read, said_together

GRID_ROW_RANK = 3  # after the council's own settings (councils/settings_history.py) saved at the same moment


def _grid_row_changes(records, nation):
    for prev, record in consecutive(records):
        key = (Characteristic, record.id)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the row ‘{record.label}’ to the council's impact grid")
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the row ‘{record.label}’ from the council's impact grid")
        elif prev is None:
            yield (
                record,
                Change(
                    (*key, "unknown", record.history_id),
                    text=f"Changed the row ‘{record.label}’; what it said before was not recorded",
                ),
            )
        else:
            for name in changed_fields(prev, record, ["label", "guidance", "covers", "is_active", "position"]):
                if name == "position":
                    text = f"Moved the row ‘{record.label}’ from place {prev.position} to place {record.position}"
                    yield record, Change((*key, name), text=text)
                elif name == "is_active":
                    text = (
                        f"The row ‘{record.label}’ is offered in new EIAs again"
                        if record.is_active
                        else f"Retired the row ‘{record.label}’: new EIAs will not have it"
                    )
                    yield record, Change((*key, name, record.history_id), text=text)
                elif name == "covers":
                    yield (
                        record,
                        Change(
                            (*key, name),
                            label=f"Characteristics the row ‘{record.label}’ covers",
                            old=covers_text(prev.covers, nation) or EMPTY,
                            new=covers_text(record.covers, nation) or EMPTY,
                        ),
                    )
                else:
                    yield (
                        record,
                        Change(
                            (*key, name),
                            label=f"{GRID_ROW_LABELS[name]} of the grid row",
                            old=getattr(prev, name) or EMPTY,
                            new=getattr(record, name) or EMPTY,
                        ),
                    )


GRID_ROW_LABELS = {"label": "Name", "guidance": "Guidance"}


def grid_rows_history(council):
    """The changes to the council's list of grid rows, for the council settings' History."""
    changes = [
        (record, change)
        for records in by_object(read(Characteristic.history.filter(council_id=council.pk))).values()
        for record, change in _grid_row_changes(records, council.nation)
    ]
    return [
        Said.of(record, change, GRID_ROW_RANK)
        for record, change in said_together(changes, model=Characteristic, sentence=_rows_together)
    ]


def _rows_together(kind, records):
    names = ", ".join(f"‘{record.label}’" for record in records)
    if kind == "+":
        return f"Added {len(records)} rows to the council's impact grid: {names}"
    return f"Removed {len(records)} rows from the council's impact grid: {names}"
