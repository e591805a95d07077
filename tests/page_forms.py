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
