"""The columns of a council's plan files as they were chosen before: how a file is read when its header row has a
shape the council has seen, and remembering a person's choices for the next file of that shape."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from actionplans.importer.columns import CHOICE_NAMES, IGNORE, required_columns
from actionplans.importer.mapping import choice_problems, shape_key
from actionplans.importer.preview import known_extras
from actionplans.models import ImportColumnMapping, PendingImport
from councils.lifecycle import SavedByOther, editing

# The characters of a heading a remembered mapping keeps: enough to show it, and more than an extra field's name.
HEADING_KEPT = 200


@dataclass
class Reading:
    """What each column of a table is, and how that was decided (PendingImport.Chosen); `choices` has None for each
    column a person must choose, when EqA cannot read the file without asking."""

    choices: list
    chosen: str
    mapping: ImportColumnMapping | None = None

    @property
    def asks(self):
        return self.chosen == PendingImport.Chosen.BY_PERSON


def headed(headers):
    """How many columns the header row names: the columns after its last heading have none."""
    return max((index + 1 for index, text in enumerate(headers) if str(text).strip()), default=0)


def fitted(choices, headers):
    """Remembered choices for a table of this shape: the columns after the last heading (values without a heading
    of their own, as many as this file has) are left out."""
    count = headed(headers)
    return [*choices[:count], *[IGNORE] * (len(headers) - count)]


def remembered(council, headers):
    return ImportColumnMapping.objects.filter(council=council, shape=shape_key(headers)).first()


def reading_for(plan, table):
    """How the table's columns are read: as the council chose for files of its shape; else as EqA recognises them,
    when it knows every heading; else with the person to choose, starting from what EqA recognised (or, when the
    council's choices no longer fit, from those of them that do)."""
    mapping = remembered(plan.council, table.headers)
    required = required_columns(plan.framework)
    if mapping is not None:
        choices = fitted(mapping.choices, table.headers)
        if not choice_problems(table.headers, choices, required):
            return Reading(choices, PendingImport.Chosen.REMEMBERED, mapping)
    recognised = table.recognised(known_extras(plan))
    if None not in recognised and not choice_problems(table.headers, recognised, required):
        return Reading(recognised, PendingImport.Chosen.RECOGNISED)
    if mapping is not None:
        recognised = [choice if choice in CHOICE_NAMES else None for choice in fitted(mapping.choices, table.headers)]
    return Reading(recognised, PendingImport.Chosen.BY_PERSON, mapping)


def remember(*, council, headers, choices, by, revision):
    """Keep the choices for the council's files of this shape. `revision` is the remembered choices' revision the
    person's page was opened on, 0 when there were none: refused with SavedByOther when somebody has changed them
    (or first made them) since. Choices the same as those remembered change nothing."""
    count = headed(headers)
    headers, choices = [str(text)[:HEADING_KEPT] for text in headers[:count]], list(choices[:count])
    mapping = remembered(council, headers)
    if mapping is None:
        mapping = ImportColumnMapping(
            council=council, shape=shape_key(headers), headers=headers, choices=choices, last_edited_by=by, revision=1
        )
        mapping._history_user = by
        try:
            with transaction.atomic():
                mapping.save()
        except IntegrityError:  # somebody made them at the same moment
            raise SavedByOther(remembered(council, headers)) from None
        return mapping
    if mapping.choices == choices:
        return mapping
    with editing(mapping, by=by, revision=revision, editable=lambda locked: True) as locked:
        locked.choices, locked.last_edited_by = choices, by
        locked._history_user = by
        locked.save(update_fields=["choices", "last_edited_by", "updated_at"])
    return locked
