"""The history of the council's own frameworks, as a council admin changes them on the council settings pages: a
framework added and its details changed; its themes and items added, reworded, moved, retired and removed, each in
the framework's own words ("Added the key question ‘Safe’ to ‘Care homes inspection 2025’"), in the council settings'
History. Four queries, however many changes."""

from actionplans.models import FrameworkKind, FrameworkVersion, QualityStatement, Theme
from councils.audit import EMPTY, Change, Said, by_object, changed_fields, consecutive, read
from councils.templatetags.text import mid_sentence

FRAMEWORKS_RANK = 5  # after the EIAs' fields and questions (assessments/questions_history.py) saved at the same moment

FRAMEWORK_FIELDS = ["name", "kind", "theme_label", "item_label", "numbers_themes", "uses_priorities"]
FRAMEWORK_LABELS = {
    "name": "Name",
    "kind": "What it is for",
    "theme_label": "What it calls its themes",
    "item_label": "What it calls the items under a theme",
    "numbers_themes": "Whether its themes are numbered",
    "uses_priorities": "Whether its actions carry a priority",
}


def _said(field, value):
    if field == "kind":
        return FrameworkKind(value).label if value in FrameworkKind.values else str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value or EMPTY


def _framework_changes(records):
    for prev, record in consecutive(records):
        key = (FrameworkVersion, record.id)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the framework ‘{record.name}’")
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the framework ‘{record.name}’")
        elif prev is not None:
            for name in changed_fields(prev, record, FRAMEWORK_FIELDS):
                yield (
                    record,
                    Change(
                        (*key, name),
                        label=f"{FRAMEWORK_LABELS[name]}: the framework ‘{record.name}’",
                        old=_said(name, getattr(prev, name)),
                        new=_said(name, getattr(record, name)),
                    ),
                )


def _part_changes(records, word, where, place_field):
    """The sentences of one theme's or item's records: `word` is what its framework calls it ("key question"),
    `where(record)` names where it is ("‘Care homes inspection 2025’")."""
    for prev, record in consecutive(records):
        key = (type(record), record.id)
        called = f"the {word} ‘{record.name}’"
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added {called} to {where(record)}")
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed {called} from {where(record)}")
        elif prev is None:
            text = f"Changed {called} of {where(record)}; what it said before was not recorded"
            yield record, Change((*key, "unknown", record.history_id), text=text)
        else:
            fields = [field for field in ("name", "description") if hasattr(record, field)]
            for name in changed_fields(prev, record, [*fields, "retired", place_field]):
                if name == place_field:
                    before, after = getattr(prev, name), getattr(record, name)
                    text = f"Moved {called} of {where(record)} from place {before} to place {after}"
                    yield record, Change((*key, name, record.history_id), text=text)
                elif name == "retired":
                    text = (
                        f"Retired {called} of {where(record)}: new actions cannot have it"
                        if record.retired
                        else f"{called[:1].upper()}{called[1:]} of {where(record)} is offered for new actions again"
                    )
                    yield record, Change((*key, name, record.history_id), text=text)
                else:
                    label = "Name" if name == "name" else "Description"
                    yield (
                        record,
                        Change(
                            (*key, name),
                            label=f"{label} of the {word} in {where(record)}",
                            old=getattr(prev, name) or EMPTY,
                            new=getattr(record, name) or EMPTY,
                        ),
                    )


def frameworks_history(council):
    """The changes to the council's own frameworks, their themes and items, for the council settings' History."""
    frameworks = read(FrameworkVersion.history.filter(council_id=council.pk))
    ids = {record.id for record in frameworks}
    themes = read(Theme.history.filter(framework_id__in=ids)) if ids else []
    theme_ids = {record.id for record in themes}
    items = read(QualityStatement.history.filter(theme_id__in=theme_ids)) if theme_ids else []
    # Each framework as it is now (or as last recorded), for the words it uses and its name.
    latest = {record.id: record for record in frameworks}
    theme_of = {record.id: record for record in themes}

    def framework_named(record):
        framework = latest.get(record.framework_id)
        return f"‘{framework.name}’" if framework else "a framework no longer there"

    def theme_named(record):
        theme = theme_of.get(record.theme_id)
        return f"‘{theme.name}’ of {framework_named(theme)}" if theme else "a theme no longer there"

    def word(framework_id, field, default):
        framework = latest.get(framework_id)
        return mid_sentence(getattr(framework, field) or default) if framework else default

    found = [
        (record, change) for records in by_object(frameworks).values() for record, change in _framework_changes(records)
    ]
    for records in by_object(themes).values():
        said = word(records[-1].framework_id, "theme_label", "theme")
        found += _part_changes(records, said, framework_named, "number")
    for records in by_object(items).values():
        theme = theme_of.get(records[-1].theme_id)
        said = word(theme.framework_id if theme else None, "item_label", "item")
        found += _part_changes(records, said, theme_named, "position")
    return [Said.of(record, change, FRAMEWORKS_RANK) for record, change in found]
