"""A plan's actions grouped as its framework has them: by theme, then by item (a quality statement) where the
framework has items, then in ref order; the actions under no theme last, under a plain heading. The plan page and
its PDF both group them so. Works on what the caller has fetched: no query of its own."""

LAST = float("inf")


def _order(action):
    theme, item = action.theme, action.quality_statement
    return (
        LAST if theme is None else theme.number,
        0 if theme is None else theme.pk,
        0 if item is None else item.position,
        0 if item is None else item.pk,
        action.ref_key,
        action.pk or 0,
    )


def grouped(actions, framework):
    """[{"theme", "heading", "statements": [{"statement", "actions"}]}]: a group per theme ("Theme 1: Working with
    people", "Key question: Safe"), a block per item of it (`statement` None for the actions with no item). Each
    action needs its `theme` and `quality_statement` fetched (select_related)."""
    groups = []
    for action in sorted(actions, key=_order):
        theme, item = action.theme, action.quality_statement
        if not groups or groups[-1]["theme"] != theme:
            heading = framework.theme_heading(theme) if theme is not None else framework.no_theme_heading
            groups.append({"theme": theme, "heading": heading, "statements": []})
        blocks = groups[-1]["statements"]
        if not blocks or blocks[-1]["statement"] != item:
            blocks.append({"statement": item, "actions": []})
        blocks[-1]["actions"].append(action)
    return groups
