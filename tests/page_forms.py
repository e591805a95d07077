"""What a browser would post back from a page's form: every field with the value the page gave it."""

from benchmarks.load import FormReader


def form_data(response, **changes):
    """The page's fields as the test client posts them: a list for radios and checkboxes, else the value."""
    reader = FormReader()
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.fields:
        if name == "csrfmiddlewaretoken":
            continue
        if name in reader.choices:
            data.setdefault(name, []).append(value)
        else:
            data[name] = value
    return {**data, **changes}


def grid_data(assessment, changes=None):
    """The grid as the browser posts it, with `changes` {position: {field: value}} applied."""
    rows = list(assessment.rows.order_by("position"))
    data = {
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
        "revision": type(assessment).objects.get(pk=assessment.pk).revision,
    }
    for index, row in enumerate(rows):
        values = {
            "id": row.pk,
            "neutral": row.neutral,
            "positive": row.positive,
            "negative": row.negative,
            "negative_level": row.negative_level,
        }
        values.update((changes or {}).get(row.position, {}))
        data.update({f"rows-{index}-{name}": value for name, value in values.items()})
    return data
