"""A council's pattern for its records' reference numbers, such as `EIA-{year}-{n:03}` or `ASC/{n}`: checked and
filled in. Plain arithmetic on text, no Django, so it is tested directly.

A pattern has `{n}`, the council's counter, exactly once, written `{n}` or `{n:03}` (at least three digits, with
leading zeros); it may have `{year}`, the year the record was started; everything else is kept as written."""

import re

DEFAULT_PATTERN = "EIA-{year}-{n:03}"
PATTERN_LIMIT = 40
# Room for the pattern, a four-digit year and a counter far beyond any council's number of records.
REFERENCE_LIMIT = 60

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NUMBER = re.compile(r"n(?::0([1-9]))?")

HINT = (
    "Use {n} for the number, which goes up by one with every new record, or {n:03} for at least three digits "
    "(001, 002 …). Use {year} for the year the record is started. Everything else is kept as you type it."
)


class PatternError(ValueError):
    """What is wrong with a pattern, in words that say what to do."""


def _parts(pattern):
    """The pattern as literal text and placeholders: [("text", "EIA-"), ("year", None), ("n", 3)]."""
    parts, at = [], 0
    for match in PLACEHOLDER.finditer(pattern):
        parts.append(("text", pattern[at : match.start()]))
        name = match.group(1)
        number = NUMBER.fullmatch(name)
        if name == "year":
            parts.append(("year", None))
        elif number:
            parts.append(("n", int(number.group(1) or 0)))
        else:
            raise PatternError(
                f"Remove {{{name}}} or change it to {{year}}, {{n}} or {{n:03}}: those are the only "
                f"placeholders a reference can have"
            )
        at = match.end()
    parts.append(("text", pattern[at:]))
    for kind, text in parts:
        if kind == "text" and ("{" in text or "}" in text):
            raise PatternError("Remove the { or } that is not part of {year}, {n} or {n:03}")
    return [(kind, value) for kind, value in parts if not (kind == "text" and not value)]


def validate_pattern(pattern):
    """Raise PatternError, saying what to do, unless the pattern is one a council can use."""
    if not pattern or not pattern.strip():
        raise PatternError("Enter a pattern for reference numbers, for example EIA-{year}-{n:03}")
    if len(pattern) > PATTERN_LIMIT:
        raise PatternError(f"Enter a pattern of {PATTERN_LIMIT} characters or fewer")
    if pattern != pattern.strip():
        raise PatternError("Remove the spaces at the start or end of the pattern")
    if not pattern.isprintable():
        raise PatternError("Remove the tab or line break from the pattern")
    numbers = sum(1 for kind, _ in _parts(pattern) if kind == "n")
    if numbers == 0:
        raise PatternError("Add {n} to the pattern, where the number goes, for example EIA-{year}-{n:03}")
    if numbers > 1:
        raise PatternError("Keep only one {n} in the pattern: each record has one number")


def format_reference(pattern, *, year, n):
    """The reference the pattern gives for a record started in `year` with the council's number `n`."""
    validate_pattern(pattern)
    out = []
    for kind, value in _parts(pattern):
        if kind == "text":
            out.append(value)
        elif kind == "year":
            out.append(f"{year:04d}")
        else:
            out.append(f"{n:0{value}d}" if value else str(n))
    return "".join(out)
