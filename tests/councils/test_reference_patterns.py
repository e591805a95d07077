"""A council's pattern for reference numbers: what it gives, and the patterns it refuses with what to do."""

import re

import pytest

from councils.references import DEFAULT_PATTERN, PatternError, format_reference, validate_pattern


def test_it_gives_the_default_pattern_with_three_digits():
    assert format_reference(DEFAULT_PATTERN, year=2025, n=7) == "EIA-2025-007"


def test_it_lets_the_number_grow_past_its_padding():
    assert format_reference("EIA-{year}-{n:03}", year=2025, n=1234) == "EIA-2025-1234"


def test_it_gives_a_pattern_without_the_year():
    assert format_reference("ASC/{n}", year=2025, n=42) == "ASC/42"


def test_it_keeps_every_other_character_as_written():
    assert format_reference("Adults (EIA) #{n:02} {year}", year=2026, n=3) == "Adults (EIA) #03 2026"


@pytest.mark.parametrize(
    "pattern, says",
    [
        ("", "Enter a pattern for reference numbers"),
        ("   ", "Enter a pattern for reference numbers"),
        ("EIA-{year}", "Add {n} to the pattern"),
        ("EIA-{n}-{n}", "Keep only one {n}"),
        ("EIA-{num}", "Remove {num} or change it to {year}, {n} or {n:03}"),
        ("EIA-{n:3}", "Remove {n:3} or change it"),
        ("EIA-{n:00}", "Remove {n:00} or change it"),
        ("EIA-{Year}-{n}", "Remove {Year} or change it"),
        ("EIA-{n", "Remove the { or }"),
        ("EIA}-{n}", "Remove the { or }"),
        ("EIA-{{n}}", "Remove the { or }"),
        ("E" * 38 + "{n}", "Enter a pattern of 40 characters or fewer"),
        (" EIA-{n}", "Remove the spaces at the start or end"),
        ("EIA\t{n}", "Remove the tab or line break"),
    ],
)
def test_it_refuses_a_bad_pattern_saying_what_to_do(pattern, says):
    with pytest.raises(PatternError, match=r"^" + re.escape(says)):
        validate_pattern(pattern)


def test_it_accepts_a_pattern_of_exactly_the_limit():
    validate_pattern("E" * 37 + "{n}")


def test_it_refuses_to_format_a_bad_pattern():
    with pytest.raises(PatternError):
        format_reference("EIA-{year}", year=2025, n=1)
