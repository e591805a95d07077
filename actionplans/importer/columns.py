"""The columns of a plan file, and the names councils' files give them."""

import re

# The columns of Sefton's plan's table (docs/sources.md), in its order, then those of a plan made against another
# framework: (key, name, required, the names files give it). The names are the ones councils' plans use; a header
# cell matches one whatever its case, punctuation or "(…)" note. The quality statement is required of a plan whose
# framework has them, the theme of one whose framework has themes and no items (preview.check says so).
COLUMNS = [
    (
        "quality_statement",
        "Quality statement",
        False,
        [
            "quality statement",
            "quality statements",
            "cqc quality statement",
            "cqc quality statements",
            "cqc statement",
            "statement",
            "quality statement area",
        ],
    ),
    (
        "ref",
        "Action ref",
        True,
        [
            "action ref",
            "ref",
            "action reference",
            "reference",
            "action ref no",
            "ref no",
            "action no",
            "action number",
            "reference number",
            "ref number",
            "action id",
            "no",
            "number",
        ],
    ),
    (
        "area_of_focus",
        "Area of focus",
        True,
        [
            "area of focus",
            "areas of focus",
            "areas of focus identified within the report",
            "area of focus identified within the report",
            "areas for focus",
            "focus area",
            "area",
            "area for improvement",
            "areas for improvement",
            "area for development",
            "areas for development",
            "improvement area",
            "recommendation",
            "recommendations",
            "finding",
            "findings",
            "issue",
            "issues",
        ],
    ),
    (
        "actions_taken",
        "Actions we are taking",
        False,
        [
            "actions we are taking",
            "action we are taking",
            "actions being taken",
            "actions taken",
            "actions",
            "action",
            "action to be taken",
            "actions to be taken",
            "action required",
            "actions required",
            "planned action",
            "planned actions",
            "what we will do",
            "what we are doing",
            "next steps",
        ],
    ),
    (
        "success_measures",
        "How we will know it has worked",
        False,
        [
            "how we will know it has worked",
            "how will we know it has worked",
            "how we will know",
            "how will we know",
            "success measures",
            "measures of success",
            "measure of success",
            "success criteria",
            "outcome",
            "outcomes",
            "expected outcome",
            "expected outcomes",
            "measures",
            "evidence of impact",
            "kpi",
            "kpis",
        ],
    ),
    (
        "lead_officers",
        "Responsible lead officer",
        False,
        [
            "responsible lead officer",
            "responsible lead officers",
            "lead officer",
            "lead officers",
            "responsible officer",
            "responsible officers",
            "lead",
            "leads",
            "owner",
            "owners",
            "action owner",
            "action owners",
            "responsible",
            "responsible person",
            "accountable officer",
            "lead person",
        ],
    ),
    (
        "status",
        "Status",
        False,
        [
            "status",
            "current status",
            "rag",
            "rag status",
            "rag rating",
            "progress",
            "progress status",
            "current progress",
        ],
    ),
    (
        "status_date",
        "Status date",
        False,
        [
            "status date",
            "date of status",
            "status as at",
            "status as of",
            "as at",
            "as of",
            "date updated",
            "last updated",
            "updated",
            "update date",
            "date of update",
            "date of last update",
            "status updated",
        ],
    ),
    (
        "milestones",
        "Milestones",
        False,
        [
            "milestones",
            "milestone",
            "key milestones",
            "milestone dates",
            "timescale",
            "timescales",
            "timeline",
            "target date",
            "target dates",
            "due date",
            "due dates",
            "deadline",
            "deadlines",
            "by when",
            "completion date",
            "target completion date",
        ],
    ),
    ("theme", "Theme", False, ["theme", "themes", "cqc theme", "key question", "key questions"]),
    ("priority", "Priority", False, ["priority", "priorities", "must do or should do", "must or should"]),
    # Not "Target date": plans have long given their milestones' dates under that name.
    (
        "target_date",
        "Target date of the action",
        False,
        ["target date of the action", "action target date", "target date for the action"],
    ),
]
HEADER = [name for _, name, _, _ in COLUMNS]
COLUMN_NAMES = {key: name for key, name, _, _ in COLUMNS}
# What else a column of a file can be: kept with each action as an extra field under its heading, or left out.
EXTRA, IGNORE = "extra", "ignore"
CHOICE_NAMES = {**COLUMN_NAMES, EXTRA: "Keep as an extra field", IGNORE: "Ignore: leave it out"}
# The same, as the preview and History say what a column was read as.
READ_AS = {**COLUMN_NAMES, EXTRA: "Kept as an extra field", IGNORE: "Left out"}
REQUIRED = [key for key, _, required, _ in COLUMNS if required]
TEXT_FIELDS = ["area_of_focus", "actions_taken", "success_measures", "lead_officers"]
LINK_FIELDS = ["area_of_focus", "actions_taken", "success_measures"]
MAX_LENGTHS = {"lead_officers": 500}
# Names that give way to a column's own name: a file with both "Milestones" and "Target date" reads the first,
# and leaves the other out.
STAND_INS = {
    "timescale",
    "timescales",
    "timeline",
    "target date",
    "target dates",
    "due date",
    "due dates",
    "deadline",
    "deadlines",
    "by when",
    "completion date",
    "target completion date",
    "progress",
    "current progress",
    "rag",
    "rag rating",
    "outcome",
    "outcomes",
    "measures",
    "area",
    "issue",
    "issues",
    "action",
    "no",
    "number",
    "lead",
    "leads",
    "responsible",
}


def columns_for(framework):
    """COLUMNS as a plan of this framework reads them: its items (quality statements) required where it has them,
    else its theme where it has themes; a column of what the framework does not have is left out. The theme of an
    item is the item's."""
    has_items, has_themes = framework.has_items, framework.has_themes
    needed = {"quality_statement": has_items, "theme": has_themes and not has_items}
    left_out = {
        "quality_statement": not has_items,
        "theme": not has_themes or has_items,
        "priority": not framework.uses_priorities,
    }
    words = {"quality_statement": framework.item_label, "theme": framework.theme_label}
    return [
        (key, words.get(key) or name, needed.get(key, required), names)
        for key, name, required, names in COLUMNS
        if not left_out.get(key, False)
    ]


def required_columns(framework):
    """{key: name} of the columns a plan of this framework cannot be read without, in COLUMNS order."""
    return {key: name for key, name, required, _ in columns_for(framework) if required}


def header_words(text):
    text = re.sub(r"\([^)]*\)?", " ", str(text).lower())  # "Status (Started/ On Track/ Complete)", even unclosed
    # "Theme 1: Quality Statement" names the statement; "Theme" alone names the theme.
    text = re.sub(r"^\s*theme(?![a-z])\s*\d*\s*[:\-–—.]?\s*(?=[a-z])", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_NAMES = {header_words(name): key for key, _, _, names in COLUMNS for name in names}


def column_for(header_text):
    """The column key a header cell names, or None."""
    return _NAMES.get(header_words(header_text)) if header_text else None


def stands_in(header_text):
    return header_words(header_text) in STAND_INS


def recognise(headers, known_extras=()):
    """What each column of a header row is, as far as its heading says: a column key, EXTRA for a heading the plan
    already keeps as an extra field (`known_extras`, in header_words), IGNORE for a column with no heading or a name
    that gives way to the column's own, and None where a person must choose (a heading EqA does not know, or a
    second column of one name)."""
    choices, first = [], {}
    for index, text in enumerate(headers):
        key = column_for(text)
        if not str(text).strip():
            choices.append(IGNORE)
        elif header_words(text) in known_extras and (key is None or key in first):
            choices.append(EXTRA)  # an extra field of the plan, as EqA's export writes it after EqA's columns
        elif key is None:
            choices.append(None)
        elif key not in first:
            first[key] = index
            choices.append(key)
        elif stands_in(text):  # "Target date" beside "Milestones": the column's own name wins
            choices.append(IGNORE)
        elif stands_in(headers[first[key]]):
            choices[first[key]] = IGNORE
            first[key] = index
            choices.append(key)
        else:
            choices.append(None)
            if choices[first[key]] == key:
                choices[first[key]] = None
    return choices
